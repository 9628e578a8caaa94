/**
 * Recovery records: the machine snapshot plus immutable metadata, in one Redis hash with a version.
 * Writes are compare-and-set on the version (a Lua script), so an HTTP handler and a worker in
 * different processes can never both advance the same recovery; a write may carry extra keys that
 * must change atomically with it (e.g. the user's access-pass hash).
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { PersistedRecovery } from '../../flows/transition';
import type { ChainContent } from '../crypto/auditChain';
import type { AuditStore } from './auditStore';
import type { RedisKeys } from './keys';
import { COMPARE_AND_SET_RECOVERY_BODY } from './scripts/compareAndSetRecovery.lua';

export const RecoveryMetaSchema = z.object({
  id: z.string(),
  tokenHash: z.string(),
  username: z.string(),
  userKey: z.string(),
  origin: z.enum(['self_service', 'helpdesk_link']),
  /** Help-desk agent id when started from a link. */
  initiatedBy: z.string().nullable(),
  provider: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
  /**
   * Who started it, hashed (`ip:<hash of the client network>` or `link:<hash of the link>`): what
   * a failure counts against. Null in records written before it existed.
   */
  source: z.string().nullable().default(null),
  /**
   * `verification`: identity verification only, started from the OpenID Provider's interaction
   * (src/recovery/startVerification.ts), which ends in `verified` and issues no credential.
   * `remediation`: the recovery journey, started by the owner to clear the account's risk (docs/risk.md).
   * Absent in records written before it existed, which reads as `recovery`.
   */
  purpose: z.enum(['recovery', 'verification', 'remediation']).default('recovery'),
});
export type RecoveryMeta = z.infer<typeof RecoveryMetaSchema>;
/** What a new record is created from: fields with a default may be left out. */
export type NewRecoveryMeta = z.input<typeof RecoveryMetaSchema>;

export interface StoredRecovery {
  meta: RecoveryMeta;
  snapshot: PersistedRecovery;
  version: number;
  updatedAt: number;
}

/**
 * The fields a status read needs, kept as plain hash fields next to the snapshot and written in
 * the same atomic write, so that the hottest read (a claimant polling) is one HMGET with no
 * snapshot parse and no machine restore (docs/benchmarks.md, "Status reads").
 */
export interface RecoverySummary {
  status: string;
  reason: string | null;
  accessPass: string;
}

export interface StoredSummary {
  meta: RecoveryMeta;
  version: number;
  summary: RecoverySummary;
}

/** A write that must happen atomically with the state change. */
export type SideWrite =
  | { kind?: 'set'; key: string; value: string; /** ms; 0 = no expiry */ ttlMs: number }
  /** An audit entry, chained onto the audit trail (auditStore.ts) in the same write. */
  | { kind: 'audit'; entry: ChainContent }
  | { kind: 'zadd'; key: string; score: number; member: string }
  | { kind: 'del'; key: string };

type KeyedWrite = Exclude<SideWrite, { kind: 'audit' }>;

function encodeOps(writes: KeyedWrite[]): string {
  if (writes.length === 0) return '[]';
  return JSON.stringify(
    writes.map((w) => {
      if (w.kind === 'zadd') return { kind: 'zadd', score: w.score, member: w.member };
      if (w.kind === 'del') return { kind: 'del' };
      return { kind: 'set', value: w.value, ttlMs: w.ttlMs };
    }),
  );
}

function summaryFields(summary: RecoverySummary): { status: string; reason: string; accessPass: string } {
  return { status: summary.status, reason: summary.reason ?? '', accessPass: summary.accessPass };
}

/** Records outlive their recovery by this long so help desk and audit can still read them. */
export const RECORD_RETENTION_MS = 30 * 24 * 3600 * 1000;
/** The longest a recovery can run (RECOVERY_TTL_MINUTES' maximum): older index entries point at nothing. */
const MAX_RECOVERY_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * A duration from the caller's clock, never an absolute time: Redis would compare an absolute
 * expiry with its own wall clock, which need not agree with the service's (docs/clock.md).
 */
function recordTtlMs(meta: Pick<RecoveryMeta, 'expiresAt'>, now: number): number {
  return Math.max(0, meta.expiresAt - now) + RECORD_RETENTION_MS;
}

