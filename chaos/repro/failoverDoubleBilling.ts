/**
 * Reproduction (chaos part 3 finding): failover bills a second vendor for a verification the primary
 * has already billed.
 *
 *   npm run build && node dist/chaos/repro/failoverDoubleBilling.js
 *
 * Idemia (primary) bills when `POST /identities` creates the identity — the first of five calls of
 * `submit`. If a later call fails transiently (here: the consent call answers 503 twice), the job is
 * retried, and after IDV_FAILOVER_AFTER (2) failed tries `chooseProvider` moves the verification to
 * the fallback (LexisNexis), which bills again under the same idempotency key. The vendor state
 * that pins a verification to its vendor is only written after `submit` has completed.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { connectRedis, createContext } from '../../src/runtime/createContext';
import { createProviders } from '../../src/runtime/providers';
import { startRedisChild } from '../../src/embedded/redisChild';
import { startS3rverChild } from '../../src/embedded/s3rverChild';
import { startRecovery } from '../../src/recovery/startRecovery';
import { submitEvidence } from '../../src/recovery/submitEvidence';
import { startWorkers } from '../../src/workers/startWorkers';
import { demoUsers } from '../../src/demo/directorySeed';
import { createLogger } from '../../src/logger';
import { startMockVendors } from '../../providers/mock-kit/startMocks';
import { view } from '../../flows/transition';
import { repoRoot } from '../paths';

async function main(): Promise<void> {
  const redis = await startRedisChild();
  const s3 = await startS3rverChild('repro');
  const mocks = await startMockVendors({ processingDelayMs: 50, timeoutMs: 2000 });
  const config = loadConfig({
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
    IDV_FALLBACK_PROVIDERS: 'lexisnexis',
    IDV_FAILOVER_AFTER: '2',
    VERIFY_BACKOFF_MS: '50',
    IDV_POLL_INTERVAL_MS: '50',
  });
  const infra = {
    redisUrl: redis.url,
    evidenceKey: randomBytes(32),
    s3: { endpoint: s3.endpoint, region: 'us-east-1', bucket: 'repro', forcePathStyle: true, keyPrefix: '', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  };
  const { ctx, close } = createContext(config, infra, createProviders(mocks.providersConfig), { logger: createLogger('silent') });
  await ctx.evidence.ensureBucket();
  await ctx.builtinDirectory.put(demoUsers.find((u) => u.username === 'ben.okafor')!);
  const workers = startWorkers(ctx, connectRedis(redis.url));

  // The identity gets created (billed); the next step fails transiently twice.
  mocks.vendor('idemia').sandbox.injectNext('http503', { count: 2, pathIncludes: '/consents' });
  const fx = path.join(repoRoot(), 'test', 'fixtures', 'identities', 'ben-okafor');
  const { id } = await startRecovery(ctx, { username: 'ben.okafor' }, '127.0.0.1');
  await submitEvidence(ctx, (await ctx.recoveries.get(id))!, {
    consent: true,
    selfieSource: 'camera',
    files: { selfie: readFileSync(path.join(fx, 'selfie.png')), documentFront: readFileSync(path.join(fx, 'document-front.png')) },
  });
  const deadline = Date.now() + 30_000;
  let status = 'verifying';
  while (status === 'verifying' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    status = view((await ctx.recoveries.get(id))!.snapshot).status;
  }
  const key = `${id}-1`;
  const billed = Object.fromEntries((['idemia', 'lexisnexis', 'au10tix'] as const).map((v) => [v, mocks.vendor(v).stats().byKey[key] ?? 0]));
  console.log(`recovery ${id}: ${status}`);
  console.log(`billable submissions for idempotency key ${key}: ${JSON.stringify(billed)}`);
  const total = Object.values(billed).reduce((a, b) => a + b, 0);
  console.log(total > 1 ? `BUG: ${total} billable submissions for one verification` : 'ok: one billable submission');
  await workers.close();
  await close();
  await mocks.close();
  await redis.stop();
  await s3.stop();
  process.exitCode = total > 1 ? 1 : 0;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
