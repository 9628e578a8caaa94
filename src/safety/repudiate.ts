/**
 * The owner's "this wasn't me" (NIST SP 800-63B-4 §4.2.3 repudiation; ASVS 5.0 §6.3.7). Redeems the
 * one-time token, then acts on the recovery's state at that moment:
 * - still running: CANCEL it (actor `owner`) and revoke an access pass it issued;
 * - completed: revoke the passkey it enrolled and its access pass, and lock self-service recovery
 *   of the account until an admin clears it;
 * - already ended otherwise: nothing to undo; recorded.
 * Whatever the state, the account is flagged risky (`source: service`, risk/riskSignals.ts).
 * Every outcome is audited and reported to the help desk.
 */
import type { AppContext } from '../context';
import { errors } from '../errors';
import { view } from '../../flows/transition';
import { finalStatuses } from '../../flows/recoveryMachine';
import { advance } from '../recovery/advance';
import { appendAudit } from '../audit/auditLog';
import { enqueueNotification } from '../notifications/enqueue';
import { redeemRepudiationToken } from './repudiationTokens';
import { revokeRecoveryCredentials } from './revokeRecoveryCredentials';
import { accountIdLockName, writeLock } from './lockout';
import { flagOnRepudiation } from '../risk/riskSignals';

export type RepudiationOutcome = 'cancelled' | 'revoked' | 'recorded';

export async function repudiate(ctx: AppContext, token: string): Promise<RepudiationOutcome> {
  const redeemed = await redeemRepudiationToken(ctx, token);
  if (!redeemed.ok) {
    throw redeemed.error === 'used' ? errors.repudiationUsed() : redeemed.error === 'expired' ? errors.repudiationExpired() : errors.repudiationInvalid();
  }
  const { recoveryId, username } = redeemed.record;
  const outcome = await undo(ctx, recoveryId, username);
  // Someone other than the owner went for the account: it is risky until remediated (docs/risk.md).
  await flagOnRepudiation(ctx, username, recoveryId, outcome === 'revoked');
  await enqueueNotification(ctx, {
    kind: 'helpdesk_alert',
    alert: 'owner_repudiated',
    outcome,
    username,
    recoveryId,
    until: null,
    at: ctx.clock.now(),
  });
  return outcome;
}

async function undo(ctx: AppContext, recoveryId: string, username: string): Promise<RepudiationOutcome> {
  // A lost race (the recovery moved on between read and CANCEL) is re-read and judged again.
  for (let race = 0; race < 5; race += 1) {
    const record = await ctx.recoveries.get(recoveryId);
    const status = record ? view(record.snapshot).status : null;
    if (status === 'completed') return revokeCompleted(ctx, recoveryId, username);
    if (!status || finalStatuses.has(status)) {
      await appendAudit(ctx, { type: 'recovery.repudiated', recoveryId, username, actor: 'owner', data: { status, outcome: 'recorded' } });
      return 'recorded';
    }
    const cancelled = await advance(ctx, recoveryId, { type: 'CANCEL' }, 'owner');
    if (cancelled.applied) {
      const revoked = await revokeRecoveryCredentials(ctx, recoveryId, username);
      await appendAudit(ctx, { type: 'recovery.cancelled', recoveryId, username, actor: 'owner', data: { from: status, ...revoked } });
      return 'cancelled';
    }
  }
  throw new Error(`recovery ${recoveryId}: could not settle the repudiation`);
}

async function revokeCompleted(ctx: AppContext, recoveryId: string, username: string): Promise<RepudiationOutcome> {
  const revoked = await revokeRecoveryCredentials(ctx, recoveryId, username);
  const lock = { reason: 'owner_repudiated' as const, since: ctx.clock.now(), until: null, recoveryId };
  await writeLock(ctx, username, lock);
  // Every spelling of the account: the worker checks this one (lockout.ts accountIdLockName).
  const account = await ctx.directory.findAccount(username).catch((err: unknown) => {
    ctx.logger.warn({ recoveryId, err: String(err) }, 'directory unreadable: the repudiation lock holds for the spelling used only');
    return null;
  });
  if (account) await writeLock(ctx, accountIdLockName(account.id), lock);
  await appendAudit(ctx, {
    type: 'recovery.repudiated',
    recoveryId,
    username,
    actor: 'owner',
    data: { status: 'completed', outcome: 'revoked', selfServiceLocked: true, ...revoked },
  });
  return 'revoked';
}
