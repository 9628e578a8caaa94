/**
 * What a claimant's browser does, timed: start a recovery, upload evidence, read the status, and
 * follow the status over SSE. Plus seeding the directory with bench users ("Bench User<i>", born
 * 1990-01-01, which is who the simulated vendor says each recovery's document shows).
 */
import sharp from 'sharp';
import type { Redis } from 'ioredis';
import { DirectoryStore } from '../../src/stores/directoryStore';
import { benchFamilyName, benchUser } from './benchUsers';
import { redisKeys } from '../../src/stores/keys';
import { pool } from './stats';

export interface Images {
  selfie: Buffer;
  documentFront: Buffer;
}

/** Two small, valid, distinct photos at the service's minimum size (200×200). */
export async function benchImages(): Promise<Images> {
  const photo = (seed: number) => {
    const raw = Buffer.alloc(200 * 200 * 3);
    for (let i = 0; i < raw.length; i += 1) raw[i] = (i * seed + (i >> 7)) & 0xff;
    return sharp(raw, { raw: { width: 200, height: 200, channels: 3 } })
      .jpeg({ quality: 80 })
      .toBuffer();
  };
  return { selfie: await photo(7), documentFront: await photo(13) };
}

export { benchUser } from './benchUsers';

export async function seedUsers(redis: Redis, prefix: string, count: number): Promise<void> {
  const directory = new DirectoryStore(redis, redisKeys(prefix));
  const indexes = Array.from({ length: count }, (_, i) => i);
  await pool(indexes, 64, async (i) => {
    const username = benchUser(i);
    await directory.create({
      username,
      givenName: 'Bench',
      familyName: benchFamilyName(username),
      birthDate: '1990-01-01',
      groups: [],
      emails: [],
      disabled: false,
    });
  });
}

export interface Timed<T> {
  ms: number;
  value: T;
}

async function timed<T>(call: () => Promise<T>): Promise<Timed<T>> {
  const t0 = performance.now();
  const value = await call();
  return { ms: performance.now() - t0, value };
}

export async function start(api: string, username: string): Promise<Timed<{ id: string; token: string }>> {
  return timed(async () => {
    const res = await fetch(`${api}/v1/recoveries`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) });
    if (res.status !== 201) throw new Error(`start: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string; token: string };
  });
}

const BOUNDARY = 'bench-boundary-7d1f0c';
const bodies = new WeakMap<Images, Buffer>();

/** The multipart body, built once per image pair: the load generator's CPU is not what is measured. */
function multipart(images: Images): Buffer {
  let body = bodies.get(images);
  if (!body) {
    const part = (name: string, file: Buffer) => [
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
      file,
      Buffer.from('\r\n'),
    ];
    body = Buffer.concat([
      ...part('selfie', images.selfie),
      ...part('documentFront', images.documentFront),
      // The page's camera path declares its selfie (REFUSE_UPLOADED_SELFIES refuses anything else).
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="selfieSource"\r\n\r\ncamera\r\n`),
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="consent"\r\n\r\ntrue\r\n--${BOUNDARY}--\r\n`),
    ]);
    bodies.set(images, body);
  }
  return body;
}

export async function upload(api: string, id: string, token: string, images: Images): Promise<Timed<number>> {
  return timed(async () => {
    const res = await fetch(`${api}/v1/recoveries/${id}/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      body: new Uint8Array(multipart(images)),
    });
    if (res.status !== 202) throw new Error(`evidence: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    return res.status;
  });
}

export async function status(api: string, id: string, token: string): Promise<Timed<{ status: string; accessPass?: { code: string } }>> {
  return timed(async () => {
    const res = await fetch(`${api}/v1/recoveries/${id}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`status: ${res.status}`);
    return (await res.json()) as { status: string; accessPass?: { code: string } };
  });
}

/**
 * Opens an event stream and resolves `seen` with `Date.now()` when the stream's text matches
 * `pattern`. `opened` resolves once the stream answered (false: no such endpoint).
 */
export function followUntil(url: string, headers: Record<string, string>, pattern: RegExp): { opened: Promise<boolean>; seen: Promise<number> } {
  let opened!: (ok: boolean) => void;
  const openedP = new Promise<boolean>((r) => {
    opened = r;
  });
  const seen = (async () => {
    const res = await fetch(url, { headers: { ...headers, accept: 'text/event-stream' } });
    if (res.status !== 200 || !res.body) {
      opened(false);
      await res.arrayBuffer().catch(() => undefined);
      return NaN;
    }
    opened(true);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return NaN;
      buffered += decoder.decode(value, { stream: true });
      if (pattern.test(buffered)) {
        const at = Date.now();
        await reader.cancel().catch(() => undefined);
        return at;
      }
    }
  })();
  seen.catch(() => opened(false));
  return { opened: openedP, seen };
}

/** The claimant's stream, until an event shows the access pass. */
export const followUntilAccessPass = (api: string, id: string, token: string) =>
  followUntil(`${api}/v1/recoveries/${id}/events`, { authorization: `Bearer ${token}` }, /"accessPass":\{[^}]*"code"/);
