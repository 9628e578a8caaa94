/**
 * Prepares a recovery's Temporary Access Pass while the vendor is still working, so that showing
 * it later costs no scrypt on the claimant's path (docs/benchmarks.md, "Push latency": the hash
 * was ~80 ms of the ~90 ms between the verdict and the pass on screen).
 *
 * The code itself is never stored, not even encrypted: it is derived from a server key and a
 * random nonce (policies/accessPass.ts deriveAccessPass), and only the nonce, the salted scrypt
 * hash and the key's id are kept. The candidate is deleted in the same atomic write that shows the
 * pass (readStatus.ts), after which the code cannot be derived again and only its hash remains
 * (OWASP ASVS 5.0 §6.5.2). A candidate that was never used (the verdict was a decline, or the pass
 * length or key changed since) expires when a recovery would, and showing the pass then
 * falls back to minting it on the spot.
 */
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../context';
import { deriveAccessPass, hashAccessPass } from '../policies/accessPass';

const CandidateSchema = z.object({ nonce: z.string(), salt: z.string(), hash: z.string(), length: z.number().int(), keyId: z.string() });

export interface PreparedPass {
  code: string;
  salt: string;
  hash: string;
  /** The candidate's key: delete it atomically with the reveal. */
  key: string;
}

/** A key of its own for deriving passes, from the service's master key (RFC 5869 HKDF). */
export function accessPassKeyFrom(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'recovery/access-pass-derivation/v1', 32));
}

/** Names the derivation key without revealing it, so a candidate made under another key is not used. */
function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(createHmac('sha256', key).update('key-id').digest()).digest('hex').slice(0, 16);
}

/**
 * Idempotent: the first candidate written wins (SET NX), so a redelivered job or a second attempt
 * never replaces one. Best effort: a failure only means the pass is minted when first shown.
 */
export async function prepareAccessPass(ctx: AppContext, recoveryId: string, length: number = ctx.config.TAP_LENGTH): Promise<void> {
  try {
    if (await ctx.accessPasses.hasCandidate(recoveryId)) return;
    const nonce = randomBytes(16);
    const { salt, hash } = await hashAccessPass(deriveAccessPass(ctx.accessPassKey, material(recoveryId, nonce), length));
    const candidate = { nonce: nonce.toString('base64'), salt, hash, length, keyId: keyIdOf(ctx.accessPassKey) };
    // Useless once the recovery has expired, so it lives no longer than a recovery does.
    await ctx.accessPasses.saveCandidate(recoveryId, JSON.stringify(candidate), ctx.config.RECOVERY_TTL_MINUTES * 60_000);
  } catch (err) {
    ctx.logger.warn({ recoveryId, err: String(err) }, 'access pass not prepared; it will be minted when shown');
  }
}

/**
 * The prepared pass, when there is one made under the current key and the wanted length; otherwise
 * null. `length` may still be on its way (the recovery profile's pass policy, read alongside), so
 * the two reads share one round trip on the claimant's path.
 */
export async function preparedAccessPass(
  ctx: AppContext,
  recoveryId: string,
  length: number | Promise<number> = ctx.config.TAP_LENGTH,
): Promise<PreparedPass | null> {
  const key = ctx.accessPasses.candidateKey(recoveryId);
  const [raw, wanted] = await Promise.all([ctx.accessPasses.readCandidate(recoveryId), length]);
  if (!raw) return null;
  const parsed = CandidateSchema.safeParse(parseJson(raw));
  if (!parsed.success) return null; // unreadable: mint one on the spot instead
  const c = parsed.data;
  if (c.length !== wanted || c.keyId !== keyIdOf(ctx.accessPassKey)) return null;
  return { code: deriveAccessPass(ctx.accessPassKey, material(recoveryId, Buffer.from(c.nonce, 'base64')), c.length), salt: c.salt, hash: c.hash, key };
}

/** The recovery is part of what is derived: a candidate copied to another recovery gives another code. */
function material(recoveryId: string, nonce: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${recoveryId}\n`), nonce]);
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}
