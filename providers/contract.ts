/**
 * The one contract every identity-verification (IDV) adapter implements; docs/providers.md is the
 * integrator's guide to it (lifecycle, each field, billing and retry rules).
 *
 * It fits synchronous vendors (LexisNexis TrueID answers in the submit response) and asynchronous
 * ones (Idemia GIPS is polled; Au10tix calls a webhook, after which we fetch the result). Webhooks
 * are only ever a hint to "go fetch the result" (docs/references.md, "Vendor APIs: adapter patterns"): the authoritative verdict is what
 * `fetchResult` returns.
 *
 * No vendor is named here: the vendors are the descriptors listed in providers/vendors.ts.
 */
import { z } from 'zod';

/**
 * What a vendor's name may look like: it is a path segment (`/v1/webhooks/{provider}`), an
 * environment-variable prefix and a reason-code prefix. openapi.yaml's `ProviderName` carries the
 * same pattern (test/openapi.test.ts keeps them in step).
 */
export const PROVIDER_NAME_PATTERN = /^[a-z][a-z0-9]{1,31}$/;
export const ProviderNameSchema = z.string().regex(PROVIDER_NAME_PATTERN);
/** A vendor's name; which names exist is the registry's business (providers/registry.ts). */
export type ProviderName = string;

/** Claims read from the identity document, normalised to ISO dates (YYYY-MM-DD). */
export const ExtractedClaimsSchema = z.object({
  givenName: z.string(),
  familyName: z.string(),
  birthDate: z.string().nullable(),
  documentNumber: z.string().nullable(),
  expiryDate: z.string().nullable(),
  /**
   * The issuing state the vendor read from the document, ISO 3166-1 alpha-3 (the code ICAO Doc 9303
   * puts in the MRZ), or null when it read none. Defaults to null so a verdict stored before this
   * field existed still parses.
   */
  issuingCountry: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable()
    .default(null),
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

/**
 * Where the selfie came from, as the claimant's page declared it: `camera` = a live frame captured
 * in our page through getUserMedia, `file` = a file picker or any other upload. The server cannot
 * prove a `camera` claim (the client makes it); the vendor's liveness and injection-attack
 * detection is the control. An adapter must label the capture truthfully in the vendor's own
 * vocabulary (docs/references.md, "Vendor APIs: capture source"), never as live when it is `file`.
 */
export const selfieSources = ['camera', 'file'] as const;
export const SelfieSourceSchema = z.enum(selfieSources);
export type SelfieSource = z.infer<typeof SelfieSourceSchema>;

/** Identity-document kinds a claimant can declare (vendors that need one per upload map them to their own words). */
export const documentTypes = ['passport', 'identity_card', 'driving_licence', 'residence_permit'] as const;
export const DocumentTypeSchema = z.enum(documentTypes);
export type DocumentType = z.infer<typeof DocumentTypeSchema>;

/**
 * What some vendors need besides the images, given only to a vendor whose descriptor declares it
 * (capabilities `needsClaimantName`, `needsDocumentType`): data minimisation (GDPR Art. 5(1)(c)).
 */
export interface ClaimantData {
  /** The account's names as the directory holds them (never what the claimant typed); null when the account is unknown. */
  name?: { givenName: string; familyName: string } | null;
  /** As the claimant declared them; null when not declared (the vendor then infers them, or refuses). */
  document?: { type: DocumentType | null; country: string | null };
}

export interface SubmitInput {
  /**
   * One vendor submission per key: a retried job passes the same key and must not be billed twice.
   * A vendor with native idempotency keys gets it as one; one without tags the transaction with it
   * so that `findSubmission` finds it again (docs/providers.md, "Billing and retries").
   */
  idempotencyKey: string;
  selfie: Buffer;
  /** Declared origin of the selfie; undeclared is `file`, never `camera`. */
  selfieSource: SelfieSource;
  documentFront: Buffer;
  documentBack?: Buffer;
  /** Present only for vendors whose capabilities ask for it. */
  claimant?: ClaimantData;
  /**
   * Where a per-submission webhook vendor should call back (our `/v1/webhooks/{provider}`). Vendors
   * whose webhook is registered once per account ignore it: the operator registers that URL at the
   * vendor, with the secret in the vendor's configuration.
   */
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

/** A verified delivery saying a result is ready: the core fetches it. */
export interface WebhookNoticeFetch {
  vendorRef: string;
  /**
   * Unique per event (the same on the vendor's retries of it): the core remembers these ids for a
   * bounded window and acts on each once, which is also the replay guard of vendors whose
   * signature carries no timestamp.
   */
  eventId: string;
}

/**
 * A delivery the vendor's scheme verified but that concerns nothing the core waits for (another
 * event type, a report not used): acknowledged with 204 so the vendor stops retrying it.
 */
export interface WebhookNoticeIgnored {
  ignored: string;
}

export type WebhookNotice = WebhookNoticeFetch | WebhookNoticeIgnored;

export interface IdvProvider {
  readonly name: ProviderName;
  submit(input: SubmitInput): Promise<SubmitOutcome>;
  /** `null` while the vendor is still processing. */
  fetchResult(vendorRef: string): Promise<IdvResult | null>;
  /**
   * Throws ProviderError(code 'idv.webhook_rejected') when the signature, timestamp or body is bad,
   * and for every delivery when the vendor sends no webhooks.
   */
  verifyWebhook(input: WebhookInput): WebhookNotice;
  /** Ask the vendor to delete what it holds for this transaction (data minimisation). Idempotent. */
  purge(vendorRef: string): Promise<void>;
  /**
   * Only for vendors without idempotency keys (capability `idempotency: 'emulated'`): the
   * reference of the transaction that `submit` tagged with this key, or null when there is none.
   * The core calls it before any re-submission (src/workers/submitOnce.ts).
   */
  findSubmission?(idempotencyKey: string): Promise<string | null>;
}

/**
 * `transient` failures (time-outs, 5xx, connection resets, unparseable bodies) are retried with
 * backoff; the others are definitive and must not be retried (BullMQ UnrecoverableError).
 */
export class ProviderError extends Error {
  readonly transient: boolean;
  readonly delivery: ProviderDelivery;

  constructor(
    readonly code: ProviderErrorCode,
    message: string,
    options: ProviderErrorOptions,
  ) {
    super(message);
    this.name = 'ProviderError';
    this.transient = options.transient;
    this.delivery = options.delivery ?? 'unknown';
  }
}

/** The codes a `ProviderError` carries (metric labels and logs; never shown to a claimant). */
export const providerErrorCodes = [
  'idv.vendor_timeout',
  'idv.vendor_unavailable',
  'idv.vendor_rate_limited',
  'idv.vendor_auth_failed',
  'idv.vendor_not_found',
  'idv.vendor_rejected',
  'idv.vendor_malformed',
  'idv.evidence_missing',
  'idv.webhook_rejected',
  'idv.provider_not_configured',
  'idv.circuit_open',
  'idv.all_circuits_open',
] as const;
export type ProviderErrorCode = (typeof providerErrorCodes)[number];

/**
 * Whether the vendor may have accepted (and billed) the request: `refused` (connection refused,
 * 503, 429) and `not_sent` (open circuit) are safe to send elsewhere; `unknown` (time-out, reset,
 * 500, unreadable 200) is not, so a submission that failed that way is retried only at the same
 * vendor, under the same idempotency key.
 */
export type ProviderDelivery = 'not_sent' | 'refused' | 'unknown';

export interface ProviderErrorOptions {
  /** Retried with backoff (true) or definitive (false). */
  transient: boolean;
  /** Defaults to `unknown`, the safe assumption. */
  delivery?: ProviderDelivery;
}
