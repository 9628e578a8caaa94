/**
 * What a claimant typed about themselves when starting a recovery (their employee ID), kept for
 * the verification worker's account match and nothing else. It is personal data the claimant may
 * have got wrong or made up, so it is kept sealed (AES-256-GCM under a key of its own derived from
 * the master key, the recovery id bound in as additional data: OWASP ASVS 5.0 §11.2), only until
 * the recovery can no longer be decided, and never returned by any endpoint or written to a log.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { RedisKeys } from './keys';

export interface ClaimantAttributes {
  employeeId: string | null;
}

/** Kept a little past the recovery's end, so a verification decided at its last moment still finds it. */
const GRACE_MS = 10 * 60_000;

const SealedSchema = z.object({ v: z.literal(1), iv: z.string(), body: z.string(), tag: z.string() });
const PlainSchema = z.object({ employeeId: z.string().min(1).max(64).nullable() });

export class ClaimantAttributeStore {
  private readonly key: Buffer;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    masterKey: Buffer,
  ) {
    // RFC 5869 HKDF: a key used for nothing else.
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'recovery/claimant-attributes/v1', 32));
  }

  private keyOf(recoveryId: string): string {
    return this.keys.claimantAttributes(recoveryId);
  }

  /** Nothing is written when the claimant gave nothing. `ttlMs`: until the recovery expires. */
  async save(recoveryId: string, attributes: ClaimantAttributes, ttlMs: number): Promise<void> {
    if (attributes.employeeId === null) return;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: 16 });
    cipher.setAAD(Buffer.from(recoveryId, 'utf8'));
    const body = Buffer.concat([cipher.update(JSON.stringify(PlainSchema.parse(attributes)), 'utf8'), cipher.final()]);
    const sealed = { v: 1, iv: iv.toString('base64'), body: body.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
    await this.redis.set(this.keyOf(recoveryId), JSON.stringify(sealed), 'PX', Math.max(1, ttlMs + GRACE_MS));
  }

  /** What the claimant gave; nothing (or a record sealed under another key) reads as not given. */
  async read(recoveryId: string): Promise<ClaimantAttributes> {
    const raw = await this.redis.get(this.keyOf(recoveryId));
    const parsed = raw ? SealedSchema.safeParse(safeJson(raw)) : null;
    if (!parsed?.success) return { employeeId: null };
    try {
      const s = parsed.data;
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(s.iv, 'base64'), { authTagLength: 16 });
      decipher.setAAD(Buffer.from(recoveryId, 'utf8'));
      decipher.setAuthTag(Buffer.from(s.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(s.body, 'base64')), decipher.final()]).toString('utf8');
      return PlainSchema.parse(JSON.parse(plain));
    } catch {
      return { employeeId: null };
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
