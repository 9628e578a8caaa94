/**
 * Staff actor names, bound to OP subjects. OpenID Connect Core 1.0 §5.7: only `iss` + `sub` identify
 * a person for sure; `email` and `preferred_username` can change or be reassigned. The audit trail
 * and four-eyes use a readable name, so this store pins each subject's name at its first sign-in
 * and refuses that name to any other subject (no one can sign in as "someone else's" name).
 */
import type { Redis } from 'ioredis';
import type { RedisKeys } from './keys';
import { CLAIM_STAFF_NAME_SCRIPT } from './scripts/claimStaffName.lua';

export type NameClaim = { ok: true; name: string } | { ok: false };

export class StaffIdentityStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async claim(issuer: string, subject: string, name: string): Promise<NameClaim> {
    const reply = (await this.redis.eval(
      CLAIM_STAFF_NAME_SCRIPT,
      2,
      this.keys.staffNameBySubject(),
      this.keys.staffSubjectByName(),
      `${issuer} ${subject}`,
      name,
    )) as string[];
    return reply[0] === 'ok' && typeof reply[1] === 'string' ? { ok: true, name: reply[1] } : { ok: false };
  }
}
