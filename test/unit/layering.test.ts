/**
 * The layering rule of eslint.config.mjs fails a file that breaks it: a store that imports the
 * HTTP layer (or policies), a domain module that imports the workers, and Redis used outside
 * src/stores. ESLint runs in a child process on fixture text (nothing is written to src/), with
 * only the layering rules, so no type information is needed. Needs no Redis or S3.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');

interface Finding {
  file: string;
  ruleId: string | null;
  message: string;
}

/** Lints each fixture as if it were the file at its path; returns every message. */
function lint(fixtures: Record<string, string>): Finding[] {
  const script = `
    const { ESLint } = require('eslint');
    (async () => {
      const eslint = new ESLint({
        cwd: ${JSON.stringify(root)},
        overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
        ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports' || ruleId === 'no-restricted-syntax',
      });
      const fixtures = JSON.parse(process.argv[1]);
      const out = [];
      for (const [file, text] of Object.entries(fixtures)) {
        for (const r of await eslint.lintText(text, { filePath: file })) {
          for (const m of r.messages) out.push({ file, ruleId: m.ruleId, message: m.message });
        }
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((err) => { console.error(err); process.exit(1); });`;
  const stdout = execFileSync(process.execPath, ['-e', script, JSON.stringify(fixtures)], { cwd: root, encoding: 'utf8' });
  return JSON.parse(stdout) as Finding[];
}

const findings = lint({
  'src/stores/layeringFixture.ts':
    "import { problemHandler } from '../http/problem';\nimport { decide } from '../policies/verificationDecision';\nexport const x = [problemHandler, decide];\n",
  'src/stores/scripts/layeringFixture.ts': "import { createApp } from '../../http/app';\nexport const x = createApp;\n",
  'src/recovery/layeringFixture.ts': "import { queueJobs } from '../workers/queues';\nexport const x = queueJobs;\n",
  'src/policies/layeringFixture.ts': "import { RecoveryStore } from '../stores/recoveryStore';\nexport const x = RecoveryStore;\n",
  'src/safety/layeringFixture.ts': "export const read = (ctx: { redis: { get(k: string): unknown } }) => ctx.redis.get('k');\n",
  'flows/layeringFixture.ts': "import { errors } from '../src/errors';\nexport const x = errors;\n",
  // Allowed directions: none of these may be reported.
  'src/http/layeringFixtureOk.ts':
    "import { advance } from '../recovery/advance';\nimport { RecoveryStore } from '../stores/recoveryStore';\nexport const x = [advance, RecoveryStore];\n",
  'src/recovery/layeringFixtureOk.ts':
    "import { decide } from '../policies/verificationDecision';\nimport { view } from '../../flows/transition';\nexport const x = [decide, view];\n",
  'src/stores/layeringFixtureOk.ts':
    "import { sha256Hex } from '../crypto/secrets';\nimport type { PersistedRecovery } from '../../flows/transition';\nexport const x = (p: PersistedRecovery) => [sha256Hex, p];\nexport const read = (ctx: { redis: { get(k: string): unknown } }) => ctx.redis.get('k');\n",
});
const of = (file: string) => findings.filter((f) => f.file === file);

test('a store that imports http or policies fails, at any depth under src/stores', () => {
  expect(of('src/stores/layeringFixture.ts').map((f) => f.ruleId)).toEqual(['no-restricted-imports', 'no-restricted-imports']);
  expect(of('src/stores/layeringFixture.ts')[0]!.message).toMatch(/Stores import nothing above them/);
  expect(of('src/stores/scripts/layeringFixture.ts').map((f) => f.ruleId)).toEqual(['no-restricted-imports']);
});

test('recovery importing the workers, policies importing a store and the machine importing src/ fail', () => {
  expect(of('src/recovery/layeringFixture.ts')[0]?.message).toMatch(/recovery\/ports\.ts/);
  expect(of('src/policies/layeringFixture.ts').map((f) => f.ruleId)).toEqual(['no-restricted-imports']);
  expect(of('flows/layeringFixture.ts').map((f) => f.ruleId)).toEqual(['no-restricted-imports']);
});

test('ctx.redis outside src/stores fails', () => {
  expect(of('src/safety/layeringFixture.ts').map((f) => [f.ruleId, f.message])).toEqual([
    ['no-restricted-syntax', expect.stringMatching(/only inside src\/stores/)],
  ]);
});

test('the allowed directions pass', () => {
  expect([...of('src/http/layeringFixtureOk.ts'), ...of('src/recovery/layeringFixtureOk.ts'), ...of('src/stores/layeringFixtureOk.ts')]).toEqual([]);
});
