/**
 * Passkeys per user. Every credential ever bound is kept with its lifecycle timestamps (NIST SP
 * 800-63B-4 §4.1: a record of every authenticator bound); revocation marks it, never deletes it.
 * A credential is `pending` from registration until the confirming sign-in, then `active`.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { userKey, type RedisKeys } from './keys';
import type { SideWrite } from './recoveryStore';

export const PasskeyRecordSchema = z.object({
  credentialId: z.string(),
  username: z.string(),
  publicKey: z.string(),
  counter: z.number().int().min(0),
  /** WebAuthn authData flag bit 3 (BE): fixed at creation; it MUST NOT change on later assertions. */
  backupEligible: z.boolean(),
  /** Flag bit 4 (BS): may change; the latest value is kept (WebAuthn §6.1.3 recommends storing it). */
  backedUp: z.boolean(),
  aaguid: z.string(),
  attestationFormat: z.string(),
  /** The trust anchor its attestation chain was verified against (`mds:<aaguid>#…`, `profile:<name>#…`); null when none. */
  attestationAnchor: z.string().nullable().default(null),
  transports: z.array(z.string()),
  /** The passkey profile that accepted it. */
  profile: z.string(),
  recoveryId: z.string().nullable(),
  status: z.enum(['pending', 'active', 'revoked']),
  createdAt: z.number(),
  confirmedAt: z.number().nullable(),
  lastUsedAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
  revokedReason: z.string().nullable(),
  /** The recovery whose completion revoked it (`replaced_by_recovery`), so the owner's "this wasn't me" can reinstate it. */
  revokedBy: z.string().nullable().default(null),
});
export type PasskeyRecord = z.infer<typeof PasskeyRecordSchema>;

export class PasskeyStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  keyOf(credentialId: string): string {
    return this.keys.passkey(credentialId);
  }

  private userSet(username: string): string {
    return this.keys.passkeysByUser(userKey(username));
  }

  private recoverySet(recoveryId: string): string {
    return this.keys.passkeysByRecovery(recoveryId);
  }

  async get(credentialId: string): Promise<PasskeyRecord | null> {
    const raw = await this.redis.get(this.keyOf(credentialId));
    return raw ? PasskeyRecordSchema.parse(JSON.parse(raw)) : null;
  }

  async listForUser(username: string): Promise<PasskeyRecord[]> {
    return this.getMany(await this.redis.smembers(this.userSet(username)));
  }

  async createdBy(recoveryId: string): Promise<PasskeyRecord[]> {
    return this.getMany(await this.redis.smembers(this.recoverySet(recoveryId)));
  }

  /**
   * Stores a newly registered (pending) credential; false if the credential id is already known.
   * A pending credential expires with its enrollment unless it is confirmed.
   */
  async createPending(record: PasskeyRecord, ttlMs: number): Promise<boolean> {
    const created = await this.redis.set(this.keyOf(record.credentialId), JSON.stringify(record), 'PX', Math.max(1, ttlMs), 'NX');
    if (created !== 'OK') return false;
    const multi = this.redis.multi().sadd(this.userSet(record.username), record.credentialId);
    if (record.recoveryId) multi.sadd(this.recoverySet(record.recoveryId), record.credentialId);
    await multi.exec();
    return true;
  }

  /** A write of the record (no expiry) for `advance()`, so activation is atomic with the state change. */
  writeOf(record: PasskeyRecord): SideWrite {
    return { key: this.keyOf(record.credentialId), value: JSON.stringify(PasskeyRecordSchema.parse(record)), ttlMs: 0 };
  }

  /** Replaces the record, keeping a pending record's expiry. */
  async save(record: PasskeyRecord): Promise<void> {
    const value = JSON.stringify(PasskeyRecordSchema.parse(record));
    if (record.status === 'pending') await this.redis.set(this.keyOf(record.credentialId), value, 'KEEPTTL');
    else await this.redis.set(this.keyOf(record.credentialId), value);
  }

  /**
   * Active passkeys of every account, up to `limit` (SCAN in batches: never one blocking command),
   * and whether more were left unread. For the compliance report after a profile change.
   */
  async active(limit: number): Promise<{ passkeys: PasskeyRecord[]; truncated: boolean }> {
    const found: PasskeyRecord[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', this.keys.passkey('*'), 'COUNT', 500);
      cursor = next;
      const raws = keys.length > 0 ? await this.redis.mget(keys) : [];
      for (const raw of raws) {
        const record = raw ? PasskeyRecordSchema.parse(JSON.parse(raw)) : null;
        if (record?.status !== 'active') continue;
        if (found.length === limit) return { passkeys: found, truncated: true };
        found.push(record);
      }
    } while (cursor !== '0');
    return { passkeys: found.sort((a, b) => (a.credentialId < b.credentialId ? -1 : 1)), truncated: false };
  }

  /** The WebAuthn user handle of an account: random, stable, and free of personal data (WebAuthn §14.6.1). */
  async userHandle(username: string): Promise<string> {
    const key = this.keys.passkeyUserHandle(userKey(username));
    await this.redis.set(key, randomBytes(32).toString('base64url'), 'NX');
    return (await this.redis.get(key)) as string;
  }

  private async getMany(ids: string[]): Promise<PasskeyRecord[]> {
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.sort().map((id) => this.keyOf(id)));
    return raws.flatMap((raw) => (raw ? [PasskeyRecordSchema.parse(JSON.parse(raw))] : []));
  }
}
