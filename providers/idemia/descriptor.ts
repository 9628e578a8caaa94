/**
 * IDEMIA ID&V ("GIPS"), polled (docs/references.md, "Vendor APIs: IDEMIA"; what the mock imitates:
 * docs/providers.md, "The shipped vendors").
 */
import { randomBytes } from 'node:crypto';
import { defineProvider } from '../descriptor';
import { IdemiaProvider } from './adapter';
import { IdemiaConfigSchema } from './config';

export const descriptor = defineProvider({
  name: 'idemia',
  displayName: 'IDEMIA ID&V (GIPS)',
  configSchema: IdemiaConfigSchema,
  env: [
    { name: 'IDEMIA_BASE_URL', key: 'baseUrl', doc: 'Idemia ID&V (GIPS): base URL including /gips/v1.', example: '' },
    { name: 'IDEMIA_API_KEY', key: 'apiKey', credential: true, doc: 'The backend (GIPS-RS) API key, never the browser GIPS-UA key.', example: '' },
    { name: 'IDEMIA_TIMEOUT_MS', key: 'timeoutMs', type: 'number', doc: 'Per-request time-out, ms.', example: '10000' },
  ],
  // GIPS runs in polling mode (its other mode, webhooks, is not used); BUSINESS_ID carries our key.
  capabilities: { results: 'polled', webhook: 'none', idempotency: 'native', needsClaimantName: false, needsDocumentType: false },
  create: (config, deps) => new IdemiaProvider(config, deps),
  mock: {
    async start(options) {
      const { startIdemiaMock } = await import('./mockServer');
      const apiKey = randomBytes(24).toString('base64url');
      const mock = await startIdemiaMock({ ...options, apiKey });
      return { mock, config: { baseUrl: mock.baseUrl, apiKey } };
    },
  },
  conformance: {
    captureLabels: () => ({ camera: 'LIVE_CAPTURE_IMAGE', file: 'UPLOADED_IMAGE' }),
  },
});
