/**
 * Local risk flags (docs/risk.md): an admin's (`admin`) and the service's own (`service`: a
 * repudiation, a recovery rejected for a spoof), at most one of each per account. The identity
 * provider's verdict is not kept here: it is read from the provider each time (risk/riskState.ts).
 * One Redis hash, field `<source>:<user key>`: an account's flags are one HMGET, the list one
 * HGETALL. Flags are only ever written for accounts the directory holds, so the hash stays as
 * small as the set of flagged accounts.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { riskLevels } from '../config/risk';
import { userKey, type RedisKeys } from './keys';

export const localRiskSources = ['admin', 'service'] as const;
export type LocalRiskSource = (typeof localRiskSources)[number];

export const RiskFlagSchema = z.object({
  /** The account as the directory spells it. */
  username: z.string(),
  source: z.enum(localRiskSources),
  level: z.enum(riskLevels),
  reason: z.string(),
  /** Who or what flagged it: the admin's actor id, or `service`. */
  flaggedBy: z.string(),
  /** The recovery whose outcome raised a service flag; null for an admin's flag. */
  recoveryId: z.string().nullable(),
  at: z.number(),
});
export type RiskFlag = z.infer<typeof RiskFlagSchema>;

const field = (source: LocalRiskSource, username: string) => `${source}:${userKey(username)}`;

export class RiskStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** Sets (replaces) the account's flag of this source. */
  async flag(flag: RiskFlag): Promise<void> {
    await this.redis.hset(this.keys.riskFlags(), field(flag.source, flag.username), JSON.stringify(RiskFlagSchema.parse(flag)));
  }

  /** The flags standing for any of these spellings of one account, each source once. */
  async flagsOf(usernames: readonly string[]): Promise<RiskFlag[]> {
    const fields = [...new Set(usernames.flatMap((u) => localRiskSources.map((s) => field(s, u))))];
    const raw = await this.redis.hmget(this.keys.riskFlags(), ...fields);
    const flags = raw.filter((r): r is string => r !== null).map((r) => RiskFlagSchema.parse(JSON.parse(r)));
    return localRiskSources.flatMap((s) => flags.filter((f) => f.source === s).slice(0, 1));
  }

  async list(): Promise<RiskFlag[]> {
    const all = await this.redis.hgetall(this.keys.riskFlags());
    return Object.values(all)
      .map((r) => RiskFlagSchema.parse(JSON.parse(r)))
      .sort((a, b) => a.at - b.at);
  }

  /** Removes every local flag of these spellings; returns the flags that stood. */
  async clear(usernames: readonly string[]): Promise<RiskFlag[]> {
    const standing = await this.flagsOf(usernames);
    const fields = [...new Set(usernames.flatMap((u) => localRiskSources.map((s) => field(s, u))))];
    await this.redis.hdel(this.keys.riskFlags(), ...fields);
    return standing;
  }
}
