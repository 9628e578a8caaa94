/**
 * Passkey profiles by priority, with exclusion. The attack on the old rule: a Tier-0 admin who is
 * also in `staff` registered a synced passkey, because under "any applicable profile satisfied"
 * the laxer staff profile was enough. Now the first profile by priority alone decides, so the
 * Tier-0 profile holds; Entra's "any" rule stays available as an explicit compatibility mode, off
 * by default. A profile change names the registered passkeys it leaves out of policy.
 */
import request from 'supertest';
import { ADMIN_KEY, createHarness, type Harness } from './support/harness';
import { seedDirectory } from './support/journey';
import { issueAccessPass, auditEntries } from './browser/support/recoveries';
import { authenticate, register } from './support/softAuthenticator';

const VIRTUAL = '01020304-0506-0708-0102-030405060708';
const admin = { Authorization: `Bearer ${ADMIN_KEY}` };

/** Dana (tier0-admins) is made a member of `staff` too. */
async function danaAlsoStaff(h: Harness): Promise<void> {
  const dana = (await request(h.baseUrl).get('/v1/admin/users/dana.kowalski').set(admin).expect(200)).body as Record<string, unknown> & { groups: string[] };
  const { username: _u, ...body } = dana;
  await request(h.baseUrl)
    .put('/v1/admin/users/dana.kowalski')
    .set(admin)
    .send({ ...body, groups: [...dana.groups, 'staff'] })
    .expect(200);
}

/** Registers a synced passkey (BE = 1, no attestation) in a fresh enrollment of Dana's. */
async function registerSynced(h: Harness) {
  const pass = await issueAccessPass(h, 'dana.kowalski', 'dana-kowalski');
  const started = await request(h.baseUrl).post('/v1/enrollments').send({ username: 'dana.kowalski', accessPass: pass.code }).expect(201);
  const { id, token, options } = started.body as { id: string; token: string; options: { challenge: string } };
  const rp = { rpId: 'localhost', origin: h.baseUrl };
  const made = await register({ ...rp, challenge: options.challenge, aaguid: VIRTUAL, backupEligible: true, attestation: { fmt: 'none' } });
  const post = (p: string, body: object = {}) => request(h.baseUrl).post(`/v1/enrollments/${id}${p}`).set('Authorization', `Bearer ${token}`).send(body);
  const res = await post('/passkeys', { response: made.response });
  return {
    res,
    async confirm() {
      const challenge = ((await post('/assertion/options').expect(200)).body as { options: { challenge: string } }).options.challenge;
      await post('/assertion', { response: authenticate(made.credential, { ...rp, challenge }, true) }).expect(200, { status: 'completed' });
    },
  };
}

describe('by default (priority)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await seedDirectory(h);
    await danaAlsoStaff(h);
  });
  afterAll(() => h.close());

  it('a Tier-0 admin who is also staff cannot register a synced passkey: the Tier-0 profile decides', async () => {
    const { res } = await registerSynced(h);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'passkey.profile_violation', errors: [{ profile: 'tier0-admins', rule: 'passkeyTypes' }] });
    expect(res.body.errors).toHaveLength(1);
  });

  it('an excluded group takes a person out of a profile, whatever else they belong to', async () => {
    const tier0 = (await request(h.baseUrl).get('/v1/admin/passkey-profiles/tier0-admins').set(admin).expect(200)).body as Record<string, unknown>;
    const { name: _n, ...body } = tier0;
    await request(h.baseUrl)
      .put('/v1/admin/passkey-profiles/tier0-admins')
      .set(admin)
      .send({ ...body, excludeGroups: ['staff'] })
      .expect(200);
    try {
      const { res } = await registerSynced(h);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ profile: 'standard-users' });
    } finally {
      await request(h.baseUrl)
        .put('/v1/admin/passkey-profiles/tier0-admins')
        .set(admin)
        .send({ ...body, excludeGroups: [] })
        .expect(200);
    }
  });
});

describe('in Entra compatibility mode (PASSKEY_PROFILE_SELECTION=any)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ env: { PASSKEY_PROFILE_SELECTION: 'any' } });
    await seedDirectory(h);
    await danaAlsoStaff(h);
  });
  afterAll(() => h.close());

  it('accepts the synced passkey under the laxer profile; a later profile change names it as out of policy', async () => {
    const synced = await registerSynced(h);
    expect(synced.res.status).toBe(201);
    expect(synced.res.body).toMatchObject({ profile: 'standard-users' });
    await synced.confirm();
    const credentialId = synced.res.body.credentialId as string;
    expect((await request(h.baseUrl).get('/v1/admin/passkey-profiles/compliance').set(admin).expect(200)).body).toMatchObject({ items: [] });

    const staff = (await request(h.baseUrl).get('/v1/admin/passkey-profiles/standard-users').set(admin).expect(200)).body as Record<string, unknown>;
    const { name: _n, ...body } = staff;
    await request(h.baseUrl)
      .put('/v1/admin/passkey-profiles/standard-users')
      .set(admin)
      .send({ ...body, passkeyTypes: ['deviceBound'] })
      .expect(200);

    const [change] = (await auditEntries(h, 'admin.profile_changed')).slice(-1);
    expect(change!.data).toMatchObject({
      name: 'standard-users',
      noLongerComply: { count: 1, passkeys: [{ username: 'dana.kowalski', credentialId, rule: 'passkeyTypes' }] },
    });
    const report = (await request(h.baseUrl).get('/v1/admin/passkey-profiles/compliance').set(admin).expect(200)).body as {
      items: Array<{ credentialId: string; failures: Array<{ profile: string }> }>;
    };
    expect(report.items.map((i) => i.credentialId)).toEqual([credentialId]);
    expect(report.items[0]!.failures.map((f) => f.profile).sort()).toEqual(['standard-users', 'tier0-admins']);
  });
});
