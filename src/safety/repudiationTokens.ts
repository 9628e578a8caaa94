/**
 * "This wasn't me" tokens, one per notification message: 256 bits from the CSPRNG (≥ 128 bits
 * asked; ASVS 5.0 §6.5.2: ≥ 112 bits may be stored as a plain hash), stored only as SHA-256,
 * single use (redeemed atomically), expiring after REPUDIATION_TTL_HOURS on the injected clock.
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

// KEYS[1] = token hash key. ARGV: now, this redemption's id. Marks the token used and returns it,
// or an error word. The same redemption id again is ioredis re-sending the script after a
// reconnect lost its reply: the first run's answer stands.
const REDEEM_SCRIPT = `
local record = redis.call('HGET', KEYS[1], 'record')
if not record then return {'invalid'} end
local usedBy = redis.call('HGET', KEYS[1], 'usedBy')
if usedBy == ARGV[2] then return {'ok', record} end
if usedBy or redis.call('HEXISTS', KEYS[1], 'usedAt') == 1 then return {'used'} end
if tonumber(ARGV[1]) >= tonumber(cjson.decode(record)['expiresAt']) then return {'expired'} end
redis.call('HSET', KEYS[1], 'usedAt', ARGV[1], 'usedBy', ARGV[2])
return {'ok', record}`;

const tokenKey = (ctx: AppContext, token: string) => `${ctx.config.REDIS_PREFIX}:repudiation:${sha256Hex(token)}`;

export async function issueRepudiationToken(ctx: AppContext, recoveryId: string, username: string): Promise<{ token: string; expiresAt: number }> {
  const token = newSecretToken();
  const now = ctx.clock.now();
  const expiresAt = now + ctx.config.REPUDIATION_TTL_HOURS * 3_600_000;
  const record: RepudiationRecord = { recoveryId, username, createdAt: now, expiresAt };
  const key = tokenKey(ctx, token);
  await ctx.redis.multi().hset(key, 'record', JSON.stringify(record)).pexpire(key, expiresAt - now + TOMBSTONE_MS).exec();
  return { token, expiresAt };
}

export type RedeemedRepudiation = { ok: true; record: RepudiationRecord } | { ok: false; error: 'invalid' | 'used' | 'expired' };

export async function redeemRepudiationToken(ctx: AppContext, token: string): Promise<RedeemedRepudiation> {
  const reply = (await ctx.redis.eval(REDEEM_SCRIPT, 1, tokenKey(ctx, token), String(ctx.clock.now()), randomUUID())) as string[];
  if (reply[0] === 'ok' && reply[1]) return { ok: true, record: RecordSchema.parse(JSON.parse(reply[1])) };
  return { ok: false, error: reply[0] === 'used' ? 'used' : reply[0] === 'expired' ? 'expired' : 'invalid' };
}
