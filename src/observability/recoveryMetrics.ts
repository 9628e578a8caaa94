/**
 * Recovery counters, fed by transition notices (recovery/transitions.ts) in whichever process
 * applied the transition: the API (start, access pass shown) or a worker (verdicts, timers).
 * Prometheus sums the processes. Each transition is also a debug log line.
 */
import type { Redis } from 'ioredis';
import type { PersistedRecovery } from '../../flows/transition';
import type { TransitionListener } from '../recovery/transitionTypes';
import type { AuditStore } from '../stores/auditStore';
import type { RedisKeys } from '../stores/keys';
import { RecoveryStore, type NewRecoveryMeta, type RecoverySummary } from '../stores/recoveryStore';
import type { Metrics } from './metrics';
import type { Logger } from '../logger';

/** `logger` is read per notice: the context's logger can be replaced after the listener exists. */
export function recoveryMetricsListener(metrics: Metrics, logger: () => Logger): TransitionListener {
  return (notice) => {
    const provider = notice.meta.provider;
    logger().debug(
      { recoveryId: notice.recoveryId, from: notice.from, to: notice.to, event: notice.event, reason: notice.reason, actor: notice.actor },
      'recovery transition',
    );
    if (notice.from !== notice.to) metrics.transitions.inc({ from: notice.from, to: notice.to });
    if (notice.event === 'ACCESS_PASS_REVEALED') metrics.accessPassesIssued.inc({ provider });
    if (notice.from === notice.to) return;
    const reason = notice.reason ?? 'none';
    if (notice.to === 'completed') metrics.completed.inc({ provider });
    else if (notice.to === 'rejected') metrics.rejected.inc({ provider, reason });
    else if (notice.to === 'failed' || notice.to === 'expired') metrics.failed.inc({ provider, reason });
  };
}

/**
 * Counts starts. Starting creates the record and applies no transition (there is no "from"
 * state), so no notice exists for it; the record's creation is the one place every start passes.
 */
export class CountingRecoveryStore extends RecoveryStore {
  constructor(
    redis: Redis,
    keys: RedisKeys,
    audit: AuditStore,
    private readonly metrics: Metrics,
  ) {
    super(redis, keys, audit);
  }

  override async create(meta: NewRecoveryMeta, snapshot: PersistedRecovery, summary: RecoverySummary, now: number): Promise<void> {
    await super.create(meta, snapshot, summary, now);
    this.metrics.started.inc({ provider: meta.provider, origin: meta.origin });
    this.metrics.funnel.inc({ provider: meta.provider, stage: 'started' });
  }
}
