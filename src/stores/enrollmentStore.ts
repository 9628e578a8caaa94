/**
 * Passkey enrollments opened with an access pass: a short-lived record (bearer token stored only as
 * SHA-256) and at most one outstanding WebAuthn challenge, taken atomically (GETDEL) so a challenge
 * is verified at most once.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { RedisKeys } from './keys';

export const EnrollmentSchema = z.object({
  id: z.string(),
  tokenHash: z.string(),
  username: z.string(),
  recoveryId: z.string(),
  accessPassId: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
  /** registering → registered (a passkey passed the profiles) → completed (confirming sign-in done). */
  state: z.enum(['registering', 'registered', 'completed']),
  credentialId: z.string().nullable(),
});
export type Enrollment = z.infer<typeof EnrollmentSchema>;

const ChallengeSchema = z.object({ kind: z.enum(['registration', 'authentication']), challenge: z.string() });
export type ChallengeKind = z.infer<typeof ChallengeSchema>['kind'];

export class EnrollmentStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  private key(id: string): string {
    return this.keys.enrollment(id);
  }

  async create(enrollment: Enrollment, ttlMs: number): Promise<void> {
    await this.redis.set(this.key(enrollment.id), JSON.stringify(enrollment), 'PX', Math.max(1, ttlMs));
  }

  async get(id: string): Promise<Enrollment | null> {
    const raw = await this.redis.get(this.key(id));
    return raw ? EnrollmentSchema.parse(JSON.parse(raw)) : null;
  }

  /** Replaces the record and keeps its expiry; false if it has expired meanwhile. */
  async save(enrollment: Enrollment): Promise<boolean> {
    return (await this.redis.set(this.key(enrollment.id), JSON.stringify(enrollment), 'KEEPTTL', 'XX')) === 'OK';
  }

  /** Stores the one outstanding challenge, replacing any earlier one. */
  async setChallenge(id: string, kind: ChallengeKind, challenge: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.keys.enrollmentChallenge(id), JSON.stringify({ kind, challenge }), 'PX', Math.max(1, ttlMs));
  }

  /** Takes (and deletes) the outstanding challenge if it is of this kind. */
  async takeChallenge(id: string, kind: ChallengeKind): Promise<string | null> {
    const raw = await this.redis.getdel(this.keys.enrollmentChallenge(id));
    if (!raw) return null;
    const parsed = ChallengeSchema.parse(JSON.parse(raw));
    return parsed.kind === kind ? parsed.challenge : null;
  }
}
