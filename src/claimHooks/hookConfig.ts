/**
 * The claim-validation hooks file (CLAIM_HOOKS_FILE), validated at start-up. Modelled on Entra's
 * `onVerifiedIdClaimValidation` custom authentication extension (docs/claim-hooks.md), but a list:
 * each hook is called in order, and a deployment can chain an HR check, a namesake check and a
 * leavers' block. Secrets are never inline: the file names the environment variable that holds
 * each one, so the file can live in a repository and the secrets in the deployment's vault.
 */
import { z } from 'zod';

/**
 * https, or plain http on a loopback host only (a hook beside the service in development and the
 * tests): anywhere else the verified claims would cross the network in the clear.
 */
const hookUrl = z.url().refine((value) => {
  const u = new URL(value);
  return u.protocol === 'https:' || (u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname));
}, 'must be https (http only for localhost)');

/** An environment variable's name, never its value. */
const envName = z.string().regex(/^[A-Z][A-Z0-9_]{0,127}$/, 'must name an environment variable (A-Z, 0-9, _)');

export const HookFileEntrySchema = z.strictObject({
  /** A slug: it names the hook in the audit trail, the metrics and the request id. */
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/),
  url: hookUrl,
  /** Variable holding the shared HMAC secret (≥ 32 characters) that signs requests and replies. */
  secretEnv: envName,
  /**
   * Per try. Entra allows 200–2000 ms (default 1000) for its one extension; a list of hooks in a
   * background job can afford more, so up to 10 s, but the whole list shares `totalBudgetMs`.
   */
  timeoutMs: z.number().int().min(200).max(10_000).default(2000),
  /** Tries after the first on a network error, a time-out, a 429 or a 5xx (Entra: 0 or 1). */
  maxRetries: z.number().int().min(0).max(3).default(1),
  /** Wait before retry n is retryBackoffMs × 2^(n-1). */
  retryBackoffMs: z.number().int().min(0).max(5000).default(250),
  /** What an unanswered or unverifiable hook means: `deny` ends the attempt unverified, `fallThrough` goes on to the next hook. */
  behaviorOnError: z.enum(['deny', 'fallThrough']).default('deny'),
  /** Optional OAuth 2.0 client-credentials bearer (RFC 6749 §4.4) on top of the signature. */
  oauth2: z
    .strictObject({
      tokenUrl: hookUrl,
      clientId: z.string().min(1).max(256),
      clientSecretEnv: envName,
      scope: z.string().min(1).max(1024).optional(),
    })
    .optional(),
});

export const HookFileSchema = z.strictObject({
  /** The whole list's time in one verification job, retries and back-off included. */
  totalBudgetMs: z.number().int().min(500).max(60_000).default(10_000),
  hooks: z
    .array(HookFileEntrySchema)
    .max(10)
    .refine((hooks) => new Set(hooks.map((h) => h.name)).size === hooks.length, 'hook names must be unique'),
});

export type BehaviorOnError = z.infer<typeof HookFileEntrySchema>['behaviorOnError'];

/** A hook ready to call: the file's entry with its secrets read from the environment. */
export interface ClaimHook {
  name: string;
  url: string;
  secret: string;
  timeoutMs: number;
  maxRetries: number;
  retryBackoffMs: number;
  behaviorOnError: BehaviorOnError;
  oauth2?: { tokenUrl: string; clientId: string; clientSecret: string; scope?: string };
}

/** An ordered list of hooks and its time budget: the deployment's today, a recovery profile's later. */
export interface ClaimHookList {
  hooks: readonly ClaimHook[];
  totalBudgetMs: number;
}

export const NO_CLAIM_HOOKS: ClaimHookList = { hooks: [], totalBudgetMs: 10_000 };
