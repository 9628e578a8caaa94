/**
 * Tell the owner (NIST SP 800-63B-4 §4.2.3): a start and a completion notify every
 * address on the account through the outbox, each with a one-time "this wasn't me" link. Opening
 * the link changes nothing; its button cancels a running recovery, or revokes a completed one and
 * locks self-service until an admin clears it.
 */
import request from 'supertest';
import { createHarness, ADMIN_KEY, type Harness } from './support/harness';
import { recover, seedDirectory, start, status } from './support/journey';
import { audit, completeEnrollment, eventually, outbox, repudiateWith, repudiationToken, type OutboxItem } from './support/trustAndSafety';
import { loadIdentity } from './fixtures/identities';
import { view } from '../flows/transition';
import { redisDump } from './support/inspect';
import { manualClock } from './support/testClock';

const clock = manualClock();
let h: Harness;
beforeAll(async () => {
  h = await createHarness({ clock, env: { HELPDESK_NOTIFY_EMAIL: 'helpdesk@example.com', REPUDIATION_TTL_HOURS: '48' } });
  await seedDirectory(h);
});
afterAll(() => h.close());

const statusOf = async (id: string) => view((await h.ctx.recoveries.get(id))!.snapshot);
const messagesFor = (id: string, kind: string, count: number) =>
  eventually(
    () => outbox(h, { recoveryId: id, kind }),
    (m) => m.length >= count,
  );

it('notifies every address of the account when a recovery starts, with its own one-time link', async () => {
  const { id, token } = await start(h, 'ana.garcia');
  const messages = await messagesFor(id, 'recovery_started', 2);
  expect(messages.map((m) => m.to).sort()).toEqual(['ana.garcia@example.com', 'ana.personal@example.org']);
  for (const m of messages) {
    expect(m.subject).toContain('a recovery of your account was started');
    expect(m.text).toContain('"ana.garcia"');
    expect(m.text).toContain('your help desk');
    expect(m.text).not.toContain(token);
  }
  const tokens = messages.map((m) => repudiationToken(h, m));
  expect(new Set(tokens).size).toBe(2);
  // Stored only hashed: the raw token appears nowhere in Redis except the local outbox (the mail spool).
  const lines = (await redisDump(h)).split('\n');
  const spool = lines.indexOf(`${h.prefix}:outbox`);
  const dump = lines.filter((_l, i) => i !== spool && i !== spool + 1).join('\n');
  expect(dump).toContain(id);
  for (const t of tokens) expect(dump).not.toContain(t);
});

it('does the same work for an unknown username, and sends nothing', async () => {
  const { id } = await start(h, 'nobody.here');
  const job = await eventually(
    () => h.ctx.queues.notifications.getJob(`notify-recovery_started-${id}`),
    (j) => j?.finishedOn !== undefined,
  );
  expect(job?.returnvalue).toBe('sent 0');
  expect(await outbox(h, { recoveryId: id })).toEqual([]);
});

it('opening the link changes nothing; its button cancels a running recovery, once', async () => {
  const { id } = await start(h, 'ben.okafor');
  const [message] = await messagesFor(id, 'recovery_started', 1);
  const token = repudiationToken(h, message!);

  const page = await request(h.baseUrl).get(`/repudiate?token=${token}`).expect(200);
  expect(page.headers['content-type']).toMatch(/^text\/html/);
  expect(page.headers['referrer-policy']).toBe('no-referrer');
  expect(page.headers['cache-control']).toBe('no-store');
  expect(page.text).toContain('<form method="post" action="repudiate">');
  expect(page.text).not.toMatch(/<script/i);
  await request(h.baseUrl).get(`/repudiate?token=${token}`).expect(200); // a mail scanner, again
  expect((await statusOf(id)).status).toBe('awaiting_evidence');

  const done = await repudiateWith(h, token).expect(200);
  expect(done.text).toContain('The recovery was cancelled');
  expect(await statusOf(id)).toMatchObject({ status: 'rejected', context: { reason: 'cancelled' } });
  const trail = await audit(h, { recoveryId: id });
  expect(trail.find((e) => e.type === 'recovery.transition' && e.data.event === 'CANCEL')).toMatchObject({ actor: 'owner' });
  expect(trail.find((e) => e.type === 'recovery.cancelled')).toMatchObject({ actor: 'owner', username: 'ben.okafor' });
  const again = await repudiateWith(h, token).expect(410);
  expect(again.text).toContain('already been used');
  const [alert] = await eventually(
    () => outbox(h, { to: 'helpdesk@example.com', recoveryId: id }),
    (m) => m.length > 0,
  );
  expect(alert!.text).toContain('reported recovery');
});

