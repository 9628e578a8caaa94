/**
 * Passkey profiles over the admin API (zod-validated, audited with before/after, the default
 * cannot be deleted) and the revocation of the passkeys a recovery created ("this wasn't me").
 */
import request from 'supertest';
import { ADMIN_KEY, HELPDESK_KEY, createHarness, type Harness } from './support/harness';
import { auditEntries } from './browser/support/recoveries';
import { revokePasskeysCreatedBy } from '../src/passkeys';
import type { PasskeyRecord } from '../src/stores/passkeyStore';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ workers: false });
});
afterAll(() => h.close());

const admin = (method: 'get' | 'put' | 'delete', path: string, key = ADMIN_KEY) =>
  request(h.baseUrl)[method](`/v1/admin/passkey-profiles${path}`).set('Authorization', `Bearer ${key}`);

describe('passkey profiles API', () => {
  const contractors = {
    passkeyTypes: ['deviceBound'],
    attestationEnforcement: 'registrationOnly',
    groups: ['contractors'],
    keyRestrictions: { isEnforced: true, enforcementType: 'block', aaGuids: ['EE882879-721C-4913-9775-3DFCCE97072A'] },
  };

  it('lists the profiles loaded from the file at start-up', async () => {
    const res = await admin('get', '').expect(200);
    expect(res.body.items.map((p: { name: string }) => p.name)).toEqual(['default', 'standard-users', 'tier0-admins']);
    expect((await admin('get', '/tier0-admins').expect(200)).body).toMatchObject({ passkeyTypes: ['deviceBound'], attestationEnforcement: 'registrationOnly' });
  });

  it('creates (201), replaces (200), reads and deletes a profile, auditing before and after', async () => {
    const created = await admin('put', '/contractors').send(contractors).expect(201);
    expect(created.body.keyRestrictions.aaGuids).toEqual(['ee882879-721c-4913-9775-3dfcce97072a']);
    await admin('put', '/contractors')
      .send({ ...contractors, passkeyTypes: ['deviceBound', 'synced'] })
      .expect(200);
    expect((await admin('get', '/contractors').expect(200)).body.passkeyTypes).toEqual(['deviceBound', 'synced']);
    await admin('delete', '/contractors').expect(204);
    expect((await admin('get', '/contractors').expect(404)).body.code).toBe('passkey_profile.not_found');
    await admin('delete', '/contractors').expect(404);
    const changes = await auditEntries(h, 'admin.profile_changed');
    expect(changes.map((c) => [c.data.before === null, c.data.after === null])).toEqual([
      [true, false],
      [false, false],
      [false, true],
    ]);
  });

  it('refuses invalid profiles, deleting the default, and callers without the admin key', async () => {
    expect(
      (
        await admin('put', '/x')
          .send({ ...contractors, attestationEnforcement: 'always' })
          .expect(400)
      ).body.code,
    ).toBe('request.invalid');
    expect(
      (
        await admin('put', '/x')
          .send({ ...contractors, keyRestrictions: { ...contractors.keyRestrictions, aaGuids: ['nope'] } })
          .expect(400)
      ).body.code,
    ).toBe('request.invalid');
    expect(
      (
        await admin('put', '/x')
          .send({ ...contractors, name: 'y' })
          .expect(400)
      ).body.code,
    ).toBe('request.invalid');
    expect((await admin('put', '/bad%20name').send(contractors).expect(400)).body.code).toBe('request.invalid');
    expect((await admin('delete', '/default').expect(409)).body.code).toBe('passkey_profile.default_required');
    await admin('get', '', HELPDESK_KEY).expect(401);
  });
});

describe('revokePasskeysCreatedBy', () => {
  const record = (credentialId: string, recoveryId: string | null, status: PasskeyRecord['status']): PasskeyRecord => ({
    credentialId,
    username: 'ben.okafor',
    publicKey: 'AA',
    counter: 0,
    backupEligible: true,
    backedUp: true,
    aaguid: '00000000-0000-0000-0000-000000000000',
    attestationFormat: 'none',
    attestationAnchor: null,
    transports: [],
    profile: 'standard-users',
    recoveryId,
    status,
    createdAt: 1,
    confirmedAt: null,
    lastUsedAt: null,
    revokedAt: null,
    revokedReason: null,
    revokedBy: null,
  });

  it('revokes exactly the passkeys that recovery created, keeps the records, and audits each', async () => {
    for (const r of [record('a', 'rec-1', 'active'), record('b', 'rec-1', 'pending'), record('c', 'rec-2', 'active'), record('d', null, 'active')]) {
      await h.ctx.passkeys.createPending(r, 60_000);
      await h.ctx.passkeys.save(r);
    }
    expect((await revokePasskeysCreatedBy(h.ctx, 'rec-1')).sort()).toEqual(['a', 'b']);
    const byId = Object.fromEntries((await h.ctx.passkeys.listForUser('ben.okafor')).map((p) => [p.credentialId, p]));
    expect([byId.a?.status, byId.b?.status, byId.c?.status, byId.d?.status]).toEqual(['revoked', 'revoked', 'active', 'active']);
    expect(byId.a).toMatchObject({ revokedReason: 'repudiated', revokedAt: expect.any(Number) });
    expect(await revokePasskeysCreatedBy(h.ctx, 'rec-1')).toEqual([]); // idempotent
    expect((await auditEntries(h, 'passkey.revoked')).map((e) => e.data.credentialId).sort()).toEqual(['a', 'b']);
  });
});
