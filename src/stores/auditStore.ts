/**
 * The audit trail in Redis: one stream per deployment, its hash-chain head, and the sink's
 * delivery cursor. Every append goes through `chainedEval`: the entries' content digests are
 * computed here (SHA-256, src/crypto/auditChain.ts) and the writing script links them to the head
 * and moves it, in the same atomic script as the state change they record
 * (scripts/auditChain.lua.ts). Appends from any number of processes therefore never race.
 */
import type { Redis } from 'ioredis';
import { contentDigest, parseHead, type ChainContent, type ChainHead } from '../crypto/auditChain';
import type { RedisKeys } from './keys';
import { APPEND_ONLY_BODY, withAuditChain } from './scripts/auditChain.lua';
import { TRIM_DELIVERED_SCRIPT } from './scripts/trimDelivered.lua';

/** The raw stream entry: [id, [field, value, field, value, …]]. */
export type RawStreamEntry = [string, string[]];

export class AuditHeadCorruptError extends Error {
  readonly code = 'audit.head_corrupt';
  constructor(options?: { cause?: unknown }) {
    super('the audit chain head in Redis is not <seq>:<hash>; run npm run audit:verify', options);
    this.name = 'AuditHeadCorruptError';
  }
}

export class AuditStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /**
   * Runs `body` (a script using K[], A[] and audit_append(), see scripts/auditChain.lua.ts) with
   * `entries` to be chained where it calls audit_append(). Returns the body's reply.
   */
  async chainedEval(body: string, keys: string[], args: string[], entries: readonly ChainContent[]): Promise<unknown> {
    const encoded = JSON.stringify(entries.map((e) => ({ digest: contentDigest(e), fields: Object.entries(e) })));
    try {
      return await this.redis.eval(withAuditChain(body), 2 + keys.length, this.keys.audit(), this.keys.auditHead(), ...keys, encoded, ...args);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('AUDITHEAD_CORRUPT')) throw new AuditHeadCorruptError({ cause: err });
      throw err;
    }
  }

  async append(entries: readonly ChainContent[]): Promise<void> {
    await this.chainedEval(APPEND_ONLY_BODY, [], [], entries);
  }

  async head(): Promise<ChainHead | null> {
    return parseHead(await this.redis.get(this.keys.auditHead()));
  }

  /** Up to `count` entries strictly after `cursor` (or from the start), oldest first. */
  async after(cursor: string | null, count: number): Promise<RawStreamEntry[]> {
    return await this.redis.xrange(this.keys.audit(), cursor ? `(${cursor}` : '-', '+', 'COUNT', count);
  }

  async length(): Promise<number> {
    return this.redis.xlen(this.keys.audit());
  }

  /** The id of the last entry the sink acknowledged. */
  async deliveredUpTo(): Promise<string | null> {
    return this.redis.get(this.keys.auditPushCursor());
  }

  async markDelivered(id: string): Promise<void> {
    await this.redis.set(this.keys.auditPushCursor(), id);
  }

  /** Removes delivered entries older than `retentionMs`; returns how many went. */
  async trimDelivered(retentionMs: number): Promise<number> {
    return Number(await this.redis.eval(TRIM_DELIVERED_SCRIPT, 2, this.keys.audit(), this.keys.auditPushCursor(), String(retentionMs)));
  }
}
