/**
 * Issue 3 §4: "request bodies and uploads are size-limited before they are buffered". A 50 MB JSON
 * body and a 100 MB multipart upload, streamed (never built in memory), each with a declared
 * Content-Length and chunked: the answer is a 413 problem that arrives long before the body
 * would have been sent, and the RSS of this process (which hosts the server) does not grow by
 * anything like the body's size.
 */
import { createHarness, type Harness } from '../support/harness';
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

  const report = (what: string, r: StreamResult) => process.stdout.write(
    `${what}: ${r.status} ${r.code} after ${r.ms} ms, ${(r.sentBytes / MB).toFixed(1)} MB sent, peak RSS +${(r.peakRssGrowth / MB).toFixed(1)} MB\n`);

  async function recovery(): Promise<{ id: string; token: string }> {
    const res = await fetch(`${h.baseUrl}/v1/recoveries`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":"ben.okafor"}' });
    return (await res.json()) as { id: string; token: string };
  }

  const json50 = (declareLength: boolean) => streamUpload(`${h.baseUrl}/v1/recoveries`, {
    headers: { 'content-type': 'application/json' }, head: Buffer.from('{"username":"'), totalBytes: 50 * MB, declareLength,
  });
  const webhook100 = (declareLength: boolean) => streamUpload(`${h.baseUrl}/v1/webhooks/au10tix`, {
    headers: { 'content-type': 'application/json' }, totalBytes: 100 * MB, declareLength,
  });
  async function multipart100(declareLength: boolean, token?: string): Promise<StreamResult> {
    const r = await recovery();
    const boundary = 'hugeUploadBoundary';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="selfie"; filename="s.png"\r\nContent-Type: image/png\r\n\r\n`);
    return streamUpload(`${h.baseUrl}/v1/recoveries/${r.id}/evidence`, {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: `Bearer ${token ?? r.token}` },
      head, totalBytes: 100 * MB, declareLength,
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

  // KNOWN BUG (reported, src/http/app.ts and routes/webhooks.ts): body-parser reads off the whole
  // body before it calls next(err), so the 413 only comes after the last byte (never, for an
  // endless chunked body). Turn these into `it` once the size is checked before express.json/raw.
  it.failing.each([true, false])('a 50 MB JSON body (Content-Length declared: %s) is answered before most of it is sent', async (declared) => {
    expect((await json50(declared)).sentBytes).toBeLessThan(25 * MB);
  });
  it.failing.each([true, false])('a 100 MB webhook body (Content-Length declared: %s) is answered before most of it is sent', async (declared) => {
    expect((await webhook100(declared)).sentBytes).toBeLessThan(50 * MB);
  });

  it('is still healthy afterwards', async () => {
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    expect((await recovery()).id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
