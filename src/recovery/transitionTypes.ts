/** Types of transition notices; no imports of the context, so the context can import them. */
import type { RecoveryContext, RecoveryEvent, RecoveryStatus } from '../../flows/recoveryMachine';
import type { RecoveryMeta } from '../stores/recoveryStore';

/** Who caused a transition: the claimant, a worker, a timer, or a named person. */
export type Actor = 'claimant' | 'worker' | 'timer' | `helpdesk${string}` | `reviewer${string}` | 'admin' | 'owner';

export interface TransitionNotice {
  recoveryId: string;
  from: RecoveryStatus;
  to: RecoveryStatus;
  event: RecoveryEvent['type'];
  reason: RecoveryContext['reason'];
  actor: Actor;
  meta: RecoveryMeta;
  context: RecoveryContext;
  at: number;
  /** Types of the audit entries written atomically with the transition (besides `recovery.transition`). */
  audited?: readonly string[];
}

export type TransitionListener = (notice: TransitionNotice) => Promise<void> | void;
