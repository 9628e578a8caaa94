/** Claimant data reaches only the vendors that declare they need it (src/workers/claimantData.ts). */
import { claimantFor } from '../../src/workers/claimantData';
import type { ProviderCapabilities } from '../../providers/descriptor';

const base: ProviderCapabilities = { results: 'polled', webhook: 'none', idempotency: 'native', needsClaimantName: false, needsDocumentType: false };
const account = { givenName: 'Ana María', familyName: 'García López' };
const directory = { findAccount: jest.fn(async (name: string) => (name === 'ana.garcia' ? account : null)) } as never;

describe('claimantFor', () => {
  it('gives nothing (and asks the directory nothing) to a vendor that needs nothing', async () => {
    const find = jest.fn();
    expect(await claimantFor({ findAccount: find }, base, 'ana.garcia', { documentType: 'passport' }, 'ESP')).toBeUndefined();
    expect(find).not.toHaveBeenCalled();
  });

  it("gives the account's names as the directory holds them, and nothing else, to a vendor that needs a name", async () => {
    expect(await claimantFor(directory, { ...base, needsClaimantName: true }, 'ana.garcia', { documentType: 'passport' }, 'ESP')).toEqual({ name: account });
    expect(await claimantFor(directory, { ...base, needsClaimantName: true }, 'nobody', {}, null)).toEqual({ name: null });
  });

  it('gives the declared document kind and country to a vendor that needs them', async () => {
    expect(await claimantFor(directory, { ...base, needsDocumentType: true }, 'ana.garcia', { documentType: 'identity_card' }, 'ESP')).toEqual({
      document: { type: 'identity_card', country: 'ESP' },
    });
    expect(await claimantFor(directory, { ...base, needsDocumentType: true }, 'ana.garcia', {}, null)).toEqual({ document: { type: null, country: null } });
  });
});
