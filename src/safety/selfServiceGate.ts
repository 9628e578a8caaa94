/**
 * What a locked account meets. Starting looks exactly the same (201, same body, same work: the lock
 * is not even read at start), so a lock reveals nothing there. At evidence submission a
 * self-service recovery of a locked username is accepted as usual (202 `verifying`), but the
 * evidence is neither stored nor sent to a vendor (no biometric processing without a purpose,
 * NIST SP 800-63A-4 §3.1.3 minimisation), and the recovery is rejected at once with the generic
 * `verification_declined`. Help-desk links pass a lock that failed attempts caused (the help desk
 * is told about every lock and is the way back in), but not the owner's own "this wasn't me": a
 * link sent before the owner's report is declined the same way.
 */
import type { AppContext } from '../context';
import { errors } from '../errors';
import type { StoredRecovery } from '../stores/recoveryStore';
import { advance } from '../recovery/advance';
import { appendAudit } from '../audit/auditLog';
import { readLock } from './lockout';

/** True when the submission was absorbed by a lock (the caller answers 202 `verifying` and stops). */
export async function declineIfLocked(ctx: AppContext, record: StoredRecovery): Promise<boolean> {
  const lock = await readLock(ctx, record.meta.username);
  if (!lock) return false;
  if (record.meta.origin !== 'self_service' && lock.reason !== 'owner_repudiated') return false;
  const id = record.meta.id;
  const submitted = await advance(ctx, id, { type: 'EVIDENCE_SUBMITTED' }, 'claimant');
  if (!submitted.applied || !submitted.view) throw errors.notAwaitingEvidence(submitted.view?.status ?? 'unknown');
  const attempt = submitted.view.context.attempt;
  // The policy engine, not a vendor, declines: recorded as the worker role with the lock as cause.
  await advance(ctx, id, { type: 'VERIFICATION_DECLINED', attempt, reason: 'verification_declined', retryable: false }, 'worker');
  await appendAudit(ctx, {
    type: 'safety.self_service_blocked', recoveryId: id, username: record.meta.username, actor: 'worker',
    data: { attempt, lock: lock.reason, lockedSince: lock.since, lockedUntil: lock.until },
  });
  return true;
}
