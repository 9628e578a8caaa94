/**
 * The BullMQ queue dashboard behind the admin key (bearer header, or the session cookie
 * of its login form), and the `/metrics` listener of worker-only processes.
 */
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { ADMIN_KEY, HELPDESK_KEY, createHarness, type Harness } from './support/harness';
import { startMetricsServer } from '../src/observability/metricsEndpoint';
import { manualClock } from './support/testClock';

describe('queue dashboard at /admin/queues', () => {
  let h: Harness;
  const clock = manualClock();
  beforeAll(async () => {
    h = await createHarness({ clock, workers: false });
  });
  afterAll(() => h.close());

  it('refuses a script without the admin key (problem+json), and a browser with a sign-in form', async () => {
    const script = await request(h.baseUrl).get('/admin/queues/').set('Accept', 'application/json').expect(401);
    expect(script.body.code).toBe('auth.unauthorized');
    await request(h.baseUrl).get('/admin/queues/api/queues').set('Authorization', `Bearer ${HELPDESK_KEY}`).expect(401);

    const browser = await request(h.baseUrl).get('/admin/queues/').set('Accept', 'text/html').expect(401);
    expect(browser.headers['content-type']).toMatch(/^text\/html/);
    expect(browser.text).toContain('<form method="post" action="/admin/queues/login">');
    expect(browser.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('serves the dashboard page and its queue API with the admin key as a bearer header', async () => {
    const page = await request(h.baseUrl).get('/admin/queues/').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<base href="/admin/queues/"');
    expect(page.text).toContain('<div id="root">');
    // The page's own CSP: same-origin scripts only, and its <base href> allowed.
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("base-uri 'self'");
    const script = /src="(static\/js\/main\.[\w.]+\.js)"/.exec(page.text)?.[1];
    const asset = await request(h.baseUrl).get(`/admin/queues/${script}`).set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);

    const api = await request(h.baseUrl).get('/admin/queues/api/queues').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200);
    const names = (api.body.queues as Array<{ name: string; readOnlyMode: boolean }>).map((q) => q.name);
    expect(names).toEqual(expect.arrayContaining(['verification', 'timers']));
    for (const queue of api.body.queues as Array<{ readOnlyMode: boolean }>) expect(queue.readOnlyMode).toBe(true);
  });

  it('exchanges the admin key typed into the form for a short-lived HttpOnly SameSite=Strict cookie', async () => {
    const wrong = await request(h.baseUrl).post('/admin/queues/login').type('form').send({ key: HELPDESK_KEY }).expect(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const ok = await request(h.baseUrl).post('/admin/queues/login').type('form').send({ key: ADMIN_KEY }).expect(303);
    expect(ok.headers.location).toBe('/admin/queues/');
    const cookie = String(ok.headers['set-cookie']?.[0]);
    expect(cookie).toMatch(/^queue_dashboard_session=[\w-]{43}; Path=\/admin\/queues; Max-Age=900; HttpOnly; SameSite=Strict$/);
    const session = cookie.split(';')[0] as string;

    await request(h.baseUrl).get('/admin/queues/').set('Cookie', session).expect(200);
    const tampered = session.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    await request(h.baseUrl).get('/admin/queues/').set('Cookie', tampered).set('Accept', 'application/json').expect(401);

    clock.advance(16 * 60_000);
    await request(h.baseUrl).get('/admin/queues/').set('Cookie', session).set('Accept', 'application/json').expect(401);
  });

  const signIn = async () => {
    const ok = await request(h.baseUrl).post('/admin/queues/login').type('form').send({ key: ADMIN_KEY }).expect(303);
    return String(ok.headers['set-cookie']?.[0]).split(';')[0] as string;
  };
  const board = (cookie: string) => request(h.baseUrl).get('/admin/queues/').set('Cookie', cookie).set('Accept', 'application/json');

  it('ends a session when its holder signs out: the cookie, replayed, no longer works', async () => {
    const session = await signIn();
    await board(session).expect(200);
    const out = await request(h.baseUrl).post('/admin/queues/logout').set('Cookie', session).expect(200);
    expect(String(out.headers['set-cookie']?.[0])).toMatch(/^queue_dashboard_session=; Path=\/admin\/queues; Max-Age=0/);
    await board(session).expect(401);
  });

  it('lets an admin end every session at once (a lost laptop), audited', async () => {
    const [one, two] = [await signIn(), await signIn()];
    await board(one).expect(200);
    await request(h.baseUrl).delete('/v1/admin/dashboard-sessions').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(204);
    await board(one).expect(401);
    await board(two).expect(401);
    await request(h.baseUrl).delete('/v1/admin/dashboard-sessions').set('Authorization', `Bearer ${HELPDESK_KEY}`).expect(401);
    const audit = await request(h.baseUrl)
      .get('/v1/admin/audit')
      .query({ type: 'admin.dashboard_sessions_revoked' })
      .set('Authorization', `Bearer ${ADMIN_KEY}`)
      .expect(200);
    expect(audit.body.items[0]).toMatchObject({ actor: 'admin' });
    expect(audit.body.items[0].data.ended).toBeGreaterThanOrEqual(2); // and the earlier test's, expired on the test clock
  });
});

describe('queue dashboard sign-in, rate-limited', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ workers: false, env: { RATE_LIMITS_ENABLED: 'true', TRUST_PROXY: '1', RATE_LIMIT_DASHBOARD_LOGIN_PER_IP: '3/600' } });
  });
  afterAll(() => h.close());
  const login = (ip: string, key: string) => request(h.baseUrl).post('/admin/queues/login').set('X-Forwarded-For', ip).type('form').send({ key });

  it('refuses guessing: after the limit every attempt from that network gets the form with 429, even the right key', async () => {
    for (let i = 0; i < 3; i += 1) await login('203.0.113.60', `guess-${i}-${'x'.repeat(20)}`).expect(401);
    const limited = await login('203.0.113.60', ADMIN_KEY).expect(429);
    expect(limited.headers['content-type']).toMatch(/^text\/html/);
    expect(limited.text).toContain('Too many sign-in attempts');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.headers['set-cookie']).toBeUndefined();
    await login('198.51.100.60', ADMIN_KEY).expect(303); // another network is not affected
  });
});

describe('worker-only /metrics listener', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ workers: false, env: { METRICS_TOKEN: 'metrics-token-for-tests-0123456789' } });
  });
  afterAll(() => h.close());

  it('serves the metrics to the metrics token or the admin key, and nothing else', async () => {
    const server = await startMetricsServer(h.ctx, 0);
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await request(url).get('/metrics').expect(401);
      await request(url).get('/metrics').set('Authorization', `Bearer ${HELPDESK_KEY}`).expect(401);
      const ok = await request(url).get('/metrics').set('Authorization', 'Bearer metrics-token-for-tests-0123456789').expect(200);
      expect(ok.text).toContain('# TYPE recovery_started_total counter');
      await request(url).get('/metrics').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200);
      await request(url).get('/other').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(404);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
