/**
 * Help-desk recovery links. The token (256 bits) is stored only as its SHA-256. Opening the link
 * reads nothing here: only starting the recovery redeems it, atomically, so a mail scanner that
 * follows the URL cannot consume it (docs/references.md, "Product anchors": Kratos #1142).
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { sha256Hex } from '../crypto/secrets';
import type { RedisKeys } from './keys';
import { REDEEM_LINK_SCRIPT } from './scripts/redeemLink.lua';
import { APPROVE_LINK_SCRIPT } from './scripts/approveLink.lua';

const LinkSchema = z.object({
  /** Names the link to staff (approval) without its secret; absent on links made before it existed. */
  id: z.string().optional(),
  username: z.string(),
  createdBy: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
  /** Four-eyes: a link to a privileged account works only once a second staff member approved it. */
  approval: z.object({ required: z.boolean(), approvedBy: z.string().nullable(), approvedAt: z.number().nullable() }).optional(),
});
export type RecoveryLink = z.infer<typeof LinkSchema>;

/** A used or expired link is remembered this long after expiry, to say "already used" rather than "invalid". */
const TOMBSTONE_MS = 7 * 24 * 3600 * 1000;

export type RedeemResult = { ok: true; link: RecoveryLink } | { ok: false; error: 'invalid' | 'used' | 'expired' | 'pending' };
export type ApproveResult =
  { ok: true; link: RecoveryLink; already: boolean } | { ok: false; error: 'invalid' | 'not_required' | 'same_person' | 'used' | 'expired' };

export class LinkStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /**
   * The key lives for a duration computed from the caller's clock, never until an absolute time:
   * Redis would compare that with its own wall clock, which need not agree (docs/clock.md).
   */
  async create(token: string, link: RecoveryLink, now: number): Promise<void> {
    const key = this.keys.link(sha256Hex(token));
    const ttlMs = Math.max(0, link.expiresAt - now) + TOMBSTONE_MS;
    const multi = this.redis
      .multi()
      .hset(key, 'link', JSON.stringify(LinkSchema.parse(link)))
      .pexpire(key, ttlMs);
    if (link.id) multi.set(this.keys.linkById(link.id), key, 'PX', ttlMs);
    await multi.exec();
  }

  async redeem(token: string, now: number, recoveryId: string): Promise<RedeemResult> {
    const reply = (await this.redis.eval(REDEEM_LINK_SCRIPT, 1, this.keys.link(sha256Hex(token)), String(now), recoveryId)) as string[];
    if (reply[0] === 'ok' && reply[1]) return { ok: true, link: LinkSchema.parse(JSON.parse(reply[1])) };
    const known = ['used', 'expired', 'pending'] as const;
    return { ok: false, error: known.find((k) => k === reply[0]) ?? 'invalid' };
  }

  /** The second staff member's approval: atomic, never by the link's creator, once. */
  async approve(id: string, approver: string, now: number): Promise<ApproveResult> {
    const reply = (await this.redis.eval(APPROVE_LINK_SCRIPT, 1, this.keys.linkById(id), String(now), approver)) as string[];
    if ((reply[0] === 'ok' || reply[0] === 'already') && reply[1]) {
      return { ok: true, link: LinkSchema.parse(JSON.parse(reply[1])), already: reply[0] === 'already' };
    }
    const known = ['not_required', 'same_person', 'used', 'expired'] as const;
    return { ok: false, error: known.find((k) => k === reply[0]) ?? 'invalid' };
  }
}
