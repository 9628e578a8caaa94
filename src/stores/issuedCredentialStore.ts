/**
 * A temporary access credential issued at the credential target (an Entra TAP) when the recovery
 * is approved, held until the claimant's one status response shows it. The target returns the
 * code only once, at creation, so it must be kept until then; it is kept sealed (AES-256-GCM
 * under a key of its own derived from the master key, the recovery id and the pass's metadata
 * bound in as additional data), never in plaintext (OWASP ASVS 5.0 §11.2: secrets at rest are encrypted), and deleted in
 * the same atomic write that marks it shown.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { RedisKeys } from './keys';
import type { SideWrite } from './recoveryStore';

/** A credential issued at the target (connectors/credentials.ts). */
export interface IssuedCredential {
  /** The secret the person types. It is shown once and never stored in plaintext. */
  code: string;
  /** The target's id for the credential (the TAP method id), never secret. */
  methodId: string;
  createdAt: number;
  expiresAt: number;
  oneTimeUse: boolean;
}

/** What a recovery left at the target: its pass and the passkey the person registered, where known. */
export interface RecoveryOutcome {
  methodId: string | null;
  passkeyId: string | null;
  /** When the pass was issued (ms): a passkey registered since then is the recovered person's. */
  issuedAt?: number;
}

const OutcomeSchema = z.object({ methodId: z.string().nullable(), passkeyId: z.string().nullable(), issuedAt: z.number().optional() });

/** As long as a completed recovery's record is kept, so a late "this wasn't me" still finds it. */
const OUTCOME_TTL_MS = 30 * 24 * 3600 * 1000;

const SealedSchema = z.object({
  v: z.literal(1),
  iv: z.string(),
  body: z.string(),
  tag: z.string(),
  methodId: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
  oneTimeUse: z.boolean(),
});

export class IssuedCredentialStore {
  private readonly key: Buffer;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    masterKey: Buffer,
  ) {
    // RFC 5869 HKDF: a key used for nothing else.
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'recovery/issued-credential/v1', 32));
  }

  keyOf(recoveryId: string): string {
    return this.keys.issuedCredential(recoveryId);
  }

  /** The sealed credential as a write to commit with the approval; it expires with the credential. */
  writeOf(recoveryId: string, credential: IssuedCredential, now: number): SideWrite {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: 16 });
    cipher.setAAD(boundData(recoveryId, credential));
    const body = Buffer.concat([cipher.update(credential.code, 'utf8'), cipher.final()]);
    const sealed = {
      v: 1 as const,
      iv: iv.toString('base64'),
      body: body.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      methodId: credential.methodId,
      createdAt: credential.createdAt,
      expiresAt: credential.expiresAt,
      oneTimeUse: credential.oneTimeUse,
    };
    return { key: this.keyOf(recoveryId), value: JSON.stringify(sealed), ttlMs: Math.max(1, credential.expiresAt - now) };
  }

  /**
   * One approval at a time issues a recovery's pass: the target keeps one pass per account, so a
   * second issue (a double-clicked review, a stalled job running twice) would delete the first.
   * The claim lapses on its own; a failed issue releases it at once.
   */
  async claim(recoveryId: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.keys.issueClaim(recoveryId), '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  async release(recoveryId: string): Promise<void> {
    await this.redis.del(this.keys.issueClaim(recoveryId));
  }

  /** Records what the recovery left at the target (no secret: ids only), as a write to commit with the state change. */
  outcomeWriteOf(recoveryId: string, outcome: RecoveryOutcome): SideWrite {
    return { key: this.keys.targetOutcome(recoveryId), value: JSON.stringify(OutcomeSchema.parse(outcome)), ttlMs: OUTCOME_TTL_MS };
  }

  async outcome(recoveryId: string): Promise<RecoveryOutcome | null> {
    const raw = await this.redis.get(this.keys.targetOutcome(recoveryId));
    const parsed = raw ? OutcomeSchema.safeParse(safeJson(raw)) : null;
    return parsed?.success ? parsed.data : null;
  }

  /** The credential, unsealed, or null when there is none (shown already, expired, or sealed under another key). */
  async open(recoveryId: string): Promise<IssuedCredential | null> {
    const raw = await this.redis.get(this.keyOf(recoveryId));
    if (!raw) return null;
    const parsed = SealedSchema.safeParse(safeJson(raw));
    if (!parsed.success) return null;
    const s = parsed.data;
    try {
      const meta = { methodId: s.methodId, createdAt: s.createdAt, expiresAt: s.expiresAt, oneTimeUse: s.oneTimeUse };
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(s.iv, 'base64'), { authTagLength: 16 });
      decipher.setAAD(boundData(recoveryId, meta));
      decipher.setAuthTag(Buffer.from(s.tag, 'base64'));
      const code = Buffer.concat([decipher.update(Buffer.from(s.body, 'base64')), decipher.final()]).toString('utf8');
      return { code, ...meta };
    } catch {
      return null;
    }
  }
}

/** The recovery and the pass's metadata are authenticated with the code: none can be swapped. */
function boundData(recoveryId: string, c: Omit<IssuedCredential, 'code'>): Buffer {
  return Buffer.from(JSON.stringify([recoveryId, c.methodId, c.createdAt, c.expiresAt, c.oneTimeUse]), 'utf8');
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}
