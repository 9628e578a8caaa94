/**
 * What an identity verification proved, for the OpenID Provider to hand to the relying party as
 * `verified_claims` (OpenID Connect for Identity Assurance 1.0, docs/oidc.md), and which
 * interaction a verification belongs to.
 *
 * - The identity of a verification-purpose recovery: the names, birth date and document facts
 *   the vendor read, with the vendor and its reference. Never an image. Written by the worker in
 *   the same atomic write as the verdict, so it exists exactly when the verdict was applied.
 * - The same, copied under the oidc-provider grant that finished the interaction, read when the
 *   ID token or UserInfo response is built (findAccount), for as long as that grant's tokens live.
 * - The interaction → recovery binding: one verification per authorization request.
 *
 * Identity records are personal data: sealed with AES-256-GCM under a key of their own derived
 * from the master key (RFC 5869 HKDF), the record's id bound in as additional data, so a value
 * moved to another key does not open (OWASP ASVS 5.0 §11.2). Nothing here is ever logged.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { DocumentTypeSchema } from '../../providers/contract';
import type { RedisKeys } from './keys';
import type { SideWrite } from './recoveryStore';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const VerifiedIdentitySchema = z.strictObject({
  recoveryId: z.string(),
  attempt: z.number().int().positive(),
  /** When the vendor's verdict was decided (ms): the verification's `time`. */
  verifiedAt: z.number(),
  /** The verdict that recorded it: `review` when a person had to decide (and later approved). */
  outcome: z.enum(['approved', 'review']),
  provider: z.string(),
  vendorReference: z.string(),
  claims: z.strictObject({ givenName: z.string().min(1), familyName: z.string().min(1), birthDate: IsoDate.nullable() }),
  document: z.strictObject({
    /** As the person declared it (the vendors' verdicts do not name the kind); null when undeclared. */
    type: DocumentTypeSchema.nullable(),
    number: z.string().nullable(),
    expiry: IsoDate.nullable(),
    /** ISO 3166-1 alpha-3, as read from the document. */
    issuingCountry: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .nullable(),
  }),
});
export type VerifiedIdentity = z.infer<typeof VerifiedIdentitySchema>;

export const InteractionBindingSchema = z.strictObject({
  recoveryId: z.string(),
  clientId: z.string(),
  /** The account the relying party named (`login_hint`), matched against the directory; null for none. */
  loginHint: z.string().nullable(),
});
export type InteractionBinding = z.infer<typeof InteractionBindingSchema>;

const SealedSchema = z.object({ v: z.literal(1), iv: z.string(), body: z.string(), tag: z.string() });

export class VerifiedIdentityStore {
  private readonly key: Buffer;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    masterKey: Buffer,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'recovery/verified-identity/v1', 32));
  }

  keyOf(recoveryId: string): string {
    return this.keys.verifiedIdentity(recoveryId);
  }

  /** The identity as a side write of the verdict's state change (recoveryStore.ts). */
  identityWrite(identity: VerifiedIdentity, ttlMs: number): SideWrite {
    const parsed = VerifiedIdentitySchema.parse(identity);
    return { key: this.keyOf(parsed.recoveryId), value: this.seal(parsed, `recovery:${parsed.recoveryId}`), ttlMs: Math.max(1, ttlMs) };
  }

  async identity(recoveryId: string): Promise<VerifiedIdentity | null> {
    return this.open(await this.redis.get(this.keyOf(recoveryId)), `recovery:${recoveryId}`);
  }

  /** Once the relying party has it under a grant (or the verification failed), the recovery's copy goes. */
  async removeIdentity(recoveryId: string): Promise<void> {
    await this.redis.del(this.keyOf(recoveryId));
  }

  async saveForGrant(grantId: string, identity: VerifiedIdentity, ttlSeconds: number): Promise<void> {
    await this.redis.set(
      this.keys.oidcVerifiedGrant(grantId),
      this.seal(VerifiedIdentitySchema.parse(identity), `grant:${grantId}`),
      'EX',
      Math.max(1, Math.ceil(ttlSeconds)),
    );
  }

  async forGrant(grantId: string): Promise<VerifiedIdentity | null> {
    return this.open(await this.redis.get(this.keys.oidcVerifiedGrant(grantId)), `grant:${grantId}`);
  }

  /** False when the interaction already has a verification (one per authorization request). */
  async bind(uid: string, binding: InteractionBinding, ttlSeconds: number): Promise<boolean> {
    const set = await this.redis.set(
      this.keys.oidcVerification(uid),
      JSON.stringify(InteractionBindingSchema.parse(binding)),
      'EX',
      Math.max(1, Math.ceil(ttlSeconds)),
      'NX',
    );
    return set === 'OK';
  }

  async binding(uid: string): Promise<InteractionBinding | null> {
    const raw = await this.redis.get(this.keys.oidcVerification(uid));
    if (!raw) return null;
    const parsed = InteractionBindingSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  async unbind(uid: string): Promise<void> {
    await this.redis.del(this.keys.oidcVerification(uid));
  }

  private seal(value: VerifiedIdentity, aad: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: 16 });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return JSON.stringify({ v: 1, iv: iv.toString('base64'), body: body.toString('base64'), tag: cipher.getAuthTag().toString('base64') });
  }

  /** Nothing, or a value sealed under another key or for another id, reads as nothing. */
  private open(raw: string | null, aad: string): VerifiedIdentity | null {
    if (!raw) return null;
    try {
      const s = SealedSchema.parse(JSON.parse(raw));
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(s.iv, 'base64'), { authTagLength: 16 });
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(Buffer.from(s.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(s.body, 'base64')), decipher.final()]).toString('utf8');
      return VerifiedIdentitySchema.parse(JSON.parse(plain));
    } catch {
      return null;
    }
  }
}
