/**
 * The `verified_claims` a relying party receives for an identity verification, built from what
 * the verification proved (stores/verifiedIdentityStore.ts) and limited to what the relying party
 * asked for, following OpenID Connect for Identity Assurance 1.0 (IDA) and the OpenID Identity
 * Assurance Schema Definition 1.0 (https://openid.net/specs/openid-ida-verified-claims-1_0.html):
 *
 * - `verification.trust_framework` is always present (it is required); every other `verification`
 *   element (`assurance_level`, `time`, `verification_process`, `evidence` and each of its
 *   sub-elements) only when requested (IDA 1.0 §6: the RP asks for each element it wants).
 * - A `value` / `values` / `max_age` constraint inside `verification` that the data does not
 *   satisfy omits the whole `verified_claims` element, with no error (IDA 1.0 §6.5); a constraint on
 *   a claim omits that claim only (OpenID Connect Core 1.0 §5.5.1).
 * - Claims the verification did not establish are omitted; with no claim left, so is the element
 *   (`claims` must not be empty).
 *
 * The checks named are the IDA check methods of what the vendor did (registry of IDA predefined
 * values; definitions in docs/oidc.md): `vri`, the document validated by inspecting an image of it
 * taken remotely under visible light; `bvr`, the person verified by an automated biometric
 * comparison of the live selfie with the document's portrait, remotely; plus `pvr` when a trained
 * reviewer (a person) compared them because the vendor or the policy asked for one.
 */
import type { DocumentType } from '../../providers/contract';
import type { VerifiedIdentity } from '../stores/verifiedIdentityStore';

export interface IdaSettings {
  trustFramework: string;
  assuranceLevel: string;
  /** Who performed the checks, named in `check_details[].organization`: the service itself. */
  organization: string;
}

/** The claims inside `verified_claims` this service can establish from an ID document. */
export const CLAIMS_IN_VERIFIED_CLAIMS = ['given_name', 'family_name', 'birthdate'] as const;
/** IDA predefined document types, for the kinds a person can declare (providers/contract.ts). */
export const IDA_DOCUMENT_TYPES: Record<DocumentType, string> = {
  passport: 'passport',
  identity_card: 'idcard',
  driving_licence: 'driving_permit',
  residence_permit: 'residence_permit',
};
export const CHECK_METHODS = ['vri', 'bvr', 'pvr'] as const;

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Whether a member was requested (`null` or an object, OpenID Connect Core §5.5.1). */
export const asked = (request: Json | undefined, name: string): boolean =>
  request !== undefined && name in request && (request[name] === null || isObject(request[name]));
export const sub = (request: Json | undefined, name: string): Json | undefined => (request && isObject(request[name]) ? request[name] : undefined);

/** A `value` / `values` constraint (OpenID Connect Core §5.5.1) that `actual` fails. */
export function fails(constraint: unknown, actual: string | null): boolean {
  if (!isObject(constraint)) return false;
  if (constraint.value !== undefined) return constraint.value !== actual;
  if (Array.isArray(constraint.values)) return !constraint.values.includes(actual);
  return false;
}

/** IDA `time`: ISO 8601 in UTC, to the second (`YYYY-MM-DDThh:mm:ssZ`). */
export function idaTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

class Withheld extends Error {}

/**
 * `request`: the (normalised, single) `verified_claims` request of this container; `now`: ms, for
 * `max_age`. Returns null when nothing may be released.
 */
export function buildVerifiedClaims(identity: VerifiedIdentity, request: unknown, settings: IdaSettings, now: number): Json | null {
  if (!isObject(request)) return null;
  try {
    const claims = releasedClaims(identity, sub(request, 'claims'));
    if (Object.keys(claims).length === 0) return null;
    return { verification: verification(identity, sub(request, 'verification'), settings, now), claims };
  } catch (err) {
    if (err instanceof Withheld) return null;
    throw err;
  }
}

/** The claims the verification established, by their OpenID Connect name (null: not read from the document). */
export function establishedClaims(identity: VerifiedIdentity): Record<(typeof CLAIMS_IN_VERIFIED_CLAIMS)[number], string | null> {
  return { given_name: identity.claims.givenName, family_name: identity.claims.familyName, birthdate: identity.claims.birthDate };
}

