/**
 * Recovery profiles end to end (docs/recovery-profiles.md): which profile an account gets, and
 * what it changes: vendor, face threshold, matching, access pass, help-desk links, the mode.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { loadRecoveryProfiles } from '../src/recoveryProfiles/loadProfiles';
import { ConfigError } from '../src/config';
import { createHarness, ADMIN_KEY, HELPDESK_KEY, type Harness } from './support/harness';
import { recover, seedDirectory, status, upload } from './support/journey';
import { audit, eventually } from './support/trustAndSafety';
import { sample } from './support/metricsText';
import { loadIdentity } from './fixtures/identities';
import { selectProfile } from '../src/recoveryProfiles/selectProfile';
import { defaultRecoveryProfile, type RecoveryProfile } from '../src/recoveryProfiles/profileSchema';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await seedDirectory(h);
});
afterEach(() => h.close());

const admin = () => ({ Authorization: `Bearer ${ADMIN_KEY}` });
const put = (name: string, body: Record<string, unknown>) => request(h.baseUrl).put(`/v1/admin/recovery-profiles/${name}`).set(admin()).send(body);
const helpdeskView = async (id: string) =>
  (await request(h.baseUrl).get(`/v1/helpdesk/recoveries/${id}`).set('Authorization', `Bearer ${HELPDESK_KEY}`).expect(200)).body;
const sentTo = async (id: string) => (await audit(h, { recoveryId: id, type: 'verification.sending' })).map((e) => e.data.provider);

describe('selection (pure)', () => {
  const p = (name: string, fields: Partial<RecoveryProfile>): RecoveryProfile => ({ ...defaultRecoveryProfile(), name, ...fields });
  const profiles = [
    p('tier0', { groups: ['tier0-admins'], priority: 10 }),
    p('staff', { groups: ['staff'], excludeGroups: ['contractors'], priority: 20, mode: 'evaluation' }),
    p('default', { priority: 10_000 }),
  ];
  it('the first covering profile by priority wins; exclusion wins over inclusion; `*` covers the rest', () => {
    expect(selectProfile(profiles, ['staff', 'tier0-admins']).profile?.name).toBe('tier0');
    expect(selectProfile(profiles, ['staff']).profile?.name).toBe('staff');
    const excluded = selectProfile(profiles, ['staff', 'contractors']);
    expect(excluded.profile?.name).toBe('default');
    expect(excluded.why).toMatch(/excluded from "staff" by group "contractors"/);
    expect(selectProfile(profiles, []).profile?.name).toBe('default');
  });
  it('an off profile keeps its people (never hands them to a laxer one); a risky account skips evaluation profiles', () => {
    const off = [p('tier0', { groups: ['tier0-admins'], priority: 10, mode: 'off' }), p('default', {})];
    expect(selectProfile(off, ['tier0-admins']).profile).toMatchObject({ name: 'tier0', mode: 'off' });
    expect(selectProfile(profiles, ['staff'], { risky: true })).toMatchObject({
      profile: { name: 'default' },
      why: expect.stringMatching(/never serves a risky account/),
    });
    expect(selectProfile([p('staff', { groups: ['staff'] })], ['contractors'])).toEqual({ profile: null, why: 'no profile covers this account' });
  });
});

it('two profiles targeting different groups pick different vendors and thresholds; the help desk sees which and why', async () => {
  await put('tier0', { groups: ['tier0-admins'], priority: 10, mode: 'production', providers: ['lexisnexis'], faceMatchThreshold: 100 }).expect(201);
  await put('staff', { groups: ['staff'], priority: 20, mode: 'production', providers: ['au10tix'], faceMatchThreshold: 50 }).expect(201);

  const ben = await recover(h, 'ben.okafor', loadIdentity('ben-okafor'));
  expect(await sentTo(ben.id)).toEqual(['au10tix']);
  expect((await status(h, ben.id, ben.token)).body.status).toBe('access_pass_issued');

  const dana = await recover(h, 'dana.kowalski', loadIdentity('dana-kowalski'));
  expect(await sentTo(dana.id)).toEqual(['lexisnexis']);
  const [verdict] = await audit(h, { recoveryId: dana.id, type: 'verification.verdict' });
  const score = (verdict?.data.faceMatch as { score: number | null }).score;
  // A perfect-match-only threshold: any numeric score below 100 is a face mismatch under this profile.
  expect(score).not.toBeNull();
  expect(score).toBeLessThan(100);
  expect((await status(h, dana.id, dana.token)).body).toMatchObject({ status: 'rejected', reason: 'face_mismatch' });

  expect((await helpdeskView(ben.id)).profile).toEqual({
    name: 'staff',
    mode: 'production',
    why: expect.stringMatching(/group "staff" matched profile "staff"/),
  });
  expect((await helpdeskView(dana.id)).profile).toMatchObject({ name: 'tier0', mode: 'production' });
  const [applied] = await audit(h, { recoveryId: dana.id, type: 'recovery.profile_applied' });
  expect(applied?.data).toMatchObject({ profile: 'tier0', mode: 'production' });
});

it('an excluded owner is told to contact the help desk; a stranger claiming the same account learns nothing more than for a name that does not exist', async () => {
  await put('default', { groups: ['*'], priority: 10_000, mode: 'off' }).expect(200);
  await put('staff', { groups: ['staff', 'tier0-admins'], excludeGroups: ['tier0-admins'], priority: 20, mode: 'production' }).expect(201);

  const owner = await recover(h, 'dana.kowalski', loadIdentity('dana-kowalski'));
  expect((await status(h, owner.id, owner.token)).body).toEqual({ id: owner.id, status: 'rejected', reason: 'self_service_not_offered' });
  expect((await helpdeskView(owner.id)).profile).toMatchObject({
    name: 'default',
    mode: 'off',
    why: expect.stringMatching(/excluded from "staff" by group "tier0-admins"/),
  });

  // The enumeration check: someone else's verified identity on the excluded account, and on a name nobody has.
  const stranger = await recover(h, 'dana.kowalski', loadIdentity('ben-okafor'));
  const nobody = await recover(h, 'no.such.person', loadIdentity('ben-okafor'));
  const seen = async (r: { id: string; token: string }) => {
    const body = (await status(h, r.id, r.token)).body as Record<string, unknown>;
    return { status: body.status, reason: body.reason };
  };
  expect(await seen(stranger)).toEqual({ status: 'rejected', reason: 'account_mismatch' });
  expect(await seen(nobody)).toEqual(await seen(stranger));
  // No access pass exists for the owner's account.
  expect(await audit(h, { recoveryId: owner.id, type: 'access_pass.issued' })).toEqual([]);
});

it('an evaluation profile runs the whole check, ends `evaluated` without an access pass, and says it was a trial', async () => {
  await put('staff', { groups: ['staff'], priority: 20, mode: 'evaluation' }).expect(201);
  const ben = await recover(h, 'ben.okafor', loadIdentity('ben-okafor'));
  const body = (await status(h, ben.id, ben.token).expect(200)).body;
  expect(body).toEqual({ id: ben.id, status: 'evaluated' });
  const [evaluated] = await audit(h, { recoveryId: ben.id, type: 'recovery.evaluated' });
  expect(evaluated?.data).toMatchObject({ profile: 'staff', wouldHave: 'approved' });
  expect(await audit(h, { recoveryId: ben.id, type: 'account.matched' })).toHaveLength(1);
  expect(await audit(h, { recoveryId: ben.id, type: 'access_pass.issued' })).toEqual([]);
  expect(await h.ctx.accessPasses.get('ben.okafor')).toBeNull();
  const page = await import('../src/web/browser/messages');
  expect(page.outcomeOf('evaluated').text).toMatch(/trial run.*no access pass/);
  // The funnel by profile: the trial reached the match and ended as an evaluation, nothing issued.
  // The profile's counters land just after the transition (the listener does not hold it up).
  const text = await eventually(
    () => h.ctx.metrics.registry.metrics(),
    (t) => sample(t, 'recovery_profile_funnel_total', { profile: 'staff', stage: 'evaluated' }) === 1,
  );
  expect(sample(text, 'recovery_profile_funnel_total', { profile: 'staff', stage: 'account_matched' })).toBe(1);
  expect(sample(text, 'recovery_profile_funnel_total', { profile: 'staff', stage: 'evaluated' })).toBe(1);
  expect(sample(text, 'recovery_profile_funnel_total', { profile: 'staff', stage: 'credential_issued' })).toBeNull();
  const report = (await request(h.baseUrl).get('/v1/admin/reports/funnel?profile=staff').set(admin()).expect(200)).body;
  expect(report.providers[0]).toMatchObject({ stages: { started: 1, accountMatched: 1, credentialIssued: 0 } });
});

it('a risky account is never served by an evaluation profile: it falls to the production profile below', async () => {
  await put('staff', { groups: ['staff'], priority: 20, mode: 'evaluation' }).expect(201);
  await request(h.baseUrl).put('/v1/admin/risky-users/ben.okafor').set(admin()).send({ reason: 'credential stuffing seen', level: 'high' }).expect(200);
  const ben = await recover(h, 'ben.okafor', loadIdentity('ben-okafor'));
  expect((await status(h, ben.id, ben.token)).body.status).toBe('access_pass_issued');
  expect((await helpdeskView(ben.id)).profile).toMatchObject({ name: 'default', why: expect.stringMatching(/never serves a risky account.*flagged risky/) });
});

it("the profile's access-pass policy and required attributes apply", async () => {
  await put('staff', {
    groups: ['staff'],
    priority: 20,
    mode: 'production',
    accessPass: { lifetimeMinutes: 15, length: 16, oneTimeUse: true },
  }).expect(201);
  const ben = await recover(h, 'ben.okafor', loadIdentity('ben-okafor'));
  const pass = (await status(h, ben.id, ben.token).expect(200)).body.accessPass;
  expect(pass.code).toHaveLength(16);
  // Shown just now: the pass lives the profile's 15 minutes, not the global 60 (the test clock ticks on).
  const left = Date.parse(pass.expiresAt) - h.ctx.clock.now();
  expect(left).toBeGreaterThan(14 * 60_000);
  expect(left).toBeLessThanOrEqual(15 * 60_000);

  // The demo directory holds no employee ID for Ana: a profile that requires one cannot match her.
  await put('staff', {
    groups: ['staff'],
    priority: 20,
    mode: 'production',
    matching: { nameMatchMode: 'relaxed', requiredAttributes: ['employeeId'] },
  }).expect(200);
  const ana = await recover(h, 'ana.garcia', loadIdentity('ana-garcia'));
  expect((await status(h, ana.id, ana.token)).body).toMatchObject({ status: 'rejected', reason: 'account_mismatch' });
  const [notMatched] = await audit(h, { recoveryId: ana.id, type: 'account.not_matched' });
  expect(notMatched?.data.failures).toContain('employee_id');
});

it('help-desk links follow the profile: refused where not allowed, four-eyes where required', async () => {
  const link = (username: string) => request(h.baseUrl).post('/v1/helpdesk/recovery-links').set('Authorization', `Bearer ${HELPDESK_KEY}`).send({ username });
  await put('staff', { groups: ['staff'], priority: 20, mode: 'production', helpdeskLinks: { allowed: false, requireApproval: false } }).expect(201);
  expect((await link('ben.okafor').expect(403)).body).toMatchObject({ code: 'helpdesk.links_not_allowed' });
  await put('staff', { groups: ['staff'], priority: 20, mode: 'production', helpdeskLinks: { allowed: true, requireApproval: true } }).expect(200);
  expect((await link('ben.okafor').expect(201)).body).toMatchObject({ approvalRequired: true });

  // A link is the way back in for people self-service turns away: under an off profile it runs in production.
  await put('staff', { groups: ['staff'], priority: 20, mode: 'off', helpdeskLinks: { allowed: true, requireApproval: false } }).expect(200);
  const made = (await link('ben.okafor').expect(201)).body;
  const started = (
    await request(h.baseUrl)
      .post('/v1/recoveries')
      .send({ linkToken: new URL(made.url).searchParams.get('link') })
      .expect(201)
  ).body;
  await upload(h, started.id, started.token, loadIdentity('ben-okafor')).expect(202);
  await h.waitForStatus(started.id, (s) => s !== 'verifying');
  expect((await status(h, started.id, started.token)).body.status).toBe('access_pass_issued');
  expect((await helpdeskView(started.id)).profile).toMatchObject({ name: 'staff', mode: 'production', why: expect.stringMatching(/help-desk link/) });
});

describe('the profiles file', () => {
  it('loads the shipped example, and a bad file stops start-up naming the field', () => {
    const loaded = loadRecoveryProfiles('config/recovery-profiles.example.json');
    expect(loaded.map((p) => [p.name, p.mode])).toEqual([
      ['tier0', 'production'],
      ['contractors', 'evaluation'],
      ['default', 'production'],
    ]);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'recovery-profiles-'));
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ profiles: { tier0: { groups: ['tier0-admins'], priority: 10, mode: 'on' } } }));
    expect(() => loadRecoveryProfiles(bad)).toThrow(ConfigError);
    expect(() => loadRecoveryProfiles(bad)).toThrow(/profiles\.tier0\.mode/);
  });
});

describe('admin API', () => {
  it('lists first to last, validates, refuses unknown vendors and hooks, keeps the default, reorders atomically, audits before and after', async () => {
    const list = async () => (await request(h.baseUrl).get('/v1/admin/recovery-profiles').set(admin()).expect(200)).body.items as RecoveryProfile[];
    expect((await list()).map((p) => p.name)).toEqual(['default']);
    expect((await put('bad', { groups: [], priority: 1, mode: 'production' }).expect(400)).body).toMatchObject({ code: 'request.invalid' });
    expect((await put('bad', { groups: ['x'], priority: 1, mode: 'production', faceMatchThreshold: 20 }).expect(400)).body.code).toBe('request.invalid');
    expect((await put('bad', { groups: ['x'], priority: 1, mode: 'production', providers: ['nosuchvendor'] }).expect(400)).body.code).toBe('request.invalid');
    expect((await put('bad', { groups: ['x'], priority: 1, mode: 'production', claimHooks: ['hr'] }).expect(422)).body.code).toBe('profile.unknown_hook');
    expect((await request(h.baseUrl).delete('/v1/admin/recovery-profiles/default').set(admin()).expect(409)).body.code).toBe('profile.default_required');
    expect((await request(h.baseUrl).get('/v1/admin/recovery-profiles/nope').set(admin()).expect(404)).body.code).toBe('profile.not_found');

    await put('a', { groups: ['staff'], priority: 5, mode: 'production' }).expect(201);
    await put('b', { groups: ['tier0-admins'], priority: 7, mode: 'evaluation' }).expect(201);
    expect((await list()).map((p) => p.name)).toEqual(['a', 'b', 'default']);
    const order = (names: string[]) => request(h.baseUrl).post('/v1/admin/recovery-profiles/order').set(admin()).send({ names });
    expect((await order(['b', 'a']).expect(422)).body).toMatchObject({ code: 'profile.order_mismatch', title: expect.stringContaining('missing default') });
    const reordered = (await order(['b', 'default', 'a']).expect(200)).body.items as RecoveryProfile[];
    expect(reordered.map((p) => [p.name, p.priority])).toEqual([
      ['b', 10],
      ['default', 20],
      ['a', 30],
    ]);

    await request(h.baseUrl).delete('/v1/admin/recovery-profiles/a').set(admin()).expect(204);
    const changes = await audit(h, { type: 'admin.profile_changed' });
    const kinds = changes.map((c) => [c.data.kind, c.data.name ?? null]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['recovery_profile', 'a'],
        ['recovery_profile', 'b'],
        ['recovery_profile_order', null],
      ]),
    );
    const ordered = changes.find((c) => c.data.kind === 'recovery_profile_order');
    expect(ordered?.data.before).toEqual([
      { name: 'a', priority: 5 },
      { name: 'b', priority: 7 },
      { name: 'default', priority: 10_000 },
    ]);
    const deleted = changes.find((c) => c.data.kind === 'recovery_profile' && c.data.after === null);
    expect(deleted?.data.before).toMatchObject({ name: 'a', priority: 30 });
  });
});
