/**
 * The local outbox (src/notifications/localOutbox.ts): a capped list of messages as sent, newest
 * first, read by admins at GET /v1/admin/outbox.
 */
import type { Redis } from 'ioredis';
import type { RedisKeys } from './keys';

/** Messages kept; older ones fall off. */
export const OUTBOX_MAX = 10_000;

export class OutboxStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async push(messageJson: string): Promise<void> {
    await this.redis
      .multi()
      .lpush(this.keys.outbox(), messageJson)
      .ltrim(this.keys.outbox(), 0, OUTBOX_MAX - 1)
      .exec();
  }

  /** Up to `count` messages (JSON) from position `start`, newest first. */
  async page(start: number, count: number): Promise<string[]> {
    return this.redis.lrange(this.keys.outbox(), start, start + count - 1);
  }
}
