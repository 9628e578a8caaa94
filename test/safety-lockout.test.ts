/**
 * Issue 4: too many failed recoveries lock an account out of self-service for a cool-down, the
 * help desk is told (audit, outbox message, help-desk view), a locked account still starts with
 * the same 201, and its evidence is declined generically without a vendor call. The cool-down
 * ends on the injected clock (ManualClock), not by waiting.
 */
import request from 'supertest';
import { ManualClock } from '../src/clock';
import { createHarness, ADMIN_KEY, HELPDESK_KEY, type Harness } from './support/harness';
import { recover, seedDirectory, start, status, upload } from './support/journey';
import { audit, eventually, outbox } from './support/trustAndSafety';
import { loadIdentity } from './fixtures/identities';
import { manualClock } from './support/testClock';

const clock = manualClock();
let h: Harness;
beforeAll(async () => {
  h = await createHarness({
    clock,
    env: { LOCKOUT_FAILED_RECOVERIES: '2', LOCKOUT_WINDOW_HOURS: '24', LOCKOUT_COOLDOWN_MINUTES: '120', HELPDESK_NOTIFY_EMAIL: 'helpdesk@example.com' },
  });
  await seedDirectory(h);
});
afterAll(() => h.close());

const vendorCalls = (id: string) => h.mocks.stats().idemia.byKey[`${id}-1`] ?? 0;

it('locks self-service after too many rejected recoveries, tells the help desk, and unlocks after the cool-down', async () => {
  const ben = loadIdentity('ben-okafor');
  const impostor = { ...ben, selfie: loadIdentity('chen-wei').selfie };
  const first = await recover(h, 'ben.okafor', impostor);
  expect((await status(h, first.id, first.token)).body.reason).toBe('face_mismatch');
  const second = await recover(h, 'Ben.Okafor', impostor); // the same account, typed differently
  expect((await status(h, second.id, second.token)).body.status).toBe('rejected');

  // The help desk is told: audit entry, outbox message, help-desk view.
  const [locked] = await eventually(() => audit(h, { type: 'safety.account_locked' }), (e) => e.length > 0);
  expect(locked).toMatchObject({ recoveryId: second.id, actor: 'system', data: { reason: 'failed_recoveries' } });
  const [alert] = await eventually(() => outbox(h, { to: 'helpdesk@example.com' }), (m) => m.length > 0);
  expect(alert!.subject).toContain('self-service recovery locked');
  expect(alert!.text).toContain(second.id);
  const viewed = await request(h.baseUrl).get(`/v1/helpdesk/recoveries/${second.id}`).set('Authorization', `Bearer ${HELPDESK_KEY}`).expect(200);
  expect(viewed.body.selfServiceLock).toMatchObject({ reason: 'failed_recoveries', until: new Date(clock.now() + 120 * 60_000).toISOString() });

  // Start looks exactly the same; the evidence is accepted, then declined generically, and no vendor sees it.
  const blocked = await start(h, 'ben.okafor');
  await upload(h, blocked.id, blocked.token, ben).expect(202, { status: 'verifying' });
  expect((await status(h, blocked.id, blocked.token)).body).toEqual({ id: blocked.id, status: 'rejected', reason: 'verification_declined' });
  expect(vendorCalls(blocked.id)).toBe(0);
  expect((await audit(h, { recoveryId: blocked.id, type: 'safety.self_service_blocked' }))).toHaveLength(1);

  // The help desk is the way back in: a link-started recovery is not gated.
  const link = await request(h.baseUrl).post('/v1/helpdesk/recovery-links').set('Authorization', `Bearer ${HELPDESK_KEY}`).send({ username: 'ben.okafor' }).expect(201);
  const viaLink = await request(h.baseUrl).post('/v1/recoveries').send({ linkToken: new URL(link.body.url).searchParams.get('link') }).expect(201);
  await upload(h, viaLink.body.id, viaLink.body.token, ben).expect(202);
  await h.waitForStatus(viaLink.body.id, (s) => s !== 'verifying');
  expect((await status(h, viaLink.body.id, viaLink.body.token)).body.status).toBe('access_pass_issued');

  // The cool-down ends (on the injected clock): self-service works again.
  clock.advance(121 * 60_000);
  const after = await recover(h, 'ben.okafor', ben);
  expect((await status(h, after.id, after.token)).body.status).toBe('access_pass_issued');
  expect(vendorCalls(after.id)).toBe(1);
});

it('locks an unknown username exactly like a real one, and an admin can clear a lock', async () => {
  const erik = loadIdentity('erik-lindqvist');
  for (let i = 0; i < 2; i += 1) await recover(h, 'no.such.user', erik); // account_mismatch twice
  const lock = await eventually(
    () => request(h.baseUrl).get('/v1/admin/lockouts/no.such.user').set('Authorization', `Bearer ${ADMIN_KEY}`),
    (r) => r.status === 200,
  );
  expect(lock.body).toMatchObject({ username: 'no.such.user', lock: { reason: 'failed_recoveries' } });
  await request(h.baseUrl).delete('/v1/admin/lockouts/no.such.user').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(204);
  await request(h.baseUrl).get('/v1/admin/lockouts/no.such.user').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(404);
  await request(h.baseUrl).delete('/v1/admin/lockouts/no.such.user').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(404);
  const [cleared] = await audit(h, { type: 'safety.lock_cleared' });
  expect(cleared).toMatchObject({ actor: 'admin', username: 'no.such.user', data: { after: null, before: { reason: 'failed_recoveries' } } });
});
