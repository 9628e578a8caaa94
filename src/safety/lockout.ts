/**
 * Self-service lockout. A failure counts against the source that caused it, not against the
 * account alone (OWASP Forgot Password Cheat Sheet: a lockout must not let anyone lock the owner
 * out), so a stranger's failed attempts never stop the owner recovering from elsewhere:
 * - source pause (`failed_recoveries`): LOCKOUT_FAILED_RECOVERIES rejected recoveries of one
 *   account from one source (client network or link) within LOCKOUT_WINDOW_HOURS pause
 *   self-service of that account from that source for LOCKOUT_COOLDOWN_MINUTES;
 * - account lock (`suspected_attack`): signs of attack against the account (face mismatch,
 *   liveness or injection failure) from LOCKOUT_ATTACK_SOURCES distinct sources within the window
 *   lock self-service of the account for everyone for the cool-down (ASVS 5.0 §6.3.5);
 * - account lock (`owner_repudiated`): the owner said "this wasn't me" after a completed recovery;
 *   until an admin clears it (NIST SP 800-63B-4 §4.2.3 repudiation, §4.3 suspend on compromise).
 * Accounts are keyed by the username as typed, normalised and hashed, so unknown names behave
 * exactly like real ones. Expiry is judged on the injected clock; Redis TTLs only clean up. The
 * locks and counts live in src/stores/lockoutStore.ts.
 */
import type { AppContext } from '../context';
import type { Lock } from '../stores/lockoutStore';
import { accountKey } from './consumeLimits';

export { LockSchema, type Lock } from '../stores/lockoutStore';

/** Verdicts that say someone else's face, or a spoof, was presented for the account. */
const ATTACK_REASONS: ReadonlySet<string> = new Set(['face_mismatch', 'liveness_failed']);

/** The account's active lock, or null. One GET whatever the username. */
export function readLock(ctx: AppContext, username: string): Promise<Lock | null> {
  return ctx.lockouts.accountLock(accountKey(username), ctx.clock.now());
}

/** The active pause of this account's self-service from this source, or null. */
export function readSourcePause(ctx: AppContext, source: string, username: string): Promise<Lock | null> {
  return ctx.lockouts.sourcePause(source, accountKey(username), ctx.clock.now());
}

export function writeLock(ctx: AppContext, username: string, lock: Lock): Promise<void> {
  return ctx.lockouts.writeAccountLock(accountKey(username), lock, ctx.clock.now());
}

/**
 * One account has several spellings in some directories (Active Directory's sAMAccountName or
 * UPN; Entra's UPN, mail or on-premises name), and locks are read at start by the spelling typed.
 * The owner's "this wasn't me" therefore also locks the account under its directory id, which the
 * verification worker checks whatever spelling the next claimant chose.
 */
export function accountIdLockName(accountId: string): string {
  return `directory-id:${accountId}`;
}

/** Clears the account lock and its attack count (and the lock under the account's directory id); returns the lock that was active, if any. */
export async function clearLock(ctx: AppContext, username: string): Promise<Lock | null> {
  const active = await readLock(ctx, username);
  await ctx.lockouts.clearAccount(accountKey(username));
  const account = await ctx.directory.findAccount(username).catch(() => null);
  if (account) await ctx.lockouts.clearAccount(accountKey(accountIdLockName(account.id)));
  return active;
}

export interface FailureOutcome {
  /** Set when this failure locked the account for everyone. */
  accountLock: Lock | null;
  /** Set when this failure paused the account's self-service from its source. */
  sourcePause: Lock | null;
}

/**
 * Counts a rejected recovery against its source, and, when the verdict was a sign of attack,
 * the source against the account. While the account is locked nothing is counted, so the
 * rejections a lock itself causes do not extend it.
 */
export async function recordFailedRecovery(
  ctx: AppContext,
  f: { username: string; recoveryId: string; source: string | null; reason: string | null },
): Promise<FailureOutcome> {
  const none: FailureOutcome = { accountLock: null, sourcePause: null };
  if (await readLock(ctx, f.username)) return none;
  const now = ctx.clock.now();
  const until = now + ctx.config.LOCKOUT_COOLDOWN_MINUTES * 60_000;
  const windowMs = ctx.config.LOCKOUT_WINDOW_HOURS * 3_600_000;
  const account = accountKey(f.username);
  // Records written before sources existed count as a source of their own.
  const source = f.source ?? `recovery:${f.recoveryId}`;

  let sourcePause: Lock | null = null;
  if ((await ctx.lockouts.countSourceFailure(source, account, f.recoveryId, now, windowMs)) >= ctx.config.LOCKOUT_FAILED_RECOVERIES) {
    sourcePause = { reason: 'failed_recoveries', since: now, until, recoveryId: f.recoveryId };
    await ctx.lockouts.writeSourcePause(source, account, sourcePause, now);
  }

  if (!f.reason || !ATTACK_REASONS.has(f.reason)) return { accountLock: null, sourcePause };
  if ((await ctx.lockouts.countAttackSource(account, source, now, windowMs)) < ctx.config.LOCKOUT_ATTACK_SOURCES) {
    return { accountLock: null, sourcePause };
  }
  const accountLock: Lock = { reason: 'suspected_attack', since: now, until, recoveryId: f.recoveryId };
  await ctx.lockouts.writeAccountLock(account, accountLock, now);
  await ctx.lockouts.clearAttackSources(account);
  return { accountLock, sourcePause };
}
