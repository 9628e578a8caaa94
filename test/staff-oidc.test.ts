/**
 * Staff sign-in with the organisation's OpenID Provider: a real OP (oidc-provider, in process,
 * PKCE required) and the service's authorization code flow through openid-client. Covers the flow
 * end to end, each check of the callback (state, single use, browser binding, nonce, return path),
 * roles from the groups claim, the person as the audit actor and in four-eyes, the session's
 * lifetime on the injected clock, sign-out, an admin ending a session, and the CSRF guard.
 */
import request from 'supertest';
import { createHarness, ADMIN_KEY, HELPDESK_KEY, type Harness } from './support/harness';
import { seedDirectory } from './support/journey';
import { audit } from './support/trustAndSafety';
import { manualClock } from './support/testClock';
import { startOidcProvider, type TestOp } from './support/oidcProvider';
import { StaffBrowser, signIn, toCallback } from './support/staffBrowser';
import { sha256Hex } from '../src/crypto/secrets';
import type { ManualClock } from '../src/clock';

let op: TestOp;
let h: Harness;
let clock: ManualClock;
beforeAll(async () => {
  op = await startOidcProvider();
  clock = manualClock();
  h = await createHarness({ env: op.env, clock, workers: false });
  await op.register(`${h.baseUrl}/staff/callback`);
  await seedDirectory(h);
});
afterAll(async () => {
  await h?.close();
  await op?.close();
});

const GUARD = { 'X-Requested-By': 'staff-console' };
const me = (cookie: string) => request(h.baseUrl).get('/v1/staff/me').set('Cookie', cookie);
const makeLink = (cookie: string, username: string) =>
  request(h.baseUrl).post('/v1/helpdesk/recovery-links').set('Cookie', cookie).set(GUARD).send({ username });

describe('the code flow', () => {
  it('signs a person in: a session cookie (HttpOnly, SameSite=Strict, Path=/), back where they started, their roles from the groups claim', async () => {
    expect((await request(h.baseUrl).get('/v1/staff/config').expect(200)).body).toEqual({ oidc: true, signInUrl: '/staff/sign-in' });
    const browser = new StaffBrowser();
    const start = await browser.fetch(`${h.baseUrl}/staff/sign-in?return=/review`);
    expect(start.status).toBe(303);
    const authorize = new URL(start.headers.get('location') ?? '');
    expect(authorize.origin).toBe(op.issuer);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'recovery-staff',
      redirect_uri: `${h.baseUrl}/staff/callback`,
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.any(String),
      nonce: expect.any(String),
    });
    expect(start.headers.getSetCookie()[0]).toMatch(/^staff_login=[\w-]{43}; Path=\/; Max-Age=600; HttpOnly; SameSite=Lax$/);

    const callback = await toCallback(new StaffBrowser(), h.baseUrl, 'sam', { returnTo: '/review' });
    expect(new URL(callback).searchParams.get('code')).toBeTruthy();
    const { res } = await signIn(browser, h.baseUrl, 'sam', { returnTo: '/review' });
    expect(res.headers.get('location')).toBe('/review');
    const cookies = res.headers.getSetCookie();
    expect(cookies).toContainEqual(expect.stringMatching(/^staff_session=[\w-]{43}; Path=\/; Max-Age=28800; HttpOnly; SameSite=Strict$/));
    expect(cookies).toContainEqual(expect.stringMatching(/^staff_login=; Path=\/; Max-Age=0/));

    const who = await me(`staff_session=${browser.cookies(h.baseUrl).get('staff_session')}`).expect(200);
    expect(who.body).toEqual({
      actor: 'staff:sam.agent@example.test',
      name: 'Sam Agent',
      email: 'sam.agent@example.test',
      roles: ['helpdesk', 'reviewer'],
      expiresAt: new Date(clock.now() + 8 * 3_600_000).toISOString(),
    });
    // Only the token's digest is stored.
    const token = browser.cookies(h.baseUrl).get('staff_session') as string;
    expect(await h.redis.exists(h.keys.staffSession(sha256Hex(token)))).toBe(1);
    expect(await h.redis.exists(h.keys.staffSession(token))).toBe(0);
  });

  it('grants exactly the roles the groups claim maps to', async () => {
    const ada = (await signIn(new StaffBrowser(), h.baseUrl, 'ada')).cookie;
    const rita = (await signIn(new StaffBrowser(), h.baseUrl, 'rita')).cookie;
    expect((await me(ada).expect(200)).body.roles).toEqual(['admin']);
    await request(h.baseUrl).get('/v1/admin/api-keys').set('Cookie', ada).expect(200);
    expect((await request(h.baseUrl).get('/v1/helpdesk/recoveries').set('Cookie', ada).expect(403)).body).toMatchObject({ code: 'auth.forbidden' });
    await request(h.baseUrl).get('/v1/review/cases').set('Cookie', rita).expect(200);
    expect((await request(h.baseUrl).get('/v1/admin/api-keys').set('Cookie', rita).expect(403)).body.code).toBe('auth.forbidden');
  });

  it('refuses a person whose groups map to no role, with a readable page, and creates no session', async () => {
    const browser = new StaffBrowser();
    const res = await browser.fetch(await toCallback(browser, h.baseUrl, 'nora'));
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).toContain('none of your groups gives you a role here');
    expect(page).toContain('data-code="staff.no_role"');
    expect(browser.cookies(h.baseUrl).has('staff_session')).toBe(false);
    const [refused] = await audit(h, { type: 'staff.sign_in_refused' });
    expect(refused).toMatchObject({ actor: 'oidc:nora.norole@example.test', data: { reason: 'no_role', subject: 'u-1005' } });
  });
});

