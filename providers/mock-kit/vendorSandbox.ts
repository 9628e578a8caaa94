/**
 * Sandbox controls shared by every mock vendor (docs/providers.md, "Writing a faithful mock").
 *
 * FAULTS: each one applies to one vendor API request. The `/__sandbox` routes are never faulted.
 *   timeout    The mock holds the request without answering for `hangMs` (default 120 s, longer than any
 *              client time-out), then answers normally. If the client hangs up first, the request is
 *              dropped unprocessed, so nothing is billed.
 *   http500    500 with a small JSON error body. The request is not processed.
 *   http503    503 + `Retry-After: 1`. The request is not processed.
 *   malformed  200 with a JSON body that matches no vendor schema. The request is not processed.
 *   slow       Waits `slowMs` (default 150 ms, below the client time-out), then answers normally.
 *
 * IN PROCESS:
 *   mock.sandbox.injectNext(fault, { count?: number = 1, pathIncludes?: string })
 *       Queues a fault for the next `count` requests (or only those whose path contains `pathIncludes`).
 *   mock.sandbox.setFaultRate(rate, seed, faults?)
 *       Random faults with probability `rate` in [0, 1], from a seeded PRNG so a run can be replayed.
 *       `faults` defaults to all five. `rate` 0 turns random faults off.
 *   mock.sandbox.clearFaults(); mock.sandbox.stats(); mock.sandbox.requests()
 *   mock.sandbox.captureLabels()
 *       How each submission labelled its selfie's capture, in the vendor's own words, by idempotency key
 *       (each descriptor's `conformance.captureLabels` says which words).
 * OVER HTTP, with `Authorization: Bearer <the mock's own API credential>` (each mock passes the
 * check to `routes()`: its API key, password or an access token it issued):
 *   POST /__sandbox/faults  {"fault":"http500","count":1,"pathIncludes":"/capture"}    → 204
 *   POST /__sandbox/faults  {"rate":0.2,"seed":42,"faults":["http503","timeout"]}      → 204
 *   POST /__sandbox/faults  {"clear":true}                                             → 204
 *   GET  /__sandbox/stats   → {"submissions": n, "byKey": {"<idempotency key>": n}}
 * BILLING: a mock calls `recordSubmission(key)` once for each NEW vendor transaction. A deduplicated
 * retry with the same idempotency key is not recorded. The conformance suite relies on this to show
 * one vendor submission per verification.
 */
import { mulberry32 } from './mulberry32';
import { timingSafeEqual, createHash } from 'node:crypto';
import { once } from 'node:events';
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';

export const sandboxFaults = ['timeout', 'http500', 'http503', 'malformed', 'slow'] as const;
export const SandboxFaultSchema = z.enum(sandboxFaults);
export type SandboxFault = z.infer<typeof SandboxFaultSchema>;

export interface SandboxStats {
  /** Billable vendor transactions: one per distinct idempotency key. */
  submissions: number;
  byKey: Record<string, number>;
}

export interface VendorSandboxOptions {
  /** Delay of the `slow` fault, ms. Default 150. */
  slowMs?: number;
  /** How long `timeout` holds a request before answering anyway, ms. Default 120 000. */
  hangMs?: number;
}

export interface InjectOptions {
  /** How many matching requests get the fault. Default 1. */
  count?: number;
  /** Only requests whose path contains this string. */
  pathIncludes?: string;
}

interface Injected {
  fault: SandboxFault;
  remaining: number;
  pathIncludes?: string;
}

const FaultRequestSchema = z.union([
  z.object({ fault: SandboxFaultSchema, count: z.number().int().min(1).max(1000).optional(), pathIncludes: z.string().optional() }),
  z.object({ rate: z.number().min(0).max(1), seed: z.number().int().optional(), faults: z.array(SandboxFaultSchema).min(1).optional() }),
  z.object({ clear: z.literal(true) }),
]);

/** How many recent requests `requests()` remembers. */
const MAX_LOG = 1000;

/** A body that no vendor schema accepts: right status, wrong shape. */
const MALFORMED_BODY = { sandbox: 'malformed', hint: 'this body deliberately matches no vendor schema' };

export class VendorSandbox {
  private readonly slowMs: number;
  private readonly hangMs: number;
  private injected: Injected[] = [];
  private rate = 0;
  private rateFaults: readonly SandboxFault[] = sandboxFaults;
  private random: () => number = mulberry32(1);
  private readonly billed = new Map<string, number>();
  private readonly labels = new Map<string, string>();
  private readonly log: Array<{ method: string; path: string }> = [];

