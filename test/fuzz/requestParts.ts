/**
 * The pieces of a request template other than the body: path parameters (valid, known, hostile,
 * badly percent-encoded, raw bytes), query strings, credentials per security scheme, documented
 * header parameters, and stray headers (conditional, CORS, oversized, below-HTTP).
 */
/* eslint-disable @typescript-eslint/no-unnecessary-type-assertion -- each `as` steers fast-check's inference of its arbitrary: one alone looks unneeded, all removed no longer type-check */
import fc from 'fast-check';
import type { Operation, Parameter } from './spec';
import { nastyString } from './hostile';
import { validValue, invalidValue } from './schemaArb';
import type { Auth, Context, ParamValue } from './requests';

const PERCENT_GARBAGE = ['%', '%zz', '%E0%A4%A', '%C0%AF', '%00', '%2F', '%252F', '..', '.', ';x=1', '%FF%FE', '%F0%9F%98', '%u0041'];
const RAW_BYTES = ['ü', 'a b', '"', '\t', '<>', '{}', '|', '\\', '^`'];
/** Percent-encodes UTF-8 bytes (encodeURIComponent throws on lone surrogates; these become U+FFFD). */
const enc = (v: unknown) =>
  [...Buffer.from(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''), 'utf8')]
    .map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
export const plain = (s: string) => /^[\t\x20-\x7e]*$/.test(s);

export function paramValue(p: Parameter, ctx: Context, wellFormed: boolean): fc.Arbitrary<ParamValue> {
  const valid = validValue(p.schema, ctx.known, p.name).map((v) => ({ raw: enc(v) }) as ParamValue);
  if (wellFormed) return p.schema.format === 'uuid' ? fc.constant({ session: true }) : valid;
  return fc.oneof(
    ...(p.schema.format === 'uuid' ? [{ weight: 16, arbitrary: fc.constant({ session: true } as ParamValue) }] : []),
    { weight: 4, arbitrary: valid },
    { weight: 2, arbitrary: nastyString().map((s) => ({ raw: enc(s) })) },
    { weight: 1, arbitrary: fc.constantFrom(...PERCENT_GARBAGE).map((raw) => ({ raw })) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_BYTES).map((raw) => ({ raw, transport: true })) },
  );
}

export function queryString(op: Operation, ctx: Context): fc.Arbitrary<string> {
  const params = op.parameters
    .filter((p) => p.in === 'query')
    .map((p) =>
      fc.oneof(
        { weight: 3, arbitrary: fc.constant([] as string[]) },
        { weight: 3, arbitrary: validValue(p.schema, ctx.known, p.name).map((v) => [`${p.name}=${enc(v)}`]) },
        { weight: 2, arbitrary: invalidValue(p.schema, ctx.known, p.name).map((v) => [`${p.name}=${enc(v)}`]) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(validValue(p.schema, ctx.known, p.name), validValue(p.schema, ctx.known, p.name))
            .map(([a, b]) => [`${p.name}=${enc(a)}`, `${p.name}=${enc(b)}`]),
        },
        { weight: 1, arbitrary: fc.constantFrom(`${p.name}[]=1`, `${p.name}[a]=b`, p.name, `${p.name}=`, `${p.name}=%`, `${p.name}=%zz`).map((q) => [q]) },
      ),
    );
  const extra = fc.oneof(
    { weight: 6, arbitrary: fc.constant([] as string[]) },
    { weight: 1, arbitrary: fc.constantFrom('__proto__=1', 'constructor[prototype][x]=1', '&&&', '=', 'a=1&a=2&a=3', 'x'.repeat(3000) + '=1').map((q) => [q]) },
  );
  return fc.tuple(fc.tuple(...params), extra).map(([ps, ex]) => [...ps.flat(), ...ex].join('&'));
}

export function auth(op: Operation, ctx: Context): fc.Arbitrary<Auth> {
  const own = op.security.filter((s) => ctx.schemes.includes(s));
  const garbage = fc
    .oneof(
      fc.constantFrom('Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', 'Bearer a b', 'bearer x', 'Bearer ' + 'x'.repeat(600), 'Token abc', 'Bearer\u0000x'),
      nastyString().map((s) => `Bearer ${s}`),
    )
    .map((value) => ({ kind: 'raw', value }) as Auth);
  return fc.oneof(
    {
      weight: own.length ? 12 : 1,
      arbitrary:
        own.length || ctx.schemes.length
          ? fc.constantFrom(...(own.length ? own : ctx.schemes)).map((scheme) => ({ kind: 'scheme', scheme }) as Auth)
          : fc.constant({ kind: 'none' } as Auth),
    },
    { weight: own.length ? 1 : 8, arbitrary: fc.constant({ kind: 'none' } as Auth) },
    { weight: 2, arbitrary: garbage },
    {
      weight: 1,
      arbitrary: ctx.schemes.length
        ? fc.constantFrom(...ctx.schemes).map((scheme) => ({ kind: 'scheme', scheme }) as Auth)
        : fc.constant({ kind: 'none' } as Auth),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'other-session' } as Auth) },
  );
}

export function headerParams(op: Operation, ctx: Context): fc.Arbitrary<Array<[string, string | { sign: true }]>> {
  const each = op.parameters
    .filter((p) => p.in === 'header')
    .map((p) =>
      fc.oneof(
        { weight: 2, arbitrary: fc.constant([] as Array<[string, string | { sign: true }]>) },
        {
          weight: 3,
          arbitrary: ctx.signed.includes(p.name.toLowerCase())
            ? fc.constant([[p.name, { sign: true }]] as Array<[string, { sign: true }]>)
            : validValue(p.schema, ctx.known, p.name).map((v) => [[p.name, String(v)]] as Array<[string, string]>),
        },
        { weight: 1, arbitrary: nastyString().map((v) => [[p.name, v]] as Array<[string, string]>) },
      ),
    );
  return fc.tuple(...each).map((groups) => groups.flat());
}

export const STRAY_HEADERS: Array<[string, string]> = [
  ['If-None-Match', '*'],
  ['If-Modified-Since', 'Thu, 01 Jan 2099 00:00:00 GMT'],
  ['Expect', '100-continue'],
  ['Accept', 'application/xml'],
  ['Accept-Encoding', 'gzip, br'],
  ['X-Forwarded-For', '1.2.3.4, <script>'],
  ['Origin', 'https://evil.example'],
  ['Range', 'bytes=0-0'],
  ['Host', 'evil.example'],
  ['Cookie', `a=${'b'.repeat(6000)}`],
  ['X-Agent-Id', 'x'.repeat(65)],
  ['Authorization', 'Bearer duplicate'],
  ['Sec-Fetch-Site', 'cross-site'],
];
export const TRANSPORT_HEADERS: Array<[string, string]> = [
  ['Expect', 'the-unexpected'],
  ['Content-Length', 'abc'],
  ['Transfer-Encoding', 'chunked'],
  ['X-Huge', 'x'.repeat(20_000)],
  ['Bad Name', 'v'],
];
