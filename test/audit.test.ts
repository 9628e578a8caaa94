/**
 * The audit trail: every step of a full recovery in order with its actor; queries by
 * recovery, account, type and time with stream-id cursors; a JSON-lines export; admin changes with
 * before/after; never a secret; and an optional signed push to a webhook.
 */
import http from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createHarness, ADMIN_KEY, HELPDESK_KEY, type Harness } from './support/harness';
import { seedDirectory, status, upload } from './support/journey';
import { audit, completeEnrollment, eventually, type AuditItem } from './support/trustAndSafety';
import { loadIdentity } from './fixtures/identities';
import { namedKey } from './support/staffKeys';

describe('the audit trail', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await seedDirectory(h);
  });
  afterAll(() => h.close());

  it('lists every step of a full recovery in order, with its actor, and no secret', async () => {
    const janeKey = await namedKey(h, 'helpdesk', 'jane');
    const link = await request(h.baseUrl)
      .post('/v1/helpdesk/recovery-links')
      .set('Authorization', `Bearer ${janeKey}`)
      .send({ username: 'ben.okafor' })
      .expect(201);
    const linkToken = new URL(link.body.url).searchParams.get('link')!;
    const started = await request(h.baseUrl).post('/v1/recoveries').send({ linkToken }).expect(201);
    const { id, token } = started.body as { id: string; token: string };
    await upload(h, id, token, loadIdentity('ben-okafor')).expect(202);
    await h.waitForStatus(id, (s) => s !== 'verifying');
    const code: string = (await status(h, id, token).expect(200)).body.accessPass.code;
    await completeEnrollment(h, id);
    await eventually(
      () => audit(h, { recoveryId: id, type: 'notification.sent' }),
      (e) => e.length === 2,
    );

    const trail = await audit(h, { recoveryId: id });
    const steps = trail
      .filter((e) => e.type !== 'notification.sent')
      .map((e) => `${e.type}${e.type === 'recovery.transition' ? `(${String(e.data.to)})` : ''} by ${e.actor}`);
    expect(steps).toEqual([
      'recovery.started by helpdesk:jane',
      'recovery.transition(verifying) by claimant',
      'evidence.received by claimant',
      'recovery.transition(verifying) by worker', // evidence about to leave for the vendor
      'recovery.profile_applied by worker', // the recovery profile, decided with that first send
      'verification.sending by worker',
      'verification.submitted by worker',
      'recovery.transition(access_pass_issued) by worker',
      'verification.verdict by worker',
      'account.matched by worker',
      'recovery.transition(access_pass_issued) by claimant', // the pass revealed
      'access_pass.issued by claimant',
      'recovery.transition(completed) by claimant',
    ]);
    expect(
      trail
        .filter((e) => e.type === 'notification.sent')
        .map((e) => e.data.kind)
        .sort(),
    ).toEqual(['recovery_completed', 'recovery_started']);
    expect(trail.map((e) => e.id)).toEqual([...trail.map((e) => e.id)].sort(compareIds));
    const verdict = trail.find((e) => e.type === 'verification.verdict')!;
    expect(verdict.data).toMatchObject({ faceMatch: { score: expect.any(Number) }, reasonCodes: expect.any(Array) });

    const [created] = await audit(h, { type: 'helpdesk.link_created', username: 'ben.okafor' });
    expect(created).toMatchObject({ actor: 'helpdesk:jane', username: 'ben.okafor' });
    const everything = JSON.stringify(await audit(h));
    for (const secret of [token, linkToken, code]) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/iVBORw0KGgo|\/9j\//); // no PNG or JPEG bytes, base64
  });

  it('filters by account, type and time, and pages with stream-id cursors', async () => {
    const all = await audit(h);
    const byUser = await audit(h, { username: '  BEN.OKAFOR ' });
    expect(byUser.length).toBeGreaterThan(5);
    expect(byUser.every((e) => e.username?.toLowerCase() === 'ben.okafor')).toBe(true);
    const types = await audit(h, { type: 'recovery.started,access_pass.issued' });
    expect(new Set(types.map((e) => e.type))).toEqual(new Set(['recovery.started', 'access_pass.issued']));

    const middle = all[Math.floor(all.length / 2)]!;
    const from = await audit(h, { from: middle.at });
    expect(from.every((e) => e.at >= middle.at)).toBe(true);
    const to = await audit(h, { to: middle.at });
    expect(to.every((e) => e.at <= middle.at)).toBe(true);
    expect(from.length + to.length).toBeGreaterThanOrEqual(all.length);

    const pages: AuditItem[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await request(h.baseUrl)
        .get('/v1/admin/audit')
        .query({ limit: '3', ...(cursor ? { cursor } : {}) })
        .set('Authorization', `Bearer ${ADMIN_KEY}`)
        .expect(200);
      pages.push(...(res.body.items as AuditItem[]));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(pages.map((e) => e.id)).toEqual(all.map((e) => e.id));
    await request(h.baseUrl).get('/v1/admin/audit').query({ cursor: 'nope' }).set('Authorization', `Bearer ${ADMIN_KEY}`).expect(400);
    await request(h.baseUrl).get('/v1/admin/audit').set('Authorization', `Bearer ${HELPDESK_KEY}`).expect(401);
  });

  it('exports as JSON lines, streamed', async () => {
    const res = await request(h.baseUrl)
      .get('/v1/admin/audit/export')
      .query({ username: 'ben.okafor' })
      .set('Authorization', `Bearer ${ADMIN_KEY}`)
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => {
          text += c;
        });
        r.on('end', () => done(null, text));
      })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = (res.body as string)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditItem);
    expect(lines.map((e) => e.id)).toEqual((await audit(h, { username: 'ben.okafor' })).map((e) => e.id));
  });

  it('records admin directory changes with before and after', async () => {
    const admin = (r: request.Test) => r.set('Authorization', `Bearer ${ADMIN_KEY}`);
    await admin(request(h.baseUrl).put('/v1/admin/users/wei.chen'))
      .send({ givenName: 'Wei', familyName: 'Chen-Li', emails: ['wei@example.com'] })
      .expect(200);
    await admin(request(h.baseUrl).delete('/v1/admin/users/wei.chen')).expect(204);
    const changes = await audit(h, { type: 'admin.user_changed', username: 'wei.chen' });
    expect(changes.map((c) => c.data.action)).toEqual(['create', 'update', 'delete']);
    expect(changes[1]).toMatchObject({ actor: 'admin', data: { before: { familyName: 'Chen' }, after: { familyName: 'Chen-Li' } } });
    expect(changes[2]).toMatchObject({ data: { before: { familyName: 'Chen-Li' }, after: null } });
  });
});

