/**
 * Request bodies by media type. JSON: schema-valid values, near misses and hostile values, then
 * damaged on the wire (truncated, invalid UTF-8, UTF-16, BOM, padded past the size limit,
 * compressed, a gzip bomb, lying Content-Type/Content-Encoding). Binary (`*\/*`): random bytes,
 * JSON, or an operation-specific hint, under random media types.
 */
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { Schema } from './spec';
import { BAD_UTF8, ODD_JSON_TEXTS, nastyJson } from './hostile';
import { invalidValue, validValue, type Known } from './schemaArb';

export interface Body {
  contentType?: string;
  contentEncoding?: string;
  bytes: Buffer;
  /** Declared Content-Length when it lies (the body is shorter). */
  declaredLength?: number;
  labels: string[];
}

const JSON_TYPES = [
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json; charset=latin1',
  'application/json; charset=utf-16le',
  'application/json;;;',
  'application/json; charset=',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/merge-patch+json',
  'multipart/form-data; boundary=x',
  'application/jsonx',
  'a/b/c',
  '',
];

let bomb: Buffer | undefined;
/** 20 MB of whitespace inside a JSON object, gzipped to ~20 KB: the limit must apply after inflating. */
const gzipBomb = () => (bomb ??= gzipSync(Buffer.concat([Buffer.from('{"username":"a"'), Buffer.alloc(20 * 1024 * 1024, 0x20), Buffer.from('}')])));

function wire(text: string, how: string, cut: number, padTo: number): Pick<Body, 'bytes' | 'contentType' | 'contentEncoding'> {
  const utf8 = Buffer.from(text, 'utf8');
  switch (how) {
    case 'truncated':
      return { bytes: utf8.subarray(0, Math.floor(utf8.length * cut)) };
    case 'bad-utf8': {
      const at = Math.max(0, text.indexOf('"') + 1);
      return { bytes: Buffer.concat([utf8.subarray(0, at), BAD_UTF8[Math.floor(cut * BAD_UTF8.length)] ?? Buffer.alloc(0), utf8.subarray(at)]) };
    }
    case 'bom':
      return { bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]) };
    case 'utf16':
      return { bytes: Buffer.from(text, 'utf16le'), contentType: 'application/json; charset=utf-16le' };
    case 'oversize':
      return { bytes: Buffer.concat([utf8, Buffer.alloc(padTo, 0x20)]) };
    case 'gzip':
      return { bytes: gzipSync(utf8), contentEncoding: 'gzip' };
    case 'deflate':
      return { bytes: deflateSync(utf8), contentEncoding: 'deflate' };
    case 'br':
      return { bytes: brotliCompressSync(utf8), contentEncoding: 'br' };
    case 'gzip-lie':
      return { bytes: utf8, contentEncoding: 'gzip' };
    case 'gzip-bomb':
      return { bytes: gzipBomb(), contentEncoding: 'gzip' };
    case 'unknown-encoding':
      return { bytes: utf8, contentEncoding: cut < 0.5 ? 'compress' : 'gzip, x-evil' };
    case 'identity':
      return { bytes: utf8, contentEncoding: 'identity' };
    case 'short-length':
      return { bytes: utf8.subarray(0, Math.floor(utf8.length * cut)) };
    default:
      return { bytes: utf8 };
  }
}

const WIRE = fc.oneof(
  { weight: 30, arbitrary: fc.constant('plain') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'truncated',
      'bad-utf8',
      'bom',
      'utf16',
      'oversize',
      'gzip',
      'deflate',
      'br',
      'gzip-lie',
      'gzip-bomb',
      'unknown-encoding',
      'identity',
      'short-length',
    ),
  },
);

