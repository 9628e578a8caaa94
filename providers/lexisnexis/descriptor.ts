/**
 * LexisNexis TrueID, synchronous (docs/references.md, "Vendor APIs: LexisNexis TrueID"; what the
 * mock imitates: docs/providers.md, "The shipped vendors").
 */
import { randomBytes } from 'node:crypto';
import { defineProvider } from '../descriptor';
import { LexisNexisProvider } from './adapter';
import { LexisNexisConfigSchema } from './config';

export const descriptor = defineProvider({
  name: 'lexisnexis',
  displayName: 'LexisNexis TrueID',
  configSchema: LexisNexisConfigSchema,
  env: [
    { name: 'LEXISNEXIS_BASE_URL', key: 'baseUrl', doc: 'LexisNexis TrueID: host.', example: '' },
    { name: 'LEXISNEXIS_ACCOUNT_ID', key: 'accountId', doc: 'TrueID account.', example: '' },
    { name: 'LEXISNEXIS_USERNAME', key: 'username', doc: 'HTTP Basic user.', example: '' },
    { name: 'LEXISNEXIS_PASSWORD', key: 'password', credential: true, doc: 'HTTP Basic password.', example: '' },
    { name: 'LEXISNEXIS_WORKFLOW', key: 'workflow', doc: 'Workflow name (liveness).', example: 'trueid.liveness.workflow' },
    {
      name: 'LEXISNEXIS_FILE_WORKFLOW',
      key: 'fileWorkflow',
      example: '',
      doc: 'TrueID takes no capture-source field: uploaded selfies go to this workflow, set up by LexisNexis for uploads. Empty: the same workflow (TrueID cannot tell).',
    },
    { name: 'LEXISNEXIS_TIMEOUT_MS', key: 'timeoutMs', type: 'number', doc: 'Per-request time-out, ms.', example: '30000' },
  ],
  // One synchronous call; `Settings.Reference` carries our key and TrueID de-duplicates by it.
  capabilities: { results: 'synchronous', webhook: 'none', idempotency: 'native', needsClaimantName: false, needsDocumentType: false },
  create: (config) => new LexisNexisProvider(config),
  mock: {
    async start(options) {
      const { startLexisNexisMock } = await import('./mockServer');
      const credentials = { accountId: `mock-${randomBytes(4).toString('hex')}`, username: 'mock-user', password: randomBytes(24).toString('base64url') };
      const mock = await startLexisNexisMock({ ...options, ...credentials });
      // A separate workflow for uploaded selfies: how TrueID learns the capture source (config.ts).
      return { mock, config: { baseUrl: mock.url, ...credentials, fileWorkflow: 'trueid.liveness.upload.workflow' } };
    },
  },
  conformance: {
    captureLabels: (config) => ({ camera: config.workflow, file: config.fileWorkflow }),
  },
});
