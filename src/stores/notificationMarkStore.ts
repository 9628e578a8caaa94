/**
 * Which notification messages were handed to the transport, so a retried notification job does
 * not send a message twice (src/notifications/notifyProcessor.ts).
 */
import type { Redis } from 'ioredis';
import type { RedisKeys } from './keys';

/** As long as a completed notification job is kept, and then some. */
const MARK_TTL_MS = 30 * 24 * 3_600_000;

export class NotificationMarkStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async wasSent(messageId: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.notificationSent(messageId))) === 1;
  }

  async markSent(messageId: string): Promise<void> {
    await this.redis.set(this.keys.notificationSent(messageId), '1', 'PX', MARK_TTL_MS);
  }
}
