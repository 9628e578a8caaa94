/**
 * One conformance suite over every IDV adapter (docs/references.md, "Code style"): each runs against its mock vendor,
 * started in-process on a free port, with the committed identity fixtures.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { loadIdentity, perturbSelfie, type FixtureIdentity } from '../test/fixtures/identities';
import { IdvResultSchema, providerNames, ProviderError, type IdvProvider, type IdvResult, type ProviderName, type SubmitInput } from './contract';
import { signatureHeader } from './au10tix/signature';
import { startMockVendors, type MockVendors } from './mock-kit/startMocks';
import type { SandboxFault } from './mock-kit/vendorSandbox';
import { createProvider, type ProvidersConfig } from './registry';

const TIMEOUT_MS = 300;

describe.each(providerNames)('%s adapter conformance', (name: ProviderName) => {
  let mocks: MockVendors;
  let provider: IdvProvider;
  let receiver: CallbackReceiver;
  const ana = loadIdentity('ana-garcia');

  beforeAll(async () => {
    receiver = await startCallbackReceiver();
    mocks = await startMockVendors({ processingDelayMs: 20, sandbox: { slowMs: 50 } });
    provider = createProvider(name, mocks.providersConfig);
  });
  afterEach(() => mocks[name].sandbox.clearFaults());
  afterAll(async () => {
    await mocks.close();
    await receiver.close();
  });

  const input = (selfie: Buffer, doc: FixtureIdentity, key = randomUUID()): SubmitInput => ({
    idempotencyKey: key, selfie, documentFront: doc.documentFront, documentBack: doc.documentBack, callbackUrl: receiver.url,
  });

  it('approves a matching selfie and ID, with the claims of the document', async () => {
    const result = await verify(provider, input(ana.selfie, ana));
    expect(result).toMatchObject({ provider: name, decision: 'approved', faceMatch: { passed: true }, liveness: { passed: true } });
    expect(result.document).toMatchObject({ authentic: true, expired: false });
    const { givenName, familyName, birthDate, documentNumber, expiryDate } = ana.claims;
    expect(result.claims).toEqual({ givenName, familyName, birthDate, documentNumber, expiryDate });
    if (result.faceMatch.score !== null) expect(result.faceMatch.score).toBeGreaterThanOrEqual(80);
  });

  it('still approves the same person photographed differently (crop + brightness)', async () => {
    const selfie = await perturbSelfie(ana.selfie, { cropFraction: 0.05, brightness: 1.15 });
    const result = await verify(provider, input(selfie, ana));
    expect(result).toMatchObject({ decision: 'approved', faceMatch: { passed: true } });
  });

  it("declines someone else's selfie with the right ID", async () => {
    const result = await verify(provider, input(loadIdentity('ben-okafor').selfie, ana));
    expect(result).toMatchObject({ decision: 'declined', faceMatch: { passed: false } });
    expect(result.reasonCodes.length).toBeGreaterThan(0);
    expect(result.reasonCodes.every((code) => code.startsWith(`${name}:`))).toBe(true);
  });

  it('declines an expired document', async () => {
    const fatima = loadIdentity('fatima-haddad');
    const result = await verify(provider, input(fatima.selfie, fatima));
    expect(result).toMatchObject({ decision: 'declined', document: { expired: true } });
    expect(result.claims?.expiryDate).toBe(fatima.claims.expiryDate);
  });

  it('declines a replay of the document portrait (liveness)', async () => {
    const spoof = loadIdentity('spoof-replay');
    const result = await verify(provider, input(spoof.selfie, spoof));
    expect(result).toMatchObject({ decision: 'declined', liveness: { passed: false } });
  });

  it('submits once per idempotency key', async () => {
    const request = input(ana.selfie, ana);
    const first = await provider.submit(request);
    const second = await provider.submit(request);
    expect(second.vendorRef).toBe(first.vendorRef);
    expect(mocks[name].stats().byKey[request.idempotencyKey]).toBe(1);
    await expect(verifyRef(provider, first.vendorRef, first.result)).resolves.toMatchObject({ decision: 'approved' });
  });

  it.each<[SandboxFault, string]>([
    ['http500', 'idv.vendor_unavailable'],
    ['http503', 'idv.vendor_unavailable'],
    ['malformed', 'idv.vendor_malformed'],
  ])('turns an injected %s into a transient %s', async (fault, code) => {
    mocks[name].sandbox.injectNext(fault);
    const error = await provider.submit(input(ana.selfie, ana)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code, transient: true });
  });

  it('gives up within the configured time-out on an unanswered request', async () => {
    const fast = createProvider(name, withTimeout(mocks.providersConfig, name, TIMEOUT_MS));
    mocks[name].sandbox.injectNext('timeout');
    const started = Date.now();
    const error = await fast.submit(input(ana.selfie, ana)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'idv.vendor_timeout', transient: true });
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 700);
  });

  it('rides out a slow (but in-time) answer', async () => {
    mocks[name].sandbox.injectNext('slow');
    await expect(verify(provider, input(ana.selfie, ana))).resolves.toMatchObject({ decision: 'approved' });
  });

  it('purges idempotently', async () => {
    const { vendorRef } = await provider.submit(input(ana.selfie, ana));
    await provider.purge(vendorRef);
    await expect(provider.purge(vendorRef)).resolves.toBeUndefined();
  });

  if (name === 'au10tix') {
    it('sends a signed callback that verifyWebhook accepts', async () => {
      const { vendorRef } = await provider.submit(input(ana.selfie, ana));
      const callback = await receiver.waitFor((body) => body.includes(vendorRef));
      const notice = provider.verifyWebhook({ headers: callback.headers, rawBody: callback.rawBody, now: Date.now() });
      expect(notice.vendorRef).toBe(vendorRef);
      expect(notice.eventId).toEqual(expect.any(String));
      await expect(provider.fetchResult(vendorRef)).resolves.toMatchObject({ decision: 'approved' });
    });

    it('rejects a bad signature, a stale timestamp and an altered body', () => {
      const secret = mocks.providersConfig.au10tix?.webhookSecret ?? '';
      const rawBody = Buffer.from(JSON.stringify({ eventId: 'e1', requestId: 'r1', status: 'Completed' }));
      const now = Date.now();
      const t = Math.floor(now / 1000);
      const signed = (header: string, body = rawBody, at = now) => ({ headers: { 'x-au10tix-signature': header }, rawBody: body, now: at });
      expect(provider.verifyWebhook(signed(signatureHeader(secret, t, rawBody)))).toEqual({ vendorRef: 'r1', eventId: 'e1' });
      const rejects = (call: () => unknown) => expect(call).toThrow(expect.objectContaining({ code: 'idv.webhook_rejected' }));
      rejects(() => provider.verifyWebhook(signed(signatureHeader('wrong-secret-wrong-secret', t, rawBody))));
      rejects(() => provider.verifyWebhook(signed(signatureHeader(secret, t - 301, rawBody))));
      rejects(() => provider.verifyWebhook(signed(signatureHeader(secret, t, rawBody), rawBody, now + 301_000)));
      rejects(() => provider.verifyWebhook(signed(signatureHeader(secret, t, rawBody), Buffer.from(rawBody.toString().replace('r1', 'r2')))));
      rejects(() => provider.verifyWebhook({ headers: {}, rawBody, now }));
    });
  } else {
    it('rejects webhooks (documented: this vendor sends none to us)', () => {
      expect(() => provider.verifyWebhook({ headers: {}, rawBody: Buffer.from('{}'), now: Date.now() })).toThrow(
        expect.objectContaining({ code: 'idv.webhook_rejected', transient: false }),
      );
    });
  }
});

/** Submit, then poll `fetchResult` (bounded) for asynchronous vendors. */
async function verify(provider: IdvProvider, input: SubmitInput): Promise<IdvResult> {
  const { vendorRef, result } = await provider.submit(input);
  return verifyRef(provider, vendorRef, result);
}

