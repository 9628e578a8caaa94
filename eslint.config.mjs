/**
 * ESLint (flat config): typescript-eslint's strict type-checked rules, no import cycles, and the
 * layer directions of docs/architecture.md ("Layers"):
 *
 *   http, web → workers → recovery, passkeys, safety, … → policies, stores → flows, crypto, text, config
 *
 * A layer imports only layers below it; `stores` import nothing above them, and Redis is used only
 * inside src/stores. test/unit/layering.test.ts shows the rule failing on a file that breaks it.
 * Formatting is Prettier's (.prettierrc), never ESLint's.
 */
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

// ---- layers ------------------------------------------------------------------------------------
/** The folders of src/ by layer, top to bottom (src/main.ts, apiMain.ts, workerMain.ts and runtime/ sit above them all). */
const TOP = ['http', 'web'];
const WORKERS = ['workers'];
const DOMAIN = [
  'recovery',
  'passkeys',
  'safety',
  'review',
  'risk',
  'recoveryProfiles',
  'claimHooks',
  'notifications',
  'audit',
  'access',
  'reports',
  'oidc',
  'staff',
  'connectors',
  'observability',
  'resilience',
  'embedded',
  'demo',
];
const POLICIES = ['policies'];
const STORES = ['stores'];
const FOUNDATION = ['flows', 'crypto', 'text', 'evidence', 'config'];

const srcFiles = (folders) => folders.map((f) => `src/${f}/**/*.ts`);
/** An import path (relative, any depth) whose first folder after the `../` run is one of `names`. */
const reaching = (names) => `^(\\.\\./)+(${names.join('|')})(/|$)`;
const layerRule = (forbidden, why) => ['error', { patterns: [{ regex: reaching(forbidden), message: `${why} (layers: docs/architecture.md).` }] }];

const layering = [
  {
    files: srcFiles(TOP),
    rules: { 'no-restricted-imports': layerRule(['runtime'], 'Only the process entries and runtime/ compose the service') },
  },
  {
    // The outbox's worker wiring lives beside its processors, in notifications/.
    files: [...srcFiles(WORKERS), 'src/notifications/outboxWorkers.ts'],
    rules: { 'no-restricted-imports': layerRule(['runtime', ...TOP], 'Workers do not import the HTTP layer or the composition root') },
  },
  {
    files: srcFiles(DOMAIN),
    ignores: ['src/notifications/outboxWorkers.ts'],
    rules: {
      'no-restricted-imports': layerRule(
        ['runtime', ...TOP, ...WORKERS],
        'The domain layer does not import http, web, workers or runtime; it reaches the job queues through recovery/ports.ts',
      ),
    },
  },
  {
    files: srcFiles(POLICIES),
    rules: {
      'no-restricted-imports': layerRule(
        ['runtime', ...TOP, ...WORKERS, ...DOMAIN.filter((f) => f !== 'connectors'), ...STORES, 'context'],
        'Policies are pure rules: no storage, no I/O, no layer above them',
      ),
    },
  },
  {
    files: srcFiles(STORES),
    rules: {
      'no-restricted-imports': layerRule(
        ['runtime', ...TOP, ...WORKERS, ...DOMAIN, ...POLICIES, 'context'],
        'Stores import nothing above them (no policies, passkeys, recovery, http, workers, …)',
      ),
    },
  },
  {
    files: [...srcFiles(FOUNDATION.filter((f) => f !== 'flows')), 'src/errors.ts', 'src/errorCodes.ts', 'src/clock.ts', 'src/logger.ts'],
    rules: {
      'no-restricted-imports': layerRule(
        ['runtime', ...TOP, ...WORKERS, ...DOMAIN.filter((f) => !['connectors', 'resilience', 'observability'].includes(f)), ...STORES, 'context'],
        'The foundation (config, crypto, text, evidence, errors) imports no layer above it',
      ),
    },
  },
  {
    files: ['flows/**/*.ts'],
    rules: { 'no-restricted-imports': layerRule(['src', 'providers'], 'The recovery machine is pure: it imports nothing from src/ or providers/') },
  },
  {
    files: ['providers/**/*.ts'],
    ignores: ['providers/conformance/**', 'providers/**/*.test.ts'],
    rules: { 'no-restricted-imports': layerRule(['src'], 'Vendor adapters sit below the core: they import nothing from src/') },
  },
  {
    // Every Redis read and write goes through a store with an intention-revealing method.
    files: ['src/**/*.ts'],
    ignores: ['src/stores/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='ctx'][property.name='redis']", message: 'Redis is used only inside src/stores: add a store method.' },
        {
          selector: "VariableDeclarator[init.name='ctx'] > ObjectPattern > Property[key.name='redis']",
          message: 'Redis is used only inside src/stores: add a store method.',
        },
      ],
    },
  },
];

