/**
 * The audit trail is tamper-evident. Each attack here is what someone with write access to Redis
 * could do to hide a recovery: change an entry (with or without recomputing its hash), remove one,
 * cut the end off, or rewrite the whole trail and its head. The chain check names the first broken
 * link of each; a wholesale rewrite is caught against a head the sink received with a push.
 * Appends from several processes at once keep one unbroken chain, and delivered entries are the
 * only ones ever trimmed: a sink that is down loses nothing.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import request from 'supertest';
import { createHarness, ADMIN_KEY, type Harness } from './support/harness';
import { appendAudit } from '../src/audit/auditLog';
import { verifyChain } from '../src/audit/verifyChain';
import { contentDigest, GENESIS_HASH, linkHash, type ChainHead } from '../src/crypto/auditChain';
import { AuditStore } from '../src/stores/auditStore';
import { auditPushProcessor } from '../src/audit/auditPush';

type Raw = [string, string[]];

/** Rewrites the stream as an attacker would: same ids, `edit` applied to each entry's fields. */
async function rewrite(h: Harness, edit: (fields: Map<string, string>, index: number) => void): Promise<void> {
  const key = h.keys.audit();
  const rows = (await h.redis.xrange(key, '-', '+')) as Raw[];
  await h.redis.del(key);
  for (const [index, [id, flat]] of rows.entries()) {
    const fields = new Map<string, string>();
    for (let i = 0; i + 1 < flat.length; i += 2) fields.set(flat[i] as string, flat[i + 1] as string);
    edit(fields, index);
    await h.redis.xadd(key, id, ...[...fields].flat());
  }
}

function rehash(fields: Map<string, string>, prev: string): string {
  const get = (k: string) => fields.get(k) ?? '';
  const hash = linkHash(
    Number(get('seq')),
    prev,
    contentDigest({
      type: get('type'),
      at: get('at'),
      actor: get('actor'),
      recoveryId: get('recoveryId'),
      username: get('username'),
      data: get('data'),
    }),
  );
  fields.set('prev', prev);
  fields.set('hash', hash);
  return hash;
}

async function trail(h: Harness, n: number): Promise<Raw[]> {
  for (let i = 0; i < n; i += 1) await appendAudit(h.ctx, { type: 'test.entry', actor: 'admin', username: `user${i}`, data: { i } });
  return await h.redis.xrange(h.keys.audit(), '-', '+');
}

describe('the hash-chained audit trail', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  it('chains every entry, from recoveries and admin steps alike, and verifies intact', async () => {
    const started = await request(h.baseUrl).post('/v1/recoveries').send({ username: 'ben.okafor' }).expect(201);
    await trail(h, 3);
    const rows = (await h.redis.xrange(h.keys.audit(), '-', '+')) as Raw[];
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const report = await verifyChain(h.ctx.audit);
    expect(report).toMatchObject({ ok: true, checked: rows.length, unchained: 0, firstSeq: 1, broken: null });
    expect(report.head?.seq).toBe(rows.length);
    // The admin API shows the same entries with their place in the chain.
    const page = await request(h.baseUrl).get('/v1/admin/audit').query({ recoveryId: started.body.id }).set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200);
    expect(page.body.items[0]).toMatchObject({ seq: 1, prev: GENESIS_HASH, hash: expect.stringMatching(/^[0-9a-f]{40}$/) });
  });

  it('names a changed entry (hash_mismatch), even one whose attacker left the hash alone', async () => {
    await trail(h, 6);
    await rewrite(h, (f, i) => {
      if (i === 2) f.set('actor', 'someone-else');
    });
    const report = await verifyChain(h.ctx.audit);
    expect(report.ok).toBe(false);
    expect(report.broken).toMatchObject({ seq: 3, reason: 'hash_mismatch' });
  });

  it('names the link after a changed entry whose hash was recomputed (prev_mismatch)', async () => {
    await trail(h, 6);
    await rewrite(h, (f, i) => {
      if (i !== 2) return;
      f.set('data', JSON.stringify({ i: 'rewritten' }));
      rehash(f, f.get('prev') as string);
    });
    expect((await verifyChain(h.ctx.audit)).broken).toMatchObject({ seq: 4, reason: 'prev_mismatch' });
  });

  it('names a removed entry (seq_gap) and a removed end (head_mismatch)', async () => {
    const rows = await trail(h, 6);
    await h.redis.xdel(h.keys.audit(), rows[2]![0]);
    expect((await verifyChain(h.ctx.audit)).broken).toMatchObject({ seq: 4, reason: 'seq_gap', id: rows[3]![0] });

    const other = await createHarness();
    try {
      const tail = await trail(other, 4);
      await other.redis.xdel(other.keys.audit(), tail[3]![0]);
      expect((await verifyChain(other.ctx.audit)).broken).toMatchObject({ seq: 4, reason: 'head_mismatch' });
    } finally {
      await other.close();
    }
  });

  it('catches a wholesale rewrite, chain and head recomputed, against the head the sink was sent', async () => {
    await trail(h, 5);
    const sent = (await h.ctx.audit.head()) as ChainHead;
    await rewrite(h, (f, i) => {
      if (i === 1) f.set('username', 'nobody');
    });
    // The attacker recomputes every hash from the changed entry on, and the head.
    let prev = GENESIS_HASH;
    await rewrite(h, (f) => {
      prev = rehash(f, prev);
    });
    const last = (await h.redis.xrevrange(h.keys.audit(), '+', '-', 'COUNT', 1)) as Raw[];
    const fields = last[0]![1];
    await h.redis.set(h.keys.auditHead(), `${fields[fields.indexOf('seq') + 1]}:${fields[fields.indexOf('hash') + 1]}`);

    expect((await verifyChain(h.ctx.audit)).ok).toBe(true); // self-consistent on its own…
    const against = await verifyChain(h.ctx.audit, sent); // …but not what the sink saw
    expect(against.broken).toMatchObject({ seq: 5, reason: 'expected_head_missing' });

    const api = await request(h.baseUrl)
      .get('/v1/admin/audit/verify')
      .query({ expectHead: `${sent.seq}:${sent.hash}` })
      .set('Authorization', `Bearer ${ADMIN_KEY}`)
      .expect(200);
    expect(api.body).toMatchObject({ ok: false, broken: { reason: 'expected_head_missing' } });
    const bad = await request(h.baseUrl).get('/v1/admin/audit/verify').query({ expectHead: 'nope' }).set('Authorization', `Bearer ${ADMIN_KEY}`).expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('refuses to chain after a head it did not write, rather than start a new chain over the old one', async () => {
    await trail(h, 2);
    await h.redis.set(h.keys.auditHead(), 'not-a-head');
    await expect(appendAudit(h.ctx, { type: 'test.entry', actor: 'admin' })).rejects.toMatchObject({ code: 'audit.head_corrupt' });
    expect(await h.ctx.audit.length()).toBe(2);
  });

  it('keeps one unbroken chain while several processes append at once', async () => {
    // Three "processes": their own connections and stores over the same trail, 60 appends each, all at once.
    const others = [new Redis(process.env.TEST_REDIS_URL as string), new Redis(process.env.TEST_REDIS_URL as string)];
    try {
      const stores = [h.ctx.audit, ...others.map((r) => new AuditStore(r, h.keys))];
      await Promise.all(
        stores.flatMap((store, s) =>
          Array.from({ length: 60 }, (_, i) =>
            store.append([{ type: 'test.concurrent', at: '1', actor: `p${s}`, recoveryId: '', username: '', data: JSON.stringify({ i }) }]),
          ),
        ),
      );
      const report = await verifyChain(h.ctx.audit);
      expect(report).toMatchObject({ ok: true, checked: 180, head: { seq: 180 } });
      const rows = (await h.redis.xrange(h.keys.audit(), '-', '+')) as Raw[];
      const seen = new Set(rows.map(([, f]) => `${f[f.indexOf('actor') + 1]}:${f[f.indexOf('data') + 1]}`));
      expect(seen.size).toBe(180);
    } finally {
      for (const r of others) r.disconnect();
    }
  });
});

