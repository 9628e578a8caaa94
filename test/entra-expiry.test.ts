/**
 * With the pass and the passkey at Entra, the service learns of the passkey by polling. A passkey
 * registered after the last poll but before the pass expires must still complete the recovery:
 * the expiry takes one last look at Entra first. The clock is a manual one, shared with the
 * Graph-shaped stand-in, so the expiry can be reached without waiting an hour.
 */
import { createHarness, type Harness } from './support/harness';
import { start, status, upload } from './support/journey';
import { manualClock } from './support/testClock';
import { entraEnv } from './support/entraEnv';
import { loadIdentity } from './fixtures/identities';
import { startTrustedStandIn, type TrustedStandIn } from '../providers/entra-graph/testKit';
import { demoLdapSeed } from '../src/demo/ldapDemo';
import { jobIds } from '../src/workers/queues';
import type { ManualClock } from '../src/clock';

let clock: ManualClock;
let entra: TrustedStandIn;
let h: Harness;

beforeAll(async () => {
  clock = manualClock();
  entra = await startTrustedStandIn({ seed: demoLdapSeed(), clock: () => clock.now() });
  h = await createHarness({ clock, env: { ...entraEnv(entra.graph), TAP_LIFETIME_MINUTES: '60' } });
});
afterAll(async () => {
  await h?.close();
  await entra?.graph.close();
});

it('a passkey registered just before the pass expires still completes the recovery', async () => {
  const { id, token } = await start(h, 'wei.chen');
  await upload(h, id, token, loadIdentity('chen-wei')).expect(202);
  await h.waitForStatus(id, (s) => s !== 'verifying', 30_000);
  expect((await status(h, id, token).expect(200)).body.status).toBe('access_pass_issued');

  // Registered at Entra; the watch has not polled since (the test's clock stands still).
  entra.graph.controls.addFido2Method('wei.chen@example.test', {
    aaGuid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd',
    displayName: 'iPhone',
    model: 'iCloud Keychain',
    attestationLevel: 'notAttested',
  });
  clock.advance(61 * 60_000);
  const expiry = await h.ctx.queues.timers.getJob(jobIds.timer({ type: 'access-pass-expiry', recoveryId: id, dueAt: 0 }));
  expect(expiry).toBeDefined();
  await expiry!.promote();
  expect(await h.waitForStatus(id, (s) => s === 'completed' || s === 'expired', 30_000)).toBe('completed');
});
