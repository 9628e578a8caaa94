/**
 * One fuzz case end to end: bind the template, send it, judge the answer, learn from a success.
 * Returns the violations (empty when the answer is acceptable) with a printable request.
 */
import type { Spec } from './spec';
import type { Template } from './requests';
import { materialize, type Wiring } from './materialize';
import { sendRaw, type RawRequest } from './rawHttp';
import { judge } from './oracle';
import type { Tally } from './tally';

/** Node's default --max-http-header-size; past it the answer is Node's own 431, below the app. */
const NODE_HEADER_LIMIT = 16 * 1024;

export async function runCase(spec: Spec, port: number, wiring: Wiring, tally: Tally, t: Template): Promise<{ violations: string[]; request: string }> {
  const started = Date.now();
  const m = await materialize(t, wiring);
  // A request broken below HTTP (say, `Transfer-Encoding: chunked` and no chunk) may just be waited on.
  const outcome = await sendRaw(port, m.request, t.transport ? 2000 : 10_000);
  const transport = t.transport || headBytes(m.request) > NODE_HEADER_LIMIT - 512;
  const verdict = judge(spec, m.request.method, m.request.target, outcome, transport);
  tally.add(t.op.id, t, outcome, verdict, Date.now() - started);
  const status = outcome.response?.status ?? 0;
  if (status >= 200 && status < 300) {
    if (m.usedSession && m.request.method !== 'GET') wiring.state.spend(m.session?.id ?? '');
    if (outcome.response?.headers['content-type']?.startsWith('application/json')) {
      try {
        wiring.state.harvest(JSON.parse(outcome.response.body.toString('utf8')));
      } catch {
        /* a success that is not JSON is judged elsewhere */
      }
    }
  }
  return { violations: verdict.violations, request: `${describeRequest(m.request)} labels=${t.labels.join(',')}` };
}

function headBytes(r: RawRequest): number {
  return Buffer.byteLength(r.target) + r.headers.reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v) + 4, 0);
}

export function describeRequest(r: RawRequest): string {
  const headers = r.headers.map(([k, v]) => `${k}: ${v.length > 120 ? `${v.slice(0, 120)}…(${v.length})` : v}`).join(' | ');
  const body = r.body ? `${r.body.length} bytes ${JSON.stringify(r.body.subarray(0, 200).toString('latin1'))}` : 'none';
  return `${r.method} ${r.target.slice(0, 300)} [${headers}] body=${body}${r.declaredLength !== undefined ? ` declared=${r.declaredLength}` : ''}`;
}