async function verifyRef(provider: IdvProvider, vendorRef: string, result?: IdvResult): Promise<IdvResult> {
  // Every adapter's output must satisfy the contract's own schema (score range, prefixes aside).
  if (result) return IdvResultSchema.parse(result);
  for (let attempt = 0; attempt < 400; attempt++) {
    const fetched = await provider.fetchResult(vendorRef);
    if (fetched) return IdvResultSchema.parse(fetched);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no result for ${vendorRef} after 400 polls`);
}

function withTimeout(config: ProvidersConfig, name: ProviderName, timeoutMs: number): ProvidersConfig {
  const block = config[name];
  if (!block) throw new Error(`no ${name} config`);
  return { ...config, [name]: { ...block, timeoutMs } };
}

interface Callback { headers: http.IncomingHttpHeaders; rawBody: Buffer }
interface CallbackReceiver {
  url: string;
  waitFor(match: (body: string) => boolean): Promise<Callback>;
  close(): Promise<void>;
}

/** A tiny express app standing in for our `/v1/webhooks/au10tix`, keeping the raw bytes. */
async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const received: Callback[] = [];
  const waiters: Array<{ match: (body: string) => boolean; resolve: (c: Callback) => void }> = [];
  const app = express();
  app.post('/callback', express.raw({ type: '*/*' }), (req, res) => {
    const callback = { headers: req.headers, rawBody: req.body as Buffer };
    received.push(callback);
    for (const waiter of waiters.filter((w) => w.match(callback.rawBody.toString()))) waiter.resolve(callback);
    res.status(204).end();
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`,
    waitFor: (match) => {
      const seen = received.find((c) => match(c.rawBody.toString()));
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ match, resolve }));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
