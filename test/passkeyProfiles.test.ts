/**
 * Passkey-profile policy as pure functions (Entra passkey profiles): targeting by group with the
 * default as fallback, device-bound vs synced from BE, UV, attestation, AAGUID allow/block lists,
 * priority and exclusion deciding which profile applies (or Entra's "any applicable profile
 * satisfied" in compatibility mode) — plus the profiles file shipped in config/.
 */
import { attestationConveyance, checkProfile, describeFailures, evaluatePasskey, profilesFor, type PasskeyFacts } from '../src/passkeys/evaluateProfiles';
import { loadPasskeyProfiles } from '../src/passkeys/loadProfiles';
import { PasskeyProfileBodySchema, PasskeyProfileSchema, type PasskeyProfile, type PasskeyProfileInput } from '../src/passkeys/profileSchema';
import { ConfigError } from '../src/config';

const VIRTUAL = '01020304-0506-0708-0102-030405060708';
const OTHER = 'ee882879-721c-4913-9775-3dfcce97072a';
const profile = (p: PasskeyProfileInput): PasskeyProfile => PasskeyProfileSchema.parse(p);

const dflt = profile({ name: 'default', passkeyTypes: ['deviceBound', 'synced'], attestationEnforcement: 'disabled' });
const staff = profile({ name: 'standard-users', passkeyTypes: ['synced', 'deviceBound'], attestationEnforcement: 'disabled', groups: ['staff'] });
const tier0 = profile({
  name: 'tier0-admins',
  passkeyTypes: ['deviceBound'],
  attestationEnforcement: 'registrationOnly',
  groups: ['tier0-admins'],
  priority: 10,
  keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids: [VIRTUAL.toUpperCase()] },
});
const all = [dflt, staff, tier0];

/** Facts whose attestation chain reached a trusted root for the named profiles. */
const trustedFor = (...names: string[]) => Object.fromEntries(names.map((n) => [n, `mds:${VIRTUAL}#0123456789abcdef`]));
const synced: PasskeyFacts = { userVerified: true, backupEligible: true, aaguid: VIRTUAL, attestation: 'none', anchors: {} };
const attestedKey: PasskeyFacts = {
  userVerified: true,
  backupEligible: false,
  aaguid: VIRTUAL,
  attestation: 'full',
  anchors: trustedFor('tier0-admins', 'b', 'off'),
};

describe('profilesFor', () => {
  it('picks the first covering profile by priority, and the default only when none covers', () => {
    expect(profilesFor(all, ['staff']).map((p) => p.name)).toEqual(['standard-users']);
    // A Tier-0 admin who is also staff is held to the Tier-0 profile alone.
    expect(profilesFor(all, ['staff', 'tier0-admins']).map((p) => p.name)).toEqual(['tier0-admins']);
    expect(profilesFor(all, ['contractors']).map((p) => p.name)).toEqual(['default']);
    expect(profilesFor(all, []).map((p) => p.name)).toEqual(['default']);
  });

  it('breaks a priority tie by name, so the outcome never depends on storage order', () => {
    const a = profile({ name: 'a-first', passkeyTypes: ['synced'], attestationEnforcement: 'disabled', groups: ['g'] });
    const b = profile({ name: 'b-second', passkeyTypes: ['deviceBound'], attestationEnforcement: 'disabled', groups: ['g'] });
    expect(profilesFor([b, a], ['g']).map((p) => p.name)).toEqual(['a-first']);
  });

  it('never applies a profile to a member of a group it excludes, whatever else they belong to', () => {
    const contractorsOut = profile({ ...staff, excludeGroups: ['contractors'] });
    expect(profilesFor([dflt, contractorsOut, tier0], ['staff', 'contractors']).map((p) => p.name)).toEqual(['default']);
    expect(profilesFor([dflt, contractorsOut, tier0], ['staff', 'contractors', 'tier0-admins']).map((p) => p.name)).toEqual(['tier0-admins']);
  });

  it('in Entra compatibility mode (any), returns every covering profile, so any one satisfied is enough', () => {
    expect(profilesFor(all, ['staff', 'tier0-admins'], 'any').map((p) => p.name)).toEqual(['tier0-admins', 'standard-users']);
    expect(evaluatePasskey(profilesFor(all, ['staff', 'tier0-admins'], 'any'), synced)).toEqual({ allowed: true, profile: 'standard-users' });
    expect(evaluatePasskey(profilesFor(all, ['staff', 'tier0-admins']), synced)).toMatchObject({
      allowed: false,
      failures: [{ profile: 'tier0-admins', rule: 'passkeyTypes' }],
    });
  });

  it('asks for direct attestation only when an applicable profile enforces it', () => {
    expect(attestationConveyance(profilesFor(all, ['staff']))).toBe('none');
    expect(attestationConveyance(profilesFor(all, ['tier0-admins']))).toBe('direct');
  });
});

