/**
 * Passkey enrollment over HTTP, without a browser: the access-pass gate (one uniform 401, audited
 * reasons, one-time use), the creation options each kind of user gets, the enrollment's own
 * bearer token, single-use challenges and step order. The WebAuthn ceremonies themselves run in
 * real Chromium (test/browser/*.test.ts).
 */
import request from 'supertest';
import { createHarness, type Harness } from './support/harness';
import { seedDirectory } from './support/journey';
import { auditEntries, issueAccessPass } from './browser/support/recoveries';
import { advance } from '../src/recovery/advance';
import type { PasskeyRecord } from '../src/stores/passkeyStore';
import { manualClock } from './support/testClock';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await seedDirectory(h);
});
afterAll(() => h.close());

const enroll = (body: object) => request(h.baseUrl).post('/v1/enrollments').send(body);

function passkey(over: Partial<PasskeyRecord>): PasskeyRecord {
  return {
    credentialId: 'cred-old',
    username: 'dana.kowalski',
    publicKey: 'AA',
    counter: 0,
    backupEligible: false,
    backedUp: false,
    aaguid: '00000000-0000-0000-0000-000000000000',
    attestationFormat: 'none',
    attestationAnchor: null,
    transports: ['usb'],
    profile: 'tier0-admins',
    recoveryId: null,
    status: 'active',
    createdAt: 1,
    confirmedAt: 1,
    lastUsedAt: null,
    revokedAt: null,
    revokedReason: null,
    revokedBy: null,
    ...over,
  };
}

async function redemptions(): Promise<{ redeemed: number; rejected: number }> {
  const values = (await h.ctx.metrics.accessPassesRedeemed.get()).values;
  const of = (result: string) => values.find((v) => v.labels.result === result)?.value ?? 0;
  return { redeemed: of('redeemed'), rejected: of('rejected') };
}

describe('POST /v1/enrollments (access pass redemption)', () => {
  it('refuses a wrong code and an unknown user with the same 401, and audits the real reason', async () => {
    await issueAccessPass(h, 'erik.lindqvist', 'erik-lindqvist');
    const wrong = await enroll({ username: 'erik.lindqvist', accessPass: 'ABCDEFGHJKMN' }).expect(401);
    const unknown = await enroll({ username: 'nobody.here', accessPass: 'ABCDEFGHJKMN' }).expect(401);
    expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toMatchObject({ code: 'access_pass.invalid', status: 401 });
    const failed = await auditEntries(h, 'access_pass.redeem_failed');
    expect(failed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ username: 'erik.lindqvist', data: { reason: 'wrong_code' } }),
        expect.objectContaining({ username: 'nobody.here', data: { reason: 'no_pass' } }),
      ]),
    );
  });

  it('opens an enrollment with the right code: options ask for a discoverable, user-verified passkey, no attestation for staff', async () => {
    const pass = await issueAccessPass(h, 'ben.okafor', 'ben-okafor');
    const countedBefore = await redemptions();
    const before = h.ctx.clock.now();
    const res = await enroll({ username: 'Ben.Okafor', accessPass: pass.code }).expect(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const { id, token, expiresAt, options } = res.body;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(expiresAt)).toBeLessThanOrEqual(before + 10 * 60_000 + 5_000);
    expect(options).toMatchObject({
      rp: { id: 'localhost', name: 'Account recovery' },
      user: { name: 'ben.okafor', displayName: 'Benjamin Okafor' },
      attestation: 'none',
      excludeCredentials: [],
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    expect(await auditEntries(h, 'access_pass.redeemed')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ recoveryId: pass.recoveryId, username: 'ben.okafor', data: expect.objectContaining({ enrollmentId: id }) }),
      ]),
    );
    // One-time pass: the same code never opens a second enrollment.
    await enroll({ username: 'ben.okafor', accessPass: pass.code }).expect(401);
    expect((await auditEntries(h, 'access_pass.redeem_failed')).at(-1)).toMatchObject({ username: 'ben.okafor', data: { reason: 'used' } });
    // The operator's counter saw one redemption and one refusal.
    const counted = await redemptions();
    expect({ redeemed: counted.redeemed - countedBefore.redeemed, rejected: counted.rejected - countedBefore.rejected }).toEqual({ redeemed: 1, rejected: 1 });
  });

  it('asks a Tier-0 admin for direct attestation and excludes the passkeys they already have', async () => {
    await h.ctx.passkeys.createPending(passkey({ status: 'pending' }), 60_000);
    await h.ctx.passkeys.save(passkey({}));
    const pass = await issueAccessPass(h, 'dana.kowalski', 'dana-kowalski');
    const res = await enroll({ username: 'dana.kowalski', accessPass: pass.code }).expect(201);
    expect(res.body.options.attestation).toBe('direct');
    expect(res.body.options.excludeCredentials).toEqual([{ id: 'cred-old', type: 'public-key', transports: ['usb'] }]);
  });

  it('opens nothing once the recovery is no longer open, with the same 401', async () => {
    const pass = await issueAccessPass(h, 'wei.chen', 'chen-wei');
    await advance(h.ctx, pass.recoveryId, { type: 'CANCEL' }, 'admin');
    const res = await enroll({ username: 'wei.chen', accessPass: pass.code }).expect(401);
    expect(res.body.code).toBe('access_pass.invalid');
    expect((await auditEntries(h, 'access_pass.redeem_failed')).at(-1)).toMatchObject({ recoveryId: pass.recoveryId, data: { reason: 'recovery_not_open' } });
  });

  it('validates the body', async () => {
    const res = await enroll({ username: 'ben.okafor' }).expect(400);
    expect(res.body.code).toBe('request.invalid');
  });
});

