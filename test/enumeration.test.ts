/**
 * Nothing to learn: starting a recovery for a real, an unknown, a disabled or a locked
 * account answers the same status, headers and body shape, in the same time (OWASP ASVS 5.0
 * §6.3.8, Forgot Password Cheat Sheet), and links are built from PUBLIC_BASE_URL, never Host.
 */
import request from 'supertest';
import { createHarness, ADMIN_KEY, HELPDESK_KEY, type Harness } from './support/harness';
import { seedDirectory } from './support/journey';
import { eventually, outbox } from './support/trustAndSafety';
import { writeLock } from '../src/safety/lockout';

const known = ['ben.okafor', 'ana.garcia', 'wei.chen', 'locked.user', 'disabled.user', 'erik.lindqvist'];
const unknown = ['nobody.here', 'ghost.user', 'no.such.person', 'x.y', 'former.employee', 'typo.okafr'];
const generous = {
  RATE_LIMITS_ENABLED: 'true',
  RATE_LIMIT_START_PER_IP: '100000/600',
  RATE_LIMIT_START_PER_ACCOUNT: '100000/3600',
  RATE_LIMIT_START_PER_ACCOUNT_DAY: '100000/86400',
};

async function prepare(h: Harness): Promise<void> {
  await seedDirectory(h);
  const admin = (user: object) => request(h.baseUrl).post('/v1/admin/users').set('Authorization', `Bearer ${ADMIN_KEY}`).send(user).expect(201);
  await admin({ username: 'disabled.user', givenName: 'Dee', familyName: 'Abled', disabled: true, emails: ['dee@example.com'] });
  await admin({ username: 'locked.user', givenName: 'Lock', familyName: 'Ed', emails: ['lock@example.com'] });
  await writeLock(h.ctx, 'locked.user', { reason: 'owner_repudiated', since: h.ctx.clock.now(), until: null, recoveryId: null });
}

/** Field names with the type of their values, and which headers are present. */
function shape(res: { status: number; headers: Record<string, unknown>; body: Record<string, unknown> }) {
  const volatile = new Set(['date', 'content-length', 'etag', 'x-request-id', 'traceparent']);
  return {
    status: res.status,
    headers: Object.keys(res.headers)
      .filter((k) => !volatile.has(k))
      .sort(),
    body: Object.entries(res.body)
      .map(([k, v]) => `${k}:${typeof v}:${k === 'status' ? String(v) : ''}`)
      .sort(),
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return ((s[Math.floor((s.length - 1) / 2)] ?? 0) + (s[Math.ceil((s.length - 1) / 2)] ?? 0)) / 2;
};

describe('starting a recovery reveals nothing about the account', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ workers: false, env: generous });
    await prepare(h);
  });
  afterAll(() => h.close());

  it('answers a real, unknown, disabled and locked account with the same status, headers and body shape', async () => {
    const shapes = [];
    for (const username of ['ben.okafor', 'nobody.here', 'disabled.user', 'locked.user']) {
      const res = await request(h.baseUrl).post('/v1/recoveries').send({ username });
      expect(res.status).toBe(201);
      expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      shapes.push(shape(res));
    }
    for (const s of shapes) expect(s).toEqual(shapes[0]);
  });

  it('takes the same median time for known and unknown usernames over 250 interleaved requests each', async () => {
    // fetch keeps one connection alive, so the measurement is the server's work, not TCP set-up.
    const url = `${h.baseUrl}/v1/recoveries`;
    const timeOne = async (username: string) => {
      const t0 = process.hrtime.bigint();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) });
      await res.arrayBuffer();
      expect(res.status).toBe(201);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    for (let i = 0; i < 30; i += 1) await timeOne(i % 2 ? known[i % 6]! : unknown[i % 6]!); // warm-up
    const times = { known: [] as number[], unknown: [] as number[] };
    // Interleaved (known, unknown, unknown, known, …) so drift in the machine's load hits both alike.
    for (let i = 0; i < 250; i += 1) {
      const order: Array<'known' | 'unknown'> = i % 2 ? ['known', 'unknown'] : ['unknown', 'known'];
      for (const kind of order) times[kind].push(await timeOne((kind === 'known' ? known : unknown)[i % 6]!));
    }
    const [k, u] = [median(times.known), median(times.unknown)];
    expect(times.known).toHaveLength(250);
    expect(Math.abs(k - u)).toBeLessThanOrEqual(3);
  });

  it('answers a per-account limit with the same 429 for a real and an unknown username', async () => {
    const tight = await createHarness({ workers: false, env: { ...generous, RATE_LIMIT_START_PER_ACCOUNT: '1/3600' } });
    try {
      await prepare(tight);
      const bodies = [];
      for (const username of ['ben.okafor', 'nobody.here']) {
        await request(tight.baseUrl).post('/v1/recoveries').send({ username }).expect(201);
        const res = await request(tight.baseUrl).post('/v1/recoveries').send({ username }).expect(429);
        bodies.push({ body: res.body, retryAfter: res.headers['retry-after'] !== undefined, type: res.headers['content-type'] });
      }
      expect(bodies[0]).toEqual(bodies[1]);
      expect(JSON.stringify(bodies[0])).not.toMatch(/ben|okafor|nobody|account|user/i);
    } finally {
      await tight.close();
    }
  });
});

describe('links are built from PUBLIC_BASE_URL, never from the Host header', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await seedDirectory(h);
  });
  afterAll(() => h.close());

  it('a help-desk link and the owner notification ignore a spoofed Host and X-Forwarded-Host', async () => {
    const link = await request(h.baseUrl)
      .post('/v1/helpdesk/recovery-links')
      .set('Authorization', `Bearer ${HELPDESK_KEY}`)
      .set('Host', 'evil.example')
      .set('X-Forwarded-Host', 'evil.example')
      .send({ username: 'ben.okafor' })
      .expect(201);
    expect(link.body.url.startsWith(`${h.baseUrl}/recover?link=`)).toBe(true);

    const started = await request(h.baseUrl)
      .post('/v1/recoveries')
      .set('Host', 'evil.example')
      .set('X-Forwarded-Host', 'evil.example')
      .send({ username: 'ben.okafor' })
      .expect(201);
    const [message] = await eventually(
      () => outbox(h, { recoveryId: started.body.id }),
      (m) => m.length > 0,
    );
    expect(message!.text).toContain(`${h.baseUrl}/repudiate?token=`);
    expect(message!.text).not.toContain('evil.example');
  });
});
