/**
 * At most EVIDENCE_CONCURRENCY evidence uploads are read and processed at once in one API
 * process; the others wait before a byte of their body is read (TCP back-pressure keeps the bytes
 * in the client), and past EVIDENCE_QUEUE waiting ones the answer is 503 with Retry-After.
 *
 * Why: an upload is the API's heaviest request (multipart parsing, image decoding, two S3 puts,
 * the state change). Thirty of them interleaved on one event loop made every status read wait
 * behind them (docs/benchmarks.md, "Mass event": p99 226 ms); a few at a time finish just as fast
 * in total, since the process is CPU-bound either way, and reads slip in between. Only counters
 * live here, never recovery state: a process that dies loses nothing but its waiting sockets.
 */
import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../errors';

export interface SlotSettings {
  concurrency: number;
  maxWaiting: number;
}

export function uploadSlots(settings: SlotSettings): RequestHandler & { activeCount(): number; waitingCount(): number } {
  let active = 0;
  const waiting: Array<() => void> = [];

  const admit = (res: Response, next: () => void) => {
    active += 1;
    res.once('close', () => {
      active -= 1;
      wakeNext();
    });
    next();
  };
  const wakeNext = () => {
    while (active < settings.concurrency && waiting.length > 0) waiting.shift()?.();
  };
  const closed = (req: Request, res: Response) => res.destroyed || res.writableEnded || req.destroyed || req.socket.destroyed;

  const handler = (req: Request, res: Response, next: (err?: unknown) => void) => {
    // The client may have hung up while an earlier (async) middleware ran: its 'close' has been
    // emitted already and would never give a slot back. There is no one left to answer.
    if (closed(req, res)) return;
    if (active < settings.concurrency) return admit(res, next);
    if (waiting.length >= settings.maxWaiting) {
      return next(new AppError('service.busy', { retryAfterSeconds: 2 }));
    }
    const waiter = () => {
      res.off('close', leave);
      if (!closed(req, res)) admit(res, next);
    };
    // A client that gives up while waiting leaves the line and takes no slot.
    const leave = () => {
      const at = waiting.indexOf(waiter);
      if (at >= 0) waiting.splice(at, 1);
    };
    res.once('close', leave);
    waiting.push(waiter);
  };
  return Object.assign(handler, { activeCount: () => active, waitingCount: () => waiting.length });
}