describe('the callback refuses', () => {
  const asJson = { accept: 'application/json' };

  it('a response whose state is not the one this browser sent', async () => {
    const browser = new StaffBrowser();
    const url = new URL(await toCallback(browser, h.baseUrl, 'alex'));
    url.searchParams.set('state', 'x'.repeat(43));
    const res = await browser.fetch(url.href, { headers: asJson });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'staff.state_mismatch' });
  });

  it('a replayed callback, even with the spent login cookie put back', async () => {
    const browser = new StaffBrowser();
    const callback = await toCallback(browser, h.baseUrl, 'alex');
    const loginCookie = browser.cookies(h.baseUrl).get('staff_login') as string;
    expect((await browser.fetch(callback)).status).toBe(303);
    browser.cookies(h.baseUrl).set('staff_login', loginCookie);
    const replay = await browser.fetch(callback, { headers: asJson });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ code: 'staff.login_expired' });
  });

  it('a callback opened in another browser (login CSRF: RFC 6749 §10.12)', async () => {
    const callback = await toCallback(new StaffBrowser(), h.baseUrl, 'alex');
    const victim = await new StaffBrowser().fetch(callback, { headers: asJson });
    expect(victim.status).toBe(400);
    expect(await victim.json()).toMatchObject({ code: 'staff.login_expired' });
  });

  it('an ID token whose nonce is not the one sent', async () => {
    const browser = new StaffBrowser();
    const callback = await toCallback(browser, h.baseUrl, 'alex');
    const key = h.keys.staffLogin(sha256Hex(browser.cookies(h.baseUrl).get('staff_login') as string));
    const login = JSON.parse((await h.redis.get(key)) as string) as { nonce: string };
    await h.redis.set(key, JSON.stringify({ ...login, nonce: `${login.nonce}-not-it` }), 'KEEPTTL');
    const res = await browser.fetch(callback, { headers: asJson });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'staff.id_token_invalid' });
    expect(browser.cookies(h.baseUrl).has('staff_session')).toBe(false);
  });

  it('a return address that leaves the service (no open redirect)', async () => {
    for (const target of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/helpdesk/../../x', 'helpdesk']) {
      const res = await request(h.baseUrl).get('/staff/sign-in').query({ return: target }).set('Accept', 'application/json');
      expect({ target, status: res.status, code: res.body.code }).toEqual({ target, status: 400, code: 'staff.return_invalid' });
    }
    const ok = await request(h.baseUrl).get('/staff/sign-in').query({ return: '/admin' }).expect(303);
    expect(ok.headers.location).toMatch(new RegExp(`^${op.issuer}/auth\\?`));
  });
});

