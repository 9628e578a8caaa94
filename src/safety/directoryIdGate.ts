/**
 * The self-service gate again, at decision time, under the account's directory id: a lock the
 * owner's "this wasn't me" set under another spelling of the same account (lockout.ts
 * accountIdLockName) declines the recovery here, as the gate at evidence would have under the
 * spelling it knows (selfServiceGate.ts). Same rule: a help-desk link passes an attack lock but
 * never the owner's own report.
 */
import type { AppContext } from '../context';
import type { RecoveryMeta } from '../stores/recoveryStore';
import { advance } from '../recovery/advance';
import { auditSideWrite } from '../audit/auditLog';
import { accountIdLockName, readLock } from './lockout';

export async function lockedUnderDirectoryId(ctx: AppContext, meta: RecoveryMeta, accountId: string, attempt: number): Promise<boolean> {
  const lock = await readLock(ctx, accountIdLockName(accountId));
  if (!lock || (meta.origin !== 'self_service' && lock.reason !== 'owner_repudiated')) return false;
  await advance(ctx, meta.id, { type: 'VERIFICATION_DECLINED', attempt, reason: 'self_service_locked', retryable: false }, 'worker', () => [
    auditSideWrite(ctx, {
      type: 'safety.self_service_blocked',
      recoveryId: meta.id,
      username: meta.username,
      actor: 'worker',
      data: { attempt, scope: 'account', via: 'directory_id', lock: lock.reason, lockedSince: lock.since, lockedUntil: lock.until },
    }),
  ]);
  return true;
}
