/**
 * Applies an event to a stored recovery with optimistic concurrency: read, transition purely,
 * compare-and-set on the version (with the audit entry and any side writes in the same atomic
 * write), and re-read on a lost race. One event has at most one effect.
 */
import type { AppContext } from '../context';
import type { RecoveryEvent } from '../../flows/recoveryMachine';
import { applyEvent, summaryOf, view, type RecoveryView } from '../../flows/transition';
import type { SideWrite, StoredRecovery } from '../stores/recoveryStore';
import { announce, transitionAudit, type Actor } from './transitions';

export interface Advanced {
  /** False when the recovery does not exist or did not accept the event (stale or repeated). */
  applied: boolean;
  record: StoredRecovery | null;
  view: RecoveryView | null;
}

const MAX_RACES = 20;

export async function advance(
  ctx: AppContext,
  id: string,
  event: RecoveryEvent,
  actor: Actor,
  sideWrites: (next: RecoveryView) => SideWrite[] = () => [],
): Promise<Advanced> {
  for (let race = 0; race < MAX_RACES; race += 1) {
    const record = await ctx.recoveries.get(id);
    if (!record) return { applied: false, record: null, view: null };
    const before = view(record.snapshot);
    const next = applyEvent(record.snapshot, event);
    if (!next) return { applied: false, record, view: before };
    const after = view(next);
    const now = ctx.clock.now();
    const notice = { recoveryId: id, from: before.status, to: after.status, event: event.type, reason: after.context.reason, actor, at: now };
    const writes = sideWrites(after);
    if (
      await ctx.recoveries.compareAndSet(id, record.version, next, summaryOf(after), now, [
        transitionAudit(ctx, { ...notice, username: record.meta.username }),
        ...writes,
      ])
    ) {
      // The audit entries that committed with it, so listeners (the funnel's counters) count what the trail holds.
      const audited = writes.flatMap((w) => (w.kind === 'audit' ? [w.entry.type] : []));
      await announce(ctx, { ...notice, meta: record.meta, context: after.context, audited });
      return { applied: true, record: { ...record, snapshot: next, version: record.version + 1, updatedAt: now }, view: after };
    }
  }
  throw new Error(`recovery ${id}: lost ${MAX_RACES} concurrent updates in a row`);
}
