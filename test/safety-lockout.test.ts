/**
 * No stranger can lock the owner out. The attack: three anonymous recoveries of ben.okafor with a
 * stranger's selfie locked Ben out of self-service for a day, and his own correct evidence then
 * ended `verification_declined`, silently. Now a failure counts against its source (client
 * network or link): that source is paused for that account, and Ben, elsewhere, recovers. The
 * account is locked only on signs of attack from several sources; then the owner and the help
 * desk are told, a claimant is told honestly to contact the help desk, and links still work.
 * Cool-downs end on the injected clock, not by waiting.
 */
import request from 'supertest';
import { createHarness, ADMIN_KEY, HELPDESK_KEY, type Harness } from './support/harness';
import { seedDirectory, type Evidence } from './support/journey';
import { audit, eventually, outbox } from './support/trustAndSafety';
import { loadIdentity } from './fixtures/identities';
import { manualClock } from './support/testClock';

const clock = manualClock();
let h: Harness;
beforeAll(async () => {
  h = await createHarness({
    clock,
    env: {
      LOCKOUT_FAILED_RECOVERIES: '2',
      LOCKOUT_ATTACK_SOURCES: '3',
      LOCKOUT_WINDOW_HOURS: '24',
      LOCKOUT_COOLDOWN_MINUTES: '120',
      HELPDESK_NOTIFY_EMAIL: 'helpdesk@example.com',
      TRUST_PROXY: '1',
    },
  });
  await seedDirectory(h);
});
afterAll(() => h.close());

const vendorCalls = (id: string) => h.mocks.vendor('idemia').stats().byKey[`${id}-1`] ?? 0;
const chen = loadIdentity('chen-wei');
const impostorOf = (fixture: string): Evidence => ({ ...loadIdentity(fixture), selfie: chen.selfie });
const lockOf = (username: string) => request(h.baseUrl).get(`/v1/admin/lockouts/${username}`).set('Authorization', `Bearer ${ADMIN_KEY}`);

/** A self-service recovery from one client address, taken until the check has answered. */
async function recoverFrom(ip: string, username: string, evidence: Evidence): Promise<{ id: string; status: string; reason?: string }> {
  const started = await request(h.baseUrl).post('/v1/recoveries').set('X-Forwarded-For', ip).send({ username }).expect(201);
  const { id, token } = started.body as { id: string; token: string };
  let upload = request(h.baseUrl)
    .post(`/v1/recoveries/${id}/evidence`)
    .set('X-Forwarded-For', ip)
    .set('Authorization', `Bearer ${token}`)
    .field('consent', 'true')
    .field('selfieSource', 'camera')
    .attach('selfie', evidence.selfie, 'selfie.png')
    .attach('documentFront', evidence.documentFront, 'front.png');
  if (evidence.documentBack) upload = upload.attach('documentBack', evidence.documentBack, 'back.png');
  await upload.expect(202, { status: 'verifying' });
  await h.waitForStatus(id, (s) => s !== 'verifying');
  const shown = await request(h.baseUrl).get(`/v1/recoveries/${id}`).set('Authorization', `Bearer ${token}`).expect(200);
  return { id, ...(shown.body as { status: string; reason?: string }) };
}

it("a stranger's failures pause the stranger's source, never the owner elsewhere", async () => {
  const ben = loadIdentity('ben-okafor');
  const stranger = '203.0.113.5';
  expect(await recoverFrom(stranger, 'ben.okafor', impostorOf('ben-okafor'))).toMatchObject({ status: 'rejected', reason: 'face_mismatch' });
  expect(await recoverFrom(stranger, 'Ben.Okafor', impostorOf('ben-okafor'))).toMatchObject({ status: 'rejected', reason: 'face_mismatch' });
  const [paused] = await eventually(
    () => audit(h, { type: 'safety.source_paused', username: 'Ben.Okafor' }),
    (e) => e.length > 0,
  );
  expect(paused).toMatchObject({ actor: 'system', data: { until: clock.now() + 120 * 60_000 } });

  // The stranger's next try is declined without a vendor call, and says so honestly.
  const third = await recoverFrom(stranger, 'ben.okafor', impostorOf('ben-okafor'));
  expect(third).toMatchObject({ status: 'rejected', reason: 'self_service_locked' });
  expect(vendorCalls(third.id)).toBe(0);
  expect(await audit(h, { recoveryId: third.id, type: 'safety.self_service_blocked' })).toEqual([
    expect.objectContaining({ data: expect.objectContaining({ scope: 'source', lock: 'failed_recoveries' }) }),
  ]);

  // The account is not locked, and Ben, from his own network, recovers at once.
  await lockOf('ben.okafor').expect(404);
  const own = await recoverFrom('198.51.100.7', 'ben.okafor', ben);
  expect(own.status).toBe('access_pass_issued');
  expect(vendorCalls(own.id)).toBe(1);
});

