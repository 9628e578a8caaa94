/**
 * What a vendor folder exports: one descriptor (docs/providers.md, "The descriptor"). The registry
 * (registry.ts) is the list of them; start-up, environment parsing, the webhook route, the mock
 * vendors and the conformance suite all read descriptors and never name a vendor.
 */
import type { z } from 'zod';
import type { IdvProvider, SelfieSource } from './contract';
import type { MockServerOptions, RunningMock } from './vendor-http/serveMock';

/** What the core may rely on; the conformance suite tests each declared capability (and no undeclared one). */
export interface ProviderCapabilities {
  /** `synchronous`: `submit` answers with the verdict. `polled`: `fetchResult` until it is non-null. */
  results: 'synchronous' | 'polled';
  /**
   * `none`: every delivery is rejected. `per_submission`: the vendor calls the `callbackUrl` given
   * with each submission. `account`: one webhook registered at the vendor for the whole account,
   * with its secret in the vendor's configuration.
   */
  webhook: 'none' | 'per_submission' | 'account';
  /**
   * How a replayed delivery is refused: `timestamp` = the signature covers a time the adapter checks
   * against a window (and the core de-duplicates ids too); `delivery_id` = the core's bounded
   * de-duplication of delivery ids alone. Required unless `webhook` is `none`.
   */
  webhookReplay?: 'timestamp' | 'delivery_id';
  /**
   * `native`: the vendor de-duplicates by our idempotency key. `emulated`: it has no such key; the
   * adapter tags the transaction with ours and implements `findSubmission`, and the core looks it
   * up before any re-submission (src/workers/submitOnce.ts).
   */
  idempotency: 'native' | 'emulated';
  /** Give `submit` the account's names (`claimant.name`), e.g. to create an applicant. */
  needsClaimantName: boolean;
  /** Give `submit` the declared document type and issuing country (`claimant.document`). */
  needsDocumentType: boolean;
}

/** One environment variable that fills one key of the vendor's configuration block. */
export interface EnvVariable {
  /** `<NAME>_…`: the vendor's name upper-cased, then `_` (providers/registry.test.ts checks it). */
  name: string;
  /** The configuration key it fills. */
  key: string;
  /**
   * `string` (default); `number`; `file`: the value is a path and the file's content fills the key,
   * unless a variable listed earlier filled it already (a PEM given inline wins over its file).
   */
  type?: 'string' | 'number' | 'file';
  /** The comment of its .env.example line. */
  doc: string;
  /** The value shown in .env.example (default empty). */
  example?: string;
  /**
   * It authenticates our API calls (a key, a password, a signing key): the conformance suite
   * replaces it with a wrong one and expects a definitive `idv.vendor_auth_failed`.
   */
  credential?: boolean;
}

export interface ProviderDeps {
  /** Injected clock, epoch ms (token expiry, consent dates). Default `Date.now`. */
  now?: () => number;
}

export interface MockStartOptions extends MockServerOptions {
  /** For `account` webhook vendors: where the mock delivers (our `/v1/webhooks/<name>`), as registered once at a real vendor. */
  webhookUrl?: string;
}

/** A mock vendor server (providers/mock-kit) and the configuration block that points the adapter at it. */
export interface StartedMockVendor {
  mock: RunningMock;
  /** Configuration input (defaults not yet applied), with the mock's freshly generated credentials. */
  config: Record<string, unknown>;
}

/** A delivery as the vendor would send it, for the conformance suite (also against a real sandbox). */
export interface WebhookFixture<Config> {
  /** The webhook secret of this configuration. */
  secret(config: Config): string;
  /** The headers that sign `rawBody` at `now` (epoch ms) with `secret`. */
  sign(secret: string, rawBody: Buffer, now: number): Record<string, string>;
  /** A "result ready" event for `vendorRef`. */
  body(vendorRef: string, eventId: string): Buffer;
  /** An event the vendor signs that we do not act on (another event type), if the vendor has one. */
  irrelevantBody?(): Buffer;
}

export interface ConformanceHooks<Config> {
  /** How the vendor's request labels each selfie source, in its own words (the mock's sandbox records them). */
  captureLabels(config: Config): Record<SelfieSource, string | undefined>;
  /** Required when `capabilities.webhook` is not `none`. */
  webhook?: WebhookFixture<Config>;
}

/**
 * `S` is the vendor's configuration schema (a zod object). Methods, not function properties, so a
 * descriptor of one vendor's schema is a `ProviderDescriptor` of any.
 */
export interface ProviderDescriptor<S extends z.ZodObject = z.ZodObject> {
  /** Matches PROVIDER_NAME_PATTERN (contract.ts). */
  readonly name: string;
  /** For people: `IDEMIA ID&V (GIPS)`. */
  readonly displayName: string;
  readonly configSchema: S;
  /** The vendor is configured when its first variable is set. */
  readonly env: readonly EnvVariable[];
  readonly capabilities: ProviderCapabilities;
  create(config: z.output<S>, deps: ProviderDeps): IdvProvider;
  /** A faithful imitation of the vendor for tests and the demo (docs/providers.md, "Writing a faithful mock"). */
  readonly mock?: { start(options: MockStartOptions): Promise<StartedMockVendor> };
  readonly conformance: ConformanceHooks<z.output<S>>;
}

/** Identity, for inference: `export const descriptor = defineProvider({ … })`. */
export function defineProvider<S extends z.ZodObject>(descriptor: ProviderDescriptor<S>): ProviderDescriptor<S> {
  return descriptor;
}
