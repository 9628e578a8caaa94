/**
 * `IdvProvider` over LexisNexis TrueID (docs/references.md, "Vendor APIs: LexisNexis TrueID"). TrueID answers synchronously, so `submit`
 * returns the verdict. `Settings.Reference` carries our idempotency key; the vendor dedupes by it.
 */
import type { AxiosInstance } from 'axios';
import { ProviderError, type IdvProvider, type IdvResult, type SubmitInput, type SubmitOutcome, type WebhookNotice } from '../contract';
import { createVendorClient, readVendor } from '../vendor-http/vendorClient';
import type { LexisNexisConfig } from './config';
import { normalizeTrueId } from './normalize';
import { TrueIdResponseSchema } from './schemas';

export class LexisNexisProvider implements IdvProvider {
  readonly name = 'lexisnexis' as const;
  private readonly http: AxiosInstance;
  private readonly accountPath: string;

  constructor(private readonly config: LexisNexisConfig) {
    this.http = createVendorClient({
      baseURL: config.baseUrl,
      timeoutMs: config.timeoutMs,
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    });
    this.accountPath = `/restws/identity/v3/accounts/${encodeURIComponent(config.accountId)}`;
  }

  async submit(input: SubmitInput): Promise<SubmitOutcome> {
    const body = {
      Type: 'Initiate',
      Settings: { Mode: this.config.mode, Locale: this.config.locale, Venue: this.config.venue, Reference: input.idempotencyKey },
      Document: {
        Front: input.documentFront.toString('base64'),
        Back: input.documentBack?.toString('base64'),
        Selfie: input.selfie.toString('base64'),
        DocumentType: this.config.documentType,
      },
    };
    // The only capture label TrueID takes is the workflow itself (config.ts `fileWorkflow`).
    const workflow = input.selfieSource === 'file' ? (this.config.fileWorkflow ?? this.config.workflow) : this.config.workflow;
    const path = `${this.accountPath}/workflows/${encodeURIComponent(workflow)}/conversations`;
    const response = await readVendor('lexisnexis', TrueIdResponseSchema, 'conversation', () => this.http.post(path, body, { auth: this.auth() }));
    const result = normalizeTrueId(response);
    return { vendorRef: result.vendorReference, result };
  }

  /**
   * MOCK-ONLY read-back: real TrueID has no GET for a finished conversation (the verdict is in the
   * submit response, which the orchestrator stores). Against the real vendor this call 404s.
   */
  async fetchResult(vendorRef: string): Promise<IdvResult | null> {
    const path = `${this.accountPath}/conversations/${encodeURIComponent(vendorRef)}`;
    const response = await readVendor('lexisnexis', TrueIdResponseSchema, 'conversation', () => this.http.get(path, { auth: this.auth() }));
    return normalizeTrueId(response);
  }

  /** TrueID sends no webhooks (docs/references.md, "Vendor APIs: LexisNexis TrueID": no webhooks), so any delivery is rejected. */
  verifyWebhook(): WebhookNotice {
    throw new ProviderError('idv.webhook_rejected', 'lexisnexis: TrueID has no webhooks', { transient: false });
  }

  /**
   * No-op: TrueID exposes no delete call in the public integrations we know of (docs/references.md, "Vendor APIs: LexisNexis TrueID");
   * retention is governed by the LexisNexis contract. We keep nothing at the vendor to purge.
   */
  async purge(): Promise<void> {
    // Intentionally empty, see above.
  }

  private auth() {
    return { username: this.config.username, password: this.config.password };
  }
}
