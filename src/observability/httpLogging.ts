/**
 * One JSON line per HTTP request (pino-http), after `requestScope`. What a line holds is an
 * allow-list, not a redaction: method, path without the query string (a recovery link carries its
 * token in the query), status, time, route template. Headers and bodies are never logged, so
 * tokens, keys, cookies, access passes and images cannot reach the log from here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { pinoHttp, stdSerializers, type HttpLogger } from 'pino-http';
import type { AppContext } from '../context';
import type { Logger } from '../logger';
import { routeLabel } from './requestScope';

/** Probes and scrapes arrive every few seconds: at debug level they do not drown the real traffic. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

type Req = IncomingMessage & { id?: unknown; originalUrl?: string };

function pathOnly(req: Req): string {
  const url = req.originalUrl ?? req.url ?? '';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

function create(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    wrapSerializers: false,
    serializers: {
      req: (req: Req) => ({ method: req.method, path: pathOnly(req) }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: stdSerializers.err,
    },
    customLogLevel: (req, res, err) => {
      if (err || res.statusCode >= 500) return 'error';
      return QUIET_PATHS.has(pathOnly(req)) ? 'debug' : 'info';
    },
    // Express's request carries the matched route when the response is done. The request id is
    // named here too (not only by the scope) for a response cut short, which may end outside it.
    customSuccessObject: (req: Req, _res, value) => ({ ...value, reqId: req.id, route: routeLabel(req as never) }),
    customErrorObject: (req: Req, _res, _err, value) => ({ ...value, reqId: req.id, route: routeLabel(req as never) }),
  });
}

/**
 * Built on first use and rebuilt if `ctx.logger` is replaced (a test capturing the log): pino-http
 * binds the logger it is given once, and the app must not touch `ctx.logger` while being built.
 */
export function httpLogging(ctx: AppContext): RequestHandler {
  let bound: { logger: Logger; middleware: HttpLogger } | null = null;
  return (req, res, next) => {
    if (bound?.logger !== ctx.logger) bound = { logger: ctx.logger, middleware: create(ctx.logger) };
    bound.middleware(req, res, next);
  };
}