describe('signed-in staff act as themselves', () => {
  let alex: string;
  let sam: string;
  beforeAll(async () => {
    alex = (await signIn(new StaffBrowser(), h.baseUrl, 'alex')).cookie;
    sam = (await signIn(new StaffBrowser(), h.baseUrl, 'sam')).cookie;
  });

  it('the audit entry of a help-desk link names the person, whatever header claims otherwise', async () => {
    const made = await makeLink(alex, 'ben.okafor').set('X-Agent-Id', 'someone.else').expect(201);
    const [created] = await audit(h, { type: 'helpdesk.link_created', username: 'ben.okafor' });
    expect(created).toMatchObject({ actor: 'staff:alex.agent@example.test', data: { linkId: made.body.id } });
  });

  it('four-eyes: an agent cannot approve their own privileged link; a colleague can', async () => {
    const made = await makeLink(alex, 'dana.kowalski').expect(201);
    expect(made.body.approvalRequired).toBe(true);
    const approve = (cookie: string) => request(h.baseUrl).post(`/v1/helpdesk/recovery-links/${made.body.id}/approval`).set('Cookie', cookie).set(GUARD);
    expect((await approve(alex).expect(403)).body).toMatchObject({ code: 'helpdesk.same_approver' });
    // Signing in again (a second session) does not make Alex someone else.
    const alexAgain = (await signIn(new StaffBrowser(), h.baseUrl, 'alex')).cookie;
    expect((await approve(alexAgain).expect(403)).body.code).toBe('helpdesk.same_approver');
    expect((await approve(sam).expect(200)).body).toMatchObject({ approvedBy: 'staff:sam.agent@example.test' });
    const [approval] = await audit(h, { type: 'helpdesk.link_approved', username: 'dana.kowalski' });
    expect(approval).toMatchObject({ actor: 'staff:sam.agent@example.test', data: { createdBy: 'staff:alex.agent@example.test' } });
  });

  it('a staff name belongs to one OP subject for good (no one signs in as another person)', async () => {
    const iss = op.issuer;
    expect(await h.ctx.staffIdentities.claim(iss, 'u-1002', 'alex.agent@example.test')).toEqual({ ok: true, name: 'alex.agent@example.test' });
    expect(await h.ctx.staffIdentities.claim(iss, 'u-9999', 'alex.agent@example.test')).toEqual({ ok: false });
    // An e-mail change keeps the name the audit trail already knows the person by.
    expect(await h.ctx.staffIdentities.claim(iss, 'u-1002', 'alex.renamed@example.test')).toEqual({ ok: true, name: 'alex.agent@example.test' });
  });

  it('API keys keep working beside sessions, and a bearer header decides alone', async () => {
    await request(h.baseUrl).get('/v1/helpdesk/recoveries').set('Authorization', `Bearer ${HELPDESK_KEY}`).expect(200);
    await request(h.baseUrl).get('/v1/helpdesk/recoveries').set('Authorization', 'Bearer wrong-key-wrong-key').set('Cookie', alex).expect(401);
  });
});

describe('the CSRF guard for cookie-authenticated requests', () => {
  let alex: string;
  beforeAll(async () => {
    alex = (await signIn(new StaffBrowser(), h.baseUrl, 'alex')).cookie;
  });

  it('refuses a cookie-only POST without the guard header', async () => {
    const res = await request(h.baseUrl).post('/v1/helpdesk/recovery-links').set('Cookie', alex).send({ username: 'ben.okafor' }).expect(403);
    expect(res.body).toMatchObject({ code: 'request.csrf_guard_missing' });
  });

  it('refuses a cross-site or same-site request even with the header', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const res = await makeLink(alex, 'ben.okafor').set('Sec-Fetch-Site', site).expect(403);
      expect(res.body.code).toBe('request.cross_site');
    }
    const foreign = await makeLink(alex, 'ben.okafor').set('Origin', 'https://evil.example').expect(403);
    expect(foreign.body.code).toBe('request.cross_site');
  });

  it('accepts a same-origin request from our own page; reads need no header', async () => {
    await makeLink(alex, 'ben.okafor').set('Sec-Fetch-Site', 'same-origin').set('Origin', h.baseUrl).expect(201);
    await request(h.baseUrl).get('/v1/helpdesk/recoveries').set('Cookie', alex).expect(200);
  });

  it('still refuses other cookies as a credential', async () => {
    const res = await request(h.baseUrl).post('/v1/helpdesk/recovery-links').set('Cookie', 'unrelated=1').set(GUARD).send({ username: 'x' }).expect(403);
    expect(res.body.code).toBe('request.cookie_auth_refused');
  });
});

