/**
 * First middleware of the app: gives the request an id (a sane incoming `X-Request-Id`, so a
 * proxy's id follows the request through, or a fresh UUID), echoes it in the response, runs the
 * rest of the request in a scope (log lines carry the request id and recovery id), and when the
 * response is done, times it by route template and writes its log line.
 */
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { AppContext } from '../context';
import { logRequest } from './httpLogging';
import { recoveryIdFromPath, runInScope } from './scope';

/** Printable, no spaces or quotes, short: safe to log and to echo in a header. */
const SANE_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_ID.test(header) ? header : randomUUID();
}

/**
 * The route template (`/v1/recoveries/:id`), never the raw path: ids in a label would make a new
 * series per recovery. Requests no route matched share one label.
 */
export function routeLabel(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path === 'string') return `${req.baseUrl}${path}`;
  return req.baseUrl ? `${req.baseUrl}/*` : 'unmatched';
}

export function requestScope(ctx: AppContext): RequestHandler {
  return (req, res, next) => {
    const reqId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('X-Request-Id', reqId);
    const recoveryId = recoveryIdFromPath(req.path);
    const startedAt = performance.now();
    // 'close' comes after 'finish' for a completed response, and alone for an aborted one.
    res.once('close', () => {
      const ms = performance.now() - startedAt;
      const route = routeLabel(req);
      ctx.metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, ms / 1000);
      logRequest(ctx.logger, req, res, { reqId, recoveryId, route, ms });
    });
    runInScope({ metrics: ctx.metrics, log: recoveryId ? { reqId, recoveryId } : { reqId } }, next);
  };
}
