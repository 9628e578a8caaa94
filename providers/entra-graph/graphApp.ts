/**
 * The stand-in's HTTP surface: token endpoints at `/{tenant}/…`, Graph at `/v1.0/…`. Every Graph
 * call needs a bearer token this stand-in issued; a missing header is a 401, which is what catches
 * a client that never attaches its token (the Graph SDK's `customHosts` trap).
 * https://learn.microsoft.com/en-us/graph/auth/auth-concepts
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AccessTokens } from './accessTokens';
import type { ClientRegistration } from './clientAuth';
import type { FaultQueue } from './faults';
import { fido2Routes } from './fido2Routes';
import type { GraphContext } from './graphContext';
import { groupRoutes } from './groupRoutes';
import { correlate, renderGraphErrors, sendGraphError } from './graphResponse';
import { tapRoutes } from './tapRoutes';
import { riskRoutes } from './riskRoutes';
import { tokenRoutes } from './tokenRoutes';
import { userRoutes } from './userRoutes';

export interface RequestLogEntry {
  /** Directory clock, ms. */
  at: number;
  method: string;
  /** Path and query, as sent. */
  url: string;
  status: number;
  clientRequestId: string | undefined;
  consistencyLevel: string | undefined;
}

export interface GraphAppOptions {
  ctx: GraphContext;
  tenantId: string;
  app: ClientRegistration;
  tokens: AccessTokens;
  faults: FaultQueue;
  log: RequestLogEntry[];
}

function requireBearer(tokens: AccessTokens, now: () => number) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (token !== undefined && (await tokens.verify(token))) return next();
    res.set(
      'WWW-Authenticate',
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
    );
    sendGraphError(res, now(), 401, 'InvalidAuthenticationToken', token === undefined ? 'Access token is empty.' : 'Access token validation failure.');
  };
}

export function createGraphApp(options: GraphAppOptions): express.Express {
  const { ctx } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((req, res, next) => {
    res.on('finish', () =>
      options.log.push({
        at: ctx.now(),
        method: req.method,
        url: req.originalUrl,
        status: res.statusCode,
        clientRequestId: req.get('client-request-id'),
        consistencyLevel: req.get('ConsistencyLevel'),
      }),
    );
    next();
  });
  app.use(correlate);
  app.use(options.faults.middleware(ctx.now));
  app.use(tokenRoutes({ tenantId: options.tenantId, app: options.app, tokens: options.tokens }));
  const graph = express.Router();
  graph.use(requireBearer(options.tokens, ctx.now));
  graph.use(userRoutes(ctx), groupRoutes(ctx), tapRoutes(ctx), fido2Routes(ctx), riskRoutes(ctx));
  graph.use((req, res) => {
    const segment = req.path.split('/').filter(Boolean).pop() ?? '';
    sendGraphError(res, ctx.now(), 400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
  });
  app.use('/v1.0', graph);
  app.use(renderGraphErrors(ctx.now));
  return app;
}
