/**
 * One operation → an arbitrary of request templates: method (sometimes the wrong one), path
 * parameters (valid, known, hostile, badly percent-encoded, raw bytes), query, credentials per
 * security scheme (own, another role's, garbage, none), documented header parameters, stray
 * headers, and a body per documented media type (or one of the wrong kind). Templates hold
 * symbolic references (the recovery session, the signer) resolved just before sending.
 */
import fc from 'fast-check';
import type { Operation } from './spec';
import type { Known } from './schemaArb';
import { binaryBody, formBody, jsonBody, type Body } from './body';
import { auth, headerParams, paramValue, plain, queryString, STRAY_HEADERS, TRANSPORT_HEADERS } from './requestParts';
import { multipartBody } from './multipart';
import type { ImageSample } from './images';

export type ParamValue = { session: true } | { raw: string; transport?: boolean };
export type Auth = { kind: 'none' } | { kind: 'scheme'; scheme: string } | { kind: 'raw'; value: string } | { kind: 'other-session' };

export interface Template {
  op: Operation;
  method: string;
  params: Record<string, ParamValue>;
  query: string;
  auth: Auth;
  /** Documented header parameters: a value, or `sign` to let the signer compute it over the body. */
  headerParams: Array<[string, string | { sign: true }]>;
  extraHeaders: Array<[string, string]>;
  body?: Body;
  session: 'fresh' | 'any';
  sessionIndex: number;
  /** Request-line oddities: another protocol version, or an absolute-form target. */
  line: { version?: string; absolute?: boolean };
  /** The request is malformed below HTTP semantics (Node's parser may answer, or hang up). */
  transport: boolean;
  labels: string[];
}

export interface Context {
  known: Known;
  images: ImageSample[];
  jsonLimit: number;
  binaryLimit: number;
  /** Schemes with a credential the harness can supply; the others get only wrong credentials. */
  schemes: string[];
  /** Plausible bodies for opaque (`*\/*`) request bodies, by operationId. */
  bodyHints: Record<string, fc.Arbitrary<Buffer>>;
  /** Headers whose valid value is computed over the body (signatures), lower-case. */
  signed: string[];
}

/**
 * Two thirds hostile at every layer; one third well-formed (right method, own credential, sound
 * envelope) so the cases get past the gates and the handlers' own checks are exercised too.
 */
export function templateFor(op: Operation, ctx: Context): fc.Arbitrary<Template> {
  return fc.oneof({ weight: 2, arbitrary: build(op, ctx, false) }, { weight: 1, arbitrary: build(op, ctx, true) });
}

function build(op: Operation, ctx: Context, wellFormed: boolean): fc.Arbitrary<Template> {
  const params = op.parameters.filter((p) => p.in === 'path');
  const bodies = Object.entries(op.body).map(([type, schema]) =>
    type === 'application/json'
      ? jsonBody(schema, ctx.known, ctx.jsonLimit, wellFormed)
      : type === 'multipart/form-data'
        ? multipartBody(schema, ctx.images, ctx.known, wellFormed)
        : type === 'application/x-www-form-urlencoded'
          ? formBody(schema, ctx.known, wellFormed)
          : binaryBody(ctx.binaryLimit, ctx.bodyHints[op.id]),
  );
  const foreign = fc.oneof(jsonBody({}, ctx.known, ctx.jsonLimit), binaryBody(ctx.binaryLimit));
  const body = fc.oneof(
    ...bodies.map((arbitrary) => ({ weight: 14, arbitrary: arbitrary })),
    { weight: bodies.length ? (wellFormed ? 0 : 1) : 12, arbitrary: fc.constant(undefined) },
    { weight: wellFormed ? 0 : 1, arbitrary: foreign as fc.Arbitrary<Body | undefined> },
  );
  const wrongMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND', 'CONNECT'].filter((m) => m !== op.method);
  const line = fc.oneof(
    { weight: 40, arbitrary: fc.constant<Template['line']>({}) },
    { weight: 1, arbitrary: fc.constantFrom<Template['line']>({ version: 'HTTP/1.0' }, { version: 'HTTP/2.0' }, { version: 'HTTP/1.2' }, { absolute: true }) },
  );
  const stray = fc.oneof(
    { weight: 20, arbitrary: fc.constant({ headers: [] as Array<[string, string]>, transport: false }) },
    { weight: 3, arbitrary: fc.constantFrom(...STRAY_HEADERS).map((h) => ({ headers: [h], transport: false })) },
    { weight: 1, arbitrary: fc.constantFrom(...TRANSPORT_HEADERS).map((h) => ({ headers: [h], transport: true })) },
  );
  const own = op.security.find((s) => ctx.schemes.includes(s));
  return fc
    .record({
      method: wellFormed
        ? fc.constant(op.method)
        : fc.oneof({ weight: 30, arbitrary: fc.constant(op.method) }, { weight: 1, arbitrary: fc.constantFrom(...wrongMethods) }),
      params: fc.record(Object.fromEntries(params.map((p) => [p.name, paramValue(p, ctx, wellFormed)]))),
      query: queryString(op, ctx),
      auth: wellFormed ? fc.constant<Auth>(own ? { kind: 'scheme', scheme: own } : { kind: 'none' }) : auth(op, ctx),
      headerParams: headerParams(op, ctx),
      stray: wellFormed ? fc.constant({ headers: [] as Array<[string, string]>, transport: false }) : stray,
      body,
      session: wellFormed ? fc.constant<'fresh' | 'any'>('fresh') : fc.constantFrom<'fresh' | 'any'>('fresh', 'fresh', 'any'),
      sessionIndex: fc.nat(),
      line: wellFormed ? fc.constant<Template['line']>({}) : line,
    })
    .map(({ stray: s, ...t }) => {
      const rawParam = Object.values(t.params).some((v) => 'raw' in v && v.transport === true);
      const oddHeader = (t.auth.kind === 'raw' && !plain(t.auth.value)) || t.headerParams.some(([, v]) => typeof v === 'string' && !plain(v));
      const odd = t.method === 'CONNECT' || t.line.version !== undefined || t.line.absolute === true;
      const transport = s.transport || rawParam || oddHeader || odd || t.body?.declaredLength !== undefined;
      const labels = [...(t.body?.labels ?? ['no-body']), ...(transport ? ['transport'] : [])];
      // fast-check prints this instead of the whole template (bodies can be megabytes).
      const summary = () =>
        `${t.method} ${op.path} auth=${t.auth.kind} params=${JSON.stringify(t.params).slice(0, 200)} query=${t.query.slice(0, 100)} labels=${labels.join(',')}`;
      return { ...t, op, extraHeaders: s.headers, transport, labels, [fc.toStringMethod]: summary };
    });
}
