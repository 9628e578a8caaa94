/**
 * Reproduction (chaos part 2 finding): if anything fails after the ACCESS_PASS_REVEALED CAS in
 * readStatus (scheduling the access-pass-expiry timer, the `access_pass.issued` audit XADD — e.g.
 * a Redis command given up during a restart, MaxRetriesPerRequestError), the claimant gets 503,
 * the pass is already marked revealed and stored (hash only), and no later read can ever show it.
 * In the chaos run this happened to a claimant whose status read hit the Redis restart.
 *
 *   npm run build && node dist/chaos/repro/tapLostOnFailedReveal.js
 *
 * Here one timers.add failure stands in for the Redis hiccup.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { createContext } from '../../src/runtime/createContext';
import { startRedisChild } from '../../src/embedded/redisChild';
import { startRecovery } from '../../src/recovery/startRecovery';
import { advance } from '../../src/recovery/advance';
import { readStatus } from '../../src/recovery/readStatus';
import { loadStatusSource } from '../../src/recovery/statusSource';
import { createLogger } from '../../src/logger';

async function main(): Promise<void> {
  const redis = await startRedisChild();
  const config = loadConfig({
    REDIS_URL: redis.url,
    REDIS_PREFIX: 'repro',
    S3_ENDPOINT: 'http://127.0.0.1:9',
    EVIDENCE_KEY: randomBytes(32).toString('base64'),
    RATE_LIMITS_ENABLED: 'false',
    LOG_LEVEL: 'silent',
  });
  const infra = {
    redisUrl: redis.url,
    evidenceKey: randomBytes(32),
    s3: { endpoint: 'http://127.0.0.1:9', region: 'us-east-1', bucket: 'x', forcePathStyle: true, keyPrefix: '' },
  };
  const { ctx, close } = createContext(config, infra, {}, { logger: createLogger('silent') });
  const { id } = await startRecovery(ctx, { username: 'ben.okafor' }, '127.0.0.1');
  await advance(ctx, id, { type: 'EVIDENCE_SUBMITTED' }, 'claimant');
  await advance(ctx, id, { type: 'VERIFICATION_APPROVED', attempt: 1 }, 'worker');

  const add = ctx.queues.timers.add.bind(ctx.queues.timers);
  let failOnce = true;
  ctx.queues.timers.add = (async (...args: Parameters<typeof add>) => {
    if (failOnce) {
      failOnce = false;
      throw new Error('Reached the max retries per request limit (which is 3)');
    }
    return add(...args);
  }) as typeof add;

  const first = await readStatus(ctx, (await loadStatusSource(ctx, id))!).then(
    (v) => JSON.stringify(v),
    (err: unknown) => `threw ${String(err)} (the API answers 503)`,
  );
  const second = await readStatus(ctx, (await loadStatusSource(ctx, id))!);
  console.log(`first read:  ${first}`);
  console.log(`second read: ${JSON.stringify(second)}`);
  const stored = await ctx.accessPasses.get('ben.okafor');
  console.log(`access pass stored for ben.okafor: ${stored ? `yes (id ${stored.id}, hash only)` : 'no'}`);
  const lost = !second.accessPass && !first.includes('"code"') && stored !== null;
  console.log(lost ? 'BUG: the pass was minted and stored but never shown; the claimant must start over' : 'ok');
  await close();
  await redis.stop();
  process.exitCode = lost ? 1 : 0;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
