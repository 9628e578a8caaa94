/** A tiny express app standing in for our `/v1/webhooks/{provider}`, keeping the raw bytes and the path each delivery came to. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

export interface Callback {
  path: string;
  headers: http.IncomingHttpHeaders;
  rawBody: Buffer;
}

export interface CallbackReceiver {
  /** Base URL; any path under it is received. */
  url: string;
  received(): readonly Callback[];
  waitFor(match: (c: Callback) => boolean): Promise<Callback>;
  close(): Promise<void>;
}

export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const received: Callback[] = [];
  const waiters: Array<{ match: (c: Callback) => boolean; resolve: (c: Callback) => void }> = [];
  const app = express();
  app.post('/{*rest}', express.raw({ type: () => true }), (req, res) => {
    const callback = { path: req.path, headers: req.headers, rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0) };
    received.push(callback);
    for (const waiter of waiters.filter((w) => w.match(callback))) waiter.resolve(callback);
    res.status(204).end();
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => received,
    waitFor: (match) => {
      const seen = received.find(match);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ match, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
