/**
 * `verified_claims` per client format (src/oidc/claimFormats.ts): Okta's custom IDV vendor form
 * (https://developer.okta.com/docs/guides/idv-integration/main/) beside OpenID Connect for
 * Identity Assurance 1.0, from one verified identity, and the client metadata that chooses it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatVerifiedClaims, trustFrameworkFor } from '../../src/oidc/claimFormats';
import { ClientsFileSchema, clientMetadata, verifiedClaimsFormat } from '../../src/oidc/clients';
import type { VerifiedIdentity } from '../../src/stores/verifiedIdentityStore';

const VERIFIED_AT = Date.UTC(2025, 4, 2, 9, 14, 7, 500);
const identity: VerifiedIdentity = {
  recoveryId: '0b8f3c55-5d1e-4b7e-9a47-3f4f3c2f8d10',
  attempt: 1,
  verifiedAt: VERIFIED_AT,
  outcome: 'approved',
  provider: 'mockvendor',
  vendorReference: 'ref-1',
  claims: { givenName: 'Benjamin', familyName: 'Okafor', birthDate: '1985-11-03' },
  document: { type: 'driving_licence', number: 'D48213975', expiry: '2029-11-03', issuingCountry: 'USA' },
};
const ida = { trustFramework: 'nist_800_63A', assuranceLevel: 'ial2', organization: 'recovery.example.test' };
const okta = (request: unknown, now = VERIFIED_AT + 1000) => formatVerifiedClaims('okta', identity, request, ida, now);

const oktaRequest = {
  verification: { trust_framework: { value: 'IDV-DELEGATED', essential: true }, assurance_level: { value: 'VERIFIED', essential: true } },
  claims: {
    given_name: { value: 'Ben', fuzzy: true },
    family_name: { value: 'Okafor', fuzzy: true },
    birthdate: { value: '1985-11-03', fuzzy: true },
    phone_number: { value: '+15550100', fuzzy: true },
  },
};

describe('the okta format', () => {
  it("is an array with Okta's verification and the document's values wrapped as fuzzy", () => {
    expect(okta(oktaRequest)).toEqual([
      {
        verification: {
          trust_framework: 'IDV-DELEGATED',
          assurance_level: 'VERIFIED',
          time: '2025-05-02T09:14:07Z',
          verification_process: identity.recoveryId,
        },
        claims: {
          given_name: { value: 'Benjamin', fuzzy: true },
          family_name: { value: 'Okafor', fuzzy: true },
          birthdate: { value: '1985-11-03', fuzzy: true },
        },
      },
    ]);
  });

  it('filters on an exact value without fuzzy, returns only requested claims, and may return no claim', () => {
    expect(okta({ claims: { given_name: { value: 'Ben' }, family_name: null } })).toEqual([
      expect.objectContaining({ claims: { family_name: { value: 'Okafor' } } }),
    ]);
    expect(okta({ claims: { email: { value: 'ben@example.test', fuzzy: true } } })).toEqual([expect.objectContaining({ claims: {} })]);
  });

  it('omits the element for another trust framework or level, or a verification older than max_age', () => {
    expect(okta({ ...oktaRequest, verification: { trust_framework: { value: 'nist_800_63A' } } })).toBeNull();
    expect(okta({ ...oktaRequest, verification: { assurance_level: { values: ['FAILED'] } } })).toBeNull();
    expect(okta({ ...oktaRequest, verification: { time: { max_age: 60 } } }, VERIFIED_AT + 61_000)).toBeNull();
    expect(okta(null)).toBeNull();
  });

  it("names IDV-DELEGATED whatever the service's IDA trust framework; the standard format keeps the IDA shape", () => {
    expect(trustFrameworkFor('okta', ida)).toBe('IDV-DELEGATED');
    expect(trustFrameworkFor('oidc4ida', ida)).toBe('nist_800_63A');
    expect(formatVerifiedClaims('oidc4ida', identity, { verification: { trust_framework: null }, claims: { given_name: null } }, ida, VERIFIED_AT)).toEqual({
      verification: { trust_framework: 'nist_800_63A' },
      claims: { given_name: 'Benjamin' },
    });
  });
});

describe('the client metadata choosing it', () => {
  it('defaults to oidc4ida and reads okta from the clients file (the example file included)', () => {
    const file = ClientsFileSchema.parse(JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'config', 'oidc-clients.example.json'), 'utf8')));
    const formats = Object.fromEntries(file.clients.map((c) => [c.client_id, verifiedClaimsFormat(clientMetadata(c, 'secret') as Record<string, unknown>)]));
    expect(formats).toEqual({ 'keycloak-broker': 'oidc4ida', 'expenses-app': 'oidc4ida', 'okta-idv': 'okta' });
    expect(verifiedClaimsFormat({})).toBe('oidc4ida');
  });

  it('refuses an unknown format in the file, or one on a client without identity verification', () => {
    const client = {
      client_id: 'okta-idv',
      redirect_uris: ['https://acme.okta.com/cb'],
      uses: ['identity_verification'],
      verified_claims_format: 'okta',
      token_endpoint_auth_method: 'client_secret_basic',
      client_secret_env: 'X',
    };
    expect(ClientsFileSchema.safeParse({ clients: [client] }).success).toBe(true);
    expect(ClientsFileSchema.safeParse({ clients: [{ ...client, verified_claims_format: 'okta-v2' }] }).success).toBe(false);
    expect(ClientsFileSchema.safeParse({ clients: [{ ...client, uses: ['passkey_sign_in'] }] }).success).toBe(false);
  });
});
