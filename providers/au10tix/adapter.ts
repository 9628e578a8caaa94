/**
 * `IdvProvider` over Au10tix BOS (docs/references.md, "Vendor APIs: Au10tix"): submit = one BeginProcessingRequest carrying our
 * idempotency key as the client reference; the result is polled (404 until ready) or fetched after
 * the signed callback arrives.
 */
import type { IdvProvider, IdvResult, SubmitInput, SubmitOutcome, WebhookInput, WebhookNotice } from '../contract';
import { BosClient } from './bosClient';
import type { Au10tixConfig } from './config';
import { normalizeAu10tix } from './normalize';
import { verifyAu10tixCallback } from './webhook';

export interface Au10tixDeps {
  /** Epoch ms, for token expiry. Default `Date.now`. */
  now?: () => number;
}

export class Au10tixProvider implements IdvProvider {
  readonly name = 'au10tix' as const;
  private readonly bos: BosClient;

  constructor(
    private readonly config: Au10tixConfig,
    deps: Au10tixDeps = {},
  ) {
    this.bos = new BosClient(config, deps.now ?? Date.now);
  }

  async submit(input: SubmitInput): Promise<SubmitOutcome> {
    const begun = await this.bos.begin({
      clientReference: input.idempotencyKey,
      callbackUrl: input.callbackUrl,
      documentFront: input.documentFront,
      documentBack: input.documentBack,
      selfie: input.selfie,
      selfieSource: input.selfieSource,
    });
    return { vendorRef: begun.RequestId };
  }

  /**
   * `null` while BOS answers 404. BOS also answers 404 for an unknown id, so a wrong vendorRef looks
   * "pending" forever: callers bound their polling.
   */
  async fetchResult(vendorRef: string): Promise<IdvResult | null> {
    const result = await this.bos.result(vendorRef);
    return result === null ? null : normalizeAu10tix(vendorRef, result);
  }

  verifyWebhook(input: WebhookInput): WebhookNotice {
    return verifyAu10tixCallback(input, this.config.webhookSecret, this.config.webhookToleranceSeconds);
  }

  purge(vendorRef: string): Promise<void> {
    return this.bos.remove(vendorRef);
  }
}