function releasedClaims(identity: VerifiedIdentity, request: Json | undefined): Json {
  if (!request) return {};
  const known = establishedClaims(identity);
  const out: Json = {};
  for (const name of CLAIMS_IN_VERIFIED_CLAIMS) {
    const value = known[name];
    if (!asked(request, name) || value === null || fails(request[name], value)) continue;
    out[name] = value;
  }
  return out;
}

function verification(identity: VerifiedIdentity, request: Json | undefined, settings: IdaSettings, now: number): Json {
  if (fails(request?.trust_framework, settings.trustFramework)) throw new Withheld();
  const out: Json = { trust_framework: settings.trustFramework };
  if (asked(request, 'assurance_level')) {
    if (fails(request?.assurance_level, settings.assuranceLevel)) throw new Withheld();
    out.assurance_level = settings.assuranceLevel;
  }
  if (asked(request, 'time')) {
    const maxAge = sub(request, 'time')?.max_age;
    if (typeof maxAge === 'number' && now - identity.verifiedAt > maxAge * 1000) throw new Withheld();
    out.time = idaTime(identity.verifiedAt);
  }
  if (asked(request, 'verification_process')) {
    if (fails(request?.verification_process, identity.recoveryId)) throw new Withheld();
    out.verification_process = identity.recoveryId;
  }
  if (request && 'evidence' in request) out.evidence = [documentEvidence(identity, request.evidence, settings)];
  return out;
}

/** The one evidence: the ID document. `request` lists alternatives (OR-ed, IDA 1.0 §6.5.3); the first that fits is used. */
function documentEvidence(identity: VerifiedIdentity, request: unknown, settings: IdaSettings): Json {
  const alternatives = (Array.isArray(request) ? request : [request]).filter(isObject);
  const chosen = alternatives.find((alt) => !fails(alt.type, 'document'));
  if (alternatives.length > 0 && !chosen) throw new Withheld();
  const out: Json = { type: 'document' };
  const checks = checkDetails(identity, settings);
  if (chosen && 'check_details' in chosen) {
    const wanted = (Array.isArray(chosen.check_details) ? chosen.check_details : [chosen.check_details]).filter(isObject);
    const shape = wanted[0];
    // Each requested check must be satisfied by one of ours (a check_method constraint).
    if (wanted.some((w) => !checks.some((c) => !fails(w.check_method, c.check_method as string)))) throw new Withheld();
    out.check_details = checks.map((c) => {
      const item: Json = { check_method: c.check_method };
      for (const name of ['organization', 'check_id', 'time']) if (asked(shape, name) && c[name] !== undefined) item[name] = c[name];
      return item;
    });
  }
  if (asked(chosen, 'time')) out.time = idaTime(identity.verifiedAt);
  if (asked(chosen, 'document_details')) {
    const details = documentDetails(identity, sub(chosen, 'document_details'));
    if (details) out.document_details = details;
  }
  return out;
}

function checkDetails(identity: VerifiedIdentity, settings: IdaSettings): Json[] {
  const time = idaTime(identity.verifiedAt);
  const vendor = { organization: identity.provider, check_id: identity.vendorReference, time };
  return [
    { check_method: 'vri', ...vendor },
    { check_method: 'bvr', ...vendor },
    ...(identity.outcome === 'review' ? [{ check_method: 'pvr', organization: settings.organization }] : []),
  ];
}

/** `type` is required in `document_details`: without a declared kind, the element is left out. */
function documentDetails(identity: VerifiedIdentity, request: Json | undefined): Json | null {
  const type = identity.document.type ? IDA_DOCUMENT_TYPES[identity.document.type] : null;
  if (fails(request?.type, type)) throw new Withheld();
  if (!type) return null;
  const out: Json = { type };
  if (asked(request, 'document_number') && identity.document.number) {
    if (fails(request?.document_number, identity.document.number)) throw new Withheld();
    out.document_number = identity.document.number;
  }
  if (asked(request, 'date_of_expiry') && identity.document.expiry) out.date_of_expiry = identity.document.expiry;
  if (asked(request, 'issuer') && identity.document.issuingCountry) {
    const issuer = sub(request, 'issuer');
    if (fails(issuer?.country_code, identity.document.issuingCountry)) throw new Withheld();
    if (!issuer || asked(issuer, 'country_code')) out.issuer = { country_code: identity.document.issuingCountry };
  }
  return out;
}
