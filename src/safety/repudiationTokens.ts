/**
 * "This wasn't me" tokens, one per notification message: 256 bits from the CSPRNG (≥ 128 bits
 * asked; ASVS 5.0 §6.5.2: ≥ 112 bits may be stored as a plain hash), stored only as SHA-256
 * (stores/repudiationTokenStore.ts), single use (redeemed atomically), expiring after
 * REPUDIATION_TTL_HOURS on the injected clock.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../context';
import { newSecretToken, sha256Hex } from '../crypto/secrets';

const RecordSchema = z.object({
  recoveryId: z.string(),
  username: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
});
export type RepudiationRecord = z.infer<typeof RecordSchema>;

/** A used or expired token is remembered this long, to answer "already used" rather than "invalid". */
const TOMBSTONE_MS = 7 * 24 * 3_600_000;

export async function issueRepudiationToken(ctx: AppContext, recoveryId: string, username: string): Promise<{ token: string; expiresAt: number }> {
  const token = newSecretToken();
  const now = ctx.clock.now();
  const expiresAt = now + ctx.config.REPUDIATION_TTL_HOURS * 3_600_000;
  const record: RepudiationRecord = { recoveryId, username, createdAt: now, expiresAt };
  await ctx.repudiationTokens.save(sha256Hex(token), JSON.stringify(record), expiresAt - now + TOMBSTONE_MS);
  return { token, expiresAt };
}

export type RedeemedRepudiation = { ok: true; record: RepudiationRecord } | { ok: false; error: 'invalid' | 'used' | 'expired' };

export async function redeemRepudiationToken(ctx: AppContext, token: string): Promise<RedeemedRepudiation> {
  // A redemption id of its own: a re-sent script (its reply lost) is answered as the first run was.
  const reply = await ctx.repudiationTokens.redeem(sha256Hex(token), ctx.clock.now(), randomUUID());
  return reply.ok ? { ok: true, record: RecordSchema.parse(JSON.parse(reply.recordJson)) } : reply;
}
