/**
 * Server-Sent Events over a plain response (WHATWG HTML §9.2). The browser reads it with fetch()
 * so the bearer token travels in the Authorization header, never in a URL. Work for one stream is
 * queued, so re-reads triggered by bursts of notices are written in order.
 */
import type { Server } from 'node:net';
import type { Request, Response } from 'express';

/** Comment lines keep proxies from closing an idle stream. */
const HEARTBEAT_MS = 25_000;
/** Streams are recycled so a long-lived console reconnects now and then (the client does it). */
const MAX_STREAM_MS = 15 * 60_000;
/**
 * A graceful shutdown (`server.close()`) waits for open connections, and a stream never ends by
 * itself: each stream checks this often whether its server stopped listening, and ends if so.
 */
const DRAIN_CHECK_MS = 1000;

function serverOf(req: Request): Server | undefined {
  return (req.socket as unknown as { server?: Server }).server;
}

export interface EventStream {
  readonly closed: boolean;
  send(event: string, data: unknown): void;
  /** Runs `work` after everything queued before it; an error is reported and ends the stream. */
  enqueue(work: () => Promise<void>): void;
  onClose(cleanup: () => void): void;
  end(): void;
}

export function openEventStream(req: Request, res: Response, onError: (err: unknown) => void): EventStream {
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  const cleanups: Array<() => void> = [];
  let closed = false;
  let queue = Promise.resolve();
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS).unref();
  const lifetime = setTimeout(() => stream.end(), MAX_STREAM_MS).unref();
  const server = serverOf(req);
  const drain = setInterval(() => {
    if (server && !server.listening) stream.end();
  }, DRAIN_CHECK_MS).unref();
  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    clearInterval(drain);
    clearTimeout(lifetime);
    for (const cleanup of cleanups.splice(0)) cleanup();
  };
  const stream: EventStream = {
    get closed() {
      return closed;
    },
    send(event, data) {
      if (!closed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    enqueue(work) {
      queue = queue
        .then(() => (closed ? undefined : work()))
        .catch((err: unknown) => {
          onError(err);
          stream.end();
        });
    },
    onClose(cleanup) {
      if (closed) cleanup();
      else cleanups.push(cleanup);
    },
    end() {
      finish();
      res.end();
    },
  };
  req.on('close', finish);
  return stream;
}