// ---- TypeScript --------------------------------------------------------------------------------
/** The codebase's deliberate style, where strict-type-checked would only churn it (docs/architecture.md, "Lint and format"). */
const houseStyle = {
  // `noUncheckedIndexedAccess` is on; `m[1]!` after a regex match that has the group is the idiom.
  '@typescript-eslint/no-non-null-assertion': 'off',
  // Numbers, booleans and null in messages and keys are meant to print as they do.
  '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true, allowRegExp: true }],
  // `if (bad) return next(err);` is how an express handler or middleware ends early.
  '@typescript-eslint/no-confusing-void-expression': 'off',
  '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
  // Async methods that implement an async interface without awaiting are fine.
  '@typescript-eslint/require-await': 'off',
  // `el<HTMLInputElement>('id')`: the typed-lookup helpers of the web pages take the element type this way.
  '@typescript-eslint/no-unnecessary-type-parameters': 'off',
  // openid-client marks it deprecated "only to make it stand out"; the service uses it for http:// issuers on localhost only.
  // What `verbatimModuleSyntax` would enforce, where a CommonJS build cannot turn it on
  // (docs/architecture.md, "Lint and format"): a type-only import says so, and is erased.
  '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'separate-type-imports', disallowTypeAnnotations: false }],
  '@typescript-eslint/consistent-type-exports': 'error',
  '@typescript-eslint/no-deprecated': ['error', { allow: [{ from: 'package', package: 'openid-client', name: 'allowInsecureRequests' }] }],
};

/** Tests read untyped JSON bodies (supertest) and stub async interfaces; the checks that fit production code only churn them. */
const testStyle = {
  '@typescript-eslint/no-unsafe-member-access': 'off',
  '@typescript-eslint/no-unsafe-assignment': 'off',
  '@typescript-eslint/no-unsafe-argument': 'off',
  '@typescript-eslint/no-unsafe-call': 'off',
  '@typescript-eslint/no-unsafe-return': 'off',
  '@typescript-eslint/no-require-imports': 'off',
  '@typescript-eslint/unbound-method': 'off',
  '@typescript-eslint/no-unnecessary-condition': 'off',
  '@typescript-eslint/no-misused-spread': 'off',
  '@typescript-eslint/no-base-to-string': 'off',
  '@typescript-eslint/no-dynamic-delete': 'off',
  '@typescript-eslint/restrict-template-expressions': 'off',
  '@typescript-eslint/prefer-promise-reject-errors': 'off',
  '@typescript-eslint/use-unknown-in-catch-callback-variable': 'off',
  '@typescript-eslint/no-explicit-any': 'off',
  '@typescript-eslint/no-unnecessary-type-conversion': 'off',
  'preserve-caught-error': 'off',
  'no-useless-assignment': 'off',
};

export default defineConfig(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.tools/**',
      'test-artifacts/**',
      'coverage/**',
      'src/web/public/**',
      'scripts/provider-template/**',
      '.data/**',
      'test/fixtures/identities/**',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
      // Without these, import-x reads no .ts dependency and sees no cycle through one.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      ...houseStyle,
      // Type-only imports are erased and cannot form a run-time cycle.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['test/**/*.ts', '**/*.test.ts', 'providers/conformance/**/*.ts', 'providers/entra-graph/testKit.ts', 'bench/**/*.ts', 'chaos/**/*.ts'],
    rules: testStyle,
  },
  {
    // The DOM typings assume a secure context and a current browser (`navigator.mediaDevices` is
    // undefined over plain http, for one); the pages check anyway.
    files: ['src/web/browser/**/*.ts'],
    rules: { '@typescript-eslint/no-unnecessary-condition': 'off' },
  },
  {
    // Express types `res.locals` as Record<string, any>, so every read of what the auth middleware
    // stored there (`res.locals.actor.id`) is `any`; the rest of src/ keeps these checks.
    files: ['src/http/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
  ...layering,
);
