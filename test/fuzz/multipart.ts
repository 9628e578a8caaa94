/**
 * multipart/form-data bodies derived from an object schema: `format: binary` properties become
 * file parts (drawn from the image corpus or random bytes), the others text fields. Then the
 * envelope is attacked: missing, extra, duplicate and oversized parts, hostile names and filenames,
 * lying part types, broken boundaries, bare-LF line ends, truncation and byte garbling.
 */
import fc from 'fast-check';
import type { Schema } from './spec';
import type { ImageSample } from './images';
import { nastyString } from './hostile';
import { validValue, type Known } from './schemaArb';
import type { Body } from './body';

interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

function encode(parts: Part[], boundary: string, eol: string): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    const head = [`--${boundary}`, `Content-Disposition: ${disposition}`, ...(p.contentType ? [`Content-Type: ${p.contentType}`] : [])];
    chunks.push(Buffer.from(`${head.join(eol)}${eol}${eol}`, 'utf8'), p.data, Buffer.from(eol));
  }
  chunks.push(Buffer.from(`--${boundary}--${eol}`));
  return Buffer.concat(chunks);
}

const FIELD_NAMES = [
  'consent[]',
  'consent[a][b]',
  '__proto__',
  '__proto__[polluted]',
  'constructor[prototype][x]',
  'selfie[0]',
  '',
  'n'.repeat(101),
  'ünïcødé',
];
const FILENAMES = ['a.png', '', '../../../etc/passwd', 'ß😀.png', 'x'.repeat(300) + '.png', 'quote".png', 'a\u0000.png', 'CON.png'];
const CONTENT_TYPES = (b: string) => [
  `multipart/form-data; boundary=${b}`,
  `multipart/form-data; boundary="${b}"`,
  'multipart/form-data',
  'multipart/form-data; boundary=',
  `multipart/form-data; boundary=${b}x`,
  `multipart/form-data; boundary=${b}; charset=bogus-7`,
  `multipart/mixed; boundary=${b}`,
  `Multipart/Form-Data; BOUNDARY=${b}`,
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
];

function filePart(name: string, images: ImageSample[]): fc.Arbitrary<Part> {
  const asPart = (i: ImageSample): Part => ({ name, filename: i.filename, contentType: i.contentType, data: i.bytes });
  const real = images.filter((i) => ['png', 'jpeg', 'webp'].includes(i.name));
  const image = fc.oneof(fc.constantFrom(...real).map(asPart), fc.constantFrom(...images).map(asPart));
  const random = fc.uint8Array({ maxLength: 2048 }).map((a) => ({ name, filename: 'r.png', contentType: 'image/png', data: Buffer.from(a) }));
  const lying = fc
    .tuple(fc.constantFrom(...images), fc.constantFrom(...FILENAMES), fc.constantFrom(undefined, 'text/plain', 'image/png', 'application/x-evil; x="'))
    .map(([i, filename, contentType]) => ({ name, filename, contentType, data: i.bytes }));
  return fc.oneof({ weight: 6, arbitrary: image }, { weight: 1, arbitrary: random }, { weight: 2, arbitrary: lying });
}

/**
 * One multipart body for `schema`; `known` feeds text fields values the server handed out.
 * `wellFormed`: a sound envelope (right type and boundary, CRLF, no damage, no extra parts), so
 * the cases reach the handler and only the parts' contents vary.
 */
export function multipartBody(schema: Schema, images: ImageSample[], known: Known, wellFormed = false): fc.Arbitrary<Body> {
  const props = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const partArbs = props.map(([name, s]) => {
    const part =
      s.format === 'binary'
        ? filePart(name, images)
        : fc
            .oneof({ weight: 5, arbitrary: validValue(s, known, name).map(String) }, { weight: 1, arbitrary: nastyString() })
            .map((v) => ({ name, data: Buffer.from(v, 'utf8') }));
    // Required parts are usually present; optional ones half the time; sometimes a part is sent twice.
    return fc.oneof(
      { weight: required.has(name) ? 20 : 6, arbitrary: part.map((p) => [p]) },
      { weight: required.has(name) ? 1 : 6, arbitrary: fc.constant([] as Part[]) },
      { weight: 1, arbitrary: fc.tuple(part, part) },
    );
  });
  const extra = fc.oneof(
    fc.tuple(fc.constantFrom(...FIELD_NAMES), nastyString()).map(([name, v]) => ({ name, data: Buffer.from(v) })),
    fc
      .tuple(fc.constantFrom(...FIELD_NAMES, 'passport'), fc.constantFrom(...images))
      .map(([name, i]) => ({ name, filename: 'p.png', contentType: 'image/png', data: i.bytes })),
  );
  // RFC 2046 §5.1.1 boundary characters; the ones after `_` must be quoted in Content-Type, which is the point.
  const boundary = fc.oneof(
    { weight: 6, arbitrary: fc.constant('----fuzzBoundary7MA4YWxkTrZu0gW') },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,70}$/) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9'()+_,./:=?-]{1,90}$/) },
  );
  return fc
    .record({
      parts: fc.tuple(...partArbs).map((groups) => groups.flat()),
      extras: fc.oneof(
        { weight: 4, arbitrary: fc.constant([] as Part[]) },
        { weight: wellFormed ? 0 : 1, arbitrary: fc.array(extra, { minLength: 1, maxLength: 10 }) },
      ),
      shuffle: fc.boolean(),
      boundary: wellFormed ? fc.constant('----fuzzBoundary7MA4YWxkTrZu0gW') : boundary,
      eol: fc.oneof({ weight: 7, arbitrary: fc.constant('\r\n') }, { weight: wellFormed ? 0 : 1, arbitrary: fc.constant('\n') }),
      contentType: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: wellFormed ? 0 : 3, arbitrary: fc.nat({ max: 10 }) }),
      damage: wellFormed
        ? fc.constant({ kind: 'none' as const, at: 0 })
        : fc.oneof(
            { weight: 8, arbitrary: fc.constant({ kind: 'none' as const, at: 0 }) },
            { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((at) => ({ kind: 'truncate' as const, at })) },
            { weight: 1, arbitrary: fc.constant({ kind: 'no-closing' as const, at: 0 }) },
            { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((at) => ({ kind: 'garble' as const, at })) },
            { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((at) => ({ kind: 'short-length' as const, at })) },
          ),
    })
    .map(({ parts, extras, shuffle, boundary: b, eol, contentType, damage }) => {
      const all = [...parts, ...extras];
      if (shuffle) all.reverse();
      let bytes = encode(all, b, eol);
      const cut = Math.floor(bytes.length * damage.at);
      let declaredLength: number | undefined;
      if (damage.kind === 'truncate') bytes = bytes.subarray(0, cut);
      if (damage.kind === 'no-closing') bytes = bytes.subarray(0, bytes.lastIndexOf(Buffer.from(`--${b}--`)));
      if (damage.kind === 'garble') for (let i = cut; i < Math.min(bytes.length, cut + 16); i++) bytes[i] = (bytes[i] ?? 0) ^ 0x5a;
      if (damage.kind === 'short-length') {
        declaredLength = bytes.length;
        bytes = bytes.subarray(0, cut);
      }
      const type = CONTENT_TYPES(b)[contentType] as string;
      return {
        contentType: type,
        bytes,
        declaredLength,
        labels: [`multipart:${damage.kind}`, ...(contentType ? ['multipart:content-type'] : []), ...(eol === '\n' ? ['multipart:bare-lf'] : [])],
      };
    });
}
