import type { AppContext } from '../context';
import { notifyOnCompletion } from '../notifications/completionListener';
import { lockoutOnFailure } from './failureListener';
import { flagOnSpoofRejection } from '../risk/riskSignals';
import { remediateOnCompletion } from '../risk/remediationListener';

/** Trust-and-safety reactions to state changes, registered once per context (API and worker processes). */
export function registerSafetyListeners(ctx: AppContext): void {
  ctx.transitionListeners.push(notifyOnCompletion(ctx), lockoutOnFailure(ctx), flagOnSpoofRejection(ctx), remediateOnCompletion(ctx));
}
