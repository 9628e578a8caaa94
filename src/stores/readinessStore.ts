/**
 * What `/readyz` asks of Redis: does it answer, and is a worker heartbeat recent. Every worker
 * process rewrites one shared key with a TTL (src/observability/heartbeat.ts); the API calls
 * workers alive while the key exists. Expiry runs on Redis's clock, so clock skew between the API
 * and worker hosts cannot make a dead worker look alive.
 */
import type { Redis } from 'ioredis';
import type { RedisKeys } from './keys';

export class ReadinessStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async redisAnswers(): Promise<boolean> {
    const answer: string = await this.redis.ping();
    return answer === 'PONG';
  }

  async beat(value: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.keys.workerHeartbeat(), value, 'PX', ttlMs);
  }

  async workersAlive(): Promise<boolean> {
    return (await this.redis.exists(this.keys.workerHeartbeat())) === 1;
  }
}
