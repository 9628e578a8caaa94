/**
 * Relying parties: from OIDC_CLIENTS_FILE (read once at start-up) and from the admin API. Each has
 * its redirect URIs, one client authentication method (client_secret_basic, RFC 6749 §2.3.1, or
 * private_key_jwt, RFC 7523 §2.2 / OpenID Connect Core §9) and the uses it may ask for.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ClientMetadata } from 'oidc-provider';
import { OidcUseSchema, VerifiedClaimsFormatSchema, type OidcUse, type VerifiedClaimsFormat } from '../stores/oidcClientStore';

/**
 * https, or http on a loopback host (RFC 8252 §7.3, native apps and local development). Exact
 * string comparison applies at the authorization endpoint (RFC 9700 §4.1.3).
 */
export const RedirectUriSchema = z.url().refine((v) => {
  const u = new URL(v);
  if (u.hash) return false;
  return u.protocol === 'https:' || (u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname));
}, 'must be https (http only on a loopback host) and carry no fragment');

export const ClientIdSchema = z.string().regex(/^[\w.:-]{3,128}$/, 'letters, digits and . _ : - (3 to 128)');
const JwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1).max(10) });

const FileClientSchema = z
  .strictObject({
    client_id: ClientIdSchema,
    client_name: z.string().min(1).max(100).optional(),
    redirect_uris: z.array(RedirectUriSchema).min(1).max(20),
    uses: z.array(OidcUseSchema).min(1),
    /** The shape of `verified_claims` this client reads (default `oidc4ida`; `okta` for Okta's custom IDV vendor). */
    verified_claims_format: VerifiedClaimsFormatSchema.optional(),
    token_endpoint_auth_method: z.enum(['client_secret_basic', 'private_key_jwt']),
    /** The environment variable holding the secret (client_secret_basic): secrets stay out of the file. */
    client_secret_env: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/)
      .optional(),
    jwks: JwksSchema.optional(),
    jwks_uri: z.url().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.token_endpoint_auth_method === 'client_secret_basic' && !c.client_secret_env) {
      ctx.addIssue({ code: 'custom', path: ['client_secret_env'], message: 'required for client_secret_basic' });
    }
    if (c.token_endpoint_auth_method === 'private_key_jwt' && !c.jwks === !c.jwks_uri) {
      ctx.addIssue({ code: 'custom', path: ['jwks'], message: 'private_key_jwt needs exactly one of jwks and jwks_uri' });
    }
    if (c.verified_claims_format && !c.uses.includes('identity_verification')) {
      ctx.addIssue({ code: 'custom', path: ['verified_claims_format'], message: 'only for a client with the identity_verification use' });
    }
  });
export const ClientsFileSchema = z.strictObject({ clients: z.array(FileClientSchema) });
export type FileClient = z.infer<typeof FileClientSchema>;

/** What every client gets: the code flow only (no implicit, no hybrid), RS256 ID tokens. */
export function clientMetadata(c: Omit<FileClient, 'client_secret_env'>, secret: string | undefined): ClientMetadata {
  return {
    client_id: c.client_id,
    ...(c.client_name ? { client_name: c.client_name } : {}),
    redirect_uris: c.redirect_uris,
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: c.token_endpoint_auth_method,
    ...(c.token_endpoint_auth_method === 'client_secret_basic' ? { client_secret: secret } : {}),
    ...(c.jwks ? { jwks: c.jwks } : {}),
    ...(c.jwks_uri ? { jwks_uri: c.jwks_uri } : {}),
    id_token_signed_response_alg: 'RS256',
    allowed_uses: c.uses,
    verified_claims_format: c.verified_claims_format ?? 'oidc4ida',
  };
}

/** The file's clients as oidc-provider metadata; a missing file means none. Throws, naming the problem, on a bad file. */
export function loadFileClients(file: string, env: NodeJS.ProcessEnv = process.env): ClientMetadata[] {
  if (!existsSync(file)) return [];
  const parsed = ClientsFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data.clients.map((c) => {
    const secret = c.client_secret_env ? env[c.client_secret_env] : undefined;
    if (c.client_secret_env && !secret) throw new Error(`${file}: client ${c.client_id}: ${c.client_secret_env} is not set`);
    return clientMetadata(c, secret);
  });
}

/** The uses a client may ask for (its `allowed_uses` metadata). */
export function allowedUses(metadata: Record<string, unknown>): OidcUse[] {
  const parsed = z.array(OidcUseSchema).safeParse(metadata.allowed_uses);
  return parsed.success ? parsed.data : [];
}

/** The shape of `verified_claims` a client reads (its `verified_claims_format` metadata); the standard one by default. */
export function verifiedClaimsFormat(metadata: Record<string, unknown>): VerifiedClaimsFormat {
  const parsed = VerifiedClaimsFormatSchema.safeParse(metadata.verified_claims_format);
  return parsed.success ? parsed.data : 'oidc4ida';
}
