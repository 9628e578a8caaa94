/**
 * The mock-only part of the suite: verdicts on the committed fixture identities, capture labels,
 * billing per idempotency key, fault mapping, time-outs, how results and webhooks arrive. Each
 * behaviour follows from a declared capability, never from the vendor's name.
 */
import { randomUUID } from 'node:crypto';
import { loadIdentity, perturbSelfie, type FixtureIdentity } from '../../test/fixtures/identities';
import { submitOnce } from '../../src/workers/submitOnce';
import { ProviderError, type SelfieSource, type SubmitInput } from '../contract';
import type { ProviderDescriptor } from '../descriptor';
import type { SandboxFault } from '../mock-kit/vendorSandbox';
import { verify, verifyRef } from './verify';
import { withConfig, type Target } from './target';

const TIMEOUT_MS = 300;

/** The path a per-submission vendor is told to call back on; an account-wide one delivers elsewhere (MockStartOptions.webhookUrl). */
export const CALLBACK_PATH = '/per-submission';
export const ACCOUNT_WEBHOOK_PATH = '/account-webhook';

export function pixelChecks(d: ProviderDescriptor, target: () => Target): void {
  const ana = loadIdentity('ana-garcia');
  const mock = () => target().mock!;
  const input = (selfie: Buffer, doc: FixtureIdentity, key = randomUUID(), selfieSource: SelfieSource = 'camera'): SubmitInput => ({
    idempotencyKey: key,
    selfie,
    selfieSource,
    documentFront: doc.documentFront,
    documentBack: doc.documentBack,
    callbackUrl: `${target().receiver.url}${CALLBACK_PATH}`,
    // Every vendor gets claimant data here: one that does not need it must not depend on it.
    claimant: { name: { givenName: doc.claims.givenName, familyName: doc.claims.familyName }, document: { type: null, country: null } },
  });
  afterEach(() => mock().sandbox.clearFaults());

  it('approves a matching selfie and ID, with the claims of the document', async () => {
    const result = await verify(target().provider, input(ana.selfie, ana));
    expect(result).toMatchObject({ provider: d.name, decision: 'approved', faceMatch: { passed: true }, liveness: { passed: true } });
    expect(result.document).toMatchObject({ authentic: true, expired: false });
    const { givenName, familyName, birthDate, documentNumber, expiryDate, issuingCountry } = ana.claims;
    expect(result.claims).toEqual({ givenName, familyName, birthDate, documentNumber, expiryDate, issuingCountry });
    if (result.faceMatch.score !== null) expect(result.faceMatch.score).toBeGreaterThanOrEqual(80);
  });

  it('still approves the same person photographed differently (crop + brightness)', async () => {
    const selfie = await perturbSelfie(ana.selfie, { cropFraction: 0.05, brightness: 1.15 });
    await expect(verify(target().provider, input(selfie, ana))).resolves.toMatchObject({ decision: 'approved', faceMatch: { passed: true } });
  });

  it("declines someone else's selfie with the right ID, with reason codes under the vendor's prefix", async () => {
    const result = await verify(target().provider, input(loadIdentity('ben-okafor').selfie, ana));
    expect(result).toMatchObject({ decision: 'declined', faceMatch: { passed: false } });
    expect(result.reasonCodes.length).toBeGreaterThan(0);
    expect(result.reasonCodes.every((code) => code.startsWith(`${d.name}:`))).toBe(true);
  });

  it('declines an expired document', async () => {
    const fatima = loadIdentity('fatima-haddad');
    const result = await verify(target().provider, input(fatima.selfie, fatima));
    expect(result).toMatchObject({ decision: 'declined', document: { expired: true } });
    expect(result.claims?.expiryDate).toBe(fatima.claims.expiryDate);
  });

  it('declines a replay of the document portrait (liveness)', async () => {
    const spoof = loadIdentity('spoof-replay');
    await expect(verify(target().provider, input(spoof.selfie, spoof))).resolves.toMatchObject({ decision: 'declined', liveness: { passed: false } });
  });

  it("reads the issuing country from the document's data zone (alpha-3)", async () => {
    const ben = loadIdentity('ben-okafor');
    await expect(verify(target().provider, input(ben.selfie, ben))).resolves.toMatchObject({ claims: { issuingCountry: 'USA' } });
  });

  it("labels the selfie capture truthfully in the vendor's own vocabulary: a file is never sent as live", async () => {
    const expected = d.conformance.captureLabels(target().config);
    const [camera, file] = [randomUUID(), randomUUID()];
    await verify(target().provider, input(ana.selfie, ana, camera, 'camera'));
    await verify(target().provider, input(ana.selfie, ana, file, 'file'));
    const seen = mock().sandbox.captureLabels();
    expect({ camera: seen[camera], file: seen[file] }).toEqual(expected);
    expect(expected.file).not.toBe(expected.camera);
  });

  it(`answers as declared: results "${d.capabilities.results}"`, async () => {
    const outcome = await target().provider.submit(input(ana.selfie, ana));
    if (d.capabilities.results === 'synchronous') expect(outcome.result).toBeDefined();
    else expect(outcome.result).toBeUndefined();
    await expect(verifyRef(target().provider, outcome.vendorRef, outcome.result)).resolves.toMatchObject({ decision: 'approved' });
  });

  billingChecks(d, target, () => input(ana.selfie, ana));

  it.each<[SandboxFault, string]>([
    ['http500', 'idv.vendor_unavailable'],
    ['http503', 'idv.vendor_unavailable'],
    ['malformed', 'idv.vendor_malformed'],
  ])('turns an injected %s into a transient %s', async (fault, code) => {
    mock().sandbox.injectNext(fault);
    const error = await target()
      .provider.submit(input(ana.selfie, ana))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code, transient: true });
  });

  it('gives up within the configured time-out on an unanswered request', async () => {
    const fast = withConfig(d, target().config, { timeoutMs: TIMEOUT_MS });
    mock().sandbox.injectNext('timeout');
    const started = Date.now();
    const error = await fast.submit(input(ana.selfie, ana)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'idv.vendor_timeout', transient: true });
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 700);
  });

  it('rides out a slow (but in-time) answer', async () => {
    mock().sandbox.injectNext('slow');
    await expect(verify(target().provider, input(ana.selfie, ana))).resolves.toMatchObject({ decision: 'approved' });
  });

  it('purges a real transaction idempotently', async () => {
    const { vendorRef } = await target().provider.submit(input(ana.selfie, ana));
    await target().provider.purge(vendorRef);
    await expect(target().provider.purge(vendorRef)).resolves.toBeUndefined();
  });

  deliveryChecks(d, target, () => input(ana.selfie, ana));
}

