/**
 * Marks of submissions begun at vendors that have no idempotency keys: the double-billing guard's
 * memory (workers/submitOnce.ts). A mark is set before the first send of a key and never cleared
 * while the attempt's records live, so every later send of that key is known to be a re-send.
 */
import type { Redis } from 'ioredis';
import type { RedisKeys } from './keys';

/** As long as the attempt's verification records (recovery/verificationRecord.ts, RECORD_TTL_MS). */
const MARK_TTL_MS = 30 * 24 * 3600 * 1000;

export interface SubmissionMarks {
  /** True the first time; false when a submission under this key may have been sent to this vendor before. */
  markSending(provider: string, idempotencyKey: string): Promise<boolean>;
}

export class SubmissionMarkStore implements SubmissionMarks {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async markSending(provider: string, idempotencyKey: string): Promise<boolean> {
    return (await this.redis.set(this.keys.submissionMark(provider, idempotencyKey), '1', 'PX', MARK_TTL_MS, 'NX')) === 'OK';
  }
}
