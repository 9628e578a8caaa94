/**
 * Upload slots (src/http/uploadSlots.ts): at most N requests run the rest of the chain at once,
 * the next waits unread until one finishes, a waiter that hangs up leaves the line, and past the
 * waiting limit the answer is 503 problem+json with Retry-After. Driven by gates, never by time.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { uploadSlots } from '../../src/http/uploadSlots';
import { problemHandler } from '../../src/http/problem';
import { createLogger } from '../../src/logger';

function gated() {
  const slots = uploadSlots({ concurrency: 1, maxWaiting: 1 });
  const opened: Array<() => void> = [];
  const entered: string[] = [];
  const app = express();
  app.post('/up/:n', slots, (req, res) => {
    entered.push(req.params.n as string);
    opened.push(() => res.status(202).json({ n: req.params.n }));
  });
  app.use(problemHandler(createLogger('silent'), 1024));
  return { app, slots, opened, entered };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setImmediate(r));
}

describe('upload slots', () => {
  it('lets one in at a time, queues the next, refuses beyond the line with 503 and Retry-After', async () => {
    const { app, slots, opened, entered } = gated();
    const server = http.createServer(app).listen(0);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const first = request(url)
        .post('/up/1')
        .then((r) => r.status);
      await until(() => entered.length === 1);
      const second = request(url)
        .post('/up/2')
        .then((r) => r.status);
      await until(() => slots.waitingCount() === 1);
      const third = await request(url).post('/up/3');
      expect(third.status).toBe(503);
      expect(third.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(third.headers['retry-after']).toBe('2');
      expect(third.body).toMatchObject({ code: 'service.busy', status: 503 });
      expect(entered).toEqual(['1']);
      opened[0]!();
      expect(await first).toBe(202);
      await until(() => entered.length === 2);
      expect(entered).toEqual(['1', '2']);
      opened[1]!();
      expect(await second).toBe(202);
      await until(() => slots.activeCount() === 0);
    } finally {
      server.close();
    }
  });

  it('forgets a waiter whose client hung up, so it never takes a slot', async () => {
    const { app, slots, opened, entered } = gated();
    const server = http.createServer(app).listen(0);
    const port = (server.address() as AddressInfo).port;
    try {
      const first = request(`http://127.0.0.1:${port}`)
        .post('/up/1')
        .then((r) => r.status);
      await until(() => entered.length === 1);
      const quitter = http.request({ port, method: 'POST', path: '/up/2', headers: { 'content-length': '10' } });
      quitter.on('error', () => undefined);
      quitter.write('12345');
      await until(() => slots.waitingCount() === 1);
      quitter.destroy();
      await until(() => slots.waitingCount() === 0);
      opened[0]!();
      expect(await first).toBe(202);
      await until(() => slots.activeCount() === 0);
      expect(entered).toEqual(['1']);
    } finally {
      server.close();
    }
  });

  it('takes no slot for a client that hung up before reaching it (an earlier async step was still running)', async () => {
    const slots = uploadSlots({ concurrency: 1, maxWaiting: 1 });
    let release: () => void = () => undefined;
    let first: http.IncomingMessage | null = null;
    let closeSeen = false;
    const app = express();
    // Stands in for the token check and rate limits that run (and wait on Redis) before the slot.
    app.post(
      '/up',
      async (req, res, next) => {
        if (!first) {
          first = req;
          res.once('close', () => {
            closeSeen = true;
          });
          await new Promise<void>((r) => {
            release = r;
          });
        }
        next();
      },
      slots,
      (_req, res) => void res.status(202).json({}),
    );
    const server = http.createServer(app).listen(0);
    const port = (server.address() as AddressInfo).port;
    try {
      const quitter = http.request({ port, method: 'POST', path: '/up', headers: { 'content-length': '10' } });
      quitter.on('error', () => undefined);
      quitter.write('12345');
      await until(() => first !== null);
      quitter.destroy();
      await until(() => closeSeen); // the response's 'close' has come and gone before the slot is asked for
      release();
      await new Promise((r) => setImmediate(r));
      expect(slots.activeCount()).toBe(0);
      expect((await request(`http://127.0.0.1:${port}`).post('/up')).status).toBe(202);
    } finally {
      server.close();
    }
  });
});
