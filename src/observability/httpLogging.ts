/**
 * One JSON line per HTTP request, written when the response is done (called by `requestScope`).
 * What a line holds is an allow-list, not a redaction: method, path without the query string (a
 * recovery link carries its token in the query), status, time, route template, request id and
 * recovery id. Headers and bodies are never logged, so tokens, keys, cookies, access passes and
 * images cannot reach the log from here.
 *
 * Not pino-http: it builds two child loggers per request whether or not a line is written; this
 * one call costs about a quarter of its CPU per request. And not through the redaction list:
 * nothing on an allow-listed line needs it, and walking its wildcard paths tripled the cost of
 * each line (measured: docs/benchmarks.md).
 */
import type { Request, Response } from 'express';
import type { Logger } from '../logger';

/** Probes and scrapes arrive every few seconds: at debug level they do not drown the real traffic. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

export interface RequestLine {
  reqId: string;
  recoveryId?: string;
  route: string;
  ms: number;
}

export function pathOnly(req: Request): string {
  // A request refused before express saw it has no originalUrl, whatever the types say.
  const url = req.originalUrl || req.url || '';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

const unredacted = new WeakMap<Logger, Logger>();

/** The same logger (level, destination, mixin) without the redaction pass. */
function lineLogger(logger: Logger): Logger {
  let child = unredacted.get(logger);
  if (!child) {
    child = logger.child({}, { redact: { paths: [] } });
    unredacted.set(logger, child);
  }
  return child;
}

export function logRequest(logger: Logger, req: Request, res: Response, line: RequestLine): void {
  const path = pathOnly(req);
  const level = res.statusCode >= 500 ? 'error' : QUIET_PATHS.has(path) ? 'debug' : 'info';
  if (!logger.isLevelEnabled(level)) return;
  lineLogger(logger)[level](
    {
      reqId: line.reqId,
      ...(line.recoveryId ? { recoveryId: line.recoveryId } : {}),
      req: { method: req.method, path },
      res: { statusCode: res.statusCode },
      responseTime: Math.round(line.ms),
      route: line.route,
    },
    res.writableFinished ? 'request completed' : 'request aborted',
  );
}
