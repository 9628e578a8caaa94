/**
 * Undoes what a repudiated recovery granted (NIST SP 800-63B-4 §4.3: suspend or invalidate a
 * compromised authenticator promptly; §4.1.2.2 "misbound? invalidate"): the access pass it issued
 * and the passkeys it enrolled (revoked by the passkey module, which audits each one); then gives
 * back what its completion took: the owner's passkeys it revoked are reinstated. With a credential
 * target of its own (Entra) the same is done there by a durable job (workers/targetUndo.ts); the
 * passkeys the recovery removed at Entra are gone for good (Graph can delete a passkey, not restore
 * one), which docs/connectors.md points out.
 */
import type { AppContext } from '../context';
import { reinstatePasskeysRevokedBy, revokePasskeysCreatedBy } from '../passkeys';

export interface Revoked {
  accessPassRevoked: boolean;
  /** Credential ids of the passkeys revoked. */
  passkeysRevoked: string[];
  /** Credential ids of the owner's passkeys that the recovery had revoked and are active again. */
  passkeysReinstated: string[];
  /** Whether the undo at the credential target (Entra) was scheduled. */
  targetUndoScheduled: boolean;
}

export async function revokeRecoveryCredentials(ctx: AppContext, recoveryId: string, username: string): Promise<Revoked> {
  const pass = await ctx.accessPasses.get(username);
  // One pass per user: revoke it only if this recovery issued it, never a newer recovery's.
  const accessPassRevoked = pass?.recoveryId === recoveryId;
  if (accessPassRevoked) await ctx.accessPasses.revoke(username);
  const passkeysRevoked = await revokePasskeysCreatedBy(ctx, recoveryId, { reason: 'repudiated', actor: 'owner' });
  // Only after the intruder's passkeys are gone, so there is never a moment with both live.
  const passkeysReinstated = await reinstatePasskeysRevokedBy(ctx, recoveryId, username);
  const targetUndoScheduled = ctx.credentials.kind !== 'builtin';
  if (targetUndoScheduled) await ctx.jobs.scheduleTimer({ type: 'target-undo', recoveryId, username, dueAt: ctx.clock.now() }, ctx.clock.now());
  return { accessPassRevoked, passkeysRevoked, passkeysReinstated, targetUndoScheduled };
}
