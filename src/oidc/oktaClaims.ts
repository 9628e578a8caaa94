/**
 * `verified_claims` in the form Okta reads from a custom identity-verification (IDV) vendor
 * ("Integrate Okta with identity verification vendors",
 * https://developer.okta.com/docs/guides/idv-integration/main/), for clients registered with
 * `verified_claims_format: okta`. It differs from OpenID Connect for Identity Assurance 1.0
 * (verifiedClaims.ts) where Okta's contract does:
 *
 * - `verified_claims` is always an array (IDA allows one object or an array);
 * - `verification` always carries `trust_framework` `IDV-DELEGATED`, `assurance_level` (`VERIFIED`:
 *   a failed verification never reaches a token, the relying party gets `access_denied` instead),
 *   `time` and `verification_process`; Okta passes the evaluation only when both values equal what
 *   it requested, so a request constraint they do not meet omits the element, as IDA §6 does;
 * - each claim keeps Okta's wrapper, `{ "value": …, "fuzzy": true }`: Okta sends the values it holds
 *   and compares them with ours itself, fuzzily, so a `fuzzy` constraint is not a filter here (an
 *   exact `value` constraint without `fuzzy` still is, as in OpenID Connect Core §5.5.1);
 * - only claims this service establishes are returned (Okta fails the evaluation on claims it does
 *   not support); `claims` may be empty.
 */
import type { VerifiedIdentity } from '../stores/verifiedIdentityStore';
import { asked, CLAIMS_IN_VERIFIED_CLAIMS, establishedClaims, fails, idaTime, isObject, sub, type Json } from './verifiedClaims';

export const OKTA_TRUST_FRAMEWORK = 'IDV-DELEGATED';
export const OKTA_VERIFIED = 'VERIFIED';

/** `request`: the (normalised, single) `verified_claims` request; `now`: ms, for `max_age`. Null when nothing may be released. */
export function buildOktaVerifiedClaims(identity: VerifiedIdentity, request: unknown, now: number): Json[] | null {
  if (!isObject(request)) return null;
  const wanted = sub(request, 'verification');
  if (fails(wanted?.trust_framework, OKTA_TRUST_FRAMEWORK) || fails(wanted?.assurance_level, OKTA_VERIFIED)) return null;
  const maxAge = sub(wanted, 'time')?.max_age;
  if (typeof maxAge === 'number' && now - identity.verifiedAt > maxAge * 1000) return null;
  const verification = {
    trust_framework: OKTA_TRUST_FRAMEWORK,
    assurance_level: OKTA_VERIFIED,
    time: idaTime(identity.verifiedAt),
    verification_process: identity.recoveryId,
  };
  return [{ verification, claims: wrappedClaims(identity, sub(request, 'claims')) }];
}

function wrappedClaims(identity: VerifiedIdentity, request: Json | undefined): Json {
  const known = establishedClaims(identity);
  const out: Json = {};
  for (const name of CLAIMS_IN_VERIFIED_CLAIMS) {
    const value = known[name];
    if (!asked(request, name) || value === null) continue;
    const constraint = request?.[name];
    const fuzzy = isObject(constraint) && constraint.fuzzy === true;
    if (!fuzzy && fails(constraint, value)) continue;
    out[name] = fuzzy ? { value, fuzzy: true } : { value };
  }
  return out;
}
