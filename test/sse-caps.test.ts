/**
 * Live-progress streams are capped per recovery and per client network: a client that opens
 * stream after stream (the attack: hold every socket of the API process) meets 429
 * `request.too_many_streams`, and a stream it closes frees its place.
 */
import request from 'supertest';
import { createHarness, HELPDESK_KEY, type Harness } from './support/harness';
import { seedDirectory, start } from './support/journey';
import { openSse, type SseClient } from './browser/support/sse';

let h: Harness;
const open: SseClient[] = [];
beforeAll(async () => {
  h = await createHarness({ env: { SSE_MAX_PER_RECOVERY: '2', SSE_MAX_PER_CLIENT: '4' } });
  await seedDirectory(h);
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});
afterAll(() => h.close());

async function stream(path: string, token: string): Promise<SseClient> {
  const s = await openSse(`${h.baseUrl}${path}`, token);
  if (s.status === 200) {
    open.push(s);
    await s.next(); // the first event: the stream is registered by now
  }
  return s;
}

/** Waits until the server has noticed the closed streams (it learns of them asynchronously). */
async function eventuallyOpens(path: string, token: string): Promise<SseClient> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const s = await stream(path, token);
    if (s.status === 200 || Date.now() > deadline) return s;
    s.close();
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('caps the streams of one recovery, and frees a place when one closes', async () => {
  const { id, token } = await start(h, 'ben.okafor');
  const path = `/v1/recoveries/${id}/events`;
  await stream(path, token);
  await stream(path, token);
  const refused = await request(h.baseUrl).get(path).set('Authorization', `Bearer ${token}`).expect(429);
  expect(refused.body).toMatchObject({ code: 'request.too_many_streams' });
  expect(refused.headers['retry-after']).toBeDefined();
  open.shift()?.close();
  expect((await eventuallyOpens(path, token)).status).toBe(200);
});

it('caps the streams of one client network across recoveries and the help-desk feed', async () => {
  for (const username of ['ana.garcia', 'wei.chen', 'erik.lindqvist']) {
    const { id, token } = await start(h, username);
    expect((await stream(`/v1/recoveries/${id}/events`, token)).status).toBe(200);
  }
  expect((await stream('/v1/helpdesk/events', HELPDESK_KEY)).status).toBe(200);
  const { id, token } = await start(h, 'fatima.haddad');
  const refused = await request(h.baseUrl).get(`/v1/recoveries/${id}/events`).set('Authorization', `Bearer ${token}`).expect(429);
  expect(refused.body).toMatchObject({ code: 'request.too_many_streams' });
  await request(h.baseUrl).get('/v1/helpdesk/events').set('Authorization', `Bearer ${HELPDESK_KEY}`).expect(429);
});
