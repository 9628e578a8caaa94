/**
 * What a locked account, or a paused source, meets. Starting looks exactly the same (201, same
 * body, same work: no lock is even read at start), so a lock reveals nothing there. At evidence
 * submission the evidence is accepted as usual (202 `verifying`), but neither stored nor sent to a
 * vendor (no biometric processing without a purpose, NIST SP 800-63A-4 §3.1.3 minimisation), and
 * the recovery ends at once with the honest `self_service_locked`: the page tells the person to
 * contact the help desk. What is checked (safety/lockout.ts):
 * - an account lock stops self-service recoveries from anywhere;
 * - a source pause stops self-service recoveries of the account from that source only;
 * - help-desk links pass both (the help desk is told about every lock and is the way back in),
 *   but not the owner's own "this wasn't me": a link sent before the owner's report is declined.
 */
import type { AppContext } from '../context';
import { errors } from '../errors';
import type { StoredRecovery } from '../stores/recoveryStore';
import { advance } from '../recovery/advance';
import { appendAudit } from '../audit/auditLog';
import { readLock, readSourcePause, type Lock } from './lockout';

async function blockingLock(ctx: AppContext, record: StoredRecovery): Promise<{ lock: Lock; scope: 'account' | 'source' } | null> {
  const { username, origin, source } = record.meta;
  const lock = await readLock(ctx, username);
  if (lock && (origin === 'self_service' || lock.reason === 'owner_repudiated')) return { lock, scope: 'account' };
  if (origin !== 'self_service' || !source) return null;
  const pause = await readSourcePause(ctx, source, username);
  return pause ? { lock: pause, scope: 'source' } : null;
}

/** True when the submission was absorbed by a lock (the caller answers 202 `verifying` and stops). */
export async function declineIfLocked(ctx: AppContext, record: StoredRecovery): Promise<boolean> {
  const blocking = await blockingLock(ctx, record);
  if (!blocking) return false;
  const id = record.meta.id;
  const submitted = await advance(ctx, id, { type: 'EVIDENCE_SUBMITTED' }, 'claimant');
  if (!submitted.applied || !submitted.view) throw errors.notAwaitingEvidence(submitted.view?.status ?? 'unknown');
  const attempt = submitted.view.context.attempt;
  // The policy engine, not a vendor, declines: recorded as the worker role with the lock as cause.
  await advance(ctx, id, { type: 'VERIFICATION_DECLINED', attempt, reason: 'self_service_locked', retryable: false }, 'worker');
  await appendAudit(ctx, {
    type: 'safety.self_service_blocked',
    recoveryId: id,
    username: record.meta.username,
    actor: 'worker',
    data: { attempt, scope: blocking.scope, lock: blocking.lock.reason, lockedSince: blocking.lock.since, lockedUntil: blocking.lock.until },
  });
  return true;
}
