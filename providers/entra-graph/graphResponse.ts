/**
 * Graph's response conventions: the OData JSON content type, `request-id` / `client-request-id`
 * headers on every answer, and the error envelope
 * `{error:{code,message,innerError:{date,request-id,client-request-id}}}`.
 * https://learn.microsoft.com/en-us/graph/errors
 */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** Thrown by a route; rendered as Graph's error envelope by `renderGraphErrors`. */
export class GraphProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Sets the correlation headers: a fresh `request-id`, the caller's `client-request-id` echoed (or a new one). */
export function correlate(req: Request, res: Response, next: NextFunction): void {
  const requestId = randomUUID();
  const clientRequestId = req.get('client-request-id') ?? randomUUID();
  res.locals.requestId = requestId;
  res.locals.clientRequestId = clientRequestId;
  res.set('request-id', requestId);
  res.set('client-request-id', clientRequestId);
  res.set('x-ms-ags-diagnostic', JSON.stringify({ ServerInfo: { DataCenter: 'Local', Slice: 'E', Ring: '0', ScaleUnit: '000', RoleInstance: 'stand-in' } }));
  next();
}

export function sendGraph(res: Response, status: number, body: unknown): void {
  // Set raw: express's res.type()/send() would re-spell the parameters ("; ieee754compatible=false").
  res.status(status);
  res.setHeader('Content-Type', ODATA_JSON);
  res.end(JSON.stringify(body));
}

/** Graph's `innerError.date` has no fraction and no zone: `2021-05-27T14:26:47`. */
function graphDate(now: number): string {
  return new Date(now).toISOString().slice(0, 19);
}

export function errorBody(res: Response, now: number, code: string, message: string): unknown {
  const innerError = {
    date: graphDate(now),
    'request-id': res.locals.requestId as string | undefined,
    'client-request-id': res.locals.clientRequestId as string | undefined,
  };
  return { error: { code, message, innerError } };
}

export function sendGraphError(res: Response, now: number, status: number, code: string, message: string): void {
  sendGraph(res, status, errorBody(res, now, code, message));
}

/** Express error handler: GraphProblems as envelopes, anything else as Graph's generic 500. */
export function renderGraphErrors(now: () => number) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    if (error instanceof GraphProblem) return sendGraphError(res, now(), error.status, error.code, error.message);
    const status = (error as { status?: unknown }).status;
    // express.json()'s own failures (malformed JSON, wrong type) carry a 4xx status.
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendGraphError(res, now(), 400, 'BadRequest', 'Unable to read JSON request payload.');
    }
    sendGraphError(res, now(), 500, 'generalException', 'General exception while processing.');
  };
}
