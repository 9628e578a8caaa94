/**
 * Risky accounts and their remediation by re-proofing (docs/risk.md). A passwordless person cannot
 * "change their password" to clear a risk; re-proving who they are with a selfie and an ID can:
 * - the admin API flags and dismisses (validated with zod, problem+json with stable codes, audited);
 * - the service's own signals flag: a recovery rejected for a spoof, the owner's "this wasn't me";
 * - a help-desk link to a risky account needs a second approver;
 * - a remediation (same journey, `purpose: "remediation"`) clears a local flag, removes the passkeys
 *   registered before it, and is audited; an ordinary recovery of a risky account does the same;
 * - with DIRECTORY=entra, Entra ID Protection's risk (the Graph-shaped stand-in) counts too, and a
 *   remediation dismisses it there (`riskyUsers/dismiss`) and revokes the sessions there.
 */
import request from 'supertest';
import { ADMIN_KEY, HELPDESK_KEY, createHarness, type Harness } from './support/harness';
import { seedDirectory, status, upload } from './support/journey';
import { audit, eventually, outbox, repudiateWith, repudiationToken } from './support/trustAndSafety';
import { authenticate, register } from './support/softAuthenticator';
import { namedKey } from './support/staffKeys';
import { entraEnv } from './support/entraEnv';
import { runningClock } from './support/testClock';
import { loadIdentity, type FixtureIdentity } from './fixtures/identities';
import { startTrustedStandIn, type TrustedStandIn } from '../providers/entra-graph/testKit';
import { demoLdapSeed } from '../src/demo/ldapDemo';
import { jobIds } from '../src/workers/queues';
import type { PasskeyRecord } from '../src/stores/passkeyStore';
import { remediateAfterCompletion } from '../src/risk/remediate';

const admin = (h: Harness) => ({
  get: (path: string) => request(h.baseUrl).get(`/v1/admin/risky-users${path}`).set('Authorization', `Bearer ${ADMIN_KEY}`),
  put: (username: string, body: unknown) =>
    request(h.baseUrl)
      .put(`/v1/admin/risky-users/${username}`)
      .set('Authorization', `Bearer ${ADMIN_KEY}`)
      .send(body as object),
  del: (username: string) => request(h.baseUrl).delete(`/v1/admin/risky-users/${username}`).set('Authorization', `Bearer ${ADMIN_KEY}`),
});

async function startWith(h: Harness, body: object): Promise<{ id: string; token: string }> {
  return (await request(h.baseUrl).post('/v1/recoveries').send(body).expect(201)).body as { id: string; token: string };
}

/** Start (with the purpose given), evidence, and the verdict; the access pass is not read yet. */
async function proofed(h: Harness, body: object, evidence: FixtureIdentity): Promise<{ id: string; token: string }> {
  const started = await startWith(h, body);
  await upload(h, started.id, started.token, evidence).expect(202);
  await h.waitForStatus(started.id, (s) => s !== 'verifying', 30_000);
  return started;
}

