/**
 * Undoes what a repudiated recovery granted (NIST SP 800-63B-4 §4.3: suspend or invalidate a
 * compromised authenticator promptly; §4.1.2.2 "misbound? invalidate"): the access pass it issued
 * and the passkeys it enrolled (revoked by the passkey module, which audits each one); then gives
 * back what its completion took: the owner's passkeys it revoked are reinstated.
 */
import type { AppContext } from '../context';
import { reinstatePasskeysRevokedBy, revokePasskeysCreatedBy } from '../passkeys';

export interface Revoked {
  accessPassRevoked: boolean;
  /** Credential ids of the passkeys revoked. */
  passkeysRevoked: string[];
  /** Credential ids of the owner's passkeys that the recovery had revoked and are active again. */
  passkeysReinstated: string[];
}

export async function revokeRecoveryCredentials(ctx: AppContext, recoveryId: string, username: string): Promise<Revoked> {
  const pass = await ctx.accessPasses.get(username);
  // One pass per user: revoke it only if this recovery issued it, never a newer recovery's.
  const accessPassRevoked = pass?.recoveryId === recoveryId;
  if (accessPassRevoked) await ctx.accessPasses.revoke(username);
  const passkeysRevoked = await revokePasskeysCreatedBy(ctx, recoveryId, { reason: 'repudiated', actor: 'owner' });
  // Only after the intruder's passkeys are gone, so there is never a moment with both live.
  const passkeysReinstated = await reinstatePasskeysRevokedBy(ctx, recoveryId, username);
  return { accessPassRevoked, passkeysRevoked, passkeysReinstated };
}
