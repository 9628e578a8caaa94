/**
 * The audit trail's hash chain. Every entry carries its sequence number, the hash of the entry
 * before it (`prev`) and its own hash over both and its content, so an entry changed, removed or
 * moved breaks the chain from that point on. The chain head (last sequence number and hash) is
 * exported with every push to the audit sink: a trail rewritten wholesale by someone with write
 * access to Redis no longer reaches a head the sink has already seen. The construction is the
 * linear hash chain of Schneier & Kelsey, "Secure Audit Logs to Support Computer Forensics" (1999).
 *
 * Two hashes, because the link is made inside Redis, atomically with the append, and Redis's
 * scripts offer SHA-1 only (`redis.sha1hex`):
 *   digest = SHA-256 of the JSON array ["audit-entry-v1", type, at, actor, recoveryId, username, data]
 *   hash   = SHA-1 of "<prev>:<seq>:<digest>"
 * The content is bound by SHA-256. The link needs SHA-1's second-preimage resistance, which stands
 * (RFC 6194 §3; the known SHA-1 attacks are collisions, which need attacker-chosen blocks inside
 * the hashed input, and here every byte of it is a hex digest or a decimal number). Linking in the
 * script means appends from any number of processes never race for the head. docs/audit.md gives
 * receivers the exact recipe.
 */
import { createHash } from 'node:crypto';

/** The `prev` of the first entry ever written. */
export const GENESIS_HASH = '0'.repeat(40);

/** An entry's content, every field a string as stored (`at` in epoch ms, '' for absent ids): what the chain protects. */
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

export function contentDigest(c: ChainContent): string {
  const canonical = JSON.stringify(['audit-entry-v1', c.type, c.at, c.actor, c.recoveryId, c.username, c.data]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** The link, as the append script computes it (stores/scripts/auditChain.lua.ts). */
export function linkHash(seq: number, prev: string, digest: string): string {
  return createHash('sha1').update(`${prev}:${seq}:${digest}`, 'utf8').digest('hex');
}

/** The head as stored in Redis: `<seq>:<hash>`. */
export function formatHead(head: ChainHead): string {
  return `${head.seq}:${head.hash}`;
}

export function parseHead(text: string | null | undefined): ChainHead | null {
  const m = /^(\d{1,15}):([0-9a-f]{40})$/.exec(text ?? '');
  return m ? { seq: Number(m[1]), hash: m[2] as string } : null;
}
