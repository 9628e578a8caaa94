import { randomUUID } from 'node:crypto';
import { loadIdentity } from '../../test/fixtures/identities';
import { ProviderError, type SubmitInput } from '../contract';
import { startMockVendors, type MockVendors } from '../mock-kit/startMocks';
import { createProvider } from '../registry';
import { GipsClient } from './gipsClient';
import { IdemiaConfigSchema } from './config';
import { normalizeIdemia } from './normalize';

describe('Idemia adapter specifics', () => {
  let mocks: MockVendors;
  const ana = loadIdentity('ana-garcia');
  const input = (): SubmitInput => ({
    idempotencyKey: randomUUID(),
    selfie: ana.selfie,
    selfieSource: 'camera',
    documentFront: ana.documentFront,
    documentBack: ana.documentBack,
    callbackUrl: 'http://127.0.0.1:9/unused',
  });

  beforeAll(async () => {
    mocks = await startMockVendors({ processingDelayMs: 20 });
  });
  afterAll(() => mocks.close());

  it('resumes an interrupted submit without re-billing or re-uploading evidence', async () => {
    const provider = createProvider('idemia', mocks.providersConfig);
    const request = input();
    mocks.vendor('idemia').sandbox.injectNext('http500', { pathIncludes: '/attributes/portrait/capture' });
    await expect(provider.submit(request)).rejects.toMatchObject({ code: 'idv.vendor_unavailable', transient: true });
    const first = await provider.submit(request);
    const again = await provider.submit(request);
    expect(again.vendorRef).toBe(first.vendorRef);
    const posts = (suffix: string) =>
      mocks
        .vendor('idemia')
        .sandbox.requests()
        .filter((r) => r.method === 'POST' && r.path === `/gips/v1/identities/${first.vendorRef}${suffix}`).length;
    expect(posts('/consents')).toBe(1);
    expect(posts('/id-documents/capture')).toBe(1);
    expect(posts('/attributes/portrait/capture')).toBe(2); // the failed attempt and the successful one
    expect(mocks.vendor('idemia').stats().byKey[request.idempotencyKey]).toBe(1);
  });

  it('returns null while evidence is PROCESSING', async () => {
    const slow = await startMockVendors({ processingDelayMs: 60_000 });
    try {
      const provider = createProvider('idemia', slow.providersConfig);
      const { vendorRef } = await provider.submit(input());
      await expect(provider.fetchResult(vendorRef)).resolves.toBeNull();
    } finally {
      await slow.close();
    }
  });

  it('surfaces GIPS error 3001 (portrait without consent) as a definitive rejection', async () => {
    const gips = new GipsClient(IdemiaConfigSchema.parse(mocks.providersConfig.idemia));
    const identity = await gips.createIdentity(randomUUID());
    const error = await gips.uploadPortrait(identity.id, ana.selfie, 'camera').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'idv.vendor_rejected', transient: false });
    expect((error as Error).message).toContain('3001');
  });

  it('purges the identity: it is gone afterwards', async () => {
    const provider = createProvider('idemia', mocks.providersConfig);
    const { vendorRef } = await provider.submit(input());
    await provider.purge(vendorRef);
    await expect(provider.fetchResult(vendorRef)).rejects.toMatchObject({ code: 'idv.vendor_not_found', transient: false });
  });

  it('maps ADJUDICATION to review', () => {
    const evidence = (status: 'VERIFIED' | 'ADJUDICATION') => ({ id: 'e', type: 'PORTRAIT', status, errors: [] });
    const result = normalizeIdemia('id-1', {
      detailed: { globalStatus: { id: 'id-1', status: 'PROCESSING', levelOfAssurance: 'LOA0' }, consents: [], idDocuments: [] },
      document: { ...evidence('VERIFIED'), score: 'LEVEL3' },
      portrait: evidence('ADJUDICATION'),
    });
    expect(result.decision).toBe('review');
    expect(result.claims).toBeNull();
  });
});
