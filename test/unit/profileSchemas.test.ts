/**
 * The admin console checks a profile before sending it with its own copy of the profile bodies
 * (src/web/browser/profileSchemas.ts: the service's cannot be bundled for a browser). The copy
 * must have the service's fields, the same output type (checked by tsc), and accept and refuse
 * what the service accepts and refuses, except for what only the service can know (certificates
 * that parse, registered vendors).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import * as browser from '../../src/web/browser/profileSchemas';
import { PasskeyProfileBodySchema } from '../../src/passkeys/profileSchema';
import { RecoveryProfileBodySchema, defaultRecoveryProfile } from '../../src/recoveryProfiles/profileSchema';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const passkeyTypesAgree: Same<z.output<typeof browser.PasskeyProfileBodySchema>, z.output<typeof PasskeyProfileBodySchema>> = true;
const recoveryTypesAgree: Same<z.output<typeof browser.RecoveryProfileBodySchema>, z.output<typeof RecoveryProfileBodySchema>> = true;

const keys = (schema: { shape: object }) => Object.keys(schema.shape).sort();
const AAGUID = '01020304-0506-0708-0102-030405060708';

describe('passkey profiles: the console checks as the service does', () => {
  const file = JSON.parse(readFileSync(path.resolve(__dirname, '../../config/passkey-profiles.json'), 'utf8')) as { profiles: Record<string, unknown> };
  const allowList = {
    passkeyTypes: ['deviceBound'],
    attestationEnforcement: 'registrationOnly',
    keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids: [AAGUID] },
    groups: ['g'],
    priority: 5,
  };

  it('has the same fields', () => {
    expect(passkeyTypesAgree).toBe(true);
    expect(keys(browser.PasskeyProfileBodySchema)).toEqual(keys(PasskeyProfileBodySchema));
  });

  it.each([...Object.entries(file.profiles), ['allow list with attestation', allowList]])('accepts %s', (_name, body) => {
    expect(browser.PasskeyProfileBodySchema.safeParse(body).success).toBe(true);
    expect(PasskeyProfileBodySchema.safeParse(body).success).toBe(true);
  });

  it.each<[string, unknown]>([
    ['an empty body', {}],
    ['no passkey type', { ...allowList, passkeyTypes: [] }],
    ['a repeated type', { ...allowList, passkeyTypes: ['synced', 'synced'] }],
    ['an allow list without attestation', { ...allowList, attestationEnforcement: 'disabled' }],
    ['a priority over 10000', { ...allowList, priority: 10_001 }],
    ['a fractional priority', { ...allowList, priority: 1.5 }],
    ['an unknown field', { ...allowList, name: 'x' }],
    ['a malformed AAGUID', { ...allowList, keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids: ['abc'] } }],
    ['an empty group name', { ...allowList, groups: [''] }],
  ])('refuses %s', (_what, body) => {
    expect(browser.PasskeyProfileBodySchema.safeParse(body).success).toBe(false);
    expect(PasskeyProfileBodySchema.safeParse(body).success).toBe(false);
  });
});

describe('recovery profiles: the console checks as the service does', () => {
  const { name: _name, ...defaultBody } = defaultRecoveryProfile();
  const full = {
    description: 'Finance, on trial',
    groups: ['finance'],
    excludeGroups: ['tier0-admins'],
    priority: 50,
    mode: 'evaluation',
    providers: ['idemia'],
    faceMatchThreshold: 92,
    matching: { nameMatchMode: 'exact', requiredAttributes: ['birthDate'], allowNameOnly: false },
    accessPass: { lifetimeMinutes: 60, length: 12, oneTimeUse: true },
    helpdeskLinks: { allowed: true, requireApproval: true },
    claimHooks: ['hr-check'],
  };

  it('has the same fields', () => {
    expect(recoveryTypesAgree).toBe(true);
    expect(keys(browser.RecoveryProfileBodySchema)).toEqual(keys(RecoveryProfileBodySchema));
  });

  it.each<[string, unknown]>([
    ['the default profile', defaultBody],
    ['every setting', full],
    ['the least', { groups: ['*'], priority: 0, mode: 'off' }],
  ])('accepts %s', (_what, body) => {
    expect(browser.RecoveryProfileBodySchema.safeParse(body).success).toBe(true);
    expect(RecoveryProfileBodySchema.safeParse(body).success).toBe(true);
  });

  it.each<[string, unknown]>([
    ['no group', { ...full, groups: [] }],
    ['an unknown mode', { ...full, mode: 'on' }],
    ['no priority', { ...full, priority: undefined }],
    ['a face threshold under 50', { ...full, faceMatchThreshold: 49 }],
    ['an access pass shorter than 8', { ...full, accessPass: { lifetimeMinutes: 60, length: 7, oneTimeUse: true } }],
    ['a repeated vendor', { ...full, providers: ['idemia', 'idemia'] }],
    ['a hook name with capitals', { ...full, claimHooks: ['HR'] }],
    ['an unknown field', { ...full, enabled: true }],
    ['an unknown matching field', { ...full, matching: { nameMatchMode: 'exact', fuzzy: true } }],
  ])('refuses %s', (_what, body) => {
    expect(browser.RecoveryProfileBodySchema.safeParse(body).success).toBe(false);
    expect(RecoveryProfileBodySchema.safeParse(body).success).toBe(false);
  });
});
