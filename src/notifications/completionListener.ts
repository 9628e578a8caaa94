/**
 * "When a recovery completes, notify the owner" (NIST SP 800-63B-4 §4.2.3), triggered by the
 * transition to `completed`. Why a transition listener and not a side write: `advance` is the
 * only way into `completed`, whoever calls it (the enrollment route, a worker), so a listener
 * registered in createContext sees every completion in every process without touching callers;
 * a side write could only set a Redis key, not enqueue a BullMQ job atomically. The cost is that
 * listeners are best-effort: a crash between the state write and the enqueue loses the notice
 * (the audit stream still records the completion).
 */
import type { AppContext } from '../context';
import type { TransitionListener } from '../recovery/transitionTypes';
import { enqueueNotification } from './enqueue';

export function notifyOnCompletion(ctx: AppContext): TransitionListener {
  return async (notice) => {
    if (notice.to !== 'completed' || notice.from === 'completed') return;
    await enqueueNotification(ctx, { kind: 'recovery_completed', recoveryId: notice.recoveryId });
  };
}
