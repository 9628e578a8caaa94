/**
 * What happens around every state change of a recovery.
 *
 * - The audit record of the transition is appended to the audit stream in the same atomic write as
 *   the new snapshot: a recovery can never change state without its audit entry.
 * - After the write, a change notice is published on Redis pub/sub (live progress over SSE, in any
 *   API process) and handed to in-process listeners (metrics, notifications). These are
 *   best-effort: the snapshot is the truth, and readers re-read it.
 */
import type { AppContext } from '../context';
import type { SideWrite } from '../stores/recoveryStore';
import type { TransitionNotice } from './transitionTypes';

export type { Actor, TransitionListener, TransitionNotice } from './transitionTypes';

export function transitionAudit(_ctx: AppContext, n: Omit<TransitionNotice, 'meta' | 'context'> & { username: string }): SideWrite {
  return {
    kind: 'audit',
    entry: {
      type: 'recovery.transition',
      recoveryId: n.recoveryId,
      username: n.username,
      actor: n.actor,
      at: String(n.at),
      data: JSON.stringify({ from: n.from, to: n.to, event: n.event, reason: n.reason }),
    },
  };
}

export async function announce(ctx: AppContext, notice: TransitionNotice): Promise<void> {
  await ctx.changeNotices
    .publish(notice.recoveryId, { status: notice.to, reason: notice.reason, at: notice.at })
    .catch((err: unknown) => ctx.logger.warn({ recoveryId: notice.recoveryId, err: String(err) }, 'change notice not published'));
  for (const listener of ctx.transitionListeners) {
    try {
      await listener(notice);
    } catch (err) {
      ctx.logger.warn({ recoveryId: notice.recoveryId, err: String(err) }, 'transition listener failed');
    }
  }
}
