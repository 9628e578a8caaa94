/**
 * Runs an ordered list of claim-validation hooks for one verification attempt. The first `fail`
 * decides; an error (no answer, a bad signature, a malformed reply) resolves by the hook's
 * behaviorOnError: `deny` stops here with the attempt unverified, `fallThrough` goes on to the next
 * hook (past the last one: pass). The list takes a list, not the deployment's configuration, so a
 * recovery profile can bring its own.
 */
import { performance } from 'node:perf_hooks';
import type { ClaimHookList } from './hookConfig';
import { hookRequest, type HookSubject } from './contract';
import { callHook, type HookCallDeps, type HookErrorCode, type HookOutcome } from './callHook';

export interface HookCall {
  hook: string;
  requestId: string;
  outcome: HookOutcome;
  /** What the outcome meant here: an error under fallThrough was skipped. */
  effect: 'passed' | 'failed' | 'denied' | 'skipped';
}

export type ClaimCheck =
  | { result: 'pass' }
  | { result: 'fail'; hook: string; reasonCode: string; failedClaims: string[] }
  | { result: 'unavailable'; hook: string; error: HookErrorCode };

export interface RunDeps extends HookCallDeps {
  /** Told of every call once it is over (the audit trail, metrics), before the next one starts. */
  onCall: (call: HookCall) => Promise<void>;
}

export async function runClaimHooks(list: ClaimHookList, subject: HookSubject, deps: RunDeps): Promise<ClaimCheck> {
  const deadline = performance.now() + list.totalBudgetMs;
  for (const hook of list.hooks) {
    const request = hookRequest(hook.name, subject);
    const outcome = await callHook(hook, request, deadline, deps);
    const effect = outcome.kind === 'pass' ? 'passed' : outcome.kind === 'fail' ? 'failed' : hook.behaviorOnError === 'deny' ? 'denied' : 'skipped';
    await deps.onCall({ hook: hook.name, requestId: request.requestId, outcome, effect });
    if (outcome.kind === 'fail') return { result: 'fail', hook: hook.name, reasonCode: outcome.reasonCode, failedClaims: outcome.failedClaims };
    if (outcome.kind === 'error' && effect === 'denied') return { result: 'unavailable', hook: hook.name, error: outcome.error };
  }
  return { result: 'pass' };
}
