/**
 * The audit trail's hash chain. Every entry carries its sequence number, the hash of the entry
 * before it (`prev`) and its own hash over both and its content, so an entry changed, removed or
 * moved breaks the chain from that point on. The chain head (last sequence number and hash) is
 * exported with every push to the audit sink: a trail rewritten wholesale by someone with write
 * access to Redis no longer reaches a head the sink has already seen. The construction is that of
 * RFC 6962 §2.1-style append-only logs reduced to a linear chain (Schneier & Kelsey, "Secure Audit
 * Logs to Support Computer Forensics", 1999); docs/audit.md gives receivers the exact recipe.
 *
 * hash = SHA-256 of the JSON array
 *   ["audit-chain-v1", seq, prev, type, at, actor, recoveryId, username, data]
 * with every field as stored (strings; `at` in epoch ms, `data` the JSON text, '' for absent
 * recoveryId/username) and `seq` a number. JSON arrays make the encoding unambiguous: no field's
 * content can move a boundary between fields.
 */
import { createHash } from 'node:crypto';

/** The `prev` of the first entry ever written. */
export const GENESIS_HASH = '0'.repeat(64);

/** An entry's content: what the chain protects. */
export interface ChainContent {
  type: string;
  at: string;
  actor: string;
  recoveryId: string;
  username: string;
  data: string;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

export type SealedFields = ChainContent & { seq: string; prev: string; hash: string };

export function linkHash(seq: number, prev: string, c: ChainContent): string {
  const canonical = JSON.stringify(['audit-chain-v1', seq, prev, c.type, c.at, c.actor, c.recoveryId, c.username, c.data]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** Chains `entries` after `head` (null: the chain is empty), in order. */
export function sealEntries(head: ChainHead | null, entries: readonly ChainContent[]): { sealed: SealedFields[]; head: ChainHead | null } {
  let seq = head?.seq ?? 0;
  let prev = head?.hash ?? GENESIS_HASH;
  const sealed = entries.map((c) => {
    seq += 1;
    const hash = linkHash(seq, prev, c);
    const out: SealedFields = { ...c, seq: String(seq), prev, hash };
    prev = hash;
    return out;
  });
  return { sealed, head: sealed.length > 0 ? { seq, hash: prev } : head };
}

/** The head as stored in Redis: `<seq>:<hash>`, '' for an empty chain. */
export function formatHead(head: ChainHead | null): string {
  return head ? `${head.seq}:${head.hash}` : '';
}

export function parseHead(text: string | null | undefined): ChainHead | null {
  const m = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text ?? '');
  return m ? { seq: Number(m[1]), hash: m[2] as string } : null;
}
