/**
 * End to end with DIRECTORY=entra (CREDENTIALS defaults to entra): accounts that exist only in the
 * Graph-shaped stand-in are recovered; the access pass shown is the Temporary Access Pass Graph
 * issued, shown in one response only and found nowhere in Redis or S3; completion is read from
 * the new passkey at Entra, and the revoked sessions and removed passkeys are visible in the
 * stand-in's state. Graph throttling and outages are waited out; a pass refused by policy ends
 * the recovery with `credential_policy_blocked`.
 */
import { entraEnv } from './support/entraEnv';
import { createHarness, type Harness } from './support/harness';
import { start, status, upload } from './support/journey';
import { objects, redisDump } from './support/inspect';
import { auditEntries } from './browser/support/recoveries';
import { loadIdentity } from './fixtures/identities';
import { runningClock } from './support/testClock';
import { startTrustedStandIn, type TrustedStandIn } from '../providers/entra-graph/testKit';
import { demoLdapSeed } from '../src/demo/ldapDemo';
import { jobIds } from '../src/workers/queues';
import { eventually, outbox, repudiateWith, repudiationToken } from './support/trustAndSafety';

const upn = (username: string) => `${username}@example.test`;
const passkey = { aaGuid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd', displayName: 'iPhone', model: 'iCloud Keychain', attestationLevel: 'notAttested' as const };

let entra: TrustedStandIn;
let h: Harness;

beforeAll(async () => {
  const clock = runningClock();
  // The demo people; Tier-0 admins are nested inside `admins`.
  entra = await startTrustedStandIn({ seed: demoLdapSeed(), clock: () => clock.now() });
  const g = entra.graph;
  h = await createHarness({
    clock,
    env: {
      ...entraEnv(g),
      // Entra's TAP policy allows 60..480 minutes by default.
      TAP_LIFETIME_MINUTES: '60',
      VERIFICATION_TIMEOUT_SECONDS: '60',
    },
  });
});
afterAll(async () => {
  await h?.close();
  await entra?.graph.close();
});
afterEach(() => entra.graph.controls.clearFaults());

async function approved(username: string, fixture: string): Promise<{ id: string; token: string }> {
  const { id, token } = await start(h, username);
  await upload(h, id, token, loadIdentity(fixture)).expect(202);
  await h.waitForStatus(id, (s) => s !== 'verifying', 30_000);
  return { id, token };
}

it('shows the TAP Graph issued, once, and keeps it nowhere', async () => {
  const { id, token } = await approved('ana.garcia', 'ana-garcia');
  const taps = entra.graph.state.taps(upn('ana.garcia'));
  expect(taps).toHaveLength(1);
  // Between the approval and the reveal the pass is held, sealed: not in plaintext anywhere.
  const held = await redisDump(h);
  expect(held).toContain(id);
  expect(held).toContain(taps[0]!.id); // the sealed record is there, named by the pass's id
  expect(held).not.toContain(taps[0]!.code);
  const first = await status(h, id, token).expect(200);
  expect(first.body).toMatchObject({
    status: 'access_pass_issued',
    accessPass: { code: taps[0]!.code, oneTimeUse: true },
    next: { enrollmentUrl: 'https://mysignins.microsoft.com/security-info' },
  });
  const again = await status(h, id, token).expect(200);
  expect(again.body.accessPass).toBeUndefined();
  const dump = await redisDump(h);
  expect(dump).toContain(id);
  expect(dump).not.toContain(taps[0]!.code);
  for (const object of await objects(h)) expect(object.body.includes(Buffer.from(taps[0]!.code))).toBe(false);
  expect((await auditEntries(h, 'access_pass.created')).some((e) => e.recoveryId === id && e.data.methodId === taps[0]!.id)).toBe(true);
});

it('completes when a passkey appears at Entra, then revokes sessions and removes the earlier passkeys there', async () => {
  const older = entra.graph.controls.addFido2Method(upn('ben.okafor'), { ...passkey, displayName: 'Old key' });
  const { id, token } = await approved('ben.okafor', 'ben-okafor');
  await status(h, id, token).expect(200);
  await new Promise((r) => setTimeout(r, 5)); // the new passkey is registered after the pass, on the same clock
  const fresh = entra.graph.controls.addFido2Method(upn('ben.okafor'), passkey);
  // The watch polls every few seconds; the test asks it now instead of waiting.
  const watch = await h.ctx.queues.timers.getJob(jobIds.timer({ type: 'enrollment-watch', recoveryId: id, dueAt: 0, since: 0, methodId: '', round: 0 }));
  await watch?.promote().catch(() => undefined);
  expect(await h.waitForStatus(id, (s) => s === 'completed', 30_000)).toBe('completed');
  await waitFor(() => entra.graph.state.fido2Methods(upn('ben.okafor')).length === 1);
  expect(entra.graph.state.fido2Methods(upn('ben.okafor')).map((m) => m.id)).toEqual([fresh.id]);
  expect(entra.graph.state.fido2Methods(upn('ben.okafor')).map((m) => m.id)).not.toContain(older.id);
  const userId = entra.graph.state.user(upn('ben.okafor'))!.id;
  expect(entra.graph.state.revocations().some((r) => r.userId === userId)).toBe(true);
  await waitFor(() => entra.graph.state.taps(upn('ben.okafor')).length === 0); // the pass is withdrawn after the clean-up
  await waitFor(async () => (await auditEntries(h, 'credentials.sessions_revoked')).some((e) => e.recoveryId === id));

  // "This wasn't me": the passkey the recovery enrolled at Entra goes, and the sessions again.
  const [completed] = await eventually(
    () => outbox(h, { recoveryId: id, kind: 'recovery_completed' }),
    (m) => m.length > 0,
  );
  expect(completed!.to).toBe('ben.okafor@example.com'); // the owner's address, read from Entra
  const revocationsBefore = entra.graph.state.revocations().filter((r) => r.userId === userId).length;
  await repudiateWith(h, repudiationToken(h, completed!)).expect(200);
  await waitFor(() => entra.graph.state.fido2Methods(upn('ben.okafor')).length === 0);
  // The undo removes the passkey, then revokes the sessions, then audits: wait for the audit, the last step.
  await waitFor(async () =>
    (await auditEntries(h, 'credentials.undone')).some((e) => e.recoveryId === id && (e.data.passkeysRemoved as string[])[0] === fresh.id),
  );
  expect(entra.graph.state.revocations().filter((r) => r.userId === userId).length).toBe(revocationsBefore + 1);

  // The owner's lock holds for every spelling of the account: the UPN instead of the name typed before.
  const again = await approved('ben.okafor@example.test', 'ben-okafor');
  expect((await status(h, again.id, again.token).expect(200)).body).toMatchObject({ status: 'rejected', reason: 'self_service_locked' });
  expect((await auditEntries(h, 'safety.self_service_blocked')).some((e) => e.recoveryId === again.id && e.data.via === 'directory_id')).toBe(true);
  expect(entra.graph.state.taps(upn('ben.okafor'))).toEqual([]);
});

it('waits out Graph throttling and an outage, and issues exactly one pass', async () => {
  entra.graph.controls.failNext(/temporaryAccessPassMethods/, { status: 429, retryAfter: '0.5', count: 1 });
  entra.graph.controls.failNext(/temporaryAccessPassMethods/, { status: 503, count: 1 });
  const { id, token } = await approved('wei.chen', 'chen-wei');
  const res = await status(h, id, token).expect(200);
  expect(res.body.status).toBe('access_pass_issued');
  expect(entra.graph.state.taps(upn('wei.chen'))).toHaveLength(1);
  expect(res.body.accessPass.code).toBe(entra.graph.state.taps(upn('wei.chen'))[0]!.code);
  expect((await auditEntries(h, 'verification.waiting')).some((e) => e.recoveryId === id && e.data.code === 'credentials.unavailable')).toBe(true);
});

it('ends with credential_policy_blocked when the TAP policy leaves the account out', async () => {
  entra.graph.controls.setTapPolicy({ includeGroups: ['tier0-admins'] });
  try {
    const { id, token } = await approved('erik.lindqvist', 'erik-lindqvist');
    expect((await status(h, id, token).expect(200)).body).toMatchObject({ status: 'rejected', reason: 'credential_policy_blocked' });
    expect((await auditEntries(h, 'access_pass.refused')).some((e) => e.recoveryId === id && e.data.reason === 'credential_policy_blocked')).toBe(true);
    expect(entra.graph.state.taps(upn('erik.lindqvist'))).toEqual([]);
  } finally {
    entra.graph.controls.setTapPolicy({ includeGroups: ['all_users'] });
  }
});

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
