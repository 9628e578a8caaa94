/**
 * One private redis-server and one s3rver for the whole jest run. Tests never touch a Redis the
 * machine may already run on :6379; each test isolates itself with its own key prefix, BullMQ
 * prefix and S3 key prefix (see test/support/harness.ts).
 */
import { startRedisChild } from '../../src/embedded/redisChild';
import { startS3rverChild } from '../../src/embedded/s3rverChild';

export const TEST_BUCKET = 'recovery-test';

export default async function globalSetup(): Promise<void> {
  const redis = await startRedisChild();
  const s3 = await startS3rverChild(TEST_BUCKET);
  process.env.TEST_REDIS_URL = redis.url;
  process.env.TEST_S3_ENDPOINT = s3.endpoint;
  process.env.TEST_S3_BUCKET = TEST_BUCKET;
  (globalThis as Record<string, unknown>).__recoveryServices = { redis, s3 };
}
