/**
 * What an authorization request asks for, decided from its parameters: identity verification when
 * it requests `verified_claims` through the `claims` parameter (OpenID Connect for Identity
 * Assurance 1.0 §6; OpenID Connect Core 1.0 §5.5), passkey sign-in otherwise. A client may only ask
 * for the uses it is registered for.
 */
import { z } from 'zod';
import type { OidcUse } from '../stores/oidcClientStore';

const Constraint = z.union([z.null(), z.record(z.string(), z.unknown())]);
/** One `verified_claims` request: `verification` and `claims` (IDA 1.0 §6.1); unknown members are ignored. */
const VerifiedClaimsRequest = z.looseObject({
  verification: z.record(z.string(), z.unknown()).optional(),
  claims: z.record(z.string(), Constraint).optional(),
});
export type VerifiedClaimsRequest = z.infer<typeof VerifiedClaimsRequest>;

const Container = z.record(z.string(), z.unknown());
const ClaimsParameter = z.looseObject({ id_token: Container.optional(), userinfo: Container.optional() });

export class ClaimsParameterError extends Error {}

/**
 * Checks the `claims` parameter and returns it normalised: a `verified_claims` array (a request
 * for alternatives, IDA 1.0 §6.4) becomes its first alternative whose trust framework this
 * service offers (else the first), since oidc-provider filters claims requested as objects only.
 */
export function normaliseClaimsParameter(raw: unknown, trustFramework: string): Record<string, unknown> {
  const parsed = ClaimsParameter.safeParse(raw);
  if (!parsed.success) throw new ClaimsParameterError('the claims parameter must be an object with id_token and/or userinfo objects');
  const out: Record<string, unknown> = { ...parsed.data };
  for (const container of ['id_token', 'userinfo'] as const) {
    const members = parsed.data[container];
    if (!members) continue;
    const copy: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(members)) {
      if (name === 'verified_claims') copy[name] = pickAlternative(value, trustFramework);
      else if (value === null || (typeof value === 'object' && !Array.isArray(value))) copy[name] = value;
      else throw new ClaimsParameterError(`claims.${container}.${name} must be null or an object`);
    }
    out[container] = copy;
  }
  return out;
}

function pickAlternative(value: unknown, trustFramework: string): VerifiedClaimsRequest {
  const list = Array.isArray(value) ? value : [value];
  const parsed = z.array(VerifiedClaimsRequest).min(1).max(10).safeParse(list);
  if (!parsed.success) throw new ClaimsParameterError('verified_claims must be an object or a non-empty array of objects with verification and claims');
  return parsed.data.find((alt) => offersFramework(alt, trustFramework)) ?? (parsed.data[0] as VerifiedClaimsRequest);
}

/** Whether a request's `trust_framework` constraint (`value`/`values`, OIDC Core §5.5.1) admits ours. */
export function offersFramework(request: VerifiedClaimsRequest, trustFramework: string): boolean {
  const constraint = request.verification?.trust_framework;
  if (constraint === undefined || constraint === null || typeof constraint !== 'object') return true;
  const c = constraint as { value?: unknown; values?: unknown };
  if (c.value !== undefined) return c.value === trustFramework;
  if (Array.isArray(c.values)) return c.values.includes(trustFramework);
  return true;
}

/** The use a request asks for, from its (normalised) claims parameter. */
export function requestedUse(claims: Record<string, unknown> | undefined): OidcUse {
  const asks = (container: unknown) => typeof container === 'object' && container !== null && 'verified_claims' in container;
  return claims && (asks(claims.id_token) || asks(claims.userinfo)) ? 'identity_verification' : 'passkey_sign_in';
}

/** The verified_claims request of a claims parameter (ID token first), if any. */
export function verifiedClaimsRequest(claims: Record<string, unknown> | undefined): VerifiedClaimsRequest | null {
  for (const container of [claims?.id_token, claims?.userinfo]) {
    const value = (container as Record<string, unknown> | undefined)?.verified_claims;
    if (value) return VerifiedClaimsRequest.parse(value);
  }
  return null;
}
