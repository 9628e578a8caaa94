/**
 * Au10tix BOS: polled, with a signed per-submission callback that only says "fetch now"
 * (docs/references.md, "Vendor APIs: Au10tix"; what the mock imitates: docs/providers.md, "The
 * shipped vendors").
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { defineProvider } from '../descriptor';
import { Au10tixProvider } from './adapter';
import { Au10tixConfigSchema } from './config';
import { SIGNATURE_HEADER, signatureHeader } from './signature';

export const descriptor = defineProvider({
  name: 'au10tix',
  displayName: 'Au10tix BOS',
  configSchema: Au10tixConfigSchema,
  env: [
    { name: 'AU10TIX_BASE_URL', key: 'baseUrl', doc: 'Au10tix BOS: API host.', example: '' },
    { name: 'AU10TIX_TOKEN_URL', key: 'tokenUrl', doc: 'OAuth2 token URL (default {base}/oauth2/v1/token).', example: '' },
    { name: 'AU10TIX_CLIENT_ID', key: 'clientId', doc: 'OAuth2 client id.', example: '' },
    {
      name: 'AU10TIX_PRIVATE_KEY_PEM',
      key: 'clientPrivateKeyPem',
      credential: true,
      doc: 'PKCS#8 PEM of the P-256 key signing client assertions.',
      example: '',
    },
    { name: 'AU10TIX_PRIVATE_KEY_FILE', key: 'clientPrivateKeyPem', type: 'file', doc: 'Or a file holding it.', example: '' },
    { name: 'AU10TIX_WEBHOOK_SECRET', key: 'webhookSecret', doc: 'Callback signature secret (at least 16 characters).', example: '' },
    { name: 'AU10TIX_TIMEOUT_MS', key: 'timeoutMs', type: 'number', doc: 'Per-request time-out, ms.', example: '10000' },
  ],
  // Our key is the BOS client reference, de-duplicated by the vendor; callbacks are timestamped.
  capabilities: {
    results: 'polled',
    webhook: 'per_submission',
    webhookReplay: 'timestamp',
    idempotency: 'native',
    needsClaimantName: false,
    needsDocumentType: false,
  },
  create: (config, deps) => new Au10tixProvider(config, deps),
  mock: {
    async start(options) {
      const { startAu10tixMock } = await import('./mockServer');
      // The client's P-256 key pair: we keep the private half, the mock vendor gets the public half.
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const clientId = `mock-client-${randomBytes(4).toString('hex')}`;
      const webhookSecret = randomBytes(24).toString('base64url');
      const mock = await startAu10tixMock({
        ...options,
        clientId,
        webhookSecret,
        clientPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      });
      const clientPrivateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      return { mock, config: { baseUrl: mock.url, clientId, clientPrivateKeyPem, webhookSecret } };
    },
  },
  conformance: {
    captureLabels: () => ({ camera: 'camera', file: 'file' }),
    webhook: {
      secret: (config) => config.webhookSecret,
      sign: (secret, rawBody, now) => ({ [SIGNATURE_HEADER]: signatureHeader(secret, Math.floor(now / 1000), rawBody) }),
      body: (vendorRef, eventId) => Buffer.from(JSON.stringify({ eventId, requestId: vendorRef, status: 'Completed' })),
    },
  },
});
