/**
 * The one contract every identity-verification (IDV) adapter implements.
 *
 * It fits synchronous vendors (LexisNexis TrueID answers in the submit response) and asynchronous
 * ones (Idemia GIPS is polled; Au10tix calls a webhook, after which we fetch the result). Webhooks
 * are only ever a hint to "go fetch the result" (docs/references.md, "Vendor APIs: adapter patterns"): the authoritative verdict is what
 * `fetchResult` returns.
 */
import { z } from 'zod';

export const providerNames = ['idemia', 'lexisnexis', 'au10tix'] as const;
export const ProviderNameSchema = z.enum(providerNames);
export type ProviderName = z.infer<typeof ProviderNameSchema>;

/** Claims read from the identity document, normalised to ISO dates (YYYY-MM-DD). */
export const ExtractedClaimsSchema = z.object({
  givenName: z.string(),
  familyName: z.string(),
  birthDate: z.string().nullable(),
  documentNumber: z.string().nullable(),
  expiryDate: z.string().nullable(),
});
export type ExtractedClaims = z.infer<typeof ExtractedClaimsSchema>;

/**
 * A vendor verdict in our vocabulary. Scores are never forced onto a common scale the vendor does
 * not have (docs/references.md, "Vendor APIs: adapter patterns"): `rawScore` + `scale` are the vendor's own; `score` is an adapter's
 * mapping onto 0..100 (Entra Face Check's scale) only where the vendor gives a number.
 */
export const IdvResultSchema = z.object({
  provider: ProviderNameSchema,
  vendorReference: z.string().min(1),
  /** The vendor's overall recommendation. `review` = the vendor asks for a human (caution/adjudication). */
  decision: z.enum(['approved', 'declined', 'review']),
  faceMatch: z.object({
    passed: z.boolean(),
    score: z.number().min(0).max(100).nullable(),
    rawScore: z.string().nullable(),
    scale: z.string(),
  }),
  liveness: z.object({ passed: z.boolean(), raw: z.string() }),
  document: z.object({ authentic: z.boolean(), expired: z.boolean(), raw: z.string() }),
  claims: ExtractedClaimsSchema.nullable(),
  /** Vendor reason codes, prefixed by vendor (`idemia:1501`, `au10tix:remark:940`, `lexisnexis:Liveness: NotLive`). */
  reasonCodes: z.array(z.string()),
});
export type IdvResult = z.infer<typeof IdvResultSchema>;

export interface SubmitInput {
  /** One vendor submission per key: a retried job passes the same key and must not be billed twice. */
  idempotencyKey: string;
  selfie: Buffer;
  documentFront: Buffer;
  documentBack?: Buffer;
  /** Where an asynchronous vendor should call back (our `/v1/webhooks/{provider}`). */
  callbackUrl: string;
}

export interface SubmitOutcome {
  vendorRef: string;
  /** Present when the vendor answered synchronously. */
  result?: IdvResult;
}

export interface WebhookInput {
  headers: Record<string, string | string[] | undefined>;
  /** The exact bytes received: signatures are computed over the raw body, never re-serialised JSON. */
  rawBody: Buffer;
  /** Epoch ms, from the injected clock, for timestamp windows. */
  now: number;
}

export interface WebhookNotice {
  vendorRef: string;
  /** Unique per delivery attempt's event, used to de-duplicate retried deliveries. */
  eventId: string;
}

export interface IdvProvider {
  readonly name: ProviderName;
  submit(input: SubmitInput): Promise<SubmitOutcome>;
  /** `null` while the vendor is still processing. */
  fetchResult(vendorRef: string): Promise<IdvResult | null>;
  /** Throws ProviderError(code 'idv.webhook_rejected') when the signature, timestamp or body is bad. */
  verifyWebhook(input: WebhookInput): WebhookNotice;
  /** Ask the vendor to delete what it holds for this transaction (data minimisation). */
  purge(vendorRef: string): Promise<void>;
}

/**
 * `transient` failures (time-outs, 5xx, connection resets, unparseable bodies) are retried with
 * backoff; the others are definitive and must not be retried (BullMQ UnrecoverableError).
 */
export class ProviderError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly transient: boolean,
    /**
     * Whether the vendor may have accepted (and billed) the request: `refused` (connection refused,
     * 503, 429) and `not_sent` (open circuit) are safe to send elsewhere; `unknown` (time-out,
     * reset, 500, unreadable 200) is not, so a submission that failed that way is retried only at
     * the same vendor, under the same idempotency key.
     */
    readonly delivery: 'not_sent' | 'refused' | 'unknown' = 'unknown',
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}
