/**
 * What a signed-in person may do here, read from their ID token: the values of the configured
 * groups/roles claim (STAFF_OIDC_ROLES_CLAIM) mapped to roles by STAFF_OIDC_*_GROUPS. A person may
 * hold several roles; a person whose values map to none is refused at sign-in.
 */
import type { AppConfig } from '../config';
import type { ApiKeyRole } from '../stores/apiKeyStore';

type Claims = Record<string, unknown>;

/** The claim's values: a string or an array of strings; a dotted name walks nested objects (`realm_access.roles`). */
export function claimValues(claims: Claims, name: string): string[] {
  let value: unknown = claims;
  for (const part of name.split('.')) {
    value = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Claims)[part] : undefined;
  }
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function rolesFromClaims(claims: Claims, config: AppConfig): ApiKeyRole[] {
  const values = new Set(claimValues(claims, config.STAFF_OIDC_ROLES_CLAIM));
  const grants: Array<[ApiKeyRole, string[]]> = [
    ['admin', config.STAFF_OIDC_ADMIN_GROUPS],
    ['helpdesk', config.STAFF_OIDC_HELPDESK_GROUPS],
    ['reviewer', config.STAFF_OIDC_REVIEWER_GROUPS],
  ];
  return grants.filter(([, groups]) => groups.some((g) => values.has(g))).map(([role]) => role);
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/**
 * The readable name the audit trail records (`staff:<name>`): the e-mail address when the OP says
 * it verified it (`email_verified`, OpenID Connect Core 1.0 §5.1: at some OPs people type their own
 * address, and an unverified colleague's address would claim the colleague's name), else
 * `preferred_username`, else the subject. Pinned to the subject at first use (staffIdentityStore.ts).
 */
export function staffNameFromClaims(claims: Claims & { sub: string }): string {
  const email = claims.email_verified === true ? text(claims.email) : null;
  return (email ?? text(claims.preferred_username) ?? claims.sub).toLowerCase();
}

export function displayName(claims: Claims): string | null {
  return text(claims.name) ?? ([text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ') || null);
}