describe('checkProfile', () => {
  it('tells device-bound from synced by the backup-eligible flag (BE, bit 3)', () => {
    expect(checkProfile(tier0, synced)).toMatchObject({ rule: 'passkeyTypes', profile: 'tier0-admins' });
    expect(checkProfile(tier0, attestedKey)).toBeNull();
    const syncedOnly = profile({ name: 's', passkeyTypes: ['synced'], attestationEnforcement: 'disabled' });
    expect(checkProfile(syncedOnly, attestedKey)?.detail).toMatch(/only synced passkeys/);
  });

  it('always requires user verification', () => {
    expect(checkProfile(dflt, { ...synced, userVerified: false })).toMatchObject({ rule: 'userVerification' });
  });

  it('registrationOnly needs an attestation with a certificate: none and self attestation fail', () => {
    expect(checkProfile(tier0, { ...attestedKey, attestation: 'none' })).toMatchObject({ rule: 'attestationEnforcement' });
    expect(checkProfile(tier0, { ...attestedKey, attestation: 'self' })?.detail).toMatch(/self attestation/);
  });

  it('registrationOnly needs the chain to reach a trusted root: a certificate alone (e.g. self-signed) fails', () => {
    const untrusted = { ...attestedKey, anchors: {} };
    expect(checkProfile(tier0, untrusted)).toMatchObject({ rule: 'attestationEnforcement' });
    expect(checkProfile(tier0, untrusted)?.detail).toMatch(/no trusted root/);
    // trusted for another profile is not trusted for this one (profile roots are per profile)
    expect(checkProfile(tier0, { ...attestedKey, anchors: trustedFor('standard-users') })).toMatchObject({ rule: 'attestationEnforcement' });
  });

  it('applies allow and block lists by AAGUID, case-insensitively, only when enforced', () => {
    expect(checkProfile(tier0, { ...attestedKey, aaguid: OTHER })).toMatchObject({ rule: 'keyRestrictions' });
    const block = profile({
      ...dflt,
      name: 'b',
      attestationEnforcement: 'registrationOnly',
      keyRestrictions: { isEnforced: true, enforcementType: 'block', aaGuids: [VIRTUAL] },
    });
    expect(checkProfile(block, attestedKey)?.detail).toMatch(/blocks this authenticator model/);
    expect(checkProfile(block, { ...attestedKey, aaguid: OTHER })).toBeNull();
    const off = profile({ ...tier0, name: 'off', keyRestrictions: { isEnforced: false, enforcementType: 'allow', aaGuids: [] } });
    expect(checkProfile(off, { ...attestedKey, aaguid: OTHER })).toBeNull();
  });
});

describe('evaluatePasskey', () => {
  it('passes when ANY applicable profile is satisfied, naming it', () => {
    expect(evaluatePasskey([tier0, staff], synced)).toEqual({ allowed: true, profile: 'standard-users' });
  });

  it('fails with every applicable profile and its broken rule, in a readable sentence', () => {
    const result = evaluatePasskey([tier0], synced);
    expect(result).toEqual({ allowed: false, failures: [expect.objectContaining({ profile: 'tier0-admins', rule: 'passkeyTypes' })] });
    if (result.allowed) throw new Error('unreachable');
    const sentence = describeFailures(result.failures);
    expect(sentence).toMatch(/^Your organisation's passkey policy does not accept this passkey: profile "tier0-admins" allows only device-bound passkeys/);
    expect(sentence).toMatch(/\(rule passkeyTypes\)/);
  });

  it('refuses when no profile applies at all (no default)', () => {
    expect(evaluatePasskey([], synced)).toMatchObject({ allowed: false });
  });
});

describe('profiles file', () => {
  it('ships default, standard-users and tier0-admins as the demo needs', () => {
    const profiles = loadPasskeyProfiles('config/passkey-profiles.json');
    expect(profiles.map((p) => p.name).sort()).toEqual(['default', 'standard-users', 'tier0-admins']);
    const t0 = profiles.find((p) => p.name === 'tier0-admins');
    expect(t0).toMatchObject({ passkeyTypes: ['deviceBound'], attestationEnforcement: 'registrationOnly', groups: ['tier0-admins'] });
    expect(t0?.keyRestrictions).toEqual({ isEnforced: true, enforcementType: 'allow', aaGuids: [VIRTUAL] });
  });

  it('refuses a model allow or block list without required attestation (an unproven AAGUID is what the client says)', () => {
    const body = {
      passkeyTypes: ['deviceBound'],
      attestationEnforcement: 'disabled',
      keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids: [VIRTUAL] },
    };
    const parsed = PasskeyProfileBodySchema.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['attestationEnforcement'] });
    expect(PasskeyProfileBodySchema.safeParse({ ...body, attestationEnforcement: 'registrationOnly' }).success).toBe(true);
    expect(PasskeyProfileBodySchema.safeParse({ ...body, keyRestrictions: { ...body.keyRestrictions, isEnforced: false } }).success).toBe(true);
  });

  it('a stored profile from before that rule still refuses an AAGUID no trusted attestation proves', () => {
    const legacy = profile({
      name: 'legacy',
      passkeyTypes: ['deviceBound', 'synced'],
      attestationEnforcement: 'disabled',
      keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids: [VIRTUAL] },
    });
    expect(checkProfile(legacy, synced)).toMatchObject({ rule: 'keyRestrictions' });
    expect(checkProfile(legacy, { ...attestedKey, anchors: trustedFor('legacy') })).toBeNull();
  });

  it('stops start-up with the problem named when the file is missing or invalid', () => {
    expect(() => loadPasskeyProfiles('config/nope.json')).toThrow(ConfigError);
    expect(() => PasskeyProfileSchema.parse({ name: 'x', passkeyTypes: [], attestationEnforcement: 'disabled' })).toThrow();
    expect(() => PasskeyProfileSchema.parse({ name: 'x', passkeyTypes: ['synced', 'synced'], attestationEnforcement: 'disabled' })).toThrow(/repeat/);
  });
});
