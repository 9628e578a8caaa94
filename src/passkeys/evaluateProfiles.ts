/**
 * Pure passkey-profile policy. A profile covers a person when it targets one of their groups and
 * excludes none of them (exclusion always wins); people covered by none get the `default` profile.
 * Which covering profiles count is the selection mode:
 * - `priority` (default): the covering profile with the lowest `priority` (then name) alone
 *   decides. A Tier-0 admin who is also in `staff` is held to the Tier-0 profile.
 * - `any`: Microsoft Entra's rule, kept for compatibility: a passkey that satisfies ANY covering
 *   profile is accepted, so the laxest profile a person is in wins
 *   (https://learn.microsoft.com/en-us/entra/identity/authentication/how-to-enable-passkey-fido2).
 */
import { DEFAULT_PROFILE, type PasskeyProfile } from './profileSchema';

/** What the verified registration tells us about the new credential. */
export interface PasskeyFacts {
  /** UV, authenticator data flag bit 2. */
  userVerified: boolean;
  /** BE, flag bit 3: 1 = multi-device ("synced") credential, 0 = device-bound. Fixed at creation. */
  backupEligible: boolean;
  /** Lowercase 8-4-4-4-12. Only provable when attestation is verified (WebAuthn L3 §6.5.1). */
  aaguid: string;
  /** none = fmt "none"; self = packed without x5c (proves nothing about the model); full = a certificate chain. */
  attestation: 'none' | 'self' | 'full';
  /**
   * Per profile name: the trust anchor the chain validated to (the model's FIDO metadata roots or
   * the profile's own `attestationRoots`); absent when it validated to none. A chain that reaches
   * no anchor proves nothing: anyone can make a self-signed certificate.
   */
  anchors: Readonly<Record<string, string>>;
}

export type ProfileRule = 'userVerification' | 'passkeyTypes' | 'attestationEnforcement' | 'keyRestrictions';

export interface RuleFailure {
  profile: string;
  rule: ProfileRule;
  detail: string;
}

export type Evaluation = { allowed: true; profile: string } | { allowed: false; failures: RuleFailure[] };

export type ProfileSelection = 'priority' | 'any';

const byPriority = (a: PasskeyProfile, b: PasskeyProfile) => a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The profiles that apply to someone in `groups`, in priority order: one under `priority`, every covering one under `any`. */
export function profilesFor(profiles: readonly PasskeyProfile[], groups: readonly string[], selection: ProfileSelection = 'priority'): PasskeyProfile[] {
  const mine = new Set(groups);
  const covering = profiles.filter((p) => p.groups.some((g) => mine.has(g)) && !p.excludeGroups.some((g) => mine.has(g))).sort(byPriority);
  if (covering.length > 0) return selection === 'priority' ? covering.slice(0, 1) : covering;
  return profiles.filter((p) => p.name === DEFAULT_PROFILE);
}

/** `direct` when any applicable profile enforces attestation; otherwise `none` (privacy: no model info). */
export function attestationConveyance(applicable: readonly PasskeyProfile[]): 'direct' | 'none' {
  return applicable.some((p) => p.attestationEnforcement === 'registrationOnly') ? 'direct' : 'none';
}

/** The first rule of one profile the credential breaks, or null when it satisfies the profile. */
export function checkProfile(profile: PasskeyProfile, facts: PasskeyFacts): RuleFailure | null {
  const fail = (rule: ProfileRule, detail: string): RuleFailure => ({
    profile: profile.name,
    rule,
    detail: `profile "${profile.name}" ${detail} (rule ${rule})`,
  });
  // NIST SP 800-63B-4 App. B: verifiers SHALL inspect the UV flag; without it the passkey is single-factor.
  if (!facts.userVerified) return fail('userVerification', 'requires the authenticator to verify you with a PIN or biometric, and it did not');
  const type = facts.backupEligible ? 'synced' : 'deviceBound';
  if (!profile.passkeyTypes.includes(type)) {
    return fail(
      'passkeyTypes',
      type === 'synced'
        ? 'allows only device-bound passkeys, and this one is synced (it can be copied to other devices)'
        : 'allows only synced passkeys, and this one is device-bound',
    );
  }
  const trusted = facts.attestation === 'full' && facts.anchors[profile.name] !== undefined;
  if (profile.attestationEnforcement === 'registrationOnly' && !trusted) {
    return fail(
      'attestationEnforcement',
      facts.attestation === 'none'
        ? 'requires the authenticator to prove its make and model (attestation), and it sent none'
        : facts.attestation === 'self'
          ? 'requires an attestation certificate, and the authenticator sent only a self attestation'
          : 'requires an attestation from a trusted authenticator model, and this certificate chain leads to no trusted root',
    );
  }
  const restrictions = profile.keyRestrictions;
  // A model list is only as good as the attestation behind the AAGUID (a profile stored before
  // that was a loading rule may lack it): refuse rather than believe the client.
  if (restrictions?.isEnforced && !trusted) {
    return fail('keyRestrictions', "restricts authenticator models, and this one's model was not proven by a trusted attestation");
  }
  if (restrictions?.isEnforced) {
    const listed = restrictions.aaGuids.includes(facts.aaguid);
    if (restrictions.enforcementType === 'allow' && !listed) {
      return fail('keyRestrictions', `allows only listed authenticator models, and this one (AAGUID ${facts.aaguid}) is not listed`);
    }
    if (restrictions.enforcementType === 'block' && listed) {
      return fail('keyRestrictions', `blocks this authenticator model (AAGUID ${facts.aaguid})`);
    }
  }
  return null;
}

/** Allowed by the first satisfied profile (in the given order), or every profile's failure. */
export function evaluatePasskey(applicable: readonly PasskeyProfile[], facts: PasskeyFacts): Evaluation {
  if (applicable.length === 0) {
    return { allowed: false, failures: [{ profile: DEFAULT_PROFILE, rule: 'passkeyTypes', detail: 'no passkey profile applies to this account' }] };
  }
  const failures: RuleFailure[] = [];
  for (const profile of applicable) {
    const failure = checkProfile(profile, facts);
    if (!failure) return { allowed: true, profile: profile.name };
    failures.push(failure);
  }
  return { allowed: false, failures };
}

/** One readable sentence for the person at the browser. */
export function describeFailures(failures: readonly RuleFailure[]): string {
  return `Your organisation's passkey policy does not accept this passkey: ${failures.map((f) => f.detail).join('; and ')}. Try another authenticator.`;
}
