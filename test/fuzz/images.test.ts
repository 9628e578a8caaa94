/**
 * Each image of the fuzz corpus (./images.ts), uploaded once as the selfie next to a genuine ID
 * photo: what the service answers for files that are not what they claim, pinned. A polyglot that
 * decodes is accepted only as a re-encoded image (its payload does not reach the bucket), and a
 * decompression bomb is refused without decoding.
 */
import { createHarness, type Harness } from '../support/harness';
import { objects } from '../support/inspect';
import { imageCorpus, pngHeader, type ImageSample } from './images';

const EXPECTED: Record<string, [number, string | null]> = {
  png: [202, null],
  jpeg: [202, null],
  webp: [202, null],
  'tiny-png': [422, 'evidence.too_small'],
  gif: [415, 'evidence.not_an_image'],
  'png-magic-garbage': [422, 'evidence.undecodable'],
  'png-truncated': [422, 'evidence.undecodable'],
  'png-bad-crc': [422, 'evidence.undecodable'],
  'jpeg-truncated': [422, 'evidence.undecodable'],
  'jpeg-header-only': [422, 'evidence.undecodable'],
  'jpeg-soi-only': [422, 'evidence.undecodable'],
  'jpeg-huge-sof': [422, 'evidence.undecodable'],
  'text-named-png': [415, 'evidence.not_an_image'],
  'svg-named-png': [415, 'evidence.not_an_image'],
  'pdf-named-png': [415, 'evidence.not_an_image'],
  'png-bomb-100k': [422, 'evidence.undecodable'],
  'png-bomb-header-only': [422, 'evidence.undecodable'],
  'png-zero-size': [422, 'evidence.undecodable'],
  'webp-garbage': [422, 'evidence.undecodable'],
  'polyglot-png-html': [202, null],
  'polyglot-jpeg-zip': [202, null],
  'polyglot-gif-js': [415, 'evidence.not_an_image'],
  'jpeg-magic-html': [422, 'evidence.undecodable'],
  empty: [400, 'evidence.empty_file'],
};

describe('images that are not what they claim', () => {
  let h: Harness;
  let corpus: ImageSample[];
  beforeAll(async () => {
    h = await createHarness({ workers: false, env: { RATE_LIMITS_ENABLED: 'false' } });
    corpus = await imageCorpus(h.ctx.config.EVIDENCE_MIN_DIMENSION);
  });
  afterAll(() => h.close());

  async function upload(selfie: ImageSample): Promise<{ status: number; type: string | null; code?: string; ms: number }> {
    const started = await fetch(`${h.baseUrl}/v1/recoveries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":"ben.okafor"}',
    });
    const { id, token } = (await started.json()) as { id: string; token: string };
    const front = corpus.find((i) => i.name === 'png') as ImageSample;
    const form = new FormData();
    form.append('selfie', new Blob([new Uint8Array(selfie.bytes)], { type: selfie.contentType }), selfie.filename);
    form.append('documentFront', new Blob([new Uint8Array(front.bytes)], { type: 'image/png' }), 'front.png');
    form.append('consent', 'true');
    form.append('selfieSource', 'camera');
    const t0 = Date.now();
    const res = await fetch(`${h.baseUrl}/v1/recoveries/${id}/evidence`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    const body = (await res.json()) as { code?: string };
    return { status: res.status, type: res.headers.get('content-type'), code: body.code, ms: Date.now() - t0 };
  }

  it('answers each corpus file as pinned, errors as problem+json', async () => {
    const seen: Record<string, [number, string | null]> = {};
    for (const sample of corpus) {
      const r = await upload(sample);
      seen[sample.name] = [r.status, r.code ?? null];
      if (r.status >= 400) expect(r.type).toMatch(/^application\/problem\+json/);
    }
    expect(seen).toEqual(EXPECTED);
  });

  it('stores a polyglot only as a re-encoded image: the appended payload never reaches the bucket', async () => {
    const before = new Set((await objects(h)).map((o) => o.key));
    for (const name of ['polyglot-png-html', 'polyglot-jpeg-zip']) expect((await upload(corpus.find((i) => i.name === name) as ImageSample)).status).toBe(202);
    const added = (await objects(h)).filter((o) => !before.has(o.key));
    expect(added.length).toBe(4);
    for (const o of added) {
      const plain = await h.ctx.evidence.get(o.key);
      expect(plain.includes('<script>')).toBe(false);
      expect(plain.includes('PK\x03\x04')).toBe(false);
    }
  });

  it('refuses a PNG header promising 100000×100000 pixels at once, and survives one just under the pixel limit', async () => {
    const bomb = await upload({ name: 'bomb', bytes: pngHeader(100_000, 100_000, 16), filename: 'b.png', contentType: 'image/png' });
    expect([bomb.status, bomb.code]).toEqual([422, 'evidence.undecodable']);
    // 6000×6000 grey = 36 Mpx (under limitInputPixels 40 M), ~35 KB on the wire, 36 MB decoded.
    const nearLimit = pngHeader(6000, 6000, 6000);
    const rssBefore = process.memoryUsage().rss;
    const big = await upload({ name: 'near-limit', bytes: nearLimit, filename: 'n.png', contentType: 'image/png' });
    const rssAfter = process.memoryUsage().rss;
    process.stdout.write(
      `near-limit bomb: ${nearLimit.length} bytes on the wire → ${big.status} ${big.code ?? ''} in ${big.ms} ms, RSS +${Math.round((rssAfter - rssBefore) / 1e6)} MB\n`,
    );
    expect(big.status).toBeLessThan(500);
  });
});