/** One billed transaction per idempotency key: the vendor's own keys, or the core's guard over `findSubmission`. */
function billingChecks(d: ProviderDescriptor, target: () => Target, input: () => SubmitInput): void {
  const billed = (key: string) => target().mock!.stats().byKey[key];
  if (d.capabilities.idempotency === 'native') {
    it('submits once per idempotency key (the vendor de-duplicates)', async () => {
      const request = input();
      const first = await target().provider.submit(request);
      const second = await target().provider.submit(request);
      expect(second.vendorRef).toBe(first.vendorRef);
      expect(billed(request.idempotencyKey)).toBe(1);
      expect(target().provider.findSubmission).toBeUndefined(); // native: the core never looks up
      await expect(verifyRef(target().provider, first.vendorRef, first.result)).resolves.toMatchObject({ decision: 'approved' });
    });
    return;
  }
  it('finds the transaction tagged with our key, and the core guard never bills a re-send twice', async () => {
    const provider = target().provider;
    expect(provider.findSubmission).toBeInstanceOf(Function);
    await expect(provider.findSubmission!(`unknown-${randomUUID()}`)).resolves.toBeNull();
    const marks = new Set<string>();
    const memory = { markSending: async (p: string, k: string) => !marks.has(`${p}:${k}`) && Boolean(marks.add(`${p}:${k}`)) };
    const request = input();
    const first = await submitOnce(provider, request, memory);
    await expect(provider.findSubmission!(request.idempotencyKey)).resolves.toBe(first.vendorRef);
    const again = await submitOnce(provider, request, memory);
    expect(again.vendorRef).toBe(first.vendorRef);
    expect(billed(request.idempotencyKey)).toBe(1);
  });
}

/** How a finished check is announced: no delivery at all, one to the submission's callback URL, or one to the account's webhook. */
function deliveryChecks(d: ProviderDescriptor, target: () => Target, input: () => SubmitInput): void {
  const kind = d.capabilities.webhook;
  it(kind === 'none' ? 'sends no webhook for a finished check (it declares none)' : `delivers a webhook verifyWebhook accepts (${kind})`, async () => {
    const { receiver, provider } = target();
    const { vendorRef, result } = await provider.submit(input());
    await verifyRef(provider, vendorRef, result);
    const mentions = (c: { rawBody: Buffer }) => c.rawBody.toString('utf8').includes(vendorRef);
    if (kind === 'none') {
      // A vendor that calls back does so once its result is ready, which it now is: give the delivery a moment to land.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receiver.received().filter(mentions)).toEqual([]);
      return;
    }
    const callback = await receiver.waitFor(mentions);
    expect(callback.path).toBe(kind === 'account' ? `${ACCOUNT_WEBHOOK_PATH}/v1/webhooks/${d.name}` : CALLBACK_PATH);
    const notice = provider.verifyWebhook({ headers: callback.headers, rawBody: callback.rawBody, now: Date.now() });
    expect(notice).toEqual({ vendorRef, eventId: expect.any(String) });
  });
}
