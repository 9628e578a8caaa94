/**
 * The audit trail in Redis: one stream per deployment, its hash-chain head, and the sink's
 * delivery cursor. Every append goes through `chainedEval`, which seals the entries after the
 * current head (src/crypto/auditChain.ts) and runs the writing script with a check that the head
 * has not moved (scripts/auditChain.lua.ts). When another process appended first, the script
 * writes nothing and names the new head; the entries are sealed again after it and re-sent.
 *
 * Within a process, appends are queued one after another: they would otherwise all be sealed
 * after the same head and all but one re-sent. The head kept here is only a hint (Redis holds the
 * truth and the check enforces it), so a wrong hint costs one retry, never a broken link.
 */
import type { Redis } from 'ioredis';
import { formatHead, parseHead, sealEntries, type ChainContent, type ChainHead } from '../crypto/auditChain';
import type { RedisKeys } from './keys';
import { APPEND_ONLY_BODY, withAuditChain } from './scripts/auditChain.lua';
import { TRIM_DELIVERED_SCRIPT } from './scripts/trimDelivered.lua';

/** The raw stream entry: [id, [field, value, field, value, …]]. */
export type RawStreamEntry = [string, string[]];

/** Re-sends before giving up: each one means another process appended in between. */
const MAX_TRIES = 100;

export class AuditChainContendedError extends Error {
  readonly code = 'audit.contended';
  constructor() {
    super(`the audit chain moved ${MAX_TRIES} times in a row`);
    this.name = 'AuditChainContendedError';
  }
}

export class AuditHeadCorruptError extends Error {
  readonly code = 'audit.head_corrupt';
  constructor() {
    super('the audit chain head in Redis is not <seq>:<hash>; run npm run audit:verify');
    this.name = 'AuditHeadCorruptError';
  }
}

function movedHead(err: unknown): string | null {
  const m = err instanceof Error ? /^AUDITHEAD ?(\S*)/.exec(err.message) : null;
  return m ? (m[1] ?? '') : null;
}

export class AuditStore {
  private hint: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly redis: Redis, private readonly keys: RedisKeys) {}

  streamKey(): string {
    return this.keys.audit();
  }

  /**
   * Runs `body` (a script using K[], A[], audit_check() and audit_append(), see
   * scripts/auditChain.lua.ts) with `entries` sealed onto the chain. Returns the body's reply.
   */
  chainedEval(body: string, keys: string[], args: string[], entries: readonly ChainContent[]): Promise<unknown> {
    const script = withAuditChain(body);
    const run = this.queue.then(() => this.evalSealed(script, keys, args, entries));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async append(entries: readonly ChainContent[]): Promise<void> {
    await this.chainedEval(APPEND_ONLY_BODY, [], [], entries);
  }

  private async evalSealed(script: string, keys: string[], args: string[], entries: readonly ChainContent[]): Promise<unknown> {
    let expected = this.hint ?? (await this.redis.get(this.keys.auditHead())) ?? '';
    for (let tries = 0; tries < MAX_TRIES; tries += 1) {
      // A head that is not `<seq>:<hash>` was written by someone else than this service: no
      // entry can be chained after it, and starting a new chain would hide the tampering.
      if (expected !== '' && !parseHead(expected)) throw new AuditHeadCorruptError();
      const { sealed, head } = sealEntries(parseHead(expected), entries);
      const next = formatHead(head);
      const encoded = JSON.stringify(sealed.map((s) => Object.entries(s)));
      try {
        const [appended, reply] = (await this.redis.eval(script, 2 + keys.length,
          this.keys.audit(), this.keys.auditHead(), ...keys, expected, next, encoded, ...args)) as [number, unknown];
        // Not appended: the body returned before checking the head, which may have moved since.
        this.hint = appended === 1 ? next : null;
        return reply;
      } catch (err) {
        const moved = movedHead(err);
        if (moved === null) {
          this.hint = null;
          throw err;
        }
        expected = moved;
      }
    }
    this.hint = null;
    throw new AuditChainContendedError();
  }

  async head(): Promise<ChainHead | null> {
    return parseHead(await this.redis.get(this.keys.auditHead()));
  }

  /** Up to `count` entries strictly after `cursor` (or from the start), oldest first. */
  async after(cursor: string | null, count: number): Promise<RawStreamEntry[]> {
    return (await this.redis.xrange(this.keys.audit(), cursor ? `(${cursor}` : '-', '+', 'COUNT', count)) as RawStreamEntry[];
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
