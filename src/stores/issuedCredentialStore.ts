/**
 * A temporary access credential issued at the credential target (an Entra TAP) when the recovery
 * is approved, held until the claimant's one status response shows it. The target returns the
 * code only once, at creation, so it must be kept until then; it is kept sealed (AES-256-GCM
 * under a key of its own derived from the master key, the recovery id bound in as additional
 * data), never in plaintext (OWASP ASVS 5.0 §11.2: secrets at rest are encrypted), and deleted in
 * the same atomic write that marks it shown.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { IssuedCredential } from '../connectors/credentials';
import type { RedisKeys } from './keys';
import type { SideWrite } from './recoveryStore';

const SealedSchema = z.object({
  v: z.literal(1), iv: z.string(), body: z.string(), tag: z.string(),
  methodId: z.string(), createdAt: z.number(), expiresAt: z.number(), oneTimeUse: z.boolean(),
});

export class IssuedCredentialStore {
  private readonly key: Buffer;

  constructor(private readonly redis: Redis, private readonly keys: RedisKeys, masterKey: Buffer) {
    // RFC 5869 HKDF: a key used for nothing else.
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'recovery/issued-credential/v1', 32));
  }

  keyOf(recoveryId: string): string {
    return this.keys.issuedCredential(recoveryId);
  }

  /** The sealed credential as a write to commit with the approval; it expires with the credential. */
  writeOf(recoveryId: string, credential: IssuedCredential, now: number): SideWrite {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(recoveryId, 'utf8'));
    const body = Buffer.concat([cipher.update(credential.code, 'utf8'), cipher.final()]);
    const sealed = {
      v: 1 as const, iv: iv.toString('base64'), body: body.toString('base64'), tag: cipher.getAuthTag().toString('base64'),
      methodId: credential.methodId, createdAt: credential.createdAt, expiresAt: credential.expiresAt, oneTimeUse: credential.oneTimeUse,
    };
    return { key: this.keyOf(recoveryId), value: JSON.stringify(sealed), ttlMs: Math.max(1, credential.expiresAt - now) };
  }

  /** The credential, unsealed, or null when there is none (shown already, expired, or sealed under another key). */
  async open(recoveryId: string): Promise<IssuedCredential | null> {
    const raw = await this.redis.get(this.keyOf(recoveryId));
    if (!raw) return null;
    const parsed = SealedSchema.safeParse(safeJson(raw));
    if (!parsed.success) return null;
    const s = parsed.data;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(s.iv, 'base64'));
      decipher.setAAD(Buffer.from(recoveryId, 'utf8'));
      decipher.setAuthTag(Buffer.from(s.tag, 'base64'));
      const code = Buffer.concat([decipher.update(Buffer.from(s.body, 'base64')), decipher.final()]).toString('utf8');
      return { code, methodId: s.methodId, createdAt: s.createdAt, expiresAt: s.expiresAt, oneTimeUse: s.oneTimeUse };
    } catch {
      return null;
    }
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}
