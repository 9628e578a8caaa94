#!/usr/bin/env node
/**
 * `npm run conformance -- --provider <name> [--sandbox]`: the shared IDV conformance suite
 * (providers/conformance.test.ts) over one registered vendor, against its mock by default. With
 * `--sandbox` the parts that need no real face or document (auth, webhooks, error mapping, purge)
 * run against the vendor's real sandbox, configured from the vendor's environment variables
 * (`npm run provider-env` lists them). Without `--provider`: every registered vendor.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const args = process.argv.slice(2);
const usage = 'usage: npm run conformance -- [--provider <name>] [--sandbox]';
let provider = '';
let sandbox = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--provider' && args[i + 1]) provider = args[++i];
  else if (args[i].startsWith('--provider=')) provider = args[i].slice('--provider='.length);
  else if (args[i] === '--sandbox') sandbox = true;
  else {
    console.error(`unknown argument "${args[i]}"\n${usage}`);
    process.exit(2);
  }
}
if (provider && !/^[a-z][a-z0-9]{1,31}$/.test(provider)) {
  console.error(`"${provider}" is not a provider name\n${usage}`);
  process.exit(2);
}
const root = path.resolve(__dirname, '..');
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const env = { ...process.env, CONFORMANCE_PROVIDER: provider, CONFORMANCE_TARGET: sandbox ? 'sandbox' : 'mock' };
const run = spawnSync(process.execPath, [jest, '--runTestsByPath', path.join(root, 'providers', 'conformance.test.ts')], { cwd: root, env, stdio: 'inherit' });
process.exit(run.status ?? 1);
