/**
 * The mock BOS's processing requests. Each is deduplicated by its client reference (our idempotency
 * key); its result becomes visible once the analysis is done AND `processingDelayMs` has passed, and then
 * a signed callback goes to its callback URL (ASSUMED scheme, see signature.ts), retried a few times.
 */
import { randomUUID } from 'node:crypto';
import type { EvidenceImages } from '../mock-kit/types';
import type { AnalyzeFn } from '../vendor-http/serveMock';
import { buildBosResult, unprocessableResult } from './mockResult';
import type { ResultResponse } from './schemas';
import { SIGNATURE_HEADER, signatureHeader } from './signature';

export interface BosRequest {
  id: string;
  reference: string;
  callbackUrl: string | null;
  result: ResultResponse | null;
}

export interface RequestBookOptions {
  processingDelayMs: number;
  now: () => Date;
  analyze: AnalyzeFn;
  webhookSecret: string;
}

/** Delays between callback attempts, ms. */
const RETRY_DELAYS = [100, 400, 1600];

export class RequestBook {
  private readonly byId = new Map<string, BosRequest>();
  private readonly byReference = new Map<string, string>();
  private closed = false;

  constructor(private readonly options: RequestBookOptions) {}

  /** A second begin with the same reference returns the same request (`created: false`). */
  begin(reference: string, callbackUrl: string | null, images: EvidenceImages): { request: BosRequest; created: boolean } {
    const existing = this.byId.get(this.byReference.get(reference) ?? '');
    if (existing) return { request: existing, created: false };
    const request: BosRequest = { id: randomUUID(), reference, callbackUrl, result: null };
    this.byId.set(request.id, request);
    this.byReference.set(reference, request.id);
    void this.process(request, images);
    return { request, created: true };
  }

  find(id: string): BosRequest | undefined {
    return this.byId.get(id);
  }

  delete(id: string): boolean {
    const request = this.byId.get(id);
    if (!request) return false;
    this.byId.delete(id);
    this.byReference.delete(request.reference);
    return true;
  }

  /** Stops pending callbacks (the mock is shutting down). */
  close(): void {
    this.closed = true;
  }

  private async process(request: BosRequest, images: EvidenceImages): Promise<void> {
    const [result] = await Promise.all([
      this.options.analyze(images, this.options.now()).then(
        (analysis) => buildBosResult(request.id, analysis),
        () => unprocessableResult(request.id),
      ),
      sleep(this.options.processingDelayMs),
    ]);
    if (this.closed || !this.byId.has(request.id)) return;
    request.result = result;
    if (request.callbackUrl !== null) await this.deliver(request.id, request.callbackUrl);
  }

  /** One event id for all attempts, so the receiver can de-duplicate retries. */
  private async deliver(requestId: string, callbackUrl: string): Promise<void> {
    const body = Buffer.from(JSON.stringify({ eventId: randomUUID(), requestId, status: 'Completed' }));
    for (const delay of [0, ...RETRY_DELAYS]) {
      await sleep(delay);
      if (this.closed) return;
      const timestamp = Math.floor(this.options.now().getTime() / 1000);
      const headers = { 'content-type': 'application/json', [SIGNATURE_HEADER]: signatureHeader(this.options.webhookSecret, timestamp, body) };
      const delivered = await fetch(callbackUrl, { method: 'POST', headers, body, signal: AbortSignal.timeout(5_000) }).then(
        (res) => res.ok,
        () => false,
      );
      if (delivered) return;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
