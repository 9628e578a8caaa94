/**
 * Applies one event to a persisted snapshot, purely. Returns null when the machine does not accept
 * the event in its current state (a stale or repeated event), so callers can tell "no effect".
 */
import { createActor, type Snapshot } from 'xstate';
import { recoveryMachine, type RecoveryContext, type RecoveryEvent, type RecoveryPurpose, type RecoveryStatus } from './recoveryMachine';

export type PersistedRecovery = Snapshot<unknown>;

export interface RecoveryView {
  status: RecoveryStatus;
  context: RecoveryContext;
}

export function initialSnapshot(maxAttempts: number, purpose: RecoveryPurpose = 'recovery'): PersistedRecovery {
  const actor = createActor(recoveryMachine, { input: { maxAttempts, purpose } });
  actor.start();
  const persisted = actor.getPersistedSnapshot();
  actor.stop();
  return persisted;
}

/** Input is only read when a machine starts fresh; a restored snapshot carries its own context. */
function restore(persisted: PersistedRecovery) {
  return createActor(recoveryMachine, { snapshot: persisted, input: { maxAttempts: 0 } });
}

export function view(persisted: PersistedRecovery): RecoveryView {
  const actor = restore(persisted);
  const snap = actor.getSnapshot();
  return { status: snap.value, context: snap.context };
}

/** The plain fields a status read needs (stored beside the snapshot, see src/stores/recoveryStore.ts). */
export function summaryOf(current: RecoveryView): { status: RecoveryStatus; reason: RecoveryContext['reason']; accessPass: RecoveryContext['accessPass'] } {
  return { status: current.status, reason: current.context.reason, accessPass: current.context.accessPass };
}

export function applyEvent(persisted: PersistedRecovery, event: RecoveryEvent): PersistedRecovery | null {
  const actor = restore(persisted);
  actor.start();
  if (!actor.getSnapshot().can(event)) {
    actor.stop();
    return null;
  }
  actor.send(event);
  const next = actor.getPersistedSnapshot();
  actor.stop();
  return next;
}
