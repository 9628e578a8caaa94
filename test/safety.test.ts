/**
 * Little to try: every limit answers 429 problem+json with Retry-After, and resets.
 * "Resets" is modelled through the limiter's own API: `limiter.delete(key)` is exactly what the
 * end of the window does to the counter (rate-limiter-flexible keeps it in Redis with a TTL), so
 * no test waits for real time to pass. Each test uses its own client IP (TRUST_PROXY=1 and
 * X-Forwarded-For), so the tests do not share counters.
 */
import express from 'express';
import request from 'supertest';
import { createHarness, HELPDESK_KEY, type Harness } from './support/harness';
import { seedDirectory } from './support/journey';
import { repudiateWith } from './support/trustAndSafety';
import { accountKey } from '../src/safety/consumeLimits';
import { sha256Hex } from '../src/crypto/secrets';
import { limitAccessPassRedemption } from '../src/http/rateLimit';
import { problemHandler } from '../src/http/problem';
import type { LimitName } from '../src/safety/limiters';
import { namedKey } from './support/staffKeys';
import { loadConfig } from '../src/config';

const env = {
  RATE_LIMITS_ENABLED: 'true',
  TRUST_PROXY: '1',
  RATE_LIMIT_START_PER_IP: '3/600',
  RATE_LIMIT_START_PER_ACCOUNT: '2/3600',
  RATE_LIMIT_START_PER_ACCOUNT_DAY: '3/86400',
  RATE_LIMIT_START_PER_LINK: '2/3600',
  RATE_LIMIT_EVIDENCE_PER_IP: '3/600',
  RATE_LIMIT_EVIDENCE_PER_RECOVERY: '2/3600',
  RATE_LIMIT_EVIDENCE_PER_ACCOUNT_DAY: '2/86400',
  RATE_LIMIT_TAP_PER_IP: '3/600',
  RATE_LIMIT_TAP_PER_ACCOUNT: '2/3600',
  RATE_LIMIT_LINKS_PER_IP: '3/3600',
  RATE_LIMIT_LINKS_PER_AGENT: '3/3600',
  RATE_LIMIT_LINKS_PER_ACCOUNT: '2/3600',
  RATE_LIMIT_REPUDIATE_PER_IP: '3/600',
  RATE_LIMIT_REPUDIATE_PER_TOKEN: '2/3600',
};

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ workers: false, env });
  await seedDirectory(h);
});
afterAll(() => h.close());

/** A 429 problem+json with a whole-second Retry-After within the window. */
function expectLimited(res: request.Response, windowSeconds: number): void {
  expect(res.status).toBe(429);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: 429, code: 'request.rate_limited', type: '/problems/request.rate_limited' });
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
}

/** The window ends: the limiter forgets the key (what its Redis TTL does in real time). */
const windowEnds = (name: LimitName, key: string) => h.ctx.limiters[name].delete(key);

/** A fresh client address, for requests whose IP limit is not the one under test. */
let lastIp = 0;
const anyIp = () => `10.0.${Math.floor(++lastIp / 250)}.${lastIp % 250}`;

const startAs = (ip: string, body: object) => request(h.baseUrl).post('/v1/recoveries').set('X-Forwarded-For', ip).send(body);