it('after completion, the link revokes what the recovery granted and locks self-service until an admin clears it', async () => {
  const ben = loadIdentity('ben-okafor');
  const { id, token } = await recover(h, 'ben.okafor', ben);
  const shown = await status(h, id, token).expect(200);
  expect(shown.body.accessPass.code).toBeDefined();
  // The passkey this recovery enrolled (as src/passkeys writes it when enrollment completes).
  await h.ctx.passkeys.createPending(
    {
      credentialId: 'cred-from-recovery',
      username: 'ben.okafor',
      publicKey: 'AA',
      counter: 0,
      backupEligible: true,
      backedUp: true,
      aaguid: '00000000-0000-0000-0000-000000000000',
      attestationFormat: 'none',
      attestationAnchor: null,
      transports: ['internal'],
      profile: 'default',
      recoveryId: id,
      status: 'active',
      createdAt: clock.now(),
      confirmedAt: clock.now(),
      lastUsedAt: null,
      revokedAt: null,
      revokedReason: null,
      revokedBy: null,
    },
    3_600_000,
  );
  await completeEnrollment(h, id);
  const [completed] = await messagesFor(id, 'recovery_completed', 1);
  expect(completed!.subject).toContain('your account was recovered');
  expect(completed!.text).not.toContain(shown.body.accessPass.code);
  expect(await h.ctx.accessPasses.get('ben.okafor')).toMatchObject({ recoveryId: id });

  const done = await repudiateWith(h, repudiationToken(h, completed!)).expect(200);
  expect(done.text).toContain('revoked');
  expect(await h.ctx.accessPasses.get('ben.okafor')).toBeNull();
  expect(await h.ctx.passkeys.get('cred-from-recovery')).toMatchObject({ status: 'revoked', revokedReason: 'repudiated' });
  const [repudiated] = await audit(h, { recoveryId: id, type: 'recovery.repudiated' });
  expect(repudiated).toMatchObject({
    actor: 'owner',
    data: { outcome: 'revoked', selfServiceLocked: true, accessPassRevoked: true, passkeysRevoked: ['cred-from-recovery'] },
  });
  expect(await audit(h, { recoveryId: id, type: 'passkey.revoked' })).toEqual([expect.objectContaining({ actor: 'owner' })]);

  // Locked until cleared: the cool-down does not end it.
  clock.advance(30 * 24 * 3_600_000);
  const lock = await request(h.baseUrl).get('/v1/admin/lockouts/ben.okafor').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200);
  expect(lock.body.lock).toMatchObject({ reason: 'owner_repudiated', until: null, recoveryId: id });
  const blocked = await recover(h, 'ben.okafor', ben);
  expect((await status(h, blocked.id, blocked.token)).body).toMatchObject({ status: 'rejected', reason: 'self_service_locked' });

  await request(h.baseUrl).delete('/v1/admin/lockouts/ben.okafor').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(204);
  const again = await recover(h, 'ben.okafor', ben);
  expect((await status(h, again.id, again.token)).body.status).toBe('access_pass_issued');
});

it('links expire', async () => {
  const { id } = await start(h, 'wei.chen');
  const [message] = await messagesFor(id, 'recovery_started', 1);
  clock.advance(48 * 3_600_000);
  const res = await repudiateWith(h, repudiationToken(h, message as OutboxItem)).expect(410);
  expect(res.text).toContain('expired');
  expect((await statusOf(id)).status).toBe('awaiting_evidence');
});