/** `wellFormed`: plain UTF-8 JSON as application/json, so only the value (valid or a near miss) varies. */
export function jsonBody(schema: Schema, known: Known, limitBytes: number, wellFormed = false): fc.Arbitrary<Body> {
  const text = fc.oneof(
    { weight: 5, arbitrary: validValue(schema, known).map((v) => JSON.stringify(v)) },
    { weight: 5, arbitrary: invalidValue(schema, known).map((v) => JSON.stringify(v) ?? 'null') },
    { weight: wellFormed ? 0 : 1, arbitrary: nastyJson().map((v) => JSON.stringify(v) ?? 'null') },
    { weight: wellFormed ? 0 : 1, arbitrary: fc.constantFrom(...ODD_JSON_TEXTS) },
  );
  const type = wellFormed
    ? fc.constant('application/json')
    : fc.oneof(
        { weight: 12, arbitrary: fc.constant('application/json') },
        { weight: 2, arbitrary: fc.constantFrom(...JSON_TYPES) },
        { weight: 1, arbitrary: fc.constant(undefined) },
      );
  return fc
    .tuple(
      text,
      wellFormed ? fc.constant('plain') : WIRE,
      type,
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: limitBytes, max: 4 * limitBytes }),
    )
    .map(([t, how, contentType, cut, padTo]) => {
      const w = wire(t, how, cut, padTo);
      return {
        contentType: w.contentType ?? contentType,
        contentEncoding: w.contentEncoding,
        bytes: w.bytes,
        declaredLength: how === 'short-length' ? Buffer.byteLength(t) : undefined,
        labels: [`json:${how}`],
      };
    });
}

/** application/x-www-form-urlencoded from an object schema: valid or near-miss values, then badly encoded or repeated. */
export function formBody(schema: Schema, known: Known, wellFormed = false): fc.Arbitrary<Body> {
  const value = fc.oneof(validValue(schema, known), { weight: wellFormed ? 0 : 1, arbitrary: invalidValue(schema, known) });
  const mangle = fc.constantFrom('none', 'none', 'none', 'bad-percent', 'repeat', 'brackets', 'raw-bytes');
  const type = wellFormed
    ? fc.constant('application/x-www-form-urlencoded')
    : fc.constantFrom('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=koi8-r', 'application/json', 'text/plain', undefined);
  return fc.tuple(value, wellFormed ? fc.constant('none') : mangle, type).map(([v, how, contentType]) => {
    const entries =
      v !== null && typeof v === 'object' && !Array.isArray(v)
        ? Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x : (JSON.stringify(x) ?? '')] as [string, string])
        : ([['value', JSON.stringify(v) ?? '']] as Array<[string, string]>);
    let text = new URLSearchParams(entries).toString();
    if (how === 'bad-percent') text += '&x=%E0%A4%A&%zz=%';
    if (how === 'repeat') text = `${text}&${text}`;
    if (how === 'brackets') text += '&a[b][c]=1&__proto__[x]=1&constructor[prototype][y]=1';
    const bytes = how === 'raw-bytes' ? Buffer.concat([Buffer.from(text), BAD_UTF8[0] ?? Buffer.alloc(0)]) : Buffer.from(text);
    return { contentType, bytes, labels: [`form:${how}`] };
  });
}

/** `*\/*` bodies; `hint` supplies plausible payloads when the schema is opaque (e.g. a vendor callback). */
export function binaryBody(limitBytes: number, hint?: fc.Arbitrary<Buffer>): fc.Arbitrary<Body> {
  const bytes = fc.oneof(
    { weight: 3, arbitrary: fc.uint8Array({ maxLength: 512 }).map((a) => Buffer.from(a)) },
    { weight: 3, arbitrary: nastyJson().map((v) => Buffer.from(JSON.stringify(v) ?? '')) },
    { weight: 1, arbitrary: fc.integer({ min: limitBytes + 1, max: 2 * limitBytes }).map((n) => Buffer.alloc(n, 0x7b)) },
    ...(hint ? [{ weight: 6, arbitrary: hint }] : []),
  );
  const type = fc.constantFrom(
    undefined,
    'application/json',
    'application/octet-stream',
    'text/plain; charset=utf-8',
    'application/json; charset=koi8-r',
    'x/y',
  );
  return fc.tuple(bytes, type, fc.constantFrom(undefined, undefined, undefined, 'gzip', 'br', 'compress')).map(([b, contentType, enc]) => ({
    contentType,
    contentEncoding: enc,
    labels: [`binary:${enc ?? 'plain'}`],
    bytes: enc === 'gzip' ? gzipSync(b) : enc === 'br' ? brotliCompressSync(b) : b,
  }));
}
