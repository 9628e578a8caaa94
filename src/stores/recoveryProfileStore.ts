/**
 * Recovery profiles in one Redis hash (name → JSON), and the profile each recovery was given.
 * The profiles file and the built-in `default` profile are the baseline: each is created when
 * missing, once per process, and never overwrites an admin's edit.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import {
  DEFAULT_RECOVERY_PROFILE,
  RecoveryModeSchema,
  RecoveryProfileSchema,
  byPriority,
  defaultRecoveryProfile,
  type RecoveryProfile,
} from './recoveryProfileSchema';
import { RECORD_RETENTION_MS, type SideWrite } from './recoveryStore';
import type { RedisKeys } from './keys';

/** Which profile a recovery was given and why, fixed at its first verification attempt. */
export const AppliedProfileSchema = z.strictObject({
  /** Null: no profile covers the account (or it is risky and only evaluation profiles do). */
  profile: z.string().nullable(),
  mode: RecoveryModeSchema.nullable(),
  /** A sentence for the help desk: which group matched, which exclusions applied. */
  why: z.string(),
  /** The profile as it was then: later edits do not change a recovery already under way. */
  settings: RecoveryProfileSchema.nullable(),
  at: z.number().int(),
});
export type AppliedProfile = z.infer<typeof AppliedProfileSchema>;

export class RecoveryProfileStore {
  private seeded: Promise<void> | null = null;
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly baseline: readonly RecoveryProfile[],
  ) {
    this.key = keys.recoveryProfiles();
  }

  /** Every profile, first to last (priority, then name). */
  async list(): Promise<RecoveryProfile[]> {
    await this.seed();
    const all = await this.redis.hgetall(this.key);
    return Object.values(all)
      .map((raw) => RecoveryProfileSchema.parse(JSON.parse(raw)))
      .sort(byPriority);
  }

  async get(name: string): Promise<RecoveryProfile | null> {
    await this.seed();
    const raw = await this.redis.hget(this.key, name);
    return raw ? RecoveryProfileSchema.parse(JSON.parse(raw)) : null;
  }

  /** Creates or replaces a profile; returns the previous version (for the audit's before/after). */
  async put(profile: RecoveryProfile): Promise<RecoveryProfile | null> {
    await this.seed();
    const [[, before] = []] = (await this.redis.multi().hget(this.key, profile.name).hset(this.key, profile.name, JSON.stringify(profile)).exec()) ?? [];
    return typeof before === 'string' ? RecoveryProfileSchema.parse(JSON.parse(before)) : null;
  }

  /** Removes a profile; the default profile cannot be removed (callers check first). */
  async remove(name: string): Promise<RecoveryProfile | null> {
    if (name === DEFAULT_RECOVERY_PROFILE) throw new Error('the default recovery profile cannot be removed');
    await this.seed();
    const [[, before] = []] = (await this.redis.multi().hget(this.key, name).hdel(this.key, name).exec()) ?? [];
    return typeof before === 'string' ? RecoveryProfileSchema.parse(JSON.parse(before)) : null;
  }

  /**
   * Rewrites every named profile's priority in one transaction (WATCH on the hash: a concurrent
   * edit makes it retry against the new contents). Returns null when `names` is not exactly the
   * set of profiles, so a reorder can never silently drop or invent one.
   */
  async reorder(names: readonly string[], step = 10): Promise<{ before: RecoveryProfile[]; after: RecoveryProfile[] } | null> {
    await this.seed();
    for (;;) {
      const conn = this.redis.duplicate();
      try {
        await conn.watch(this.key);
        const all = await conn.hgetall(this.key);
        const before = Object.values(all)
          .map((raw) => RecoveryProfileSchema.parse(JSON.parse(raw)))
          .sort(byPriority);
        if (before.length !== names.length || !names.every((n) => n in all)) {
          await conn.unwatch();
          return null;
        }
        const after = names.map((name, i) => ({ ...RecoveryProfileSchema.parse(JSON.parse(all[name] as string)), priority: Math.min((i + 1) * step, 10_000) }));
        const tx = conn.multi();
        for (const p of after) tx.hset(this.key, p.name, JSON.stringify(p));
        if ((await tx.exec()) !== null) return { before, after };
      } finally {
        conn.disconnect();
      }
    }
  }

  /** The profile a recovery was given, or null before its first verification attempt. */
  async applied(recoveryId: string): Promise<AppliedProfile | null> {
    const raw = await this.redis.get(this.appliedKey(recoveryId));
    return raw ? AppliedProfileSchema.parse(JSON.parse(raw)) : null;
  }

  /**
   * Records the profile a recovery was given, inside the transition that first relies on it; kept
   * as long as the recovery's own record (`untilEnd`: ms until the recovery expires).
   */
  appliedWrite(recoveryId: string, applied: AppliedProfile, untilEnd: number): SideWrite {
    return { key: this.appliedKey(recoveryId), value: JSON.stringify(AppliedProfileSchema.parse(applied)), ttlMs: Math.max(0, untilEnd) + RECORD_RETENTION_MS };
  }

  private appliedKey(recoveryId: string): string {
    return this.keys.appliedRecoveryProfile(recoveryId);
  }

  private seed(): Promise<void> {
    this.seeded ??= (async () => {
      const pipeline = this.redis.pipeline();
      const baseline = this.baseline.some((p) => p.name === DEFAULT_RECOVERY_PROFILE) ? this.baseline : [...this.baseline, defaultRecoveryProfile()];
      for (const profile of baseline) pipeline.hsetnx(this.key, profile.name, JSON.stringify(profile));
      await pipeline.exec();
    })().catch((err: unknown) => {
      this.seeded = null; // retry on the next call rather than caching a failure
      throw err;
    });
    return this.seeded;
  }
}
