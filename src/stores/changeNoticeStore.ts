/**
 * Redis pub/sub for live progress: a notice on a recovery's change channel after each transition
 * (src/recovery/transitions.ts), and one pattern subscription per process over every recovery's
 * channel (src/web/changeFeed.ts fans it out). A notice only says "something changed".
 */
import type { Redis } from 'ioredis';
import type { RedisKeys } from './keys';

export interface ChangeNotice {
  status: string;
  reason: string | null;
  at: number;
}

export interface ChangeSubscription {
  close(): void;
}

export class ChangeNoticeStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async publish(recoveryId: string, notice: ChangeNotice): Promise<void> {
    await this.redis.publish(this.keys.recoveryChanges(recoveryId), JSON.stringify(notice));
  }

  /** Resolves once the subscription is live (a connection of its own), so no later notice is missed. */
  async subscribeAll(onChange: (recoveryId: string) => void): Promise<ChangeSubscription> {
    const prefix = this.keys.recoveryChanges('');
    const sub = this.redis.duplicate();
    sub.on('pmessage', (_pattern: string, channel: string) => onChange(channel.slice(prefix.length)));
    await sub.psubscribe(this.keys.recoveryChanges('*'));
    return { close: () => sub.disconnect() };
  }
}
