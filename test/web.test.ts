/**
 * The web journey's server side: pages served with no inline script (strict CSP), a help-desk
 * link that survives being opened, and live progress over SSE for the claimant (current state on
 * connect, the access pass once) and for the help desk (never an access pass).
 */
import request from 'supertest';
import { createHarness, HELPDESK_KEY, type Harness } from './support/harness';
import { seedDirectory, start, status, upload } from './support/journey';
import { loadIdentity } from './fixtures/identities';
import { openSse, type SseClient } from './browser/support/sse';

let h: Harness;
const streams: SseClient[] = [];
beforeAll(async () => {
  h = await createHarness();
  await seedDirectory(h);
});
afterEach(() => {
  for (const s of streams.splice(0)) s.close();
});
afterAll(() => h.close());

async function sse(path: string, token: string): Promise<SseClient> {
  const client = await openSse(`${h.baseUrl}${path}`, token);
  streams.push(client);
  return client;
}

describe('pages', () => {
  it.each(['/recover', '/enroll', '/helpdesk', '/admin', '/'])('%s is plain HTML with external scripts only', async (page) => {
    const res = await request(h.baseUrl).get(page).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(res.text).toMatch(/<html lang="en">/);
    expect(res.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // no inline <script>
    expect(res.text).not.toMatch(/\son[a-z]+=/); // no inline event handlers
    expect(res.text).not.toMatch(/\sstyle=/);
  });

  it('serves the stylesheet', async () => {
    await request(h.baseUrl)
      .get('/assets/app.css')
      .expect(200)
      .expect('content-type', /text\/css/);
  });

  it('opening /recover?link=… does not use the link: starting the recovery does, once', async () => {
    const link = await request(h.baseUrl)
      .post('/v1/helpdesk/recovery-links')
      .set('Authorization', `Bearer ${HELPDESK_KEY}`)
      .send({ username: 'ana.garcia' })
      .expect(201);
    const url = new URL(link.body.url as string);
    const linkToken = url.searchParams.get('link');
    await request(h.baseUrl).get(`${url.pathname}${url.search}`).expect(200); // the user (or a mail scanner) opens it
    await request(h.baseUrl).get(`${url.pathname}${url.search}`).expect(200);
    await request(h.baseUrl).post('/v1/recoveries').send({ linkToken }).expect(201);
    expect((await request(h.baseUrl).post('/v1/recoveries').send({ linkToken }).expect(410)).body.code).toBe('recovery.link_used');
  });
});

describe('GET /v1/recoveries/{id}/events', () => {
  it('needs the recovery token', async () => {
    const { id } = await start(h, 'ben.okafor');
    const res = await request(h.baseUrl).get(`/v1/recoveries/${id}/events`).expect(401);
    expect(res.body.code).toBe('recovery.invalid_token');
  });

  it('sends the current state at once, then each change, with the access pass exactly once', async () => {
    const { id, token } = await start(h, 'ben.okafor');
    const events = await sse(`/v1/recoveries/${id}/events`, token);
    expect(events.status).toBe(200);
    expect(events.contentType).toMatch(/text\/event-stream/);
    expect(await events.next()).toEqual({ event: 'status', data: { id, status: 'awaiting_evidence' } });
    await upload(h, id, token, loadIdentity('ben-okafor')).expect(202);
    const issued = await events.until((e) => (e.data as { status: string }).status === 'access_pass_issued');
    const pass = (issued.data as { accessPass?: { code: string } }).accessPass;
    expect(pass?.code).toMatch(/^[A-HJ-NP-Z2-9#]{12}$/);
    expect(events.seen.map((e) => (e.data as { status: string }).status)).toContain('verifying');
    // Shown in the stream, so never again: not by GET, nor by a second stream.
    expect((await status(h, id, token).expect(200)).body.accessPass).toBeUndefined();
    const again = await sse(`/v1/recoveries/${id}/events`, token);
    expect(await again.next()).toEqual({ event: 'status', data: { id, status: 'access_pass_issued', next: { enrollmentUrl: `${h.baseUrl}/enroll` } } });
  });

  it('ends the stream at a final state', async () => {
    const erik = loadIdentity('erik-lindqvist');
    const { id, token } = await start(h, 'ben.okafor');
    await upload(h, id, token, erik).expect(202);
    await h.waitForStatus(id, (s) => s === 'rejected');
    const events = await sse(`/v1/recoveries/${id}/events`, token);
    expect(await events.next()).toEqual({ event: 'status', data: { id, status: 'rejected', reason: 'account_mismatch' } });
    await expect(events.next()).rejects.toThrow('stream ended');
  });
});

describe('GET /v1/helpdesk/events', () => {
  it('needs the help-desk key', async () => {
    await request(h.baseUrl).get('/v1/helpdesk/events').expect(401);
  });

  it('sends recent recoveries, then every change, never an access pass', async () => {
    const events = await sse('/v1/helpdesk/events', HELPDESK_KEY);
    const snapshot = await events.next();
    expect(snapshot.event).toBe('snapshot');
    const { id, token } = await start(h, 'erik.lindqvist');
    await upload(h, id, token, loadIdentity('erik-lindqvist')).expect(202);
    const issued = await events.until(
      (e) => e.event === 'recovery' && (e.data as { id: string; status: string }).id === id && (e.data as { status: string }).status === 'access_pass_issued',
    );
    expect(issued.data).toMatchObject({ username: 'erik.lindqvist', origin: 'self_service' });
    const code = (await status(h, id, token).expect(200)).body.accessPass.code as string;
    expect(JSON.stringify(events.seen)).not.toContain(code);
    expect(JSON.stringify(events.seen)).not.toMatch(/accessPass/);
  });
});
