/**
 * A failed Graph call, from Graph's error envelope `{error:{code,message,innerError:{request-id}}}`
 * or from the way there (network, time-out, token endpoint). `transient` says whether the same call
 * may succeed later: callers retry those durably, honouring `retryAfterMs` when Graph gave one.
 * https://learn.microsoft.com/en-us/graph/errors
 * https://learn.microsoft.com/en-us/graph/throttling
 */
import { z } from 'zod';

/** Codes this client gives failures that never reached Graph or never got an envelope. */
export type LocalGraphErrorCode = 'network' | 'timeout' | 'token_refused' | 'token_unavailable' | 'invalid_response' | 'too_many_pages';

export interface GraphErrorInit {
  /** HTTP status; 0 when no response arrived. */
  status: number;
  /** Graph's `error.code` (`Request_ResourceNotFound`, `TooManyRequests`...) or a LocalGraphErrorCode. */
  code: string;
  message: string;
  requestId?: string;
  retryAfterMs?: number;
  cause?: unknown;
}

export class GraphError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  /** Worth retrying later: no answer, throttling, a 5xx, or a directory write conflict. */
  readonly transient: boolean;

  constructor(init: GraphErrorInit) {
    super(init.message, { cause: init.cause });
    this.name = 'GraphError';
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
    this.transient = isTransient(init.status, init.code);
  }
}

/**
 * 429, 5xx and no response at all are transient. So is `409 Directory_ConcurrencyViolation`, which
 * Graph answers when two writes race on one object ("retry with backoff").
 */
function isTransient(status: number, code: string): boolean {
  if (code === 'token_unavailable' || code === 'network' || code === 'timeout') return true;
  return status === 429 || status >= 500 || (status === 409 && code === 'Directory_ConcurrencyViolation');
}

/** `Retry-After` as delta-seconds (Graph sends fractions such as `2.128`) or an HTTP-date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds * 1000));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const EnvelopeSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string().default(''),
    innerError: z.object({ 'request-id': z.string().optional() }).loose().optional(),
  }),
});

/** The GraphError for a non-2xx response; tolerates bodies that are not Graph's envelope (a proxy's HTML). */
export async function graphErrorFromResponse(res: Response): Promise<GraphError> {
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const envelope = EnvelopeSchema.safeParse(body);
  const requestId = (envelope.success ? envelope.data.error.innerError?.['request-id'] : undefined) ?? res.headers.get('request-id') ?? undefined;
  return new GraphError({
    status: res.status,
    code: envelope.success ? envelope.data.error.code : `http_${res.status}`,
    message: envelope.success ? envelope.data.error.message : `Graph answered ${res.status} ${res.statusText}`.trim(),
    requestId,
    retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
  });
}