describe('starting recoveries', () => {
  it('is limited per client IP', async () => {
    const ip = '203.0.113.1';
    for (const username of ['a.one', 'a.two', 'a.three']) await startAs(ip, { username }).expect(201);
    expectLimited(await startAs(ip, { username: 'a.four' }), 600);
    await startAs('203.0.113.99', { username: 'a.five' }).expect(201); // another client is not affected
    await windowEnds('startIp', ip);
    await startAs(ip, { username: 'a.six' }).expect(201);
  });

  it('cannot be escaped by forging X-Forwarded-For, or by rotating addresses inside one IPv6 /64', async () => {
    // Behind one proxy (TRUST_PROXY=1) the client is the address the proxy appended, the right-most:
    // whatever a client writes to the left of it is ignored.
    const forged = (n: number) => `198.18.${n}.1, 203.0.113.50`;
    for (const n of [1, 2, 3]) await startAs(forged(n), { username: `forged.${n}` }).expect(201);
    expectLimited(await startAs(forged(4), { username: 'forged.4' }), 600);
    for (const n of [1, 2, 3]) await startAs(`2001:db8:77:1::${n}`, { username: `v6.${n}` }).expect(201);
    expectLimited(await startAs('2001:db8:77:1:ffff:ffff:ffff:ffff', { username: 'v6.4' }), 600);
    await startAs('2001:db8:77:2::1', { username: 'v6.5' }).expect(201); // another /64 is another client
  });

  it('refuses TRUST_PROXY=true at start: it would believe whatever address a client writes', () => {
    expect(() => loadConfig({ ...env, TRUST_PROXY: 'true', ADMIN_API_KEY: 'a'.repeat(32) })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ ...env, TRUST_PROXY: '10.0.0.0/8, loopback' }).TRUST_PROXY).toBe('10.0.0.0/8, loopback');
  });

  it('is limited per account (as typed, normalised), per hour and per day, the same for unknown names', async () => {
    await startAs(anyIp(), { username: 'ben.okafor' }).expect(201);
    await startAs(anyIp(), { username: ' BEN.Okafor ' }).expect(201);
    expectLimited(await startAs(anyIp(), { username: 'ben.okafor' }), 3600);
    await windowEnds('startAccount', accountKey('ben.okafor'));
    // The refused attempt counted too: this is the 4th of the day, over the daily limit of 3.
    expectLimited(await startAs(anyIp(), { username: 'ben.okafor' }), 86_400);
    await windowEnds('startAccountDay', accountKey('ben.okafor'));
    await startAs(anyIp(), { username: 'ben.okafor' }).expect(201);

    await startAs(anyIp(), { username: 'ghost.user' }).expect(201);
    await startAs(anyIp(), { username: 'ghost.user' }).expect(201);
    expectLimited(await startAs(anyIp(), { username: 'ghost.user' }), 3600);
  });

  it('is limited per help-desk link', async () => {
    const link = await request(h.baseUrl)
      .post('/v1/helpdesk/recovery-links')
      .set('X-Forwarded-For', '198.51.100.9')
      .set('Authorization', `Bearer ${HELPDESK_KEY}`)
      .send({ username: 'ana.garcia' })
      .expect(201);
    const linkToken = new URL(link.body.url).searchParams.get('link')!;
    await startAs(anyIp(), { linkToken }).expect(201);
    await startAs(anyIp(), { linkToken }).expect(410);
    expectLimited(await startAs(anyIp(), { linkToken }), 3600);
    await windowEnds('startLink', sha256Hex(linkToken));
    await startAs(anyIp(), { linkToken }).expect(410);
  });
});

describe('submitting evidence', () => {
  const upload = (ip: string, id: string, token: string) =>
    request(h.baseUrl).post(`/v1/recoveries/${id}/evidence`).set('X-Forwarded-For', ip).set('Authorization', `Bearer ${token}`).field('consent', 'false');

  it('is limited per recovery, before the token is even checked', async () => {
    const { id, token } = await startAs(anyIp(), { username: 'wei.chen' })
      .expect(201)
      .then((r) => r.body);
    await upload(anyIp(), id, 'wrong-token').expect(401);
    await upload(anyIp(), id, 'wrong-token').expect(401);
    expectLimited(await upload(anyIp(), id, token), 3600);
    await windowEnds('evidenceRecovery', id);
    await upload(anyIp(), id, token).expect(400); // consent=false: past the limit, into validation
  });

  it('is limited per client IP', async () => {
    const ip = '203.0.113.6';
    const ids = [];
    for (const username of ['e.one', 'e.two', 'e.three', 'e.four']) ids.push((await startAs(anyIp(), { username }).expect(201)).body.id as string);
    for (const id of ids.slice(0, 3)) await upload(ip, id, 'wrong').expect(401);
    expectLimited(await upload(ip, ids[3]!, 'wrong'), 600);
    await windowEnds('evidenceIp', ip);
    await upload(ip, ids[3]!, 'wrong').expect(401);
  });

  it('is limited per account per day, across recoveries', async () => {
    const first = await startAs(anyIp(), { username: 'erik.lindqvist' })
      .expect(201)
      .then((r) => r.body);
    const second = await startAs(anyIp(), { username: 'erik.lindqvist' })
      .expect(201)
      .then((r) => r.body);
    await upload(anyIp(), first.id, first.token).expect(400);
    await upload(anyIp(), second.id, second.token).expect(400);
    expectLimited(await upload(anyIp(), second.id, second.token), 86_400);
    await windowEnds('evidenceAccountDay', accountKey('erik.lindqvist'));
    await upload(anyIp(), first.id, first.token).expect(400);
  });
});

