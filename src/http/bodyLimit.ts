/**
 * Refuses an oversized request body before it is buffered ("request bodies and uploads
 * are size-limited before they are buffered"). body-parser has a `limit`, but on a refusal it
 * reads off the whole body before it calls next(err), so the 413 came after the last byte, or
 * never for an endless chunked body. Mounted just before a parser, with that parser's limit:
 *
 * - a declared Content-Length over the limit is refused at once, before a body byte is read;
 * - a chunked body (RFC 9112 §7.1, no length up front) is counted as the parser reads it, and is
 *   refused as soon as the count passes the limit.
 *
 * RFC 9110 §15.5.14: a server answering 413 "MAY close the connection to prevent the client from
 * continuing the request". The refusal says `Connection: close`, so Node ends and then destroys
 * the socket once the answer is flushed; the client is not left sending the rest.
 */
import type { Request, RequestHandler, Response } from 'express';
import { errors } from '../errors';
import { sendProblem } from './problem';

/**
 * @param maxBytes - the guarded parser's own `limit`, in bytes.
 * @param type - only bodies of this media type (as `req.is` matches it); default: any body.
 */
export function bodyLimit(maxBytes: number, type?: string): RequestHandler {
  return (req, res, next) => {
    const chunked = req.headers['transfer-encoding'] !== undefined;
    const declared = req.headers['content-length'];
    if (!chunked && declared === undefined) return next();
    if (type !== undefined && !req.is(type)) return next();
    if (Number(declared) > maxBytes) return refuse(req, res);
    countWhileRead(req, res, maxBytes);
    next();
  };
}

/**
 * Counts with a listener of our own, but only once the parser has started the flow: a 'data'
 * listener added now would start it itself, and whatever arrived before the parser listens (an
 * async middleware may come between) would be lost to the parser.
 */
function countWhileRead(req: Request, res: Response, maxBytes: number): void {
  let seen = 0;
  const count = (chunk: Buffer) => {
    seen += chunk.length;
    if (seen <= maxBytes) return;
    req.removeListener('data', count);
    if (!res.headersSent) refuse(req, res);
  };
  if (req.readableFlowing) req.on('data', count);
  else req.once('resume', () => req.on('data', count));
}

function refuse(req: Request, res: Response): void {
  // Stop reading: the parser (which may have just resumed to read off the body) gets no more.
  req.unpipe();
  req.pause();
  res.setHeader('Connection', 'close');
  sendProblem(res, errors.bodyTooLarge());
}
