/**
 * Relying parties registered through the admin API (those from OIDC_CLIENTS_FILE are never
 * stored). One small hash: client id → record. A client secret is kept sealed, never hashed:
 * client_secret_basic (RFC 6749 §2.3.1) is checked by oidc-provider against the cleartext.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { RedisKeys } from './keys';

export const OIDC_USES = ['passkey_sign_in', 'identity_verification'] as const;
export const OidcUseSchema = z.enum(OIDC_USES);
export type OidcUse = z.infer<typeof OidcUseSchema>;

/**
 * The shape of `verified_claims` a client receives (docs/oidc.md): `oidc4ida`, OpenID Connect for
 * Identity Assurance 1.0; `okta`, the form Okta's custom identity-verification vendor contract reads.
 */
export const VERIFIED_CLAIMS_FORMATS = ['oidc4ida', 'okta'] as const;
export const VerifiedClaimsFormatSchema = z.enum(VERIFIED_CLAIMS_FORMATS);
export type VerifiedClaimsFormat = z.infer<typeof VerifiedClaimsFormatSchema>;

export const StoredClientSchema = z.object({
  clientId: z.string(),
  name: z.string(),
  redirectUris: z.array(z.string()),
  uses: z.array(OidcUseSchema),
  /** Records written before formats existed read as the standard one. */
  verifiedClaimsFormat: VerifiedClaimsFormatSchema.default('oidc4ida'),
  authMethod: z.enum(['client_secret_basic', 'private_key_jwt']),
  /** The secret sealed (base64url), for client_secret_basic. */
  sealedSecret: z.string().nullable(),
  /** Public keys for private_key_jwt (RFC 7523 §2.2): a JWKS, or where to fetch it. */
  jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).nullable(),
  jwksUri: z.string().nullable(),
  createdAt: z.number(),
  createdBy: z.string(),
});
export type StoredClient = z.infer<typeof StoredClientSchema>;

export class OidcClientStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async get(clientId: string): Promise<StoredClient | null> {
    const raw = await this.redis.hget(this.keys.oidcClients(), clientId);
    return raw ? StoredClientSchema.parse(JSON.parse(raw)) : null;
  }

  async list(): Promise<StoredClient[]> {
    const all = await this.redis.hgetall(this.keys.oidcClients());
    return Object.values(all)
      .map((raw) => StoredClientSchema.parse(JSON.parse(raw)))
      .sort((a, b) => a.clientId.localeCompare(b.clientId));
  }

  /** False when the id is taken. */
  async create(client: StoredClient): Promise<boolean> {
    return (await this.redis.hsetnx(this.keys.oidcClients(), client.clientId, JSON.stringify(StoredClientSchema.parse(client)))) === 1;
  }

  async remove(clientId: string): Promise<boolean> {
    return (await this.redis.hdel(this.keys.oidcClients(), clientId)) === 1;
  }
}
