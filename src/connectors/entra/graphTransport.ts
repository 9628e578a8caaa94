/**
 * One Graph call over plain `fetch`: a bearer token from the TokenCredential (which caches it), a
 * `client-request-id` to correlate with Graph's logs, `ConsistencyLevel: eventual` for advanced
 * queries, a time-out, and every failure as a GraphError. No sleeping retries here: a throttled or
 * failed call is the caller's to retry durably (a queued job), using `retryAfterMs`. The one
 * exception is a connection reset on an idempotent request (GET, DELETE), retried once at once:
 * a pooled keep-alive socket the server has just closed is not an outage.
 */
import { randomUUID } from 'node:crypto';
import type { TokenCredential } from '@azure/identity';
import { GraphError, graphErrorFromResponse } from './graphError';

export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

export interface GraphTransportOptions {
  /** Graph's v1.0 root, e.g. `https://graph.microsoft.com/v1.0` (no trailing slash). */
  baseUrl: string;
  credential: TokenCredential;
  /** Default `https://graph.microsoft.com/.default`. */
  scope?: string;
  /** Per request, ms. Default 10 000. */
  timeoutMs?: number;
}

export interface GraphCall {
  method: 'GET' | 'POST' | 'DELETE';
  /** Relative to `baseUrl` (`/users?$top=1`), or an absolute `@odata.nextLink`, followed verbatim. */
  path: string;
  body?: unknown;
  /** Adds `ConsistencyLevel: eventual` (the caller adds `$count=true`). */
  advanced?: boolean;
}

export type GraphSend = (call: GraphCall) => Promise<Response>;

const RESET_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']);

function resetByPeer(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === 'string' && RESET_CODES.has(code);
}

/** Token failures: refusals (bad secret, unknown app or tenant) are permanent, the rest transient. */
function tokenError(error: unknown): GraphError {
  const cause = (error as { cause?: unknown }).cause;
  const status = [error, cause]
    .map((e) => e as { statusCode?: unknown; status?: unknown } | undefined)
    .map((e) => e?.statusCode ?? e?.status)
    .find((s): s is number => typeof s === 'number');
  const detail = error instanceof Error ? error.message : String(error);
  if (status !== undefined && status >= 400 && status < 500 && status !== 429) {
    return new GraphError({
      status: 401,
      code: 'token_refused',
      message: `The token endpoint refused the service's credentials (${status}): ${detail}`,
      cause: error,
    });
  }
  return new GraphError({ status: status ?? 0, code: 'token_unavailable', message: `No Graph token: ${detail}`, cause: error });
}

export function createGraphTransport(options: GraphTransportOptions): GraphSend {
  const base = options.baseUrl.replace(/\/+$/, '');
  const origin = new URL(base).origin;
  const scope = options.scope ?? GRAPH_DEFAULT_SCOPE;
  const timeoutMs = options.timeoutMs ?? 10_000;

  const token = async (): Promise<string> => {
    const result = await options.credential.getToken(scope).catch((error: unknown) => {
      throw tokenError(error);
    });
    if (!result) throw new GraphError({ status: 0, code: 'token_unavailable', message: 'The credential returned no token.' });
    return result.token;
  };

  const attempt = async (call: GraphCall, url: string): Promise<Response> => {
    const headers: Record<string, string> = { Authorization: `Bearer ${await token()}`, Accept: 'application/json', 'client-request-id': randomUUID() };
    if (call.advanced) headers.ConsistencyLevel = 'eventual';
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    return fetch(url, { method: call.method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
  };

  return async (call) => {
    const url = /^https?:\/\//i.test(call.path) ? call.path : `${base}${call.path}`;
    // A nextLink is followed verbatim, but never to another host: the bearer token goes with it.
    if (new URL(url).origin !== origin)
      throw new GraphError({ status: 0, code: 'invalid_response', message: `Refusing to follow a link off ${origin}: ${url}` });
    let res: Response;
    try {
      res = await attempt(call, url).catch((error: unknown) => {
        if (call.method === 'POST' || !resetByPeer(error)) throw error;
        return attempt(call, url);
      });
    } catch (error) {
      if (error instanceof GraphError) throw error;
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      const why = timedOut ? `no answer in ${timeoutMs} ms` : `${String(error)} (${(error as { cause?: { code?: string } }).cause?.code ?? 'no code'})`;
      throw new GraphError({
        status: 0,
        code: timedOut ? 'timeout' : 'network',
        message: `Graph ${call.method} ${new URL(url).pathname}: ${why}`,
        cause: error,
      });
    }
    if (!res.ok) throw await graphErrorFromResponse(res);
    return res;
  };
}
