/**
 * Request bodies and uploads are size-limited before they are buffered. A 50 MB JSON
 * body and a 100 MB multipart upload, streamed (never built in memory), each with a declared
 * Content-Length and chunked: the answer is a 413 problem that arrives long before the body
 * would have been sent, and the RSS of this process (which hosts the server) does not grow by
 * anything like the body's size.
 */
import http from 'node:http';
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { createHarness, type Harness } from '../support/harness';
import { signatureHeader } from '../../providers/au10tix/signature';
import { streamUpload, type StreamResult } from './streamUpload';

const MB = 1024 * 1024;
/**
 * Generous: a server that buffered the body would need at least its size (a JSON string twice
 * that). What stays below is allocation churn from reading and discarding, and at most one
 * EVIDENCE_MAX_BYTES file buffer.
 */
const rssTolerance = (bodyBytes: number) => 0.8 * bodyBytes;

describe('oversized bodies are refused before they are buffered', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ workers: false, env: { RATE_LIMITS_ENABLED: 'false' } });
  });
  afterAll(() => h.close());

  const report = (what: string, r: StreamResult) =>
    process.stdout.write(
      `${what}: ${r.status} ${r.code} after ${r.ms} ms, ${(r.sentBytes / MB).toFixed(1)} MB sent, peak RSS +${(r.peakRssGrowth / MB).toFixed(1)} MB\n`,
    );

  async function recovery(): Promise<{ id: string; token: string }> {
    const res = await fetch(`${h.baseUrl}/v1/recoveries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":"ben.okafor"}',
    });
    return (await res.json()) as { id: string; token: string };
  }

  const json50 = (declareLength: boolean) =>
    streamUpload(`${h.baseUrl}/v1/recoveries`, {
      headers: { 'content-type': 'application/json' },
      head: Buffer.from('{"username":"'),
      totalBytes: 50 * MB,
      declareLength,
    });
  const webhook100 = (declareLength: boolean) =>
    streamUpload(`${h.baseUrl}/v1/webhooks/au10tix`, {
      headers: { 'content-type': 'application/json' },
      totalBytes: 100 * MB,
      declareLength,
    });
  async function multipart100(declareLength: boolean, token?: string): Promise<StreamResult> {
    const r = await recovery();
    const boundary = 'hugeUploadBoundary';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="selfie"; filename="s.png"\r\nContent-Type: image/png\r\n\r\n`);
    return streamUpload(`${h.baseUrl}/v1/recoveries/${r.id}/evidence`, {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: `Bearer ${token ?? r.token}` },
      head,
      totalBytes: 100 * MB,
      declareLength,
    });
  }

  it.each([true, false])('a 50 MB JSON body (Content-Length declared: %s) gets 413 request.too_large without buffering it', async (declared) => {
    const r = await json50(declared);
    report(`50 MB JSON, declared=${declared}`, r);
    expect([r.status, r.code]).toEqual([413, 'request.too_large']);
    expect(r.peakRssGrowth).toBeLessThan(rssTolerance(50 * MB));
  });

  it.each([true, false])('a 100 MB multipart upload (Content-Length declared: %s) gets 413 evidence.too_large before most of it is sent', async (declared) => {
    const r = await multipart100(declared);
    report(`100 MB multipart, declared=${declared}`, r);
    expect([r.status, r.code]).toEqual([413, 'evidence.too_large']);
    expect(r.sentBytes).toBeLessThan(50 * MB);
    expect(r.peakRssGrowth).toBeLessThan(rssTolerance(100 * MB));
  });

  it('a 100 MB multipart upload without a valid token is refused before a byte is read', async () => {
    const r = await multipart100(false, 'wrong');
    report('100 MB multipart, wrong token', r);
    expect([r.status, r.code]).toEqual([401, 'recovery.invalid_token']);
    expect(r.sentBytes).toBeLessThan(50 * MB);
    expect(r.peakRssGrowth).toBeLessThan(rssTolerance(100 * MB));
  });

  it.each([true, false])('a 100 MB webhook body (Content-Length declared: %s) gets 413 request.too_large without buffering it', async (declared) => {
    const r = await webhook100(declared);
    report(`100 MB webhook, declared=${declared}`, r);
    expect([r.status, r.code]).toEqual([413, 'request.too_large']);
    expect(r.peakRssGrowth).toBeLessThan(rssTolerance(100 * MB));
  });

  // Fixed (src/http/bodyLimit.ts): body-parser reads off the whole body before it calls
  // next(err), so the 413 came only after the last byte (never, for an endless chunked body).
  it.each([true, false])('a 50 MB JSON body (Content-Length declared: %s) is answered before most of it is sent', async (declared) => {
    expect((await json50(declared)).sentBytes).toBeLessThan(25 * MB);
  });
  it.each([true, false])('a 100 MB webhook body (Content-Length declared: %s) is answered before most of it is sent', async (declared) => {
    expect((await webhook100(declared)).sentBytes).toBeLessThan(50 * MB);
  });

  // The two form posts (`POST /repudiate`, the dashboard's login) are unauthenticated: their
  // urlencoded parser gets the same guard.
  it.each([
    ['/repudiate', true],
    ['/repudiate', false],
    ['/admin/queues/login', true],
    ['/admin/queues/login', false],
  ] as const)('a 20 MB form to %s (Content-Length declared: %s) gets 413 before most of it is sent', async (path, declared) => {
    const r = await streamUpload(`${h.baseUrl}${path}`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      head: Buffer.from('token='),
      totalBytes: 20 * MB,
      declareLength: declared,
    });
    expect({ status: r.status, code: r.code }).toEqual({ status: 413, code: 'request.too_large' });
    expect(r.sentBytes).toBeLessThan(10 * MB);
  });

  /** Sends `body` in 1 KiB writes, chunked or with its length declared, and reads the whole answer. */
  function send(path: string, headers: Record<string, string>, body: Buffer, declareLength: boolean): Promise<{ status: number; code: string | null }> {
    return new Promise((resolve, reject) => {
      const req = http.request(`${h.baseUrl}${path}`, {
        method: 'POST',
        headers: { ...headers, ...(declareLength ? { 'content-length': String(body.length) } : {}) },
      });
      req.on('response', (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => {
          let code: string | null = null;
          try {
            code = (JSON.parse(Buffer.concat(parts).toString('utf8')) as { code?: string }).code ?? null;
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, code });
        });
      });
      req.on('error', reject);
      for (let at = 0; at < body.length; at += 1024) req.write(body.subarray(at, at + 1024));
      req.end();
    });
  }
  /** `json` padded with trailing whitespace (still valid JSON) to exactly `size` bytes. */
  const padded = (json: string, size: number) => Buffer.concat([Buffer.from(json), Buffer.alloc(size - Buffer.byteLength(json), 0x20)]);

  it.each([true, false])(
    'a JSON body of exactly JSON_BODY_LIMIT_BYTES (Content-Length declared: %s) is still parsed; one byte more is 413',
    async (declared) => {
      const limit = h.ctx.config.JSON_BODY_LIMIT_BYTES;
      const json = { 'content-type': 'application/json' };
      expect(await send('/v1/recoveries', json, padded('{"username":"ben.okafor"}', limit), declared)).toMatchObject({ status: 201 });
      expect(await send('/v1/recoveries', json, padded('{"username":"ben.okafor"}', limit + 1), declared)).toEqual({ status: 413, code: 'request.too_large' });
    },
  );

  it.each([true, false])('a signed 64 KiB webhook (Content-Length declared: %s) reaches the route byte for byte; one byte more is 413', async (declared) => {
    const secret = String(h.mocks.providersConfig.au10tix?.webhookSecret ?? '');
    const signed = (body: Buffer) => ({
      'content-type': 'application/json',
      'x-au10tix-signature': signatureHeader(secret, Math.floor(h.ctx.clock.now() / 1000), body),
    });
    const callback = (size: number) => padded(JSON.stringify({ eventId: randomUUID(), requestId: 'no-such-ref', status: 'Completed' }), size);
    const fits = callback(64 * 1024);
    expect(await send('/v1/webhooks/au10tix', signed(fits), fits, declared)).toEqual({ status: 204, code: null });
    const over = callback(64 * 1024 + 1);
    expect(await send('/v1/webhooks/au10tix', signed(over), over, declared)).toEqual({ status: 413, code: 'request.too_large' });
  });

  /** Writes `head` and `body` on a bare socket and never ends it; resolves with the answer once the server hangs up. */
  function untilHangUp(head: string, body: Buffer): Promise<string> {
    return new Promise((resolve) => {
      const socket = net.connect(Number(new URL(h.baseUrl).port), '127.0.0.1');
      const got: Buffer[] = [];
      socket.on('data', (d: Buffer) => got.push(d));
      socket.on('error', () => undefined); // EPIPE/ECONNRESET once the server has hung up: expected
      socket.on('close', () => resolve(Buffer.concat(got).toString('latin1')));
      socket.write(head);
      socket.write(body);
    });
  }

  it.each([true, false])(
    'after the 413 the server closes the connection, so the client is not left sending (Content-Length declared: %s)',
    async (declared) => {
      const piece = Buffer.alloc(64 * 1024, 0x61);
      const framing = declared ? `Content-Length: ${50 * MB}` : 'Transfer-Encoding: chunked';
      const head = `POST /v1/recoveries HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${framing}\r\n\r\n`;
      const body = declared ? piece : Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece]);
      const answer = await untilHangUp(head, body);
      expect(answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(answer).toMatch(/\r\nconnection: close\r\n/i);
      expect(answer).toContain('"code":"request.too_large"');
    },
  );

  it('is still healthy afterwards', async () => {
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    expect((await recovery()).id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
