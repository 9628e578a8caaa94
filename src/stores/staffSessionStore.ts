/**
 * Staff browser sessions after an OpenID Connect sign-in, server-side so they can be ended (sign-out,
 * an admin). The cookie carries a random 256-bit token; Redis keeps only its SHA-256 (OWASP ASVS 5.0
 * §7.2). A hash maps each session's public id to that digest, so admins list and end sessions without
 * ever seeing a token. TTLs are durations from the injected clock; readers judge expiry on it too.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { newSecretToken, sha256Hex } from '../crypto/secrets';
import { ApiKeyRoleSchema } from './apiKeyStore';
import type { RedisKeys } from './keys';

export const StaffSessionSchema = z.strictObject({
  /** Public id (admins end a session by it); never the token. */
  id: z.string(),
  /** The audit actor: `staff:<name>`, pinned to the subject (staffIdentityStore.ts). */
  actor: z.string(),
  issuer: z.string(),
  subject: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  roles: z.array(ApiKeyRoleSchema).min(1),
  createdAt: z.number(),
  /** Absolute end (STAFF_SESSION_MINUTES after sign-in). */
  expiresAt: z.number(),
  /** Last request seen, for the idle timeout. */
  lastSeenAt: z.number(),
});
export type StaffSession = z.infer<typeof StaffSessionSchema>;

export class StaffSessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** Stores the session for `ttlMs` and returns its token (for the cookie only). */
  async create(session: StaffSession, ttlMs: number): Promise<string> {
    const token = newSecretToken();
    const digest = sha256Hex(token);
    await this.redis
      .multi()
      .set(this.keys.staffSession(digest), JSON.stringify(StaffSessionSchema.parse(session)), 'PX', ttlMs)
      .hset(this.keys.staffSessions(), session.id, digest)
      .exec();
    return token;
  }

  async get(token: string): Promise<StaffSession | null> {
    return this.read(sha256Hex(token));
  }

  /** Records activity and moves the key's expiry; only while the session still exists (XX). */
  async touch(token: string, session: StaffSession, ttlMs: number): Promise<void> {
    await this.redis.set(this.keys.staffSession(sha256Hex(token)), JSON.stringify(StaffSessionSchema.parse(session)), 'PX', ttlMs, 'XX');
  }

  async endByToken(token: string): Promise<StaffSession | null> {
    const digest = sha256Hex(token);
    const session = await this.read(digest);
    await this.remove(digest, session?.id ?? null);
    return session;
  }

  async endById(id: string): Promise<StaffSession | null> {
    const digest = await this.redis.hget(this.keys.staffSessions(), id);
    if (!digest) return null;
    const session = await this.read(digest);
    await this.remove(digest, id);
    return session;
  }

  /** Sessions whose key still exists (the caller judges expiry); index entries of lapsed ones are dropped. */
  async list(): Promise<StaffSession[]> {
    const index = Object.entries(await this.redis.hgetall(this.keys.staffSessions()));
    if (index.length === 0) return [];
    const raws = await this.redis.mget(...index.map(([, digest]) => this.keys.staffSession(digest)));
    const lapsed = index.filter((_, i) => !raws[i]).map(([id]) => id);
    if (lapsed.length > 0) await this.redis.hdel(this.keys.staffSessions(), ...lapsed);
    return raws.flatMap((raw) => {
      const parsed = raw ? StaffSessionSchema.safeParse(JSON.parse(raw)) : null;
      return parsed?.success ? [parsed.data] : [];
    });
  }

  private async read(digest: string): Promise<StaffSession | null> {
    const raw = await this.redis.get(this.keys.staffSession(digest));
    const parsed = raw ? StaffSessionSchema.safeParse(JSON.parse(raw)) : null;
    return parsed?.success ? parsed.data : null;
  }

  private async remove(digest: string, id: string | null): Promise<void> {
    const multi = this.redis.multi().del(this.keys.staffSession(digest));
    if (id) multi.hdel(this.keys.staffSessions(), id);
    await multi.exec();
  }
}
