/** Au10tix BOS adapter configuration (docs/references.md, "Vendor APIs: Au10tix"). */
import { z } from 'zod';

export const Au10tixConfigSchema = z.object({
  /** BOS API host, e.g. `https://weu-api.au10tixservices.com` (docs/references.md, "Vendor APIs: Au10tix"). */
  baseUrl: z.url().describe('BOS API base URL'),
  /** OAuth2 token endpoint; default `{baseUrl}/oauth2/v1/token` (in production an APIM host). */
  tokenUrl: z.url().optional(),
  /** `iss`/`sub` of our client-assertion JWT. */
  clientId: z.string().min(1),
  /** PKCS#8 PEM of the P-256 key that signs our client assertions (ES256). */
  clientPrivateKeyPem: z.string().includes('PRIVATE KEY'),
  scope: z.string().default('bos'),
  /**
   * Shared secret of the callback signature. ASSUMED scheme (Au10tix's is not public, docs/references.md,
   * "Vendor APIs: Au10tix"): Persona-style `x-au10tix-signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
   */
  webhookSecret: z.string().min(16),
  /** Callbacks whose `t` is further than this from our clock are rejected (replay window). */
  webhookToleranceSeconds: z.number().int().positive().default(300),
  /** Refresh the cached access token this long before it expires. */
  tokenRefreshSkewSeconds: z.number().int().nonnegative().default(60),
  timeoutMs: z.number().int().positive().default(10_000).describe('Per-request time-out, ms'),
});
export type Au10tixConfig = z.output<typeof Au10tixConfigSchema>;

export function tokenUrlOf(config: Au10tixConfig): string {
  return config.tokenUrl ?? `${config.baseUrl.replace(/\/$/, '')}/oauth2/v1/token`;
}
