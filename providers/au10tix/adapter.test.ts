import { randomUUID } from 'node:crypto';
import axios from 'axios';
import { SignJWT, importPKCS8 } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { loadIdentity } from '../../test/fixtures/identities';
import type { SubmitInput } from '../contract';
import { startMockVendors, type MockVendors } from '../mock-kit/startMocks';
import { createProvider } from '../registry';
import type { Au10tixConfig } from './config';
import { normalizeAu10tix } from './normalize';

describe('Au10tix adapter specifics', () => {
  let mocks: MockVendors;
  let config: Au10tixConfig;
  let clock = Date.now();
  const ana = loadIdentity('ana-garcia');
  const input = (): SubmitInput => ({
    idempotencyKey: randomUUID(),
    selfie: ana.selfie,
    selfieSource: 'camera',
    documentFront: ana.documentFront,
    documentBack: ana.documentBack,
    callbackUrl: 'http://127.0.0.1:9/unused',
  });
  const tokenRequests = () =>
    mocks
      .vendor('au10tix')
      .sandbox.requests()
      .filter((r) => r.path === '/oauth2/v1/token').length;

  beforeAll(async () => {
    mocks = await startMockVendors({ processingDelayMs: 20, now: () => new Date(clock) });
    config = mocks.providersConfig.au10tix as Au10tixConfig;
  });
  afterAll(() => mocks.close());

  it('caches the access token until shortly before it expires', async () => {
    const provider = createProvider('au10tix', mocks.providersConfig, { now: () => clock });
    const before = tokenRequests();
    await provider.submit(input());
    await provider.submit(input());
    expect(tokenRequests() - before).toBe(1);
    clock += 3_600_000 - 30_000; // inside the 60 s refresh skew of a 1 h token
    await provider.submit(input());
    expect(tokenRequests() - before).toBe(2);
  });

  it('fails definitively when the vendor refuses our client assertion', async () => {
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const provider = createProvider('au10tix', { ...mocks.providersConfig, au10tix: { ...config, clientPrivateKeyPem: stranger } }, { now: () => clock });
    await expect(provider.submit(input())).rejects.toMatchObject({ code: 'idv.vendor_auth_failed', transient: false });
  });

  it('mock token endpoint enforces aud, a ≤ 5 min lifetime and single-use jti', async () => {
    const tokenUrl = `${config.baseUrl}/oauth2/v1/token`;
    const key = await importPKCS8(config.clientPrivateKeyPem, 'ES256');
    const now = Math.floor(clock / 1000);
    const assertion = (aud: string, ttl: number, jti = randomUUID()) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer(config.clientId)
        .setSubject(config.clientId)
        .setAudience(aud)
        .setIssuedAt(now)
        .setExpirationTime(now + ttl)
        .setJti(jti)
        .sign(key);
    const post = async (jwt: string) =>
      (
        await axios.post(
          tokenUrl,
          new URLSearchParams({
            grant_type: 'client_credentials',
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: jwt,
            scope: 'bos',
          }),
          { validateStatus: () => true },
        )
      ).status;
    const jti = randomUUID();
    expect(await post(await assertion(tokenUrl, 120, jti))).toBe(200);
    expect(await post(await assertion(tokenUrl, 120, jti))).toBe(401);
    expect(await post(await assertion('https://elsewhere.example/token', 120))).toBe(401);
    expect(await post(await assertion(tokenUrl, 3600))).toBe(401);
  });

  it('maps the BOS codes: 20 conditional → review, a missing face report → declined', () => {
    const result = (doc: number, face: { CompletionStatus: number } | null) =>
      normalizeAu10tix('r', {
        ResultData: {
          DocumentStatusReport2: { PrimaryProcessingResult: doc, ProcessingResultRemarks: [0] },
          FaceComparisonReport: face,
          RiskManagementReport: { EffectiveConclusion: { PrimaryProcessingResult: 0, Reasons: { RiskManagementRemarks: [] } } },
          DocumentData2: null,
        },
      });
    expect(result(20, { CompletionStatus: 0 }).decision).toBe('review');
    expect(result(120, { CompletionStatus: 0 }).decision).toBe('review');
    expect(result(0, null)).toMatchObject({ decision: 'declined', faceMatch: { passed: false, rawScore: null }, reasonCodes: ['au10tix:face:missing'] });
    expect(result(70, { CompletionStatus: 0 })).toMatchObject({ decision: 'declined', document: { authentic: false } });
  });
});
