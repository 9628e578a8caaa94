import type { AddressInfo } from 'node:net';
import http from 'node:http';
import axios from 'axios';
import express from 'express';
import { VendorSandbox } from './vendorSandbox';

/** A one-route "vendor" behind the sandbox, billing every call to /api/submit under ?key=. */
async function startVendor(sandbox: VendorSandbox) {
  const app = express();
  app.use(
    '/__sandbox',
    sandbox.routes((bearer) => bearer === 'the-api-key'),
  );
  app.use(sandbox.gate());
  app.post('/api/submit', (req, res) => {
    sandbox.recordSubmission(String(req.query.key));
    res.json({ ok: true });
  });
  app.get('/api/other', (_req, res) => void res.json({ ok: true }));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = axios.create({ baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, validateStatus: () => true });
  return {
    client,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('VendorSandbox', () => {
  let sandbox: VendorSandbox;
  let vendor: Awaited<ReturnType<typeof startVendor>>;
  const auth = { headers: { Authorization: 'Bearer the-api-key' } };

  beforeEach(async () => {
    sandbox = new VendorSandbox({ slowMs: 30, hangMs: 60_000 });
    vendor = await startVendor(sandbox);
  });
  afterEach(() => vendor.close());

  it('requires the mock API credential as bearer on /__sandbox', async () => {
    expect((await vendor.client.get('/__sandbox/stats')).status).toBe(401);
    expect((await vendor.client.get('/__sandbox/stats', { headers: { Authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await vendor.client.get('/__sandbox/stats', auth)).data).toEqual({ submissions: 0, byKey: {} });
  });

  it('injects faults over HTTP and counts billable submissions per key', async () => {
    expect((await vendor.client.post('/__sandbox/faults', { fault: 'http503', count: 2 }, auth)).status).toBe(204);
    expect((await vendor.client.post('/api/submit?key=a')).status).toBe(503);
    expect((await vendor.client.post('/api/submit?key=a')).status).toBe(503);
    expect((await vendor.client.post('/api/submit?key=a')).status).toBe(200);
    await vendor.client.post('/api/submit?key=b');
    expect((await vendor.client.get('/__sandbox/stats', auth)).data).toEqual({ submissions: 2, byKey: { a: 1, b: 1 } });
    expect((await vendor.client.post('/__sandbox/faults', { fault: 'nonsense' }, auth)).status).toBe(400);
  });

  it('targets a fault at one path and answers malformed bodies with 200', async () => {
    sandbox.injectNext('malformed', { pathIncludes: '/submit' });
    expect((await vendor.client.get('/api/other')).data).toEqual({ ok: true });
    const malformed = await vendor.client.post('/api/submit?key=x');
    expect(malformed.status).toBe(200);
    expect(malformed.data).not.toHaveProperty('ok');
    expect(sandbox.stats().submissions).toBe(0);
  });

  it('holds a timed-out request until the client gives up, without processing it', async () => {
    sandbox.injectNext('timeout');
    const error = await vendor.client.post('/api/submit?key=t', undefined, { timeout: 100 }).catch((e: unknown) => e);
    expect(axios.isAxiosError(error) && error.code).toBe('ECONNABORTED');
    expect(sandbox.stats().submissions).toBe(0);
  });

  it('replays the same random faults from the same seed', async () => {
    const statuses = async () => {
      await vendor.client.post('/__sandbox/faults', { rate: 0.5, seed: 42, faults: ['http500', 'http503'] }, auth);
      const seen: number[] = [];
      for (let i = 0; i < 20; i++) seen.push((await vendor.client.get('/api/other')).status);
      return seen;
    };
    const first = await statuses();
    expect(await statuses()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 500, 503]));
    await vendor.client.post('/__sandbox/faults', { clear: true }, auth);
    expect((await vendor.client.get('/api/other')).status).toBe(200);
  });
});
