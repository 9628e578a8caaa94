/**
 * The slice of the Microsoft identity platform MSAL Node calls for the client-credentials flow with
 * instance discovery disabled: the tenant's OpenID configuration (MSAL requires
 * `authorization_endpoint`, `token_endpoint`, `issuer` and `jwks_uri`), the token endpoint, and the
 * signing keys. Unknown form fields (MSAL's `x-client-*` telemetry, `client-request-id`) are ignored.
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 */
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { GRAPH_RESOURCE, TOKEN_LIFETIME_SECONDS, type AccessTokens } from './accessTokens';
import { authenticateClient, type ClientRegistration } from './clientAuth';

export interface TokenRouteOptions {
  tenantId: string;
  app: ClientRegistration;
  tokens: AccessTokens;
}

const origin = (req: Request): string => `https://${req.get('host') ?? 'localhost'}`;

/** Entra's OAuth error body: `error`, an `AADSTS<n>:` description with trace and correlation ids, `error_codes`. */
function sendAadError(res: Response, status: number, error: string, aadsts: number, description: string): void {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  res.status(status).json({
    error,
    error_description: `AADSTS${aadsts}: ${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${origin(res.req)}/error?code=${aadsts}`,
  });
}

/** The one scope the client-credentials flow accepts here: Graph's `/.default`. */
function scopeProblem(scope: string | undefined): { error: string; aadsts: number; description: string } | null {
  const scopes = (scope ?? '').split(' ').filter((s) => s.length > 0);
  if (scopes.length === 1 && scopes[0] === `${GRAPH_RESOURCE}/.default`) return null;
  if (scopes.length !== 1 || !scopes[0]?.endsWith('/.default')) {
    return {
      error: 'invalid_scope',
      aadsts: 1002012,
      description: `The provided value for scope ${scope ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    };
  }
  return {
    error: 'invalid_resource',
    aadsts: 500011,
    description: `The resource principal named ${scopes[0].replace(/\/\.default$/, '')} was not found in the tenant.`,
  };
}

export function tokenRoutes(options: TokenRouteOptions): Router {
  const router = express.Router();
  const knownTenant = (req: Request, res: Response): boolean => {
    if (req.params.tenant === options.tenantId) return true;
    sendAadError(
      res,
      400,
      'invalid_request',
      90002,
      `Tenant '${String(req.params.tenant)}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    );
    return false;
  };

  router.get('/:tenant/v2.0/.well-known/openid-configuration', (req, res) => {
    if (!knownTenant(req, res)) return;
    const base = `${origin(req)}/${options.tenantId}`;
    res.json({
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      issuer: `${origin(req)}/${options.tenantId}/v2.0`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      tenant_region_scope: 'EU',
    });
  });

  router.get('/:tenant/discovery/v2.0/keys', async (req, res) => {
    if (knownTenant(req, res)) res.json(await options.tokens.jwks());
  });

  router.post('/:tenant/oauth2/v2.0/token', express.urlencoded({ extended: false }), async (req, res) => {
    if (!knownTenant(req, res)) return;
    const form = (req.body ?? {}) as Record<string, string | undefined>;
    if (form.grant_type !== 'client_credentials') {
      return sendAadError(
        res,
        400,
        'unsupported_grant_type',
        70003,
        'The app requested an unsupported grant type. This stand-in supports client_credentials only.',
      );
    }
    if (form.client_id !== options.app.clientId) {
      return sendAadError(
        res,
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${form.client_id ?? ''}' was not found in the directory '${options.tenantId}'.`,
      );
    }
    const scope = scopeProblem(form.scope);
    if (scope) return sendAadError(res, 400, scope.error, scope.aadsts, scope.description);
    const tokenEndpoint = `${origin(req)}/${req.params.tenant}/oauth2/v2.0/token`;
    const auth = await authenticateClient(form, req.get('authorization'), options.app, tokenEndpoint);
    if (!auth.ok) return sendAadError(res, auth.status, auth.error, auth.aadsts, auth.description);
    res.set('Cache-Control', 'no-store').json({
      token_type: 'Bearer',
      expires_in: TOKEN_LIFETIME_SECONDS,
      ext_expires_in: TOKEN_LIFETIME_SECONDS,
      access_token: await options.tokens.issue(options.app.clientId),
    });
  });
  return router;
}