describe('built-in directory and credentials', () => {
  let h: Harness;
  beforeAll(async () => {
    // Older passkeys stay after an ordinary recovery here: what a remediation removes is its own doing.
    h = await createHarness({ env: { PASSKEY_REVOKE_OLDER: 'none' } });
    await seedDirectory(h);
  });
  afterAll(() => h?.close());

  function ownPasskey(username: string, credentialId: string): PasskeyRecord {
    const now = h.ctx.clock.now();
    return {
      credentialId,
      username,
      publicKey: 'AA',
      counter: 0,
      backupEligible: true,
      backedUp: true,
      aaguid: '00000000-0000-0000-0000-000000000000',
      attestationFormat: 'none',
      attestationAnchor: null,
      transports: ['internal'],
      profile: 'standard-users',
      recoveryId: null,
      status: 'active',
      createdAt: now - 60_000,
      confirmedAt: now - 60_000,
      lastUsedAt: null,
      revokedAt: null,
      revokedReason: null,
      revokedBy: null,
    };
  }

  /** The owner's own passkey, from before any of this: registered (pending), then confirmed. */
  async function seedPasskey(record: PasskeyRecord): Promise<void> {
    await h.ctx.passkeys.createPending({ ...record, status: 'pending' }, 3_600_000);
    await h.ctx.passkeys.save(record);
  }

  /** Reveals the pass and enrolls a software passkey through the enrollment API: the recovery completes. */
  async function enroll(username: string, id: string, token: string): Promise<string> {
    const pass = (await status(h, id, token).expect(200)).body as { status: string; accessPass: { code: string } };
    expect(pass.status).toBe('access_pass_issued');
    const started = await request(h.baseUrl).post('/v1/enrollments').send({ username, accessPass: pass.accessPass.code }).expect(201);
    const { id: enrollmentId, token: bearer, options } = started.body as { id: string; token: string; options: { challenge: string } };
    const post = (p: string, body: object = {}) =>
      request(h.baseUrl).post(`/v1/enrollments/${enrollmentId}${p}`).set('Authorization', `Bearer ${bearer}`).send(body);
    const rp = { rpId: 'localhost', origin: h.baseUrl };
    const made = await register({
      ...rp,
      challenge: options.challenge,
      aaguid: '00000000-0000-0000-0000-000000000000',
      backupEligible: true,
      attestation: { fmt: 'none' },
    });
    await post('/passkeys', { response: made.response }).expect(201);
    const challenge = ((await post('/assertion/options').expect(200)).body as { options: { challenge: string } }).options.challenge;
    await post('/assertion', { response: authenticate(made.credential, { ...rp, challenge }, true) }).expect(200);
    expect(await h.waitForStatus(id, (s) => s === 'completed')).toBe('completed');
    return made.credential.id.toString('base64url');
  }

  it('validates the admin API with problem+json and stable codes', async () => {
    const missing = await admin(h).put('ana.garcia', { level: 'high' }).expect(400);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(missing.body).toMatchObject({ code: 'request.invalid', status: 400 });
    expect((await admin(h).put('ana.garcia', { reason: 'x', colour: 'red' }).expect(400)).body.code).toBe('request.invalid');
    expect((await admin(h).put('ana.garcia', { reason: 'x', level: 'extreme' }).expect(400)).body.code).toBe('request.invalid');
    expect((await admin(h).put('ana.garcia', { reason: '   ' }).expect(400)).body.code).toBe('request.invalid');
    const text = await request(h.baseUrl)
      .put('/v1/admin/risky-users/ana.garcia')
      .set('Authorization', `Bearer ${ADMIN_KEY}`)
      .set('Content-Type', 'text/plain')
      .send('reason')
      .expect(415);
    expect(text.body.code).toBe('request.unsupported_media_type');
    expect((await admin(h).put('nobody.here', { reason: 'phished' }).expect(404)).body.code).toBe('directory.user_not_found');
    expect((await admin(h).del('ana.garcia').expect(404)).body).toMatchObject({ code: 'risk.not_flagged', status: 404 });
    const anonymous = await request(h.baseUrl).get('/v1/admin/risky-users').expect(401);
    expect(anonymous.body.code).toBe('auth.unauthorized');
    await request(h.baseUrl).get('/v1/admin/risky-users').set('Authorization', `Bearer ${HELPDESK_KEY}`).expect(401);
  });

  it('flags, lists and dismisses, each audited with who did it', async () => {
    const flagged = await admin(h).put('Fatima.Haddad', { reason: 'reported phishing', level: 'medium' }).expect(200);
    expect(flagged.body).toMatchObject({
      username: 'fatima.haddad',
      source: 'admin',
      level: 'medium',
      reason: 'reported phishing',
      flaggedBy: 'admin',
      recoveryId: null,
    });
    expect((await admin(h).get('').expect(200)).body.items).toEqual([expect.objectContaining({ username: 'fatima.haddad', source: 'admin' })]);
    expect((await admin(h).get('/fatima.haddad').expect(200)).body).toMatchObject({ risky: true, sources: ['admin'], level: 'medium', idp: null });
    await admin(h).del('fatima.haddad').expect(204);
    expect((await admin(h).get('/fatima.haddad').expect(200)).body).toMatchObject({ risky: false, sources: [], level: null });
    const [f] = await audit(h, { type: 'risk.flagged', username: 'fatima.haddad' });
    expect(f).toMatchObject({ actor: 'admin', data: { source: 'admin', level: 'medium', reason: 'reported phishing', flaggedBy: 'admin' } });
    const [d] = await audit(h, { type: 'risk.dismissed', username: 'fatima.haddad' });
    expect(d).toMatchObject({ actor: 'admin', data: { sources: ['admin'] } });
  });

  it("a risky account's help-desk link works only after a second staff member approves it, and the trail says why", async () => {
    await admin(h).put('erik.lindqvist', { reason: 'sign-ins from two continents' }).expect(200);
    const jane = await namedKey(h, 'helpdesk', 'jane.doe');
    const omar = await namedKey(h, 'helpdesk', 'omar.said');
    const made = await request(h.baseUrl)
      .post('/v1/helpdesk/recovery-links')
      .set('Authorization', `Bearer ${jane}`)
      .send({ username: 'erik.lindqvist' })
      .expect(201);
    expect(made.body.approvalRequired).toBe(true);
    const linkToken = new URL(made.body.url).searchParams.get('link');
    expect((await request(h.baseUrl).post('/v1/recoveries').send({ linkToken }).expect(409)).body.code).toBe('recovery.link_pending_approval');
    const [why] = await audit(h, { type: 'risk.link_approval_required', username: 'erik.lindqvist' });
    expect(why).toMatchObject({ actor: 'helpdesk:jane.doe', data: { sources: ['admin'], level: 'high' } });
    await request(h.baseUrl).post(`/v1/helpdesk/recovery-links/${made.body.id}/approval`).set('Authorization', `Bearer ${omar}`).expect(200);
    // The approved link starts a remediation: the same journey.
    await request(h.baseUrl).post('/v1/recoveries').send({ linkToken, purpose: 'remediation' }).expect(201);
    // A non-risky account's link needs no approval.
    const plain = await request(h.baseUrl)
      .post('/v1/helpdesk/recovery-links')
      .set('Authorization', `Bearer ${jane}`)
      .send({ username: 'ana.garcia' })
      .expect(201);
    expect(plain.body.approvalRequired).toBe(false);
    await admin(h).del('erik.lindqvist').expect(204);
  });

  it('a remediation clears the local flag, removes the passkeys registered before it, and is audited', async () => {
    await seedPasskey(ownPasskey('wei.chen', 'wei-old-passkey'));
    await admin(h).put('wei.chen', { reason: 'credential found in a breach corpus' }).expect(200);
    const bad = await request(h.baseUrl).post('/v1/recoveries').send({ username: 'wei.chen', purpose: 'reset' }).expect(400);
    expect(bad.body.code).toBe('request.invalid');

    const { id, token } = await proofed(h, { username: 'wei.chen', purpose: 'remediation' }, loadIdentity('chen-wei'));
    const fresh = await enroll('wei.chen', id, token);
    const [remediated] = await eventually(
      () => audit(h, { type: 'risk.remediated', recoveryId: id }),
      (e) => e.length > 0,
    );
    expect(remediated).toMatchObject({
      actor: 'worker',
      username: 'wei.chen',
      data: {
        purpose: 'remediation',
        sourcesCleared: ['admin'],
        riskySources: ['admin'],
        level: 'high',
        passkeysRemoved: 1,
        target: 'builtin',
        sessionsRevoked: false,
      },
    });
    expect(await h.ctx.passkeys.get('wei-old-passkey')).toMatchObject({ status: 'revoked' });
    expect(await h.ctx.passkeys.get(fresh)).toMatchObject({ status: 'active' });
    expect(await audit(h, { type: 'passkey.revoked', recoveryId: id })).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ credentialId: 'wei-old-passkey', reason: 'risk_remediation' }) }),
    ]);
    expect((await admin(h).get('').expect(200)).body.items.filter((f: { username: string }) => f.username === 'wei.chen')).toEqual([]);
    const [started] = await audit(h, { type: 'recovery.started', recoveryId: id });
    expect(started?.data).toMatchObject({ purpose: 'remediation' });
  });

  it('a recovery rejected for a spoof flags the account (service), and an ordinary recovery of the risky account then remediates it', async () => {
    await seedPasskey(ownPasskey('ben.okafor', 'ben-old-passkey'));
    const spoof = await proofed(h, { username: 'ben.okafor' }, loadIdentity('spoof-replay'));
    expect((await status(h, spoof.id, spoof.token).expect(200)).body).toMatchObject({ status: 'rejected', reason: 'liveness_failed' });
    const [flag] = await eventually(
      () => audit(h, { type: 'risk.flagged', recoveryId: spoof.id }),
      (e) => e.length > 0,
    );
    expect(flag).toMatchObject({
      actor: 'service',
      username: 'ben.okafor',
      data: { source: 'service', level: 'medium', reason: 'liveness_failed', flaggedBy: 'service' },
    });
    expect((await admin(h).get('/ben.okafor').expect(200)).body).toMatchObject({ risky: true, sources: ['service'] });

    // The owner recovers the ordinary way: the proofing is the same, so the risk is cleared too.
    const { id, token } = await proofed(h, { username: 'ben.okafor' }, loadIdentity('ben-okafor'));
    await enroll('ben.okafor', id, token);
    const [remediated] = await eventually(
      () => audit(h, { type: 'risk.remediated', recoveryId: id }),
      (e) => e.length > 0,
    );
    expect(remediated?.data).toMatchObject({
      purpose: 'recovery',
      sourcesCleared: ['service'],
      passkeysRemoved: 1,
      flaggedBy: [{ source: 'service', flaggedBy: 'service', reason: 'liveness_failed', recoveryId: spoof.id }],
    });
    expect((await admin(h).get('/ben.okafor').expect(200)).body).toMatchObject({ risky: false, flags: [] });
    expect(await h.ctx.passkeys.get('ben-old-passkey')).toMatchObject({ status: 'revoked' });

    // "This wasn't me" about that recovery flags the account again, high, naming the recovery.
    const [completed] = await eventually(
      () => outbox(h, { recoveryId: id, kind: 'recovery_completed' }),
      (m) => m.length > 0,
    );
    await repudiateWith(h, repudiationToken(h, completed!)).expect(200);
    const [again] = await audit(h, { type: 'risk.flagged', recoveryId: id });
    expect(again).toMatchObject({ actor: 'service', data: { source: 'service', level: 'high', reason: 'owner_repudiated' } });
    expect((await admin(h).get('/ben.okafor').expect(200)).body).toMatchObject({ risky: true, level: 'high' });
  });

  it('an ordinary recovery of an account that is not risky leaves no remediation', async () => {
    const { id, token } = await proofed(h, { username: 'ana.garcia' }, loadIdentity('ana-garcia'));
    await enroll('ana.garcia', id, token);
    // The check finds nothing to do (run here once more: it is idempotent), and nothing is audited.
    expect(await remediateAfterCompletion(h.ctx, { recoveryId: id, username: 'ana.garcia', remediation: false })).toBe('not_risky');
    expect(await audit(h, { type: 'risk.remediated', recoveryId: id })).toEqual([]);
  });
});

