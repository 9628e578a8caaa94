/**
 * Reproduction (chaos part 2 finding): evidence submitted while Redis restarts can leave a recovery
 * in `verifying` with no verification job — only the verification time-out (default 10 min) moves
 * it on, and the claimant's retry gets 409.
 *
 *   npm run build && node dist/chaos/repro/evidenceDuringRedisRestart.js
 *
 * In one process, against a private redis-server with AOF and s3rver: N recoveries submit evidence
 * at once; while the CAS of the middle one is on the wire, Redis is stopped (SIGTERM), kept down for
 * a second and restarted on the same port and AOF directory. The API's connection gives up after 3
 * reconnect attempts (MaxRetriesPerRequestError), so a submission can fail AFTER its CAS was
 * applied — at the CAS reply itself, the `evidence.received` XADD, or `verify.add`. Each recovery is
 * then classified, including what a claimant's retry of the upload gets (409: already verifying).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { createContext } from '../../src/runtime/createContext';
import { startRedisChild } from '../../src/embedded/redisChild';
import { startS3rverChild } from '../../src/embedded/s3rverChild';
import { startRecovery } from '../../src/recovery/startRecovery';
import { submitEvidence } from '../../src/recovery/submitEvidence';
import { createLogger } from '../../src/logger';
import { view } from '../../flows/transition';
import { repoRoot } from '../paths';

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 40);
  // Debug aid: hide BullMQ's console.error of connection errors (no 'error' listener on queues).
  console.error = () => undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'repro-redis-'));
  let redis = await startRedisChild({ appendOnly: true, dir });
  const s3 = await startS3rverChild('repro');
  const env = {
    REDIS_URL: redis.url, REDIS_PREFIX: 'repro', S3_ENDPOINT: s3.endpoint, S3_BUCKET: 'repro', S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER',
    EVIDENCE_KEY: randomBytes(32).toString('base64'), RATE_LIMITS_ENABLED: 'false', LOG_LEVEL: 'silent', IDV_PROVIDER: 'idemia',
  };
  const config = loadConfig(env);
  const infra = { redisUrl: redis.url, evidenceKey: randomBytes(32), s3: { endpoint: s3.endpoint, region: 'us-east-1', bucket: 'repro', forcePathStyle: true, keyPrefix: '', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
  const { ctx, close } = createContext(config, infra, {}, { logger: createLogger('silent') });
  ctx.redis.on('error', () => undefined);
  await ctx.evidence.ensureBucket();

  // Instrument the two writes around the state change.
  const log: string[] = [];
  const cas = ctx.recoveries.compareAndSet.bind(ctx.recoveries);
  let casCalls = 0;
  let restart: Promise<void> | null = null;
  const port = redis.port;
  ctx.recoveries.compareAndSet = async (...args) => {
    casCalls += 1;
    // Stop Redis while the evidence CAS of the n/2-th submission is on the wire.
    if (casCalls === Math.ceil(n / 2) && !restart) {
      restart = (async () => {
        await new Promise((r) => setImmediate(r));
        await redis.stop(); // SIGTERM: redis flushes the AOF and exits
        await new Promise((r) => setTimeout(r, 1000)); // down for a second, like a restart under a supervisor
        redis = await startRedisChild({ appendOnly: true, dir, port });
      })();
    }
    try {
      const won = await cas(...args);
      if (!won) log.push(`CAS for ${args[0].slice(0, 8)} returned 0 (lost race?)`);
      return won;
    } catch (err) { log.push(`CAS for ${args[0].slice(0, 8)} threw ${String(err)}`); throw err; }
  };
  const add = ctx.queues.verify.add.bind(ctx.queues.verify);
  ctx.queues.verify.add = async (...args) => {
    try { return await add(...args); } catch (err) { log.push(`verify.add for ${args[1].recoveryId.slice(0, 8)} threw ${String(err)}`); throw err; }
  };

  const fx = path.join(repoRoot(), 'test', 'fixtures', 'identities', 'ben-okafor');
  const files = { selfie: readFileSync(path.join(fx, 'selfie.png')), documentFront: readFileSync(path.join(fx, 'document-front.png')) };
  const started = await Promise.all(Array.from({ length: n }, () => startRecovery(ctx, { username: 'ben.okafor' })));

  const submissions = started.map(async (s) => {
    const record = await ctx.recoveries.get(s.id);
    try { await submitEvidence(ctx, record!, { files, consent: true }); return 'accepted'; } catch (err) { return `error: ${String(err).slice(0, 120)}`; }
  });
  const results = await Promise.all(submissions);
  await restart;
  // What a claimant's retry of the same upload gets now.
  const retried = await Promise.all(started.map(async (s, i) => {
    if (results[i] === 'accepted') return '';
    const record = await ctx.recoveries.get(s.id);
    try { await submitEvidence(ctx, record!, { files, consent: true }); return ', retry accepted'; } catch (err) { return `, retry: ${String(err).slice(0, 60)}`; }
  }));

  const classes: Record<string, number> = {};
  for (const [i, s] of started.entries()) {
    const record = await ctx.recoveries.get(s.id);
    const status = record ? view(record.snapshot).status : 'missing';
    const job = await ctx.queues.verify.getJob(`verify-${s.id}-1`);
    const verification = await ctx.redis.get(ctx.keys.verification(s.id, 1));
    let evidence = 'n/a';
    if (verification) {
      const keys = (JSON.parse(verification) as { objectKeys: string[] }).objectKeys;
      evidence = (await Promise.all(keys.map((k) => ctx.evidence.get(k).then(() => true, () => false)))).every(Boolean) ? 'present' : 'DELETED';
    }
    const k = `submit ${results[i]!.replace(/[0-9a-f-]{36}/g, '<id>')}${retried[i]} → status ${status}, verify job ${job ? 'queued' : 'MISSING'}, evidence ${evidence}`;
    classes[k] = (classes[k] ?? 0) + 1;
  }
  console.log('outcomes:');
  for (const [k, v] of Object.entries(classes)) console.log(`  ${v} × ${k}`);
  console.log('instrumented failures:');
  for (const line of log) console.log(`  ${line}`);
  await ctx.queues.verify.obliterate({ force: true }).catch(() => undefined);
  await close();
  await redis.stop();
  await s3.stop();
}

main().then(() => process.exit(0), (err: unknown) => { console.error(err); process.exit(1); });
