/**
 * Which `verified_claims` form a relying party receives, chosen by its client metadata
 * `verified_claims_format` (clients.ts): `oidc4ida`, OpenID Connect for Identity Assurance 1.0
 * (verifiedClaims.ts), or `okta`, Okta's custom IDV vendor contract (oktaClaims.ts), whose trust
 * framework is always `IDV-DELEGATED` whatever OIDC_IDA_TRUST_FRAMEWORK says.
 */
import type { VerifiedClaimsFormat } from '../stores/oidcClientStore';
import type { VerifiedIdentity } from '../stores/verifiedIdentityStore';
import { buildOktaVerifiedClaims, OKTA_TRUST_FRAMEWORK } from './oktaClaims';
import { buildVerifiedClaims, type IdaSettings } from './verifiedClaims';

/** The trust framework a client's `verified_claims` name (for choosing among requested alternatives, IDA 1.0 §6.4). */
export function trustFrameworkFor(format: VerifiedClaimsFormat, settings: IdaSettings): string {
  return format === 'okta' ? OKTA_TRUST_FRAMEWORK : settings.trustFramework;
}

/** The `verified_claims` value for this client, or null when nothing may be released. */
export function formatVerifiedClaims(format: VerifiedClaimsFormat, identity: VerifiedIdentity, request: unknown, settings: IdaSettings, now: number): unknown {
  return format === 'okta' ? buildOktaVerifiedClaims(identity, request, now) : buildVerifiedClaims(identity, request, settings, now);
}
