/**
 * The API and the workers as separate processes sharing only Redis and S3: this test process
 * serves the API; a `node dist/src/workerMain.js` child runs the verifications. `npm test` builds
 * dist/ before jest runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createHarness, type Harness } from './support/harness';
import { recover, seedDirectory, status } from './support/journey';
import { loadIdentity } from './fixtures/identities';
import { providersConfigToEnv } from '../src/runtime/resolveProviders';

const WORKER = path.resolve(__dirname, '../dist/src/workerMain.js');

function startWorkerProcess(h: Harness): Promise<ChildProcess> {
  const child = spawn(process.execPath, [WORKER], {
    env: { PATH: process.env.PATH, ...h.env, ...providersConfigToEnv(h.mocks.providersConfig), IDV_PROVIDER: 'lexisnexis' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.stdout?.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited early (${code}): ${err}`)));
  });
}

describe('API and workers in separate processes', () => {
  let h: Harness;
  let worker: ChildProcess | null = null;
  beforeAll(async () => {
    expect(existsSync(WORKER)).toBe(true); // run `npm run build` first (npm test does)
    h = await createHarness({ workers: false, env: { IDV_PROVIDER: 'lexisnexis' } });
    await seedDirectory(h);
  });
  afterAll(async () => {
    if (worker && worker.exitCode === null) worker.kill('SIGKILL');
    await h.close();
  });

  it('a worker process verifies what the API process accepted, and drains on SIGTERM', async () => {
    worker = await startWorkerProcess(h);
    const wei = loadIdentity('chen-wei');
    const { id, token } = await recover(h, 'wei.chen', wei);
    const shown = await status(h, id, token).expect(200);
    expect(shown.body.status).toBe('access_pass_issued');
    expect(shown.body.accessPass.code).toHaveLength(12);
    expect(h.mocks.vendor('lexisnexis').stats().byKey[`${id}-1`]).toBe(1);
    const exited = new Promise<number | null>((resolve) => worker!.once('exit', (code) => resolve(code)));
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
