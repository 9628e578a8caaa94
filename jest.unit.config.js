/**
 * The fast lane (`npm run test:unit`): the tests of pure code (the recovery machine, policies,
 * normalisers, adapters against recorded vendor answers), with none of the global Redis/S3 set-up
 * of jest.config.js. Which tests belong here is a layout rule (docs/architecture.md, "Tests"):
 * tests next to their code in src/, flows/ and providers/, and test/unit/. The one exception, the
 * connector conformance suites beside their contracts, is listed in `needsServices`.
 */
const base = require('./jest.config.js');

/** The connector conformance suites stay beside their contracts but need the real Redis (they run only in `npm test`). */
const needsServices = ['src/connectors/credentials.conformance.test.ts', 'src/connectors/directory.conformance.test.ts'];

module.exports = {
  ...base,
  roots: ['<rootDir>/test/unit', '<rootDir>/providers', '<rootDir>/flows', '<rootDir>/src'],
  testPathIgnorePatterns: ['/node_modules/', ...needsServices.map((file) => `<rootDir>/${file}$`)],
  globalSetup: undefined,
  globalTeardown: undefined,
  // A test that reaches for Redis or S3 here by mistake is refused at once instead of finding
  // whatever listens on the machine's default ports.
  setupFiles: ['<rootDir>/test/support/noServices.ts'],
  testTimeout: 20000,
};
