/**
 * `npm run bench`: builds (the npm script), then starts a private redis-server and an s3rver,
 * runs every scenario with its baseline interleaved (3 rounds), the mass event at 100 (3 times),
 * 1,000 and 10,000 recoveries (the cost curve), and one profiled mass event of 500; prints the
 * tables and writes them into docs/benchmarks.md. About 10 minutes on 2 cores.
 *
 * Options: `--quick` (short rounds, small sizes: a smoke test of the bench itself, not a
 * measurement; nothing is written), `--only=status,pipeline,ldap,push,mass,profile`, `--keep-logs`
 * (the processes' logs and CPU profiles are otherwise deleted after a successful run).
 */
import { mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStack } from './lib/stack';
import { machineLines } from './lib/machine';
import { summarizeDir } from './lib/profile';
import { renderResults, writeIntoDoc, type Results } from './lib/report';
import { statusReads } from './scenarios/statusReads';
import { pipeline } from './scenarios/pipeline';
import { ldapPipeline } from './scenarios/ldapPipeline';
import { push } from './scenarios/push';
import { mass } from './scenarios/mass';

const ROUNDS = 3;
const quick = process.argv.includes('--quick');
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const wanted = (name: string) => !only || only.includes(name);
const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

async function main(): Promise<void> {
  const t0 = Date.now();
  const loadAtStart = os.loadavg();
  const stack = await startStack();
  log(`redis ${stack.redisUrl}; process logs in ${stack.logDir}`);
  const results: Results = { seconds: 0 };
  try {
    if (wanted('status')) {
      log('status reads vs bare Express + one Redis GET');
      results.status = await statusReads(stack, ROUNDS, quick ? 3 : 10);
    }
    if (wanted('pipeline')) {
      log('verification pipeline vs raw BullMQ no-op jobs');
      results.pipeline = await pipeline(stack, ROUNDS, quick ? 200 : 500, quick ? 1000 : 5000, 50);
    }
    if (wanted('ldap')) {
      log('verification pipeline: LDAP directory vs built-in directory');
      results.ldap = await ldapPipeline(stack, ROUNDS, quick ? 200 : 500, 50);
    }
    if (wanted('push')) {
      log('push latency: verdict → event stream');
      results.push = await push(stack, ROUNDS, quick ? 5 : 100);
    }
    if (wanted('mass')) {
      results.mass = [];
      // The small size three times (a noise check); the large ones once each, or the run would
      // not fit in 15 minutes on 2 cores.
      const sizes = quick ? [100, 100, 100, 1000] : [100, 100, 100, 1000, 10_000];
      for (const size of sizes) {
        log(`mass event: ${size} recoveries`);
        results.mass.push(await mass(stack, size));
      }
    }
    if (wanted('profile')) {
      const dir = path.join(stack.logDir, 'profiles');
      mkdirSync(dir, { recursive: true });
      log(`profiled mass event of 500 (profiles in ${dir})`);
      await mass(stack, quick ? 200 : 500, dir);
      results.profiles = [...summarizeDir(path.join(dir, 'api')), ...summarizeDir(path.join(dir, 'worker'))].map((p, i) => ({
        ...p,
        file: `${i === 0 ? 'API' : 'worker'} (${p.file})`,
      }));
    }
  } finally {
    await stack.stop();
  }
  // Kept when a scenario threw (the error names the log to read), and on request.
  if (!process.argv.includes('--keep-logs')) rmSync(stack.logDir, { recursive: true, force: true });
  results.seconds = (Date.now() - t0) / 1000;
  // Other work on the machine competes for its cores: say how busy it was.
  const load = (l: number[]) => l.map((v) => v.toFixed(1)).join(' / ');
  const text = renderResults(results, [
    ...machineLines(),
    `- Load average (1 / 5 / 15 min): ${load(loadAtStart)} at the start, ${load(os.loadavg())} at the end`,
  ]);
  process.stdout.write(`${text}\n`);
  if (!quick && !only) writeIntoDoc(path.resolve(__dirname, '..', '..', 'docs', 'benchmarks.md'), text);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
