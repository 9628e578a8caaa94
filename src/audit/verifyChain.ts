/**
 * Checks the audit trail's hash chain (src/crypto/auditChain.ts) and reports the first broken
 * link: an entry whose content no longer gives its hash (changed), a sequence gap (removed), a
 * `prev` that is not the hash before it (replaced or moved), an entry without chain fields after
 * the chain began (inserted), a stored head the entries do not reach (tail removed), or a head the
 * sink saw earlier that the trail no longer holds (rewritten since).
 *
 * It reads in batches up to the head read first, so entries appended while it runs are neither
 * checked nor mistaken for a fault. Entries before the first chained one were written before the
 * chain existed and are counted, not judged. A trail trimmed after delivery starts at a later
 * sequence number; its first entry's `prev` is taken as given (the sink holds what came before).
 */
import { z } from 'zod';
import { contentDigest, GENESIS_HASH, linkHash, type ChainHead } from '../crypto/auditChain';
import type { AuditStore } from '../stores/auditStore';
import { fieldMap } from './auditEntry';

export const brokenReasons = ['hash_mismatch', 'seq_gap', 'prev_mismatch', 'unchained_entry', 'head_mismatch', 'expected_head_missing'] as const;

const HeadSchema = z.strictObject({ seq: z.number().int().nonnegative(), hash: z.string() });
export const ChainReportSchema = z.strictObject({
  ok: z.boolean(),
  /** Chained entries checked. */
  checked: z.number().int().nonnegative(),
  /** Entries written before the chain existed (at the start of the trail). */
  unchained: z.number().int().nonnegative(),
  /** Sequence number the retained trail starts at (1 unless delivered entries were trimmed). */
  firstSeq: z.number().int().nonnegative().nullable(),
  head: HeadSchema.nullable(),
  broken: z
    .strictObject({
      id: z.string().nullable(),
      seq: z.number().int().nonnegative().nullable(),
      reason: z.enum(brokenReasons),
      detail: z.string(),
    })
    .nullable(),
});
export type ChainReport = z.infer<typeof ChainReportSchema>;
type Broken = NonNullable<ChainReport['broken']>;

const BATCH = 1000;

interface Walk {
  last: ChainHead | null;
  firstSeq: number | null;
  checked: number;
  unchained: number;
  /** Hash at the expected head's sequence number, when the walk passed it. */
  atExpected: string | null;
}

/** The first fault of one entry against the one before it, or null. */
function judge(id: string, fields: Map<string, string>, walk: Walk): Broken | null {
  const seqText = fields.get('seq');
  const prev = fields.get('prev');
  const hash = fields.get('hash');
  if (seqText === undefined || prev === undefined || hash === undefined) {
    return { id, seq: null, reason: 'unchained_entry', detail: 'an entry without chain fields after the chain began' };
  }
  const seq = Number(seqText);
  const content = {
    type: fields.get('type') ?? '',
    at: fields.get('at') ?? '',
    actor: fields.get('actor') ?? '',
    recoveryId: fields.get('recoveryId') ?? '',
    username: fields.get('username') ?? '',
    data: fields.get('data') ?? '',
  };
  if (linkHash(seq, prev, contentDigest(content)) !== hash)
    return { id, seq, reason: 'hash_mismatch', detail: 'the entry no longer gives its hash: changed after it was written' };
  if (walk.last && seq !== walk.last.seq + 1)
    return { id, seq, reason: 'seq_gap', detail: `expected entry ${walk.last.seq + 1}: entries removed or reordered` };
  if (walk.last && prev !== walk.last.hash) return { id, seq, reason: 'prev_mismatch', detail: 'does not follow the entry before it: that entry was replaced' };
  if (!walk.last && seq === 1 && prev !== GENESIS_HASH) return { id, seq, reason: 'prev_mismatch', detail: 'the first entry does not start the chain' };
  return null;
}

export async function verifyChain(store: AuditStore, expected: ChainHead | null = null): Promise<ChainReport> {
  const head = await store.head();
  const walk: Walk = { last: null, firstSeq: null, checked: 0, unchained: 0, atExpected: null };
  const report = (broken: Broken | null): ChainReport => ({
    ok: broken === null,
    checked: walk.checked,
    unchained: walk.unchained,
    firstSeq: walk.firstSeq,
    head,
    broken,
  });
  let cursor: string | null = null;
  outer: for (;;) {
    const batch = await store.after(cursor, BATCH);
    for (const [id, flat] of batch) {
      cursor = id;
      const fields = fieldMap(flat);
      if (!walk.last && !fields.has('hash')) {
        walk.unchained += 1;
        continue;
      }
      const broken = judge(id, fields, walk);
      if (broken) return report(broken);
      const seq = Number(fields.get('seq'));
      // Appended after the head was read: someone else's to check.
      if (!head || seq > head.seq) break outer;
      walk.firstSeq ??= seq;
      walk.last = { seq, hash: fields.get('hash') as string };
      walk.checked += 1;
      if (expected && seq === expected.seq) walk.atExpected = walk.last.hash;
    }
    if (batch.length < BATCH) break;
  }
  return report(endFault(head, walk, expected));
}

function endFault(head: ChainHead | null, walk: Walk, expected: ChainHead | null): Broken | null {
  if (head && (walk.last?.seq !== head.seq || walk.last.hash !== head.hash)) {
    return {
      id: null,
      seq: head.seq,
      reason: 'head_mismatch',
      detail: `the head names entry ${head.seq}; the trail ends at ${walk.last?.seq ?? 'nothing'}: entries removed from the end`,
    };
  }
  if (!head && walk.last) return { id: null, seq: null, reason: 'head_mismatch', detail: 'chained entries but no head' };
  if (!expected) return null;
  const trimmedAway = walk.firstSeq !== null && expected.seq < walk.firstSeq;
  if (trimmedAway) return null;
  if (walk.atExpected !== expected.hash) {
    return { id: null, seq: expected.seq, reason: 'expected_head_missing', detail: 'the trail no longer holds the head the sink was sent: rewritten since' };
  }
  return null;
}
