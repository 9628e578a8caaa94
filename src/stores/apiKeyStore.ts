/**
 * Named API keys: each scoped to one role, stored only as the SHA-256 digest of the key (256-bit
 * CSPRNG values: a plain hash suffices, OWASP ASVS 5.0 §6.5.2), revocable, never shown again after
 * creation. One Redis hash, field = digest, so authenticating a request is one HGET.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { RedisKeys } from './keys';

export const ApiKeyRoleSchema = z.enum(['admin', 'helpdesk', 'reviewer']);
export type ApiKeyRole = z.infer<typeof ApiKeyRoleSchema>;

export const ApiKeyRecordSchema = z.object({
  id: z.string(),
  /** Who or what holds it: the actor the audit trail records (`<role>:<name>`). */
  name: z.string(),
  role: ApiKeyRoleSchema,
  createdAt: z.number(),
  createdBy: z.string(),
  revokedAt: z.number().nullable(),
  revokedBy: z.string().nullable(),
});
export type ApiKeyRecord = z.infer<typeof ApiKeyRecordSchema>;

export class ApiKeyStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async byDigest(digest: string): Promise<ApiKeyRecord | null> {
    const raw = await this.redis.hget(this.keys.apiKeys(), digest);
    return raw ? ApiKeyRecordSchema.parse(JSON.parse(raw)) : null;
  }

  /** Every key ever created, revoked ones included (the record of who held access), oldest first. */
  async list(): Promise<Array<ApiKeyRecord & { digest: string }>> {
    const all = await this.redis.hgetall(this.keys.apiKeys());
    return Object.entries(all)
      .map(([digest, raw]) => ({ ...ApiKeyRecordSchema.parse(JSON.parse(raw)), digest }))
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  /** False when the digest is taken (a 256-bit collision: never in practice, but never overwrite). */
  async create(digest: string, record: ApiKeyRecord): Promise<boolean> {
    return (await this.redis.hsetnx(this.keys.apiKeys(), digest, JSON.stringify(record))) === 1;
  }

  async save(digest: string, record: ApiKeyRecord): Promise<void> {
    await this.redis.hset(this.keys.apiKeys(), digest, JSON.stringify(record));
  }
}
