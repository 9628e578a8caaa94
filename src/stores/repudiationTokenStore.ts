/**
 * "This wasn't me" tokens, by the SHA-256 of the token (src/safety/repudiationTokens.ts makes and
 * checks them): a hash holding the record, marked used atomically on redemption.
 */
import type { Redis } from 'ioredis';
import type { RedisKeys } from './keys';
import { REDEEM_REPUDIATION_SCRIPT } from './scripts/redeemRepudiation.lua';

export type RedeemReply = { ok: true; recordJson: string } | { ok: false; error: 'invalid' | 'used' | 'expired' };

export class RepudiationTokenStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** Stores a new token's record; the hash is kept `ttlMs` (the token's lifetime plus its tombstone). */
  async save(tokenHash: string, recordJson: string, ttlMs: number): Promise<void> {
    const key = this.keys.repudiationToken(tokenHash);
    await this.redis.multi().hset(key, 'record', recordJson).pexpire(key, ttlMs).exec();
  }

  /** Marks the token used unless it is unknown, used or expired at `now`; `redemptionId` names this try. */
  async redeem(tokenHash: string, now: number, redemptionId: string): Promise<RedeemReply> {
    const reply = (await this.redis.eval(REDEEM_REPUDIATION_SCRIPT, 1, this.keys.repudiationToken(tokenHash), String(now), redemptionId)) as string[];
    if (reply[0] === 'ok' && reply[1]) return { ok: true, recordJson: reply[1] };
    return { ok: false, error: reply[0] === 'used' ? 'used' : reply[0] === 'expired' ? 'expired' : 'invalid' };
  }
}