function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint];
  return am === bm ? Number(as - bs) : am < bm ? -1 : 1;
}

describe('the signed audit push', () => {
  const SECRET = 'audit-webhook-secret-for-tests-0123456789';
  const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
  let receiver: http.Server;
  let h: Harness;
  let failNext = 1;
  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString('utf8');
      });
      req.on('end', () => {
        // The first delivery fails: the push retries and the cursor does not move past it.
        if (failNext-- > 0) {
          res.writeHead(503).end();
          return;
        }
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/audit`;
    h = await createHarness({ env: { AUDIT_WEBHOOK_URL: url, AUDIT_WEBHOOK_SECRET: SECRET, AUDIT_WEBHOOK_INTERVAL_MS: '100' } });
  });
  afterAll(async () => {
    await h.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('pushes every entry once in order, signed with HMAC-SHA256 over the timestamp and the raw body', async () => {
    const started = await request(h.baseUrl).post('/v1/recoveries').send({ username: 'ben.okafor' }).expect(201);
    const entries = () => received.flatMap((r) => (JSON.parse(r.body) as { entries: AuditItem[] }).entries);
    await eventually(
      async () => entries(),
      (e) => e.some((x) => x.type === 'recovery.started' && x.recoveryId === started.body.id),
    );
    for (const r of received) {
      const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(r.headers['x-audit-signature']));
      expect(match).not.toBeNull();
      expect(match![2]).toBe(createHmac('sha256', SECRET).update(`${match![1]}.${r.body}`).digest('hex'));
    }
    const ids = entries().map((e) => e.id);
    expect(ids).toEqual([...new Set(ids)].sort(compareIds));
    expect(ids).toEqual((await audit(h)).map((e) => e.id).slice(0, ids.length));
  });
});
