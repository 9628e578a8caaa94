/**
 * Cases the fuzzer found, pinned so they stay fixed (a bug found but not yet fixed would be pinned
 * with `it.failing`, so it stays visible; none is open). Raw HTTP, against a harness server.
 */
import { gzipSync } from 'node:zlib';
import { createHarness, type Harness } from '../support/harness';
import { sendRaw, type RawRequest } from './rawHttp';

describe('hostile-input regressions', () => {
  let h: Harness;
  let port: number;
  beforeAll(async () => {
    h = await createHarness({ workers: false });
    port = Number(new URL(h.baseUrl).port);
  });
  afterAll(() => h.close());

  async function answer(req: RawRequest): Promise<{ status: number; type: string; code: string | null }> {
    const { response } = await sendRaw(port, req);
    if (!response) throw new Error('no answer');
    let code: string | null = null;
    try {
      code = (JSON.parse(response.body.toString('utf8')) as { code?: string }).code ?? null;
    } catch {
      /* not JSON */
    }
    return { status: response.status, type: response.headers['content-type'] ?? '', code };
  }

  const gzipLie = (target: string): RawRequest => ({
    method: 'POST',
    target,
    headers: [
      ['Content-Type', 'application/json'],
      ['Content-Encoding', 'gzip'],
    ],
    body: Buffer.from('{"username":"a"}'),
  });

  it('a JSON body that says gzip but is not is malformed JSON (400), on any path the JSON parser reads', async () => {
    for (const target of ['/v1/recoveries', '/v1/admin/no-such-endpoint']) {
      expect(await answer(gzipLie(target))).toMatchObject({ status: 400, code: 'request.malformed_json' });
    }
    const truncated = { ...gzipLie('/v1/recoveries'), body: gzipSync('{"username":"a"}').subarray(0, 12) };
    expect(await answer(truncated)).toMatchObject({ status: 400, code: 'request.malformed_json' });
  });

  it('the webhook, which reads its body raw, keeps its documented 400 request.invalid for the same body', async () => {
    expect(await answer(gzipLie('/v1/webhooks/au10tix'))).toMatchObject({ status: 400, code: 'request.invalid' });
  });

  // Requests Node's own HTTP parser refuses used to get a bare 400/417/431 with no body; the
  // server's `clientError` and `checkExpectation` handlers (src/http/serverErrors.ts) answer them.
  it.each([
    ['an unknown Expect', { method: 'GET', target: '/healthz', headers: [['Expect', 'the-unexpected']] }, 417, 'request.expectation_failed'],
    ['a raw space in the path', { method: 'GET', target: '/v1/recoveries/a b', headers: [] }, 400, 'request.malformed'],
    ['headers over 16 KiB', { method: 'GET', target: '/healthz', headers: [['X-Huge', 'x'.repeat(20_000)]] }, 431, 'request.headers_too_large'],
    ['a non-numeric Content-Length', { method: 'POST', target: '/v1/recoveries', headers: [['Content-Length', 'abc']] }, 400, 'request.malformed'],
    ['a CONNECT (Node hangs up on it by default)', { method: 'CONNECT', target: 'example.com:443', headers: [] }, 404, 'request.not_found'],
  ] as Array<[string, RawRequest, number, string]>)('%s gets a problem+json answer', async (_what, req, status, code) => {
    const r = await answer(req);
    expect(r).toEqual({ status, type: expect.stringMatching(/^application\/problem\+json/), code });
  });
});