export class RecoveryStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly audit: AuditStore,
  ) {}

  async create(meta: NewRecoveryMeta, snapshot: PersistedRecovery, summary: RecoverySummary, now: number): Promise<void> {
    const key = this.keys.recovery(meta.id);
    await this.redis
      .multi()
      .hset(key, { version: 1, meta: JSON.stringify(meta), snapshot: JSON.stringify(snapshot), updatedAt: now, ...summaryFields(summary), summaryOf: 1 })
      .pexpire(key, recordTtlMs(meta, now))
      // Keyed by the username as typed, so anyone can create one: it lives as long as its newest
      // record and drops members whose records are gone (no key without an end, however many names).
      .zadd(this.keys.recoveriesByUser(meta.userKey), now, meta.id)
      .zremrangebyscore(this.keys.recoveriesByUser(meta.userKey), '-inf', now - RECORD_RETENTION_MS - MAX_RECOVERY_TTL_MS)
      .pexpire(this.keys.recoveriesByUser(meta.userKey), recordTtlMs(meta, now))
      .zadd(this.keys.recentRecoveries(), now, meta.id)
      .zremrangebyrank(this.keys.recentRecoveries(), 0, -10_001)
      .exec();
  }

  async get(id: string): Promise<StoredRecovery | null> {
    const raw = await this.redis.hgetall(this.keys.recovery(id));
    if (!raw.meta || !raw.snapshot || !raw.version) return null;
    return {
      meta: RecoveryMetaSchema.parse(JSON.parse(raw.meta)),
      snapshot: JSON.parse(raw.snapshot) as PersistedRecovery,
      version: Number(raw.version),
      updatedAt: Number(raw.updatedAt ?? 0),
    };
  }

  /**
   * Metadata, version and summary in one HMGET. Null when the recovery does not exist, or when its
   * record predates the summary fields (the caller then reads the whole record).
   */
  async getSummary(id: string): Promise<StoredSummary | null> {
    const [meta, version, status, reason, accessPass, summaryOf] = await this.redis.hmget(
      this.keys.recovery(id),
      'meta',
      'version',
      'status',
      'reason',
      'accessPass',
      'summaryOf',
    );
    if (!meta || !version || !status || reason === null || reason === undefined || !accessPass) return null;
    if (summaryOf !== version) return null; // written by an older process: the summary is stale
    return {
      meta: RecoveryMetaSchema.parse(JSON.parse(meta)),
      version: Number(version),
      summary: { status, reason: reason === '' ? null : reason, accessPass },
    };
  }

  /** True when this write won; false when someone else advanced the recovery first. */
  async compareAndSet(
    id: string,
    expectedVersion: number,
    snapshot: PersistedRecovery,
    summary: RecoverySummary,
    now: number,
    sideWrites: SideWrite[] = [],
  ): Promise<boolean> {
    const receipt = this.keys.recoveryReceipt(id, randomUUID());
    const keyed = sideWrites.filter((w): w is KeyedWrite => w.kind !== 'audit');
    const entries = sideWrites.flatMap((w) => (w.kind === 'audit' ? [w.entry] : []));
    const keys = [this.keys.recovery(id), receipt, ...keyed.map((w) => w.key)];
    const { status, reason, accessPass } = summaryFields(summary);
    const args = [String(expectedVersion), JSON.stringify(snapshot), String(now), encodeOps(keyed), status, reason, accessPass];
    if ((await this.audit.chainedEval(COMPARE_AND_SET_RECOVERY_BODY, keys, args, entries)) === 1) return true;
    // ioredis re-sends a command whose reply a reconnect lost; the repeat finds the version moved.
    // This write's own receipt tells "someone else won" from "we won, and this is the echo", even
    // if a third write has landed since.
    return (await this.redis.exists(receipt)) === 1;
  }

  async idsForUser(userKey: string, limit: number): Promise<string[]> {
    return this.redis.zrevrange(this.keys.recoveriesByUser(userKey), 0, limit - 1);
  }

  async recentIds(limit: number): Promise<string[]> {
    return this.redis.zrevrange(this.keys.recentRecoveries(), 0, limit - 1);
  }
}
