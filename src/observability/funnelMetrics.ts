/**
 * The recovery funnel as Prometheus counters (`recovery_funnel_total{provider,stage}` and
 * `recovery_funnel_dropoffs_total{provider,from,reason}`), counted from the audit entries that
 * commit with each transition (TransitionNotice.audited), so the counters and the trail that
 * GET /v1/admin/reports/funnel recounts (reports/funnelReport.ts) name the same events. Starts
 * are counted where the record is created (recoveryMetrics.ts), a builtin passkey registration
 * where it is recorded (countEnrolled). Counters count events (two uploads: two
 * evidence_submitted); the report counts recoveries.
 */
import type { AppContext } from '../context';
import type { TransitionListener } from '../recovery/transitionTypes';
import type { Metrics } from './metrics';

export const FUNNEL_STAGES = ['started', 'evidence_submitted', 'vendor_verdict', 'account_matched', 'credential_issued', 'enrolled', 'completed'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/**
 * The audit entry that marks each stage. `recovery.completed` marks `enrolled` as well: a target
 * that enrols the passkey itself (Entra) is seen to have done so only when the recovery completes.
 */
export const STAGE_ENTRIES: Readonly<Record<FunnelStage, readonly string[]>> = {
  started: ['recovery.started'],
  evidence_submitted: ['evidence.received'],
  vendor_verdict: ['verification.verdict'],
  account_matched: ['account.matched'],
  credential_issued: ['access_pass.issued'],
  enrolled: ['passkey.registered', 'recovery.completed'],
  completed: ['recovery.completed'],
};

/** States a recovery leaves the funnel by (`verified` is the end of a verification, not a drop-off). */
export const DROP_OFF_STATES: ReadonlySet<string> = new Set(['rejected', 'expired', 'failed']);

export function funnelListener(metrics: Metrics): TransitionListener {
  return (notice) => {
    const provider = notice.meta.provider;
    const audited = new Set(notice.audited ?? []);
    for (const stage of FUNNEL_STAGES) {
      // `started` is counted at creation; `enrolled` by a registration is counted where it is recorded.
      if (stage !== 'started' && STAGE_ENTRIES[stage].some((type) => audited.has(type))) metrics.funnel.inc({ provider, stage });
    }
    // The builtin target records its completion after the transition (passkeys/completeRecovery.ts).
    if (notice.to === 'completed' && notice.from !== 'completed' && !audited.has('recovery.completed')) metrics.funnel.inc({ provider, stage: 'completed' });
    if (DROP_OFF_STATES.has(notice.to) && notice.from !== notice.to) {
      metrics.funnelDropOffs.inc({ provider, from: notice.from, reason: notice.reason ?? 'none' });
    }
  };
}

/** A passkey registered through a builtin enrollment: the funnel's `enrolled`, under its recovery's provider. */
export async function countEnrolled(ctx: AppContext, recoveryId: string): Promise<void> {
  // Best-effort, like every listener: a metric never fails the registration it counts.
  const record = await ctx.recoveries.get(recoveryId).catch(() => null);
  if (record) ctx.metrics.funnel.inc({ provider: record.meta.provider, stage: 'enrolled' });
}

/** Stages a recovery can reach once it has a profile (it is given one at its first verification attempt). */
const PROFILE_STAGES = ['vendor_verdict', 'account_matched', 'credential_issued', 'enrolled', 'completed'] as const;

/**
 * The funnel by recovery profile. The profile is not on the recovery's record but beside it
 * (stores/recoveryProfileStore.ts), so only a transition that counts for a stage or a drop-off
 * reads it: one small read, best-effort like every listener. A recovery that never reached a
 * verification has no profile and is counted by provider only; an evaluation's trial end counts
 * as stage `evaluated`.
 */
export function profileFunnelListener(
  metrics: Metrics,
  profileOf: (recoveryId: string) => Promise<string | null>,
  onError: (err: unknown) => void = () => undefined,
): TransitionListener {
  return (notice) => {
    const audited = new Set(notice.audited ?? []);
    const stages: string[] = PROFILE_STAGES.filter((stage) => STAGE_ENTRIES[stage].some((type) => audited.has(type)));
    if (notice.to === 'completed' && notice.from !== 'completed' && !audited.has('recovery.completed')) stages.push('completed');
    if (notice.to === 'evaluated' && notice.from !== 'evaluated') stages.push('evaluated');
    const dropped = DROP_OFF_STATES.has(notice.to) && notice.from !== notice.to;
    if (stages.length === 0 && !dropped) return;
    // Not awaited: the read must not delay the request or job that made the transition (the
    // claimant's status read that shows the pass is one); a counter lands a moment later instead.
    void profileOf(notice.recoveryId).then((profile) => {
      if (profile === null) return;
      for (const stage of stages) metrics.profileFunnel.inc({ profile, stage });
      if (dropped) metrics.profileFunnelDropOffs.inc({ profile, from: notice.from, reason: notice.reason ?? 'none' });
    }, onError);
  };
}
