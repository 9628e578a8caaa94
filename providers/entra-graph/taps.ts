/**
 * Temporary Access Pass rules: one pass per user; the tenant policy's state, scope, lifetime
 * bounds and one-time setting; usability from `startDateTime`, the lifetime and the directory
 * clock. Where Graph's behaviour is not documented, the stand-in's choice is stated here:
 * - in `reject` mode a second create is `400 badRequest` "A Temporary Access Pass already exists
 *   for this user. Delete it before creating a new one.";
 * - a disabled account is `400 badRequest` "Temporary Access Pass cannot be added to a disabled
 *   user account." (the service must never hand out a pass for an account that cannot sign in).
 * https://learn.microsoft.com/en-us/graph/api/authentication-post-temporaryaccesspassmethods
 * https://learn.microsoft.com/en-us/entra/identity/authentication/howto-authentication-temporary-access-pass
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { TemporaryAccessPassAuthenticationMethod } from '@microsoft/microsoft-graph-types';
import { z } from 'zod';
import { GraphProblem } from './graphResponse';
import type { Tenant, TapRecord, UserRecord } from './tenant';
import type { ExistingTapBehaviour, TapPolicy } from './types';

/** Entra's defaults: 1 h minimum and default, 8 h maximum, 8 characters, multi-use allowed, all users. */
export const DEFAULT_TAP_POLICY: TapPolicy = {
  state: 'enabled',
  minimumLifetimeInMinutes: 60,
  maximumLifetimeInMinutes: 480,
  defaultLifetimeInMinutes: 60,
  defaultLength: 8,
  isUsableOnce: false,
  includeGroups: ['all_users'],
};
/** "Must be between 10 and 43200 inclusive (equivalent to 30 days)." */
const LIFETIME_RANGE = { min: 10, max: 43_200 };
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!@#$%&*+=?';
export const POLICY_REFUSAL =
  'Converged UserCredentialPolicy does not allow creating or updating this authentication method. AuthMethodType [TemporaryAccessPass].';

const CreateSchema = z.strictObject({
  '@odata.type': z.string().optional(),
  startDateTime: z.iso.datetime({ offset: true }).optional(),
  lifetimeInMinutes: z.number().int().optional(),
  isUsableOnce: z.boolean().optional(),
});

const bad = (message: string) => new GraphProblem(400, 'badRequest', message);

export class TapService {
  policy: TapPolicy = { ...DEFAULT_TAP_POLICY };
  existing: ExistingTapBehaviour = 'replace';

  constructor(
    private readonly tenant: Tenant,
    private readonly now: () => number,
  ) {}

  create(user: UserRecord, body: unknown): TapRecord {
    const input = CreateSchema.safeParse(body ?? {});
    if (!input.success) throw bad(`Invalid request body: ${input.error.issues.map((i) => i.message).join('; ')}`);
    const { policy } = this;
    if (policy.state !== 'enabled' || !this.inScope(user)) throw bad(POLICY_REFUSAL);
    if (!user.accountEnabled) throw bad('Temporary Access Pass cannot be added to a disabled user account.');
    const lifetime = input.data.lifetimeInMinutes ?? policy.defaultLifetimeInMinutes;
    if (lifetime < LIFETIME_RANGE.min || lifetime > LIFETIME_RANGE.max) throw bad(`lifetimeInMinutes must be between 10 and 43200; got ${lifetime}.`);
    if (lifetime < policy.minimumLifetimeInMinutes || lifetime > policy.maximumLifetimeInMinutes) {
      throw bad(`lifetimeInMinutes ${lifetime} is outside the policy's range ${policy.minimumLifetimeInMinutes}..${policy.maximumLifetimeInMinutes}.`);
    }
    if (policy.isUsableOnce && input.data.isUsableOnce === false)
      throw bad('The Temporary Access Pass policy allows one-time passes only; isUsableOnce cannot be false.');
    if (this.tenant.taps.has(user.id) && this.existing === 'reject') {
      throw bad('A Temporary Access Pass already exists for this user. Delete it before creating a new one.');
    }
    const now = this.now();
    const tap: TapRecord = {
      id: randomUUID(),
      code: makeCode(policy.defaultLength),
      createdDateTime: new Date(now).toISOString(),
      startDateTime: new Date(input.data.startDateTime ?? now).toISOString(),
      lifetimeInMinutes: lifetime,
      isUsableOnce: input.data.isUsableOnce ?? policy.isUsableOnce,
      used: false,
    };
    this.tenant.taps.set(user.id, tap);
    return tap;
  }

  /** The pass as Graph shows it: the code only in the create response, `null` ever after. */
  view(tap: TapRecord, withCode: boolean): TemporaryAccessPassAuthenticationMethod & { '@odata.type': string } {
    const { isUsable, reason } = this.usability(tap);
    return {
      '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethod',
      id: tap.id,
      temporaryAccessPass: withCode ? tap.code : null,
      createdDateTime: tap.createdDateTime,
      startDateTime: tap.startDateTime,
      lifetimeInMinutes: tap.lifetimeInMinutes,
      isUsableOnce: tap.isUsableOnce,
      isUsable,
      methodUsabilityReason: reason,
    };
  }

  usability(tap: TapRecord): { isUsable: boolean; reason: string } {
    const now = this.now();
    const start = Date.parse(tap.startDateTime);
    if (this.policy.state !== 'enabled') return { isUsable: false, reason: 'DisabledByPolicy' };
    if (tap.isUsableOnce && tap.used) return { isUsable: false, reason: 'OneTimeUsed' };
    if (now < start) return { isUsable: false, reason: 'NotYetValid' };
    if (now >= start + tap.lifetimeInMinutes * 60_000) return { isUsable: false, reason: 'Expired' };
    return { isUsable: true, reason: 'EnabledByPolicy' };
  }

  /** A sign-in at Security info with the pass: true when it is accepted (a one-time pass is then spent). */
  signIn(user: UserRecord, code: string): boolean {
    const tap = this.tenant.taps.get(user.id);
    if (!tap || tap.code !== code || !user.accountEnabled || !this.usability(tap).isUsable) return false;
    tap.used = true;
    return true;
  }

  /** Policy targets are groups; the stand-in counts nested memberships. */
  private inScope(user: UserRecord): boolean {
    const targets = this.policy.includeGroups;
    if (targets.includes('all_users')) return true;
    return this.tenant.transitiveGroups(user).some((g) => targets.includes(g.id) || targets.includes(g.displayName));
  }
}

function makeCode(length: number): string {
  return Array.from({ length }, () => ALPHABET.charAt(randomInt(ALPHABET.length))).join('');
}