describe('Entra ID (Graph-shaped stand-in)', () => {
  const upn = (username: string) => `${username}@example.test`;
  const passkey = { aaGuid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd', displayName: 'iPhone', model: 'iCloud Keychain', attestationLevel: 'notAttested' as const };
  let entra: TrustedStandIn;
  let h: Harness;

  beforeAll(async () => {
    const clock = runningClock();
    entra = await startTrustedStandIn({ seed: demoLdapSeed(), clock: () => clock.now() });
    h = await createHarness({
      clock,
      env: { ...entraEnv(entra.graph), TAP_LIFETIME_MINUTES: '60', VERIFICATION_TIMEOUT_SECONDS: '60', PASSKEY_REVOKE_OLDER: 'none' },
    });
  });
  afterAll(async () => {
    await h?.close();
    await entra?.graph.close();
  });

  it("serves riskyUsers in Graph's shapes: the bare entity, 404 without a record, dismiss 204", async () => {
    entra.graph.controls.setUserRisk(upn('fatima.haddad'), { riskLevel: 'high' });
    const id = entra.graph.state.user(upn('fatima.haddad'))!.id;
    const one = await entra.call(`/identityProtection/riskyUsers/${id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      '@odata.context': expect.stringContaining('$metadata#identityProtection/riskyUsers/$entity'),
      id,
      riskLevel: 'high',
      riskState: 'atRisk',
      riskDetail: 'none',
      isDeleted: false,
      isProcessing: false,
      userPrincipalName: upn('fatima.haddad'),
    });
    const never = await entra.call(`/identityProtection/riskyUsers/${entra.graph.state.user(upn('ana.garcia'))!.id}`);
    expect(never.status).toBe(404);
    expect((await entra.call('/identityProtection/riskyUsers/dismiss', { method: 'POST', body: { ids: [id] } })).status).toBe(400);
    const dismissed = await entra.call('/identityProtection/riskyUsers/dismiss', { method: 'POST', body: { userIds: [id] } });
    expect(dismissed.status).toBe(204);
    expect(entra.graph.state.risk(upn('fatima.haddad'))).toMatchObject({
      riskLevel: 'none',
      riskState: 'dismissed',
      riskDetail: 'adminDismissedAllRiskForUser',
    });
  });

  it('counts an Entra risk at or above RISK_LEVEL_THRESHOLD (medium), and not one below it', async () => {
    entra.graph.controls.setUserRisk(upn('erik.lindqvist'), { riskLevel: 'low' });
    expect((await admin(h).get('/erik.lindqvist').expect(200)).body).toMatchObject({ risky: false, sources: [], idp: { level: 'low', state: 'atRisk' } });
    entra.graph.controls.setUserRisk(upn('erik.lindqvist'), { riskLevel: 'medium' });
    expect((await admin(h).get('/erik.lindqvist').expect(200)).body).toMatchObject({ risky: true, sources: ['idp'], level: 'medium' });
    const link = await request(h.baseUrl)
      .post('/v1/helpdesk/recovery-links')
      .set('Authorization', `Bearer ${HELPDESK_KEY}`)
      .send({ username: 'erik.lindqvist' })
      .expect(201);
    expect(link.body.approvalRequired).toBe(true);
  });

  it('a remediation dismisses the risk at Entra and clears the local flag, revokes the sessions and removes the earlier passkeys there', async () => {
    entra.graph.controls.setUserRisk(upn('wei.chen'), { riskLevel: 'high' });
    await admin(h).put('wei.chen', { reason: 'also flagged here' }).expect(200);
    const older = entra.graph.controls.addFido2Method(upn('wei.chen'), { ...passkey, displayName: 'Old key' });
    expect((await admin(h).get('/wei.chen').expect(200)).body).toMatchObject({ risky: true, sources: ['admin', 'idp'] });
    const userId = entra.graph.state.user(upn('wei.chen'))!.id;
    const revocationsBefore = entra.graph.state.revocations().filter((r) => r.userId === userId).length;

    const { id, token } = await proofed(h, { username: 'wei.chen', purpose: 'remediation' }, loadIdentity('chen-wei'));
    const shown = (await status(h, id, token).expect(200)).body as { status: string; accessPass: { code: string } };
    expect(shown.status).toBe('access_pass_issued');
    await new Promise((r) => setTimeout(r, 5)); // the new passkey is registered after the pass, on the same clock
    const fresh = entra.graph.controls.addFido2Method(upn('wei.chen'), passkey);
    const watch = await h.ctx.queues.timers.getJob(jobIds.timer({ type: 'enrollment-watch', recoveryId: id, dueAt: 0, since: 0, methodId: '', round: 0 }));
    await watch?.promote().catch(() => undefined);
    expect(await h.waitForStatus(id, (s) => s === 'completed', 30_000)).toBe('completed');

    const [remediated] = await eventually(
      () => audit(h, { type: 'risk.remediated', recoveryId: id }),
      (e) => e.length > 0,
      30_000,
    );
    expect(remediated?.data).toMatchObject({
      purpose: 'remediation',
      riskySources: ['admin', 'idp'],
      level: 'high',
      idp: { level: 'high', state: 'atRisk' },
      sessionsRevoked: true,
      passkeysRemoved: 1,
      target: 'entra',
    });
    expect([...(remediated!.data.sourcesCleared as string[])].sort()).toEqual(['admin', 'idp']);
    // Cleared at its source: Entra was asked to dismiss, and says so.
    expect(entra.graph.state.dismissals().some((d) => d.userIds.includes(userId))).toBe(true);
    expect(entra.graph.state.risk(upn('wei.chen'))).toMatchObject({ riskLevel: 'none', riskState: 'dismissed' });
    expect((await admin(h).get('/wei.chen').expect(200)).body).toMatchObject({ risky: false, flags: [], idp: { state: 'dismissed' } });
    // Sessions revoked and the earlier passkey removed at Entra, by the remediation.
    expect(entra.graph.state.revocations().filter((r) => r.userId === userId).length).toBeGreaterThan(revocationsBefore);
    expect((await audit(h, { type: 'credentials.sessions_revoked', recoveryId: id })).some((e) => e.data.reason === 'risk_remediation')).toBe(true);
    expect(entra.graph.state.fido2Methods(upn('wei.chen')).map((m) => m.id)).toEqual([fresh.id]);
    expect(entra.graph.state.fido2Methods(upn('wei.chen')).map((m) => m.id)).not.toContain(older.id);
  });
});
