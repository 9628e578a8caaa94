/**
 * The funnel (GET /v1/admin/reports/funnel and recovery_funnel_* metrics) over a mixed run:
 * approved and shown, mismatched, declined (face), a retryable decline, expired while waiting,
 * and one completed the way a credential target's watcher completes it. The endpoint must equal a
 * recount from the raw audit entries done here independently, and the counters must move.
 */
import request from 'supertest';
import { ADMIN_KEY, createHarness, type Harness } from './support/harness';
import { recover, seedDirectory, start, status } from './support/journey';
import { audit, type AuditItem } from './support/trustAndSafety';
import { loadIdentity } from './fixtures/identities';
import { advance } from '../src/recovery/advance';
import { auditSideWrite } from '../src/audit/auditLog';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await seedDirectory(h);
});
afterAll(() => h.close());

const funnel = (query: Record<string, string> = {}) =>
  request(h.baseUrl).get('/v1/admin/reports/funnel').query(query).set('Authorization', `Bearer ${ADMIN_KEY}`);

/** The recount, from the entries as the audit API returns them, written without the service's stage table. */
function recount(entries: AuditItem[]) {
  const seen = new Map<string, Set<string>>();
  const ends = new Map<string, string>();
  const add = (id: string, stage: string) => seen.set(id, (seen.get(id) ?? new Set()).add(stage));
  for (const e of entries) {
    if (!e.recoveryId) continue;
    const id = e.recoveryId;
    if (e.type === 'recovery.started') add(id, 'started');
    if (e.type === 'evidence.received') add(id, 'evidenceSubmitted');
    if (e.type === 'verification.verdict') add(id, 'vendorVerdict');
    if (e.type === 'account.matched') add(id, 'accountMatched');
    if (e.type === 'access_pass.issued') add(id, 'credentialIssued');
    if (e.type === 'passkey.registered' || e.type === 'recovery.completed') add(id, 'enrolled');
    if (e.type === 'recovery.completed') add(id, 'completed');
    if (e.type === 'recovery.transition' && ['rejected', 'expired', 'failed'].includes(e.data.to as string)) ends.set(id, `${e.data.from}/${e.data.reason}`);
  }
  const stages: Record<string, number> = {
    started: 0,
    evidenceSubmitted: 0,
    vendorVerdict: 0,
    accountMatched: 0,
    credentialIssued: 0,
    enrolled: 0,
    completed: 0,
  };
  for (const set of seen.values()) for (const s of set) stages[s] = (stages[s] ?? 0) + 1;
  const dropOffs: Record<string, number> = {};
  for (const end of ends.values()) dropOffs[end] = (dropOffs[end] ?? 0) + 1;
  return { stages, dropOffs };
}

async function counters(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const v of (await h.ctx.metrics.funnel.get()).values) out[String(v.labels.stage)] = v.value;
  for (const v of (await h.ctx.metrics.funnelDropOffs.get()).values) out[`${v.labels.from}/${v.labels.reason}`] = v.value;
  return out;
}

it('equals an independent recount from the audit trail over a mixed run, and the counters move', async () => {
  const before = await counters();
  const ben = loadIdentity('ben-okafor');
  const approved = await recover(h, 'ben.okafor', ben);
  expect((await status(h, approved.id, approved.token)).body.status).toBe('access_pass_issued'); // shown: credential issued
  const done = await recover(h, 'ana.garcia', loadIdentity('ana-garcia'));
  await advance(h.ctx, done.id, { type: 'ENROLLMENT_COMPLETED' }, 'worker', () => [
    auditSideWrite(h.ctx, { type: 'recovery.completed', recoveryId: done.id, username: 'ana.garcia', actor: 'worker', data: { target: 'test' } }),
  ]);
  const mismatched = await recover(h, 'ben.okafor', loadIdentity('erik-lindqvist'));
  const faceDeclined = await recover(h, 'wei.chen', { ...loadIdentity('chen-wei'), selfie: ben.selfie });
  const retryable = await recover(h, 'fatima.haddad', loadIdentity('fatima-haddad')); // expired document: may try again
  const abandoned = await start(h, 'erik.lindqvist');
  await advance(h.ctx, abandoned.id, { type: 'EXPIRE' }, 'timer');
  expect((await status(h, mismatched.id, mismatched.token)).body.reason).toBe('account_mismatch');
  expect((await status(h, faceDeclined.id, faceDeclined.token)).body.reason).toBe('face_mismatch');
  expect((await status(h, retryable.id, retryable.token)).body.status).toBe('awaiting_evidence');

  const report = (await funnel().expect(200)).body;
  expect(report).toMatchObject({ from: null, to: null, profile: null, complete: true });
  expect(report.providers).toHaveLength(1);
  const [row] = report.providers;
  const expected = recount(await audit(h));
  expect(row.stages).toEqual(expected.stages);
  expect(Object.fromEntries(row.dropOffs.map((d: { from: string; reason: string; count: number }) => [`${d.from}/${d.reason}`, d.count]))).toEqual(
    expected.dropOffs,
  );
  // The run's shape, so the recount above cannot agree by both being empty.
  expect(row.stages).toEqual({ started: 6, evidenceSubmitted: 5, vendorVerdict: 5, accountMatched: 2, credentialIssued: 1, enrolled: 1, completed: 1 });
  expect(expected.dropOffs).toEqual({ 'verifying/account_mismatch': 1, 'verifying/face_mismatch': 1, 'awaiting_evidence/recovery_expired': 1 });

  const after = await counters();
  const moved = (key: string) => (after[key] ?? 0) - (before[key] ?? 0);
  expect([
    moved('started'),
    moved('evidence_submitted'),
    moved('vendor_verdict'),
    moved('account_matched'),
    moved('credential_issued'),
    moved('enrolled'),
    moved('completed'),
  ]).toEqual([6, 5, 5, 2, 1, 1, 1]);
  expect(moved('verifying/account_mismatch')).toBe(1);
  expect(moved('awaiting_evidence/recovery_expired')).toBe(1);
});

it('counts by entry time within [from, to], filters by profile, and refuses a window that ends before it starts', async () => {
  const now = new Date(h.ctx.clock.now() + 60_000).toISOString();
  const later = (await funnel({ from: now }).expect(200)).body;
  expect(later).toMatchObject({ from: now, providers: [] });
  const past = new Date(h.ctx.clock.now() - 86_400_000).toISOString();
  const all = (await funnel({ from: past, to: now }).expect(200)).body;
  expect(all.providers[0].stages.started).toBeGreaterThan(0);
  // Recoveries started before profiles existed belong to `default`.
  expect((await funnel({ profile: 'default' }).expect(200)).body.providers).toEqual((await funnel().expect(200)).body.providers);
  expect((await funnel({ profile: 'contractors' }).expect(200)).body.providers).toEqual([]);
  const bad = await funnel({ from: now, to: past }).expect(400);
  expect(bad.body.code).toBe('request.invalid');
  await request(h.baseUrl).get('/v1/admin/reports/funnel').expect(401);
});
