/**
 * Every completion schedules the remediation check (remediate.ts) as a durable job: `advance` is
 * the only way into `completed`, whoever completes (the built-in enrollment in the API, the Entra
 * enrollment watch in the worker), so one listener covers both without touching either. Like the
 * completion notice (notifications/completionListener.ts) the scheduling itself is best-effort:
 * a crash between the state write and the enqueue leaves the risk standing, never cleared wrongly.
 */
import type { AppContext } from '../context';
import type { TransitionListener } from '../recovery/transitionTypes';

export function remediateOnCompletion(ctx: AppContext): TransitionListener {
  return async (notice) => {
    if (notice.to !== 'completed' || notice.from === 'completed') return;
    const now = ctx.clock.now();
    await ctx.jobs.scheduleTimer(
      {
        type: 'risk-remediation',
        recoveryId: notice.recoveryId,
        username: notice.meta.username,
        remediation: notice.meta.purpose === 'remediation',
        dueAt: now,
      },
      now,
    );
  };
}
