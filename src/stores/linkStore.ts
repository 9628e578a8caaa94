/**
 * Help-desk recovery links. The token (256 bits) is stored only as its SHA-256. Opening the link
 * reads nothing here: only starting the recovery redeems it, atomically, so a mail scanner that
 * follows the URL cannot consume it (anchors.md: Kratos #1142).
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { sha256Hex } from '../crypto/secrets';
import type { RedisKeys } from './keys';

const LinkSchema = z.object({
  username: z.string(),
  createdBy: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
});
export type RecoveryLink = z.infer<typeof LinkSchema>;

/** A used or expired link is remembered this long after expiry, to say "already used" rather than "invalid". */
const TOMBSTONE_MS = 7 * 24 * 3600 * 1000;

// Returns the link JSON and marks it used, or an error word. ARGV: now, recoveryId.
const REDEEM_SCRIPT = `
local link = redis.call('HGET', KEYS[1], 'link')
if not link then return {'invalid'} end
local usedBy = redis.call('HGET', KEYS[1], 'usedBy')
-- The same recovery redeeming again is ioredis re-sending this script after a reconnect lost its
-- reply (the recovery id is fresh per start): the first run's answer stands.
if usedBy == ARGV[2] then return {'ok', link} end
if usedBy then return {'used'} end
local expiresAt = tonumber(cjson.decode(link)['expiresAt'])
if tonumber(ARGV[1]) >= expiresAt then return {'expired'} end
redis.call('HSET', KEYS[1], 'usedBy', ARGV[2], 'usedAt', ARGV[1])
return {'ok', link}`;

export type RedeemResult = { ok: true; link: RecoveryLink } | { ok: false; error: 'invalid' | 'used' | 'expired' };

export class LinkStore {
  constructor(private readonly redis: Redis, private readonly keys: RedisKeys) {}

  /**
   * The key lives for a duration computed from the caller's clock, never until an absolute time:
   * Redis would compare that with its own wall clock, which need not agree (docs/clock.md).
   */
  async create(token: string, link: RecoveryLink, now: number): Promise<void> {
    const key = this.keys.link(sha256Hex(token));
    const ttlMs = Math.max(0, link.expiresAt - now) + TOMBSTONE_MS;
    await this.redis.multi().hset(key, 'link', JSON.stringify(link)).pexpire(key, ttlMs).exec();
  }

  async redeem(token: string, now: number, recoveryId: string): Promise<RedeemResult> {
    const reply = (await this.redis.eval(REDEEM_SCRIPT, 1, this.keys.link(sha256Hex(token)), String(now), recoveryId)) as string[];
    if (reply[0] === 'ok' && reply[1]) return { ok: true, link: LinkSchema.parse(JSON.parse(reply[1])) };
    return { ok: false, error: reply[0] === 'used' ? 'used' : reply[0] === 'expired' ? 'expired' : 'invalid' };
  }
}