describe('ending sessions', () => {
  it('sign-out ends the session: the cookie, replayed, opens nothing', async () => {
    const { cookie } = await signIn(new StaffBrowser(), h.baseUrl, 'alex');
    await me(cookie).expect(200);
    expect((await request(h.baseUrl).post('/staff/sign-out').set('Cookie', cookie).expect(403)).body.code).toBe('request.csrf_guard_missing');
    const out = await request(h.baseUrl).post('/staff/sign-out').set('Cookie', cookie).set(GUARD).expect(204);
    expect(String(out.headers['set-cookie']?.[0])).toMatch(/^staff_session=; Path=\/; Max-Age=0/);
    await me(cookie).expect(401);
    await request(h.baseUrl).get('/v1/helpdesk/recoveries').set('Cookie', cookie).expect(401);
    expect((await audit(h, { type: 'staff.signed_out' })).some((e) => e.actor === 'staff:alex.agent@example.test')).toBe(true);
  });

  it('signing in again in the same browser ends the session it had', async () => {
    const browser = new StaffBrowser();
    const first = (await signIn(browser, h.baseUrl, 'alex')).cookie;
    browser.cookies(op.issuer).clear(); // log in at the OP again rather than reuse its session
    const second = (await signIn(browser, h.baseUrl, 'alex')).cookie;
    expect(second).not.toBe(first);
    await me(first).expect(401);
    await me(second).expect(200);
  });

  it('an admin lists staff sessions and ends one (audited); its cookie stops working', async () => {
    const rita = (await signIn(new StaffBrowser(), h.baseUrl, 'rita')).cookie;
    const ada = (await signIn(new StaffBrowser(), h.baseUrl, 'ada')).cookie;
    const list = await request(h.baseUrl).get('/v1/admin/staff-sessions').set('Cookie', ada).expect(200);
    const ritas = (list.body.items as Array<{ id: string; actor: string; roles: string[] }>).filter((s) => s.actor === 'staff:rita.reviewer@example.test');
    expect(ritas.length).toBeGreaterThan(0);
    expect(JSON.stringify(list.body)).not.toContain(rita.split('=')[1]);
    for (const s of ritas) {
      await request(h.baseUrl).delete(`/v1/admin/staff-sessions/${s.id}`).set('Cookie', ada).set(GUARD).expect(204);
    }
    await request(h.baseUrl).get('/v1/review/cases').set('Cookie', rita).expect(401);
    expect(
      (await request(h.baseUrl).delete(`/v1/admin/staff-sessions/${ritas[0]!.id}`).set('Authorization', `Bearer ${ADMIN_KEY}`).expect(404)).body.code,
    ).toBe('staff.session_not_found');
    const ended = await audit(h, { type: 'admin.staff_session_ended' });
    expect(ended[0]).toMatchObject({ actor: 'staff:ada.admin@example.test', data: { of: 'staff:rita.reviewer@example.test' } });
  });

  it('a session ends after the idle timeout, and after 8 hours however busy (the injected clock)', async () => {
    const idle = (await signIn(new StaffBrowser(), h.baseUrl, 'sam')).cookie;
    clock.advance(59 * 60_000);
    await me(idle).expect(200); // activity moves the idle deadline
    clock.advance(59 * 60_000);
    await me(idle).expect(200);
    clock.advance(61 * 60_000);
    await me(idle).expect(401);

    const busy = (await signIn(new StaffBrowser(), h.baseUrl, 'sam')).cookie;
    for (let minutes = 0; minutes < 8 * 60 - 50; minutes += 50) {
      clock.advance(50 * 60_000);
      await me(busy).expect(200);
    }
    clock.advance(50 * 60_000);
    await me(busy).expect(401);
  });
});

describe('when the OP cannot be reached, or OIDC is off', () => {
  it('answers 503 staff.provider_unavailable (problem+json, or a page for a browser), never a crash', async () => {
    const down = await createHarness({ workers: false, env: { ...op.env, STAFF_OIDC_ISSUER: 'http://127.0.0.1:9/' } });
    try {
      const json = await request(down.baseUrl).get('/staff/sign-in').set('Accept', 'application/json').expect(503);
      expect(json.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(json.body).toMatchObject({ code: 'staff.provider_unavailable' });
      expect(json.headers['retry-after']).toBe('30');
      const page = await request(down.baseUrl).get('/staff/sign-in').set('Accept', 'text/html').expect(503);
      expect(page.text).toContain('cannot be reached right now');
    } finally {
      await down.close();
    }
  });

  it('has no sign-in route and ignores the cookie without STAFF_OIDC_ISSUER', async () => {
    const off = await createHarness({ workers: false });
    try {
      expect((await request(off.baseUrl).get('/v1/staff/config').expect(200)).body).toEqual({ oidc: false, signInUrl: null });
      expect((await request(off.baseUrl).get('/staff/sign-in').set('Accept', 'application/json').expect(404)).body.code).toBe('staff.oidc_disabled');
      await request(off.baseUrl)
        .get('/v1/helpdesk/recoveries')
        .set('Cookie', `staff_session=${'a'.repeat(43)}`)
        .expect(401);
    } finally {
      await off.close();
    }
  });
});
