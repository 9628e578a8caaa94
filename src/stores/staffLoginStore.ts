/**
 * Staff sign-ins in progress. What the callback must check (RFC 6749 §10.12 `state`, OpenID Connect
 * Core 1.0 §3.1.2.1 `nonce`, RFC 7636 `code_verifier`) stays here, server-side, under the SHA-256
 * of a random token that only the browser that started the sign-in holds (its login cookie): a
 * callback URL sent to someone else's browser finds nothing. Short-lived and single use (GETDEL).
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { newSecretToken, sha256Hex } from '../crypto/secrets';
import type { RedisKeys } from './keys';

export const StaffLoginSchema = z.strictObject({
  state: z.string().min(16),
  nonce: z.string().min(16),
  codeVerifier: z.string().min(43).max(128),
  /** A same-origin path (checked before it was stored). */
  returnTo: z.string(),
  createdAt: z.number(),
});
export type StaffLogin = z.infer<typeof StaffLoginSchema>;

export class StaffLoginStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** The new login's browser token (for the login cookie only; stored as its digest). */
  async create(login: StaffLogin, ttlMs: number): Promise<string> {
    const token = newSecretToken();
    await this.redis.set(this.keys.staffLogin(sha256Hex(token)), JSON.stringify(StaffLoginSchema.parse(login)), 'PX', ttlMs);
    return token;
  }

  /** Reads and deletes in one step: a callback is honoured once, however often it is replayed. */
  async take(token: string): Promise<StaffLogin | null> {
    const raw = await this.redis.getdel(this.keys.staffLogin(sha256Hex(token)));
    const parsed = raw ? StaffLoginSchema.safeParse(JSON.parse(raw)) : null;
    return parsed?.success ? parsed.data : null;
  }
}
