/**
 * Security headers (helmet), strict CORS and CSRF protection. The API never
 * authenticates with cookies; state-changing requests that are cross-site (fetch metadata or
 * Origin) or that offer only cookies to an authenticated endpoint are refused.
 */
import request from 'supertest';
import { createHarness, HELPDESK_KEY, type Harness } from './support/harness';

let h: Harness;
let withCors: Harness;
beforeAll(async () => {
  h = await createHarness({ workers: false });
  withCors = await createHarness({ workers: false, env: { CORS_ORIGINS: 'https://app.example, https://other.example/' } });
});
afterAll(async () => {
  await h.close();
  await withCors.close();
});

const start = (target: Harness = h) => request(target.baseUrl).post('/v1/recoveries').send({ username: 'ben.okafor' });

describe('security headers', () => {
  it('sends a same-origin CSP, no-referrer and the other helmet headers on every response', async () => {
    for (const res of [await request(h.baseUrl).get('/healthz'), await start(), await request(h.baseUrl).get('/repudiate?token=x')]) {
      const csp = String(res.headers['content-security-policy']);
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
      ]) {
        expect(csp).toContain(directive);
      }
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('upgrade-insecure-requests'); // PUBLIC_BASE_URL is http here
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });
});

describe('CORS', () => {
  it('allows no cross-origin use by default', async () => {
    const res = await request(h.baseUrl).get('/healthz').set('Origin', 'https://evil.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(h.baseUrl).options('/v1/recoveries').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows exactly the CORS_ORIGINS allow-list, without credentials', async () => {
    const preflight = await request(withCors.baseUrl)
      .options('/v1/recoveries')
      .set('Origin', 'https://app.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type');
    expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
    const other = await request(withCors.baseUrl).get('/healthz').set('Origin', 'https://other.example');
    expect(other.headers['access-control-allow-origin']).toBe('https://other.example');
    const evil = await request(withCors.baseUrl).get('/healthz').set('Origin', 'https://app.example.evil.test');
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CSRF', () => {
  it('refuses state-changing requests that fetch metadata marks cross-site or same-site', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const res = await start().set('Sec-Fetch-Site', site).set('Origin', 'https://evil.example').expect(403);
      expect(res.body).toMatchObject({ code: 'request.cross_site' });
    }
    await start().set('Sec-Fetch-Site', 'same-origin').set('Origin', new URL(h.baseUrl).origin).expect(201);
    await start().set('Sec-Fetch-Site', 'none').expect(201);
    await start(withCors).set('Sec-Fetch-Site', 'cross-site').set('Origin', 'https://app.example').expect(201);
  });

  it('without fetch metadata, refuses a foreign or opaque Origin and accepts our own', async () => {
    await start().set('Origin', 'https://evil.example').expect(403);
    await start().set('Origin', 'null').expect(403);
    await start().set('Origin', new URL(h.baseUrl).origin).expect(201);
    await start().expect(201); // no Origin at all: not a browser's cross-site form
  });

  it('refuses cookies as the only credential on authenticated endpoints', async () => {
    const res = await request(h.baseUrl).post('/v1/helpdesk/recovery-links').set('Cookie', 'session=abc').send({ username: 'ben.okafor' }).expect(403);
    expect(res.body).toMatchObject({ code: 'request.cookie_auth_refused' });
    await request(h.baseUrl)
      .post('/v1/helpdesk/recovery-links')
      .set('Cookie', 'session=abc')
      .set('Authorization', `Bearer ${HELPDESK_KEY}`)
      .send({ username: 'ben.okafor' })
      .expect(201);
    await start().set('Cookie', 'unrelated=1').expect(201); // a public endpoint ignores cookies
  });

  it('protects the "this wasn\'t me" form as well', async () => {
    await request(h.baseUrl)
      .post('/repudiate')
      .type('form')
      .send({ token: 'A'.repeat(43) })
      .set('Sec-Fetch-Site', 'cross-site')
      .expect(403);
    await request(h.baseUrl)
      .post('/repudiate')
      .type('form')
      .send({ token: 'A'.repeat(43) })
      .set('Sec-Fetch-Site', 'same-origin')
      .expect(400);
  });
});
