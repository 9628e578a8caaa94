/**
 * Registering relying parties through the admin API. A client_secret_basic client's secret is a
 * 256-bit CSPRNG value shown once, in the creation response, and stored sealed; the list never
 * shows it. Clients from OIDC_CLIENTS_FILE are listed too, read-only.
 */
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context';
import { appendAudit } from '../audit/auditLog';
import { newSecretToken } from '../crypto/secrets';
import type { OidcUse, StoredClient, VerifiedClaimsFormat } from '../stores/oidcClientStore';
import { allowedUses, verifiedClaimsFormat } from './clients';
import { oidcErrors } from './errors';
import type { OidcService } from './service';

export interface NewClient {
  clientId?: string | undefined;
  name: string;
  redirectUris: string[];
  uses: OidcUse[];
  /** Default `oidc4ida`. */
  verifiedClaimsFormat?: VerifiedClaimsFormat | undefined;
  authMethod: 'client_secret_basic' | 'private_key_jwt';
  jwks?: { keys: Record<string, unknown>[] } | undefined;
  jwksUri?: string | undefined;
}

export interface ClientView {
  clientId: string;
  name: string;
  redirectUris: string[];
  uses: OidcUse[];
  verifiedClaimsFormat: VerifiedClaimsFormat;
  authMethod: 'client_secret_basic' | 'private_key_jwt';
  source: 'file' | 'api';
  createdAt: string | null;
  createdBy: string | null;
}

function service(ctx: AppContext): OidcService {
  if (!ctx.oidc) throw oidcErrors.disabled();
  return ctx.oidc;
}

const viewOf = (c: StoredClient): ClientView => ({
  clientId: c.clientId,
  name: c.name,
  redirectUris: c.redirectUris,
  uses: c.uses,
  verifiedClaimsFormat: c.verifiedClaimsFormat,
  authMethod: c.authMethod,
  source: 'api',
  createdAt: new Date(c.createdAt).toISOString(),
  createdBy: c.createdBy,
});

export async function createClient(ctx: AppContext, input: NewClient, actor: string): Promise<ClientView & { clientSecret?: string }> {
  const oidc = service(ctx);
  const clientId = input.clientId ?? `rp-${randomBytes(9).toString('base64url')}`;
  if (oidc.fileClients.some((c) => c.client_id === clientId)) throw oidcErrors.clientExists();
  const secret = input.authMethod === 'client_secret_basic' ? newSecretToken() : undefined;
  const record: StoredClient = {
    clientId,
    name: input.name,
    redirectUris: input.redirectUris,
    uses: input.uses,
    verifiedClaimsFormat: input.verifiedClaimsFormat ?? 'oidc4ida',
    authMethod: input.authMethod,
    sealedSecret: secret ? oidc.secrets.seal(clientId, secret) : null,
    jwks: input.jwks ?? null,
    jwksUri: input.jwksUri ?? null,
    createdAt: ctx.clock.now(),
    createdBy: actor,
  };
  // Let oidc-provider validate the metadata (redirect URIs, keys) before it is stored.
  const provider = await oidc.provider();
  await provider.Client.validate({
    client_id: clientId,
    redirect_uris: record.redirectUris,
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: record.authMethod,
    ...(secret ? { client_secret: secret } : {}),
    ...(record.jwks ? { jwks: record.jwks } : {}),
    ...(record.jwksUri ? { jwks_uri: record.jwksUri } : {}),
    allowed_uses: record.uses,
    verified_claims_format: record.verifiedClaimsFormat,
  });
  if (!(await oidc.clients.create(record))) throw oidcErrors.clientExists();
  await appendAudit(ctx, {
    type: 'oidc.client_created',
    actor,
    data: { clientId, uses: record.uses, authMethod: record.authMethod, verifiedClaimsFormat: record.verifiedClaimsFormat },
  });
  return { ...viewOf(record), ...(secret ? { clientSecret: secret } : {}) };
}

export async function listClients(ctx: AppContext): Promise<ClientView[]> {
  const oidc = service(ctx);
  const fromFile: ClientView[] = oidc.fileClients.map((c) => ({
    clientId: c.client_id,
    name: c.client_name ?? c.client_id,
    redirectUris: [...(c.redirect_uris ?? [])],
    uses: allowedUses(c),
    verifiedClaimsFormat: verifiedClaimsFormat(c),
    authMethod: c.token_endpoint_auth_method as ClientView['authMethod'],
    source: 'file',
    createdAt: null,
    createdBy: null,
  }));
  return [...fromFile, ...(await oidc.clients.list()).map(viewOf)];
}

export async function deleteClient(ctx: AppContext, clientId: string, actor: string): Promise<void> {
  const oidc = service(ctx);
  if (oidc.fileClients.some((c) => c.client_id === clientId)) throw oidcErrors.clientFromFile();
  if (!(await oidc.clients.remove(clientId))) throw oidcErrors.clientNotFound();
  await appendAudit(ctx, { type: 'oidc.client_deleted', actor, data: { clientId } });
}

export async function rotateKeys(ctx: AppContext, actor: string) {
  const oidc = service(ctx);
  const keys = await oidc.keys.rotate();
  if (!keys) throw oidcErrors.rotationBusy();
  await appendAudit(ctx, { type: 'oidc.keys_rotated', actor, data: { signing: keys.find((k) => k.signing)?.kid } });
  return keys;
}

export function listKeys(ctx: AppContext) {
  return service(ctx).keys.list();
}
