/**
 * Reproduction (chaos part 2 finding), now a check of its fix: evidence submitted while Redis
 * restarts used to leave a recovery in `verifying` with no verification job — only the
 * verification time-out (default 10 min) moved it on, and the claimant's retry got 409.
 *
 *   npm run build && node dist/chaos/repro/evidenceDuringRedisRestart.js [N]
 *
 * In one process, against a private redis-server with AOF, s3rver and the mock vendors: N
 * recoveries submit evidence at once; right after the CAS of the middle one committed, Redis is
 * stopped (SIGTERM), kept down for a second and restarted on the same port and AOF directory. The
 * API's connection gives up after 3 reconnect attempts (MaxRetriesPerRequestError), so submissions
 * fail before, during and after their CAS. Each recovery is classified, including what a claimant's
 * retry of the upload gets (409: already verifying) and the state of its verification job.
 *
 * Since the fix the job is queued (delayed) before the CAS and promoted after it, so every recovery
 * that reached `verifying` has one. Then workers start without any further help, and every recovery
 * must leave `verifying` within the job delay plus the verification: exit code 1 if one does not.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { connectRedis, createContext } from '../../src/runtime/createContext';
import { createProviders } from '../../src/runtime/providers';
import { startRedisChild } from '../../src/embedded/redisChild';
import { startS3rverChild } from '../../src/embedded/s3rverChild';
import { startRecovery } from '../../src/recovery/startRecovery';
import { submitEvidence } from '../../src/recovery/submitEvidence';
import { readVerification } from '../../src/recovery/verificationRecord';
import { startWorkers } from '../../src/workers/startWorkers';
import { jobIds, VERIFY_GRACE_MS } from '../../src/workers/queues';
import { demoUsers } from '../../src/demo/directorySeed';
import { createLogger } from '../../src/logger';
import { startMockVendors } from '../../providers/mock-kit/startMocks';
import { view } from '../../flows/transition';
import { repoRoot } from '../paths';

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 40);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'repro-redis-'));
  let redis = await startRedisChild({ appendOnly: true, dir });
  const s3 = await startS3rverChild('repro');
  const mocks = await startMockVendors({ processingDelayMs: 50, timeoutMs: 2000 });
  const env = {
    REDIS_URL: redis.url,
    REDIS_PREFIX: 'repro',
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: 'repro',
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    EVIDENCE_KEY: randomBytes(32).toString('base64'),
    RATE_LIMITS_ENABLED: 'false',
    LOG_LEVEL: 'silent',
    IDV_PROVIDER: 'idemia',
    IDV_POLL_INTERVAL_MS: '50',
  };
  const config = loadConfig(env);
  const infra = {
    redisUrl: redis.url,
    evidenceKey: randomBytes(32),
    s3: { endpoint: s3.endpoint, region: 'us-east-1', bucket: 'repro', forcePathStyle: true, keyPrefix: '', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  };
  const { ctx, redis: connection, close } = createContext(config, infra, createProviders(mocks.providersConfig), { logger: createLogger('silent') });
  connection.on('error', () => undefined);
  await ctx.evidence.ensureBucket();
  await ctx.builtinDirectory.put(demoUsers.find((u) => u.username === 'ben.okafor')!);

  // Instrument the state change.
  const log: string[] = [];
  const cas = ctx.recoveries.compareAndSet.bind(ctx.recoveries);
  let casCalls = 0;
  // Assigned in a callback below, which narrowing cannot see: declared wide on purpose.
  let restart = null as Promise<void> | null;
  const port = redis.port;
  ctx.recoveries.compareAndSet = async (...args) => {
    casCalls += 1;
    const middle = casCalls === Math.ceil(n / 2) && !restart;
    try {
      const won = await cas(...args);
      if (!won) log.push(`CAS for ${args[0].slice(0, 8)} returned 0 (lost race?)`);
      if (middle) {
        // Redis goes down right after the middle submission's state change committed: everything
        // that submission does next (formerly queueing the job) fails.
        log.push(`Redis stopped right after the CAS for ${args[0].slice(0, 8)} committed`);
        let stopped: () => void = () => undefined;
        const down = new Promise<void>((r) => {
          stopped = r;
        });
        restart = (async () => {
          await redis.stop(); // SIGTERM: redis flushes the AOF and exits
          stopped();
          await new Promise((r) => setTimeout(r, 1000)); // down for a second, like a restart under a supervisor
          redis = await startRedisChild({ appendOnly: true, dir, port });
        })();
        await down;
      }
      return won;
    } catch (err) {
      log.push(`CAS for ${args[0].slice(0, 8)} threw ${String(err)}`);
      throw err;
    }
  };

  const fx = path.join(repoRoot(), 'test', 'fixtures', 'identities', 'ben-okafor');
  const files = { selfie: readFileSync(path.join(fx, 'selfie.png')), documentFront: readFileSync(path.join(fx, 'document-front.png')) };
  const started = await Promise.all(Array.from({ length: n }, () => startRecovery(ctx, { username: 'ben.okafor' }, '127.0.0.1')));

  const submissions = started.map(async (s) => {
    const record = await ctx.recoveries.get(s.id);
    try {
      await submitEvidence(ctx, record!, { files, consent: true, selfieSource: 'camera' });
      return 'accepted';
    } catch (err) {
      return `error: ${String(err).slice(0, 120)}`;
    }
  });
  const results = await Promise.all(submissions);
  await restart;
  // What a claimant's retry of the same upload gets now.
  const retried = await Promise.all(
    started.map(async (s, i) => {
      if (results[i] === 'accepted') return '';
      const record = await ctx.recoveries.get(s.id);
      try {
        await submitEvidence(ctx, record!, { files, consent: true, selfieSource: 'camera' });
        return ', retry accepted';
      } catch (err) {
        return `, retry: ${String(err).slice(0, 60)}`;
      }
    }),
  );

  const classes: Record<string, number> = {};
  for (const [i, s] of started.entries()) {
    const record = await ctx.recoveries.get(s.id);
    const current = record ? view(record.snapshot) : null;
    const attempt = current?.context.attempt ?? 0;
    const job = attempt > 0 ? await ctx.queues.verify.getJob(jobIds.verify(s.id, attempt)) : undefined;
    const verification = attempt > 0 ? await readVerification(ctx, s.id, attempt) : null;
    let evidence = 'n/a';
    if (verification) {
      evidence = (
        await Promise.all(
          verification.objectKeys.map((k) =>
            ctx.evidence.get(k).then(
              () => true,
              () => false,
            ),
          ),
        )
      ).every(Boolean)
        ? 'present'
        : 'DELETED';
    }
    const k = `submit ${results[i]!.replace(/[0-9a-f-]{36}/g, '<id>')}${retried[i]} → status ${current?.status ?? 'missing'}, verify job ${job ? await job.getState() : attempt > 0 ? 'MISSING' : 'n/a'}, evidence ${evidence}`;
    classes[k] = (classes[k] ?? 0) + 1;
  }
  console.log('outcomes (a job still `delayed` was not promoted: it starts when its delay ends):');
  for (const [k, v] of Object.entries(classes)) console.log(`  ${v} × ${k}`);
  console.log('instrumented failures:');
  for (const line of log) console.log(`  ${line}`);

  // No retry, no time-out: the jobs alone must take every `verifying` recovery on.
  const workers = startWorkers(ctx, connectRedis(redis.url));
  const deadline = Date.now() + VERIFY_GRACE_MS + 30_000;
  let stuck = started.map((s) => s.id);
  while (stuck.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    const records = await Promise.all(stuck.map((id) => ctx.recoveries.get(id)));
    stuck = stuck.filter((_, i) => records[i] && view(records[i].snapshot).status === 'verifying');
  }
  const final: Record<string, number> = {};
  for (const s of started) {
    const record = await ctx.recoveries.get(s.id);
    const status = record ? view(record.snapshot).status : 'missing';
    final[status] = (final[status] ?? 0) + 1;
  }
  console.log(
    `after starting the workers: ${Object.entries(final)
      .map(([k, v]) => `${v} × ${k}`)
      .join(', ')}`,
  );
  console.log(stuck.length > 0 ? `BUG: ${stuck.length} recoveries still verifying with nothing left to move them on` : 'ok: no recovery is left verifying');
  await workers.close();
  await ctx.queues.verify.obliterate({ force: true }).catch(() => undefined);
  await close();
  await mocks.close();
  await redis.stop();
  await s3.stop();
  process.exitCode = stuck.length > 0 ? 1 : 0;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
