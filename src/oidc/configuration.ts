/**
 * oidc-provider's configuration: the authorization code flow only, PKCE (S256) required of every
 * client (RFC 9700 §2.1.1), pushed authorization requests (RFC 9126), client_secret_basic and
 * private_key_jwt client authentication, the `claims` parameter (OpenID Connect Core 1.0 §5.5),
 * and one interaction that every authorization request goes through (a fresh passkey sign-in: no
 * single sign-on session stands in for it). Protocol behaviour is oidc-provider's; this file only
 * chooses among its options.
 */
import { interactionPolicy, errors as oidcErrors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { JWK } from 'jose';
import { z } from 'zod';
import { OIDC_USES, VERIFIED_CLAIMS_FORMATS } from '../stores/oidcClientStore';
import { ACR_VALUES } from './authContext';
import { allowedUses, verifiedClaimsFormat } from './clients';
import { formatVerifiedClaims, trustFrameworkFor } from './claimFormats';
import { ClaimsParameterError, normaliseClaimsParameter, requestedUse } from './requests';
import { oidcPaths, type OidcPaths } from './paths';
import { renderError } from './errorPage';
import type { VerifiedIdentity } from '../stores/verifiedIdentityStore';
import { CHECK_METHODS, CLAIMS_IN_VERIFIED_CLAIMS, IDA_DOCUMENT_TYPES, type IdaSettings } from './verifiedClaims';

export interface ProviderSettings {
  paths: OidcPaths;
  jwks: JWK[];
  adapter: NonNullable<Configuration['adapter']>;
  cookieKeys: string[];
  idTokenTtlSeconds: number;
  codeTtlSeconds: number;
  interactionTtlSeconds: number;
  /** Identity verification: the trust framework and assurance level `verified_claims` name. */
  ida: IdaSettings;
  /** What the verification behind a grant proved (stores/verifiedIdentityStore.ts), or null. */
  verifiedIdentity: (grantId: string) => Promise<VerifiedIdentity | null>;
  now: () => number;
}

/** Every authorization needs the interaction, unless this request is the one resuming after it. */
function freshSignInPolicy() {
  const policy = interactionPolicy.base();
  const login = policy.get('login');
  if (!login) throw new Error('oidc-provider has no login prompt');
  login.checks.push(
    new interactionPolicy.Check(
      'fresh_authentication',
      'each authorization request needs its own passkey sign-in or verification',
      (ctx: KoaContextWithOIDC) => (ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT),
    ),
  );
  return policy;
}

/** IDA 1.0 §9 `purpose`: 3 to 300 characters, shown to the person. */
const Purpose = z.string().min(3).max(300).optional();

export function providerConfiguration(s: ProviderSettings): Configuration {
  const paths = oidcPaths(s.paths.mount);
  return {
    adapter: s.adapter,
    // Every client, from the file or the admin API, is read through the adapter (oidc/adapter.ts).
    clients: [],
    jwks: { keys: s.jwks },
    cookies: {
      keys: s.cookieKeys,
      long: { signed: true, httpOnly: true, sameSite: 'lax' },
      short: { signed: true, httpOnly: true, sameSite: 'lax' },
    },
    routes: paths.routes,
    responseTypes: ['code'],
    scopes: ['openid'],
    // acr, amr and auth_time ride with `openid`, so every ID token says how the person signed in.
    claims: { openid: ['sub', 'acr', 'amr', 'auth_time'], verified_claims: null },
    acrValues: [...ACR_VALUES],
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    // An error with nowhere safe to redirect is shown in the service's own page (oidc/errorPage.ts).
    renderError: (ctx, out) => renderError(ctx, out),
    clientAuthMethods: ['client_secret_basic', 'private_key_jwt'],
    // `none` is never an accepted algorithm (RFC 8725 §3.1); ID tokens are RS256, as Okta and Entra expect.
    enabledJWA: {
      clientAuthSigningAlgValues: ['RS256', 'PS256', 'ES256', 'EdDSA'],
      idTokenSigningAlgValues: ['RS256'],
      userinfoSigningAlgValues: ['RS256'],
      requestObjectSigningAlgValues: ['RS256', 'PS256', 'ES256'],
    },
    extraClientMetadata: {
      properties: ['allowed_uses', 'verified_claims_format'],
      validator(_ctx, key, value) {
        if (key === 'verified_claims_format') {
          if (!(VERIFIED_CLAIMS_FORMATS as readonly unknown[]).includes(value)) {
            throw new oidcErrors.InvalidClientMetadata(`verified_claims_format must be one of ${VERIFIED_CLAIMS_FORMATS.join(', ')}`);
          }
          return;
        }
        if (key !== 'allowed_uses') return;
        if (!Array.isArray(value) || value.length === 0 || value.some((v) => !(OIDC_USES as readonly unknown[]).includes(v))) {
          throw new oidcErrors.InvalidClientMetadata(`allowed_uses must list some of ${OIDC_USES.join(', ')}`);
        }
      },
    },
    extraParams: {
      // Called for every authorization and pushed request, after the claims parameter was checked.
      async purpose(ctx, value, client) {
        if (!Purpose.safeParse(value).success) throw new oidcErrors.InvalidRequest('purpose must be 3 to 300 characters');
        const claims = typeof ctx.oidc.params?.claims === 'string' ? (JSON.parse(ctx.oidc.params.claims) as Record<string, unknown>) : undefined;
        const use = requestedUse(claims);
        if (!allowedUses(client.metadata()).includes(use)) {
          throw new oidcErrors.UnauthorizedClient(`this client is not registered for ${use}`);
        }
      },
    },
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: false },
      claimsParameter: {
        enabled: true,
        async assertClaimsParameter(ctx, claims, client) {
          let normalised: Record<string, unknown>;
          try {
            normalised = normaliseClaimsParameter(claims, trustFrameworkFor(verifiedClaimsFormat(client.metadata()), s.ida));
          } catch (err) {
            if (err instanceof ClaimsParameterError) throw new oidcErrors.InvalidRequest(err.message);
            throw err;
          }
          // Stored with the pushed request and the code, so later steps see the normalised form.
          (ctx.oidc.params as Record<string, unknown>).claims = JSON.stringify(normalised);
        },
      },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: false },
      revocation: { enabled: true },
    },
    interactions: {
      policy: freshSignInPolicy(),
      url: (_ctx, interaction) => paths.interaction(interaction.uid),
    },
    // `verified_claims` only for a grant that an identity verification finished, and only what the
    // relying party asked for in this container (`claims`: the id_token or userinfo request, IDA 1.0 §6),
    // in the form the client is registered for (claimFormats.ts).
    async findAccount(ctx, sub, token) {
      const grantId = token?.grantId;
      const format = verifiedClaimsFormat(ctx.oidc.client?.metadata() ?? {});
      return {
        accountId: sub,
        async claims(_use, _scope, requested) {
          const request = (requested as Record<string, unknown> | undefined)?.verified_claims;
          if (!grantId || !request) return { sub };
          const identity = await s.verifiedIdentity(grantId);
          const verified = identity ? formatVerifiedClaims(format, identity, request, s.ida, s.now()) : null;
          return verified ? { sub, verified_claims: verified } : { sub };
        },
      };
    },
    // OpenID Connect for Identity Assurance 1.0 §7 (OP metadata). `verified_claims_supported` was
    // dropped from the final text but relying parties written against the drafts still read it.
    discovery: {
      claim_types_supported: ['normal'],
      verified_claims_supported: true,
      trust_frameworks_supported: [s.ida.trustFramework],
      evidence_supported: ['document'],
      documents_supported: Object.values(IDA_DOCUMENT_TYPES),
      documents_check_methods_supported: [...CHECK_METHODS],
      claims_in_verified_claims_supported: [...CLAIMS_IN_VERIFIED_CLAIMS],
    },
    ttl: {
      AuthorizationCode: s.codeTtlSeconds,
      IdToken: s.idTokenTtlSeconds,
      AccessToken: s.idTokenTtlSeconds,
      Interaction: s.interactionTtlSeconds,
      Session: s.interactionTtlSeconds,
      Grant: s.interactionTtlSeconds,
    },
    // Refresh tokens are not issued (no offline_access scope), so no rotation policy is needed.
    allowOmittingSingleRegisteredRedirectUri: false,
  };
}