  constructor(options: VendorSandboxOptions = {}) {
    this.slowMs = options.slowMs ?? 150;
    this.hangMs = options.hangMs ?? 120_000;
  }

  injectNext(fault: SandboxFault, options: InjectOptions = {}): void {
    this.injected.push({ fault, remaining: options.count ?? 1, pathIncludes: options.pathIncludes });
  }

  setFaultRate(rate: number, seed = 1, faults: readonly SandboxFault[] = sandboxFaults): void {
    this.rate = Math.min(1, Math.max(0, rate));
    this.random = mulberry32(seed);
    this.rateFaults = faults.length > 0 ? faults : sandboxFaults;
  }

  clearFaults(): void {
    this.injected = [];
    this.rate = 0;
  }

  recordSubmission(key: string): void {
    this.billed.set(key, (this.billed.get(key) ?? 0) + 1);
  }

  /**
   * Records the capture label a submission carried (the mock decides from pixels, never from it):
   * tests assert the adapter told the vendor the truth. Bounded like the request log.
   */
  recordCaptureLabel(key: string, label: string): void {
    if (this.labels.size >= MAX_LOG && !this.labels.has(key)) this.labels.delete(this.labels.keys().next().value as string);
    this.labels.set(key, label);
  }

  captureLabels(): Record<string, string> {
    return Object.fromEntries(this.labels);
  }

  stats(): SandboxStats {
    const byKey = Object.fromEntries(this.billed);
    return { submissions: Object.values(byKey).reduce((a, b) => a + b, 0), byKey };
  }

  /** The last 1000 vendor API requests, in order (method + path), e.g. to prove no evidence was re-uploaded. */
  requests(): ReadonlyArray<{ method: string; path: string }> {
    return [...this.log];
  }

  /** Express middleware that logs each vendor request and applies the next fault, if any. */
  gate(): RequestHandler {
    return (req, res, next) => {
      // Bounded: the embedded default runs for as long as the service does.
      if (this.log.length >= MAX_LOG) this.log.shift();
      this.log.push({ method: req.method, path: req.path });
      const fault = this.takeFault(req.path);
      if (fault === null) return next();
      this.apply(fault, req, res, next).catch(next);
    };
  }

  /** The `/__sandbox` router; mount it BEFORE `gate()` so it is never faulted. */
  routes(authorize: (bearer: string) => boolean | Promise<boolean>): Router {
    const router = express.Router();
    router.use(express.json(), async (req, res, next) => {
      const bearer = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
      if (bearer !== undefined && (await authorize(bearer))) return next();
      res.status(401).json({ error: "sandbox: bearer of this mock's API credential required" });
    });
    router.get('/stats', (_req, res) => void res.json(this.stats()));
    router.post('/faults', (req, res) => {
      const parsed = FaultRequestSchema.safeParse(req.body);
      if (!parsed.success) return void res.status(400).json({ error: parsed.error.issues });
      const body = parsed.data;
      if ('fault' in body) this.injectNext(body.fault, body);
      else if ('rate' in body) this.setFaultRate(body.rate, body.seed, body.faults);
      else this.clearFaults();
      res.status(204).end();
    });
    return router;
  }

  private takeFault(path: string): SandboxFault | null {
    const entry = this.injected.find((i) => i.pathIncludes === undefined || path.includes(i.pathIncludes));
    if (entry) {
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.injected = this.injected.filter((i) => i !== entry);
      return entry.fault;
    }
    if (this.rate === 0 || this.random() >= this.rate) return null;
    return this.rateFaults[Math.floor(this.random() * this.rateFaults.length)] ?? null;
  }

  private async apply(fault: SandboxFault, req: Request, res: Response, next: NextFunction): Promise<void> {
    if (fault === 'slow') return void setTimeout(next, this.slowMs);
    if (fault === 'timeout') return this.hang(res, next);
    // Read the upload first so the client sees our answer rather than a reset mid-upload.
    if (!req.readableEnded) {
      req.resume();
      await once(req, 'end');
    }
    if (fault === 'malformed') return void res.status(200).json(MALFORMED_BODY);
    if (fault === 'http503') res.set('Retry-After', '1');
    res.status(fault === 'http500' ? 500 : 503).json({ error: `sandbox: injected ${fault}` });
  }

  private hang(res: Response, next: NextFunction): void {
    const timer = setTimeout(next, this.hangMs);
    timer.unref();
    // The client gave up: drop the request without processing (or billing) it.
    res.on('close', () => clearTimeout(timer));
  }
}

/** Constant-time string comparison for credentials (hashing first equalises the lengths). */
export function sameSecret(received: string, expected: string): boolean {
  const a = createHash('sha256').update(received).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