describe('help-desk link creation', () => {
  // Each agent holds a named key: the key, not anything the request says, names the agent.
  const agentKeys = new Map<string, string>();
  beforeAll(async () => {
    for (const agent of ['alice', 'bob', 'c1', 'c2', 'c3', 'c4']) agentKeys.set(agent, await namedKey(h, 'helpdesk', agent));
  });
  const createLink = (ip: string, agent: string, username: string) =>
    request(h.baseUrl)
      .post('/v1/helpdesk/recovery-links')
      .set('X-Forwarded-For', ip)
      .set('Authorization', `Bearer ${agentKeys.get(agent) ?? HELPDESK_KEY}`)
      .send({ username });

  it('is limited per target account, per agent and per client IP', async () => {
    await createLink(anyIp(), 'alice', 'dana.kowalski').expect(201);
    await createLink(anyIp(), 'alice', 'dana.kowalski').expect(201);
    expectLimited(await createLink(anyIp(), 'bob', 'dana.kowalski'), 3600);
    await windowEnds('linksAccount', accountKey('dana.kowalski'));
    await createLink(anyIp(), 'bob', 'dana.kowalski').expect(201);

    await createLink(anyIp(), 'alice', 'someone.else').expect(201); // alice's 3rd link
    expectLimited(await createLink(anyIp(), 'alice', 'another.one'), 3600);
    await windowEnds('linksAgent', 'helpdesk:alice');
    await createLink(anyIp(), 'alice', 'another.one').expect(201);

    for (const [i, agent] of ['c1', 'c2'].entries()) await createLink('198.51.100.4', agent, `ip.user${i}`).expect(201);
    await createLink('198.51.100.4', 'c3', 'ip.user3').expect(201);
    expectLimited(await createLink('198.51.100.4', 'c4', 'ip.user4'), 3600);
    await windowEnds('linksIp', '198.51.100.4');
    await createLink('198.51.100.4', 'c4', 'ip.user4').expect(201);
  });
});

describe('access pass redemption (the middleware the enrollment route mounts)', () => {
  it('is limited per account and per client IP', async () => {
    const app = express();
    app.set('trust proxy', true);
    app.post('/redeem', express.json(), limitAccessPassRedemption(h.ctx), (_req, res) => {
      res.status(204).end();
    });
    app.use(problemHandler(h.ctx.logger, 1024));
    const redeem = (ip: string, username: string) => request(app).post('/redeem').set('X-Forwarded-For', ip).send({ username, code: 'WRONGCODE123' });
    await redeem('192.0.2.1', 'ben.okafor').expect(204);
    await redeem('192.0.2.2', 'BEN.OKAFOR').expect(204);
    expectLimited(await redeem('192.0.2.3', 'ben.okafor'), 3600);
    await windowEnds('tapAccount', accountKey('ben.okafor'));
    await redeem('192.0.2.3', 'ben.okafor').expect(204);

    for (const username of ['t1', 't2']) await redeem('192.0.2.9', username).expect(204);
    await redeem('192.0.2.9', 't3').expect(204);
    expectLimited(await redeem('192.0.2.9', 't4'), 600);
    await windowEnds('tapIp', '192.0.2.9');
    await redeem('192.0.2.9', 't4').expect(204);
  });
});

describe('"this wasn\'t me" links', () => {
  it('are limited per token and per client IP, and the page shows the 429', async () => {
    const token = 'A'.repeat(43);
    const post = (ip: string, t: string) => repudiateWith(h, t).set('X-Forwarded-For', ip);
    await post('192.0.2.20', token).expect(400);
    await post('192.0.2.21', token).expect(400);
    const limited = await post('192.0.2.22', token).expect(429);
    expect(limited.headers['content-type']).toMatch(/^text\/html/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await windowEnds('repudiateToken', sha256Hex(token));
    await post('192.0.2.22', token).expect(400);

    for (const t of ['B', 'C']) await post('192.0.2.30', t.repeat(43)).expect(400);
    await post('192.0.2.30', 'D'.repeat(43)).expect(400);
    expect((await post('192.0.2.30', 'E'.repeat(43))).status).toBe(429);
    await windowEnds('repudiateIp', '192.0.2.30');
    await post('192.0.2.30', 'E'.repeat(43)).expect(400);
  });
});
