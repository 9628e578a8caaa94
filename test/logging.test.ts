/**
 * Structured JSON logs. A full recovery (help-desk link, start with the link token,
 * evidence, verification by a worker, status with the access pass) is logged at trace level into
 * memory; no secret and no image byte reaches a line, and the lines carry request and recovery ids.
 */
import { Writable } from 'node:stream';
import request from 'supertest';
import { createHarness, HELPDESK_KEY, ADMIN_KEY, type Harness } from './support/harness';
import { seedDirectory, upload } from './support/journey';
import { loadIdentity } from './fixtures/identities';
import { createLogger } from '../src/logger';

type Line = Record<string, unknown> & { msg?: string };

function captureLogs(h: Harness): Line[] {
  const lines: Line[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(text) as Line);
      done();
    },
  });
  h.ctx.logger = createLogger('trace', sink);
  return lines;
}

/** Ways an image could be written into a text log: base64 (any alignment), hex, a JSON Buffer. */
function imageTraces(image: Buffer): string[] {
  const window = (k: number) => image.subarray(k, k + 30);
  return [...[300, 301, 302].map((k) => window(k).toString('base64')), window(300).toString('hex'), JSON.stringify([...image.subarray(300, 316)]).slice(1, -1)];
}

describe('logs', () => {
  let h: Harness;
  let lines: Line[];
  beforeAll(async () => {
    h = await createHarness({ workers: false });
    await seedDirectory(h);
    lines = captureLogs(h);
    h.startWorkers();
  });
  afterAll(() => h.close());

  it('hold no token, link token, access pass, key or image byte, and carry request and recovery ids', async () => {
    const ana = loadIdentity('ana-garcia');
    const link = await request(h.baseUrl)
      .post('/v1/helpdesk/recovery-links')
      .set('Authorization', `Bearer ${HELPDESK_KEY}`)
      .send({ username: 'ana.garcia' })
      .expect(201);
    const linkToken = new URL(link.body.url as string).searchParams.get('link') as string;
    const started = await request(h.baseUrl).post('/v1/recoveries').send({ linkToken }).expect(201);
    const { id, token } = started.body as { id: string; token: string };
    await upload(h, id, token, ana).expect(202);
    await h.waitForStatus(id, (s) => s !== 'verifying');
    // The worker logs its decision and completion just after the state change: wait for them.
    for (let i = 0; i < 400 && !lines.some((l) => l.queue === 'verification' && l.msg === 'job completed'); i += 1) {
      await new Promise((r) => setTimeout(r, 25));
    }
    const shown = await request(h.baseUrl)
      .get(`/v1/recoveries/${id}`)
      .set('Authorization', `Bearer ${token}`)
      .set('X-Request-Id', 'proxy-req-0001')
      .expect(200);
    const code = shown.body.accessPass.code as string;
    expect(shown.headers['x-request-id']).toBe('proxy-req-0001');

    const text = lines.map((l) => JSON.stringify(l)).join('\n');
    const secrets = {
      token,
      linkToken,
      code,
      ADMIN_KEY,
      HELPDESK_KEY,
      vendorKey: String(h.mocks.providersConfig.idemia?.apiKey ?? 'unset'),
      evidenceKey: h.env.EVIDENCE_KEY ?? 'unset',
    };
    for (const [name, secret] of Object.entries(secrets)) expect({ name, found: text.includes(secret) }).toEqual({ name, found: false });
    for (const image of [ana.selfie, ana.documentFront, ana.documentBack]) {
      for (const trace of imageTraces(image)) expect(text.includes(trace)).toBe(false);
    }
    expect(text).not.toContain('"type":"Buffer"');

    // One line per request, each with its request id; those about this recovery with its id.
    const http = lines.filter((l) => l.msg === 'request completed');
    expect(http.length).toBeGreaterThanOrEqual(4);
    for (const line of http) expect(line.reqId).toEqual(expect.any(String));
    const about = http.filter((l) => String((l.req as { path?: string }).path).startsWith(`/v1/recoveries/${id}`));
    expect(about.map((l) => (l.req as { method: string }).method).sort()).toEqual(['GET', 'POST']);
    for (const line of about) expect(line.recoveryId).toBe(id);
    expect(http.find((l) => l.reqId === 'proxy-req-0001')).toMatchObject({ recoveryId: id, route: '/v1/recoveries/:id', res: { statusCode: 200 } });
    // The query string (where a recovery link carries its token) is never logged.
    expect(text).not.toContain('?link=');

    // Worker lines: the job's scope puts the queue, the job id and the recovery id on each.
    const worker = lines.filter((l) => l.queue === 'verification');
    expect(worker.map((l) => l.msg)).toEqual(expect.arrayContaining(['job started', 'verification decided', 'job completed']));
    for (const line of worker) expect(line).toMatchObject({ recoveryId: id, jobId: expect.any(String) });
  });

  it('accept a sane incoming X-Request-Id and replace anything else with a fresh id', async () => {
    const sane = await request(h.baseUrl).get('/healthz').set('X-Request-Id', 'abc-123_DEF.456').expect(200);
    expect(sane.headers['x-request-id']).toBe('abc-123_DEF.456');
    const odd = await request(h.baseUrl).get('/healthz').set('X-Request-Id', 'has space"and quote').expect(200);
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const long = await request(h.baseUrl).get('/healthz').set('X-Request-Id', 'x'.repeat(200)).expect(200);
    expect(long.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const none = await request(h.baseUrl).get('/healthz').expect(200);
    expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