describe('an open enrollment', () => {
  let id: string;
  let token: string;
  beforeAll(async () => {
    const pass = await issueAccessPass(h, 'ana.garcia', 'ana-garcia');
    ({ id, token } = (await enroll({ username: 'ana.garcia', accessPass: pass.code }).expect(201)).body);
  });
  const post = (path: string, body: object = {}, bearer: string | null = token) => {
    const req = request(h.baseUrl).post(`/v1/enrollments/${id}${path}`);
    return (bearer ? req.set('Authorization', `Bearer ${bearer}`) : req).send(body);
  };
  const fakeResponse = {
    id: 'AAAA',
    rawId: 'AAAA',
    type: 'public-key',
    clientExtensionResults: {},
    response: { clientDataJSON: 'e30', attestationObject: 'oA' },
  };

  it('needs its own bearer token', async () => {
    expect((await post('/options', {}, null).expect(401)).body.code).toBe('enrollment.invalid_token');
    expect((await post('/options', {}, 'x'.repeat(43)).expect(401)).body.code).toBe('enrollment.invalid_token');
    const other = await request(h.baseUrl)
      .post('/v1/enrollments/6f1d7a38-3cf0-4b8e-8a43-8a1d2b4f0c11/options')
      .set('Authorization', `Bearer ${token}`)
      .expect(404);
    expect(other.body.code).toBe('enrollment.not_found');
  });

  it('verifies a challenge at most once, and hands out a new one on request', async () => {
    const bad = await post('/passkeys', { response: fakeResponse }).expect(400);
    expect(bad.body).toMatchObject({ code: 'passkey.verification_failed' });
    expect((await post('/passkeys', { response: fakeResponse }).expect(409)).body.code).toBe('enrollment.no_challenge');
    const fresh = await post('/options').expect(200);
    expect(fresh.body.options.challenge).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect((await post('/passkeys', { response: fakeResponse }).expect(400)).body.code).toBe('passkey.verification_failed');
  });

  it('refuses the confirming sign-in before a passkey is registered, and malformed responses', async () => {
    expect((await post('/assertion/options').expect(409)).body.code).toBe('enrollment.wrong_step');
    expect((await post('/assertion', { response: { ...fakeResponse, response: { clientDataJSON: 'e30' } } }).expect(400)).body.code).toBe('request.invalid');
    expect((await post('/passkeys', { response: { ...fakeResponse, type: 'password' } }).expect(400)).body.code).toBe('request.invalid');
  });
});

describe('enrollment lifetime (injected clock)', () => {
  const clock = manualClock();
  let timed: Harness;
  beforeAll(async () => {
    timed = await createHarness({ clock, env: { ENROLLMENT_TTL_MINUTES: '10' } });
    await seedDirectory(timed);
  });
  afterAll(() => timed.close());

  it('ends ENROLLMENT_TTL_MINUTES after it opened (Entra: 10 minutes after a one-time pass)', async () => {
    const pass = await issueAccessPass(timed, 'ben.okafor', 'ben-okafor');
    const opened = await request(timed.baseUrl).post('/v1/enrollments').send({ username: 'ben.okafor', accessPass: pass.code }).expect(201);
    expect(Date.parse(opened.body.expiresAt)).toBe(clock.now() + 10 * 60_000);
    const options = () => request(timed.baseUrl).post(`/v1/enrollments/${opened.body.id}/options`).set('Authorization', `Bearer ${opened.body.token}`);
    clock.advance(10 * 60_000 - 1);
    await options().expect(200);
    clock.advance(1);
    expect((await options().expect(404)).body.code).toBe('enrollment.not_found');
  });
});
