/**
 * What every answer must satisfy, checked against openapi.yaml:
 * - never a 5xx (and never the `internal` code);
 * - every 4xx is `application/problem+json` whose `code` matches /^[a-z_]+\.[a-z_]+$/, is listed in
 *   `Problem.code`, agrees with `status` and `type`;
 * - the status is one the matched operation documents, or one the spec documents for every
 *   endpoint (info.description, "## Errors", parsed by spec.ts); when the operation lists its
 *   error codes, the (code, status) pair is one of them or one of those global ones;
 * - a 4xx the operation documents with another media type (an HTML page) may use that type.
 * Requests malformed below HTTP semantics (`transport`) are answered by the server's own handlers
 * (src/http/serverErrors.ts), also as problem+json, or may be hung up on (a body that never
 * comes); a hang-up is tallied, not failed.
 */
import type { Operation, Spec } from './spec';
import type { RawOutcome } from './rawHttp';

/** info.description "## Errors": a (code, status) any endpoint may answer, where its paragraph says so. */
function globallyDocumented(spec: Spec, path: string, status: number, code: string): boolean {
  return spec.globalErrors.some(
    (g) => g.code === code && g.status === status && (g.prefixes.length === 0 || g.prefixes.some((p) => path === p || path.startsWith(`${p}/`))),
  );
}

const isJsonParserError = (status: number, code: string | null) =>
  (status === 400 && code === 'request.malformed_json') ||
  (status === 413 && code === 'request.too_large') ||
  (status === 415 && code === 'request.unsupported_encoding');

const badlyEncoded = (path: string) =>
  path.split('/').some((seg) => {
    try {
      decodeURIComponent(seg);
      return false;
    } catch {
      return true;
    }
  });

/**
 * Answers the service really gives that openapi.yaml does not describe. Each is tolerated so the
 * run stays useful, counted, and printed at the end; delete an entry once the spec (or the app)
 * is fixed and the fuzzer will hold the line from then on.
 */
export const KNOWN_GAPS: ReadonlyArray<{ id: string; matches: (method: string, path: string, status: number, code: string | null) => boolean }> = [
  // OPTIONS is answered before any route (CORS preflight 204, or express's own 200 `Allow: …`); none is documented.
  { id: 'options-auto-2xx', matches: (method, _p, status) => method.toUpperCase() === 'OPTIONS' && status < 300 },
  // Routes outside /v1 (probes, /metrics, pages) answer with res.json/res.send, whose fresh() check turns
  // `If-None-Match: *` into a body-less 304; not documented. (/v1 answers through send(), which does not.)
  { id: 'conditional-304-outside-v1', matches: (_m, path, status) => status === 304 && !/^\/v1(\/|$)/.test(path) },
  // The queue dashboard's role guard covers every method under /admin/queues; the spec's role-key
  // paragraph names only /v1/helpdesk, /v1/admin and /v1/review.
  { id: 'dashboard-guard-401', matches: (_m, path, status, code) => status === 401 && code === 'auth.unauthorized' && /^\/admin\/queues(\/|$)/.test(path) },
  // The JSON parser runs app-wide, so a body error on any unmatched path answers 400/413/415 too; the spec says "/v1".
  { id: 'json-parser-errors-outside-v1', matches: (_m, path, status, code) => !/^\/v1(\/|$)/.test(path) && isJsonParserError(status, code) },
  // The router decodes path parameters before it checks the method: a badly percent-encoded segment
  // answers 400 request.invalid for every method, also those no operation documents (where 404 is expected).
  { id: 'bad-percent-encoding-any-method', matches: (_m, path, status, code) => status === 400 && code === 'request.invalid' && badlyEncoded(path) },
];

/** Operations whose template matches this method and raw path (HEAD is answered as GET). */
export function matchOperations(spec: Spec, method: string, rawPath: string): Operation[] {
  const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  const segments = rawPath.replace(/\/+$/, '').split('/');
  return spec.operations.filter((op) => {
    if (op.method !== m) return false;
    const tpl = op.path.split('/');
    return tpl.length === segments.length && tpl.every((t, i) => (/^\{.+\}$/.test(t) ? (segments[i] ?? '') !== '' : t === segments[i]));
  });
}

export interface Verdict {
  violations: string[];
  hungUp: boolean;
  code: string | null;
  gap: string | null;
}

export function judge(spec: Spec, method: string, target: string, outcome: RawOutcome, transport: boolean): Verdict {
  const v: Verdict = { violations: [], hungUp: false, code: null, gap: null };
  if (!outcome.response) {
    if (!transport) v.violations.push(`no answer (${outcome.error})`);
    else v.hungUp = true;
    return v;
  }
  const { status, headers, body } = outcome.response;
  // An absolute-form target (`GET http://host/path`) is routed by its path.
  const path = target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?]*/i, '').split('?')[0] ?? '';
  const ops = matchOperations(spec, method, path);
  if (status >= 500) v.violations.push(`${status} server error: ${body.toString('utf8').slice(0, 300)}`);
  const documented = (s: number) => ops.some((op) => op.statuses.has(String(s)) || op.statuses.has(`${String(s)[0]}XX`) || op.statuses.has('default'));
  const gapFor = (code: string | null) => KNOWN_GAPS.find((g) => g.matches(method, path, status, code))?.id ?? null;
  if (status < 400) {
    v.gap = documented(status) ? null : gapFor(null);
    if (!documented(status) && !v.gap)
      v.violations.push(`${status} is not documented for ${method} ${path} (matched: ${ops.map((o) => o.id).join(', ') || 'none'})`);
    return v;
  }
  const type = headers['content-type'] ?? '';
  // A status the operation documents with another media type (an HTML login page's 401) keeps it.
  const documentedTypes = ops.flatMap((op) => op.responseTypes[String(status)] ?? []);
  if (!type.startsWith('application/problem+json') && documentedTypes.some((t) => type.startsWith(t))) return v;
  if (!type.startsWith('application/problem+json')) {
    v.violations.push(`${status} with content-type "${type}", not application/problem+json`);
    return v;
  }
  if (method.toUpperCase() === 'HEAD') return v;
  let problem: { code?: unknown; status?: unknown; type?: unknown; title?: unknown };
  try {
    problem = JSON.parse(body.toString('utf8')) as typeof problem;
  } catch {
    v.violations.push(`${status} problem body is not JSON`);
    return v;
  }
  const code = typeof problem.code === 'string' ? problem.code : '';
  v.code = code;
  if (!/^[a-z_]+\.[a-z_]+$/.test(code)) v.violations.push(`unstable code "${code}"`);
  if (problem.status !== status) v.violations.push(`problem.status ${String(problem.status)} ≠ HTTP ${status}`);
  if (problem.type !== `/problems/${code}` || typeof problem.title !== 'string') v.violations.push('problem type/title malformed');
  if (spec.problemCodes && !spec.problemCodes.has(code)) v.violations.push(`code ${code} is not listed in Problem.code`);
  if (transport) return v;
  if (globallyDocumented(spec, path, status, code)) return v;
  if ((v.gap = gapFor(code))) return v;
  if (!documented(status))
    v.violations.push(`${status} ${code} is not documented for ${method} ${path} (matched: ${ops.map((o) => o.id).join(', ') || 'none'})`);
  else if (ops.every((op) => op.errorCodes && op.errorCodes.get(code) !== status)) {
    v.violations.push(`${code} (${status}) is not among the error codes of ${ops.map((o) => o.id).join(', ')}`);
  }
  return v;
}
