/**
 * The service's own risk signals (docs/risk.md): evidence that someone other than the owner is
 * after the account flags it (`source: service`, actor `service`, with the recovery's id):
 * - the owner's "this wasn't me" (NIST SP 800-63B-4 §4.2.3 repudiation): `high` when the
 *   repudiated recovery had completed (someone held the account), `medium` otherwise;
 * - a recovery rejected for `liveness_failed`: the vendor saw a spoof, a presentation or an
 *   injection attack (vendors report injected camera streams as failed liveness; there is no
 *   separate reason), `medium`.
 * Best-effort like every transition reaction: a directory that cannot be read now leaves the
 * signal in the log and the audit trail (the rejection and the repudiation are audited anyway).
 */
import type { AppContext } from '../context';
import type { TransitionListener } from '../recovery/transitionTypes';
import { flagAccount } from './flagAccount';
import type { RiskLevel } from './riskState';

/** Reasons of a rejection that say a spoof was presented. */
const SPOOF_REASONS: ReadonlySet<string> = new Set(['liveness_failed']);

export function flagOnSpoofRejection(ctx: AppContext): TransitionListener {
  return async (notice) => {
    if (notice.to !== 'rejected' || notice.from === 'rejected' || !notice.reason || !SPOOF_REASONS.has(notice.reason)) return;
    await flagFromSignal(ctx, notice.meta.username, notice.recoveryId, notice.reason, 'medium');
  };
}

export async function flagOnRepudiation(ctx: AppContext, username: string, recoveryId: string, completed: boolean): Promise<void> {
  await flagFromSignal(ctx, username, recoveryId, 'owner_repudiated', completed ? 'high' : 'medium');
}

async function flagFromSignal(ctx: AppContext, username: string, recoveryId: string, reason: string, level: RiskLevel): Promise<void> {
  try {
    const account = await ctx.directory.findAccount(username);
    if (!account) return;
    await flagAccount(ctx, account, { source: 'service', level, reason, flaggedBy: 'service', recoveryId });
  } catch (err) {
    ctx.logger.warn({ recoveryId, reason, err: String(err) }, 'risk signal not recorded: the directory could not be read');
  }
}