it('one IPv6 /64 is one source: rotating addresses inside it does not escape the pause', async () => {
  const wei = loadIdentity('chen-wei');
  const impostor = { ...wei, selfie: loadIdentity('erik-lindqvist').selfie };
  await recoverFrom('2001:db8:1:2::a', 'wei.chen', impostor);
  await recoverFrom('2001:db8:1:2::b', 'wei.chen', impostor);
  expect(await recoverFrom('2001:db8:1:2:ffff::c', 'wei.chen', impostor)).toMatchObject({ reason: 'self_service_locked' });
  expect(await recoverFrom('2001:db8:1:3::1', 'wei.chen', wei)).toMatchObject({ status: 'access_pass_issued' });
});

it('signs of attack from several sources lock the account; the owner and the help desk are told; links still work', async () => {
  const ana = loadIdentity('ana-garcia');
  let last = '';
  for (const ip of ['203.0.113.11', '203.0.113.12', '203.0.113.13']) {
    const r = await recoverFrom(ip, 'ana.garcia', impostorOf('ana-garcia'));
    expect(r).toMatchObject({ status: 'rejected', reason: 'face_mismatch' });
    last = r.id;
  }
  const [locked] = await eventually(
    () => audit(h, { type: 'safety.account_locked', username: 'ana.garcia' }),
    (e) => e.length > 0,
  );
  expect(locked).toMatchObject({ recoveryId: last, actor: 'system', data: { reason: 'suspected_attack' } });

  // The owner is told on every address, with the way back; so is the help desk.
  const owner = await eventually(
    () => outbox(h, { recoveryId: last, kind: 'owner_alert' }),
    (m) => m.length >= 2,
  );
  expect(owner.map((m) => m.to).sort()).toEqual(['ana.garcia@example.com', 'ana.personal@example.org']);
  expect(owner[0]!.subject).toContain('self-service recovery of your account is paused');
  expect(owner[0]!.text).toContain('contact your help desk');
  expect(owner[0]!.text).toContain('nobody got into the account');
  const [alert] = await eventually(
    () => outbox(h, { to: 'helpdesk@example.com', recoveryId: last }),
    (m) => m.length > 0,
  );
  expect(alert!.subject).toContain('self-service recovery locked');
  const viewed = await request(h.baseUrl).get(`/v1/helpdesk/recoveries/${last}`).set('Authorization', `Bearer ${HELPDESK_KEY}`).expect(200);
  expect(viewed.body.selfServiceLock).toMatchObject({ reason: 'suspected_attack', until: new Date(clock.now() + 120 * 60_000).toISOString() });

  // Anyone, from anywhere, now meets the honest answer, with no vendor call.
  const blocked = await recoverFrom('198.51.100.20', 'ana.garcia', ana);
  expect(blocked).toMatchObject({ status: 'rejected', reason: 'self_service_locked' });
  expect(vendorCalls(blocked.id)).toBe(0);

  // The help desk is the way back in.
  const link = await request(h.baseUrl)
    .post('/v1/helpdesk/recovery-links')
    .set('Authorization', `Bearer ${HELPDESK_KEY}`)
    .send({ username: 'ana.garcia' })
    .expect(201);
  const viaLink = await request(h.baseUrl)
    .post('/v1/recoveries')
    .send({ linkToken: new URL(link.body.url).searchParams.get('link') })
    .expect(201);
  await request(h.baseUrl)
    .post(`/v1/recoveries/${viaLink.body.id}/evidence`)
    .set('Authorization', `Bearer ${viaLink.body.token}`)
    .field('consent', 'true')
    .field('selfieSource', 'camera')
    .attach('selfie', ana.selfie, 'selfie.png')
    .attach('documentFront', ana.documentFront, 'front.png')
    .expect(202);
  await h.waitForStatus(viaLink.body.id, (s) => s !== 'verifying');
  expect((await request(h.baseUrl).get(`/v1/recoveries/${viaLink.body.id}`).set('Authorization', `Bearer ${viaLink.body.token}`)).body.status).toBe(
    'access_pass_issued',
  );

  // The cool-down ends (on the injected clock): self-service works again.
  clock.advance(121 * 60_000);
  expect(await recoverFrom('198.51.100.20', 'ana.garcia', ana)).toMatchObject({ status: 'access_pass_issued' });
});

it('locks an unknown username exactly like a real one, and an admin can clear a lock', async () => {
  const impostor = impostorOf('erik-lindqvist');
  for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) await recoverFrom(ip, 'no.such.user', impostor);
  const lock = await eventually(
    () => lockOf('no.such.user'),
    (r) => r.status === 200,
  );
  expect(lock.body).toMatchObject({ username: 'no.such.user', lock: { reason: 'suspected_attack' } });
  await request(h.baseUrl).delete('/v1/admin/lockouts/no.such.user').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(204);
  await lockOf('no.such.user').expect(404);
  await request(h.baseUrl).delete('/v1/admin/lockouts/no.such.user').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(404);
  const [cleared] = await audit(h, { type: 'safety.lock_cleared' });
  expect(cleared).toMatchObject({ actor: 'admin', username: 'no.such.user', data: { after: null, before: { reason: 'suspected_attack' } } });
  // Nobody is told for an unknown name: no owner message goes out.
  expect(await outbox(h, { kind: 'owner_alert', to: 'no.such.user' })).toEqual([]);
});
