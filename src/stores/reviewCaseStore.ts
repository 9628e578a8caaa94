/**
 * Review cases in Redis: one JSON record per recovery and a pending index, sorted by when the case
 * was opened (src/review/reviewCases.ts reads and writes cases through it, with their schema).
 */
import type { Redis } from 'ioredis';
import type { RedisKeys } from './keys';
import type { SideWrite } from './recoveryStore';

/** Cases are kept as long as recovery records, for the audit of decisions. */
const CASE_TTL_MS = 30 * 24 * 3_600_000;

export class ReviewCaseStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** The case and its place in the pending list, as side writes of the move to `in_review`. */
  openWrites(recoveryId: string, openedAt: number, caseJson: string): SideWrite[] {
    return [
      { key: this.keys.reviewCase(recoveryId), value: caseJson, ttlMs: CASE_TTL_MS },
      { kind: 'zadd', key: this.keys.reviewPending(), score: openedAt, member: recoveryId },
    ];
  }

  async read(recoveryId: string): Promise<string | null> {
    return this.redis.get(this.keys.reviewCase(recoveryId));
  }

  /** The first `limit` pending recovery ids, oldest case first. */
  async pendingIds(limit: number): Promise<string[]> {
    return this.redis.zrange(this.keys.reviewPending(), '0', String(limit - 1));
  }

  /** Drops a recovery that left `in_review` some other way from the pending list. */
  async dropPending(recoveryId: string): Promise<void> {
    await this.redis.zrem(this.keys.reviewPending(), recoveryId);
  }

  /** Writes the decided case and takes it off the pending list, atomically. */
  async close(recoveryId: string, caseJson: string): Promise<void> {
    await this.redis.multi().set(this.keys.reviewCase(recoveryId), caseJson, 'PX', CASE_TTL_MS).zrem(this.keys.reviewPending(), recoveryId).exec();
  }
}
