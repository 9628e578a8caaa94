/**
 * `IdvProvider` over Idemia GIPS (docs/references.md, "Vendor APIs: IDEMIA"). `submit` is resumable: it re-creates the identity
 * with the same BUSINESS_ID (GIPS returns the same one), reads what evidence it already holds and
 * uploads only what is missing, so a retried job neither re-bills nor re-uploads.
 */
import { ProviderError, type IdvProvider, type IdvResult, type SubmitInput, type SubmitOutcome, type WebhookNotice } from '../contract';
import type { IdemiaConfig } from './config';
import { GipsClient } from './gipsClient';
import { normalizeIdemia } from './normalize';
import type { DetailedIdentity } from './schemas';

export interface IdemiaDeps {
  /** Epoch ms. Default `Date.now`. */
  now?: () => number;
}

export class IdemiaProvider implements IdvProvider {
  readonly name = 'idemia' as const;
  private readonly gips: GipsClient;
  private readonly now: () => number;

  constructor(config: IdemiaConfig, deps: IdemiaDeps = {}) {
    this.gips = new GipsClient(config);
    this.now = deps.now ?? Date.now;
  }

  async submit(input: SubmitInput): Promise<SubmitOutcome> {
    const identity = await this.gips.createIdentity(input.idempotencyKey);
    try {
      const held = await this.gips.detailed(identity.id);
      if (!held.consents.some((c) => c.type === 'PORTRAIT' && c.approved)) {
        await this.gips.grantPortraitConsent(identity.id, new Date(this.now()).toISOString().slice(0, 10));
      }
      if (held.idDocuments.length === 0) await this.gips.uploadDocument(identity.id, input.documentFront, input.documentBack);
      if (held.portrait === undefined) await this.gips.uploadPortrait(identity.id, input.selfie, input.selfieSource);
    } catch (err) {
      // The identity (the billable transaction) exists now: whatever a later step says, this
      // verification must be finished here, never re-submitted to another vendor.
      if (err instanceof ProviderError && err.delivery !== 'unknown')
        throw new ProviderError(err.code, err.message, { transient: err.transient, delivery: 'unknown' });
      throw err;
    }
    return { vendorRef: identity.id };
  }

  /** Polls both evidence statuses; `null` while either is PROCESSING. */
  async fetchResult(vendorRef: string): Promise<IdvResult | null> {
    const detailed = await this.gips.detailed(vendorRef);
    const documentId = detailed.idDocuments.at(-1)?.evidenceId;
    const portraitId = detailed.portrait?.evidenceId;
    if (documentId === undefined || portraitId === undefined) {
      throw new ProviderError('idv.evidence_missing', `idemia: identity ${vendorRef} lacks document or portrait evidence`, { transient: false });
    }
    const [document, portrait] = await Promise.all([this.gips.evidenceStatus(vendorRef, documentId), this.gips.evidenceStatus(vendorRef, portraitId)]);
    if (document.status === 'PROCESSING' || portrait.status === 'PROCESSING') return null;
    // Claims and match scores appear in the detailed view only once processing is over.
    const final = isSettled(detailed) ? detailed : await this.gips.detailed(vendorRef);
    return normalizeIdemia(vendorRef, { detailed: final, document, portrait });
  }

  /**
   * We run GIPS in polling mode (one of its two modes, docs/references.md, "Vendor APIs: IDEMIA"), so no webhook is ever
   * expected and any delivery is rejected.
   */
  verifyWebhook(): WebhookNotice {
    throw new ProviderError('idv.webhook_rejected', 'idemia: polling mode, webhooks are not enabled', { transient: false });
  }

  /** `DELETE /identities/{id}`; already-gone counts as purged. */
  purge(vendorRef: string): Promise<void> {
    return this.gips.deleteIdentity(vendorRef);
  }
}

function isSettled(detailed: DetailedIdentity): boolean {
  const statuses = [detailed.idDocuments.at(-1)?.evidenceStatus.status, detailed.portrait?.evidenceStatus.status];
  return statuses.every((s) => s !== undefined && s !== 'PROCESSING');
}