describe('the audit push and trimming', () => {
  const SECRET = 'audit-webhook-secret-for-tests-0123456789';
  const bodies: Array<{
    entries: Array<{
      id: string;
      seq: number;
      prev: string;
      hash: string;
      type: string;
      at: string;
      actor: string;
      recoveryId: string | null;
      username: string | null;
      data: unknown;
    }>;
    head: ChainHead;
  }> = [];
  let up = false;
  let receiver: http.Server;
  let h: Harness;
  let url = '';
  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString('utf8');
      });
      req.on('end', () => {
        if (!up) {
          res.writeHead(503).end();
          return;
        }
        bodies.push(JSON.parse(body) as (typeof bodies)[number]);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/audit`;
    h = await createHarness();
  });
  afterAll(async () => {
    await h.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('trims nothing while the sink is down, then only what it acknowledged; a receiver can check the chain', async () => {
    // Pushed only when the test says so (no repeating job in this harness), kept 0 days once delivered.
    const push = auditPushProcessor({
      ...h.ctx,
      config: { ...h.ctx.config, AUDIT_WEBHOOK_URL: url, AUDIT_WEBHOOK_SECRET: SECRET, AUDIT_RETAIN_DELIVERED_DAYS: 0 },
    });
    await trail(h, 250);
    const before = await h.ctx.audit.length();
    await expect(push()).rejects.toThrow(/503/);
    expect(await h.ctx.audit.length()).toBe(before);
    expect((await verifyChain(h.ctx.audit)).ok).toBe(true);

    up = true;
    expect(await push()).toBe(before);
    // Every delivered entry but the last (the retained chain's anchor) is gone; the rest still verifies.
    expect(await h.ctx.audit.length()).toBe(1);
    const report = await verifyChain(h.ctx.audit);
    expect(report).toMatchObject({ ok: true, checked: 1, firstSeq: before });

    // The receiver recomputes every hash from the public records (docs/audit.md) and reaches the head it was sent.
    const entries = bodies.flatMap((b) => b.entries);
    let prev = GENESIS_HASH;
    for (const e of entries) {
      expect(e.prev).toBe(prev);
      prev = linkHash(
        e.seq,
        e.prev,
        contentDigest({
          type: e.type,
          at: String(Date.parse(e.at)),
          actor: e.actor,
          recoveryId: e.recoveryId ?? '',
          username: e.username ?? '',
          data: JSON.stringify(e.data),
        }),
      );
      expect(e.hash).toBe(prev);
    }
    expect(bodies.at(-1)!.head).toEqual({ seq: entries.at(-1)!.seq, hash: prev });
    expect(await verifyChain(h.ctx.audit, bodies.at(-1)!.head)).toMatchObject({ ok: true });
  }, 60_000);
});
