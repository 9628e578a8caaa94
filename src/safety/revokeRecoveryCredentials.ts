/**
 * Undoes what a repudiated recovery granted (NIST SP 800-63B-4 §4.3: suspend or invalidate a
 * compromised authenticator promptly; §4.1.2.2 "misbound? invalidate"): the access pass it issued
 * and the passkeys it enrolled (revoked by the passkey module, which audits each one).
 */
import type { AppContext } from '../context';
import { revokePasskeysCreatedBy } from '../passkeys';

export interface Revoked {
  accessPassRevoked: boolean;
  /** Credential ids of the passkeys revoked. */
  passkeysRevoked: string[];
}

export async function revokeRecoveryCredentials(ctx: AppContext, recoveryId: string, username: string): Promise<Revoked> {
  const pass = await ctx.accessPasses.get(username);
  // One pass per user: revoke it only if this recovery issued it, never a newer recovery's.
  const accessPassRevoked = pass?.recoveryId === recoveryId;
  if (accessPassRevoked) await ctx.accessPasses.revoke(username);
  const passkeysRevoked = await revokePasskeysCreatedBy(ctx, recoveryId, { reason: 'repudiated', actor: 'owner' });
  return { accessPassRevoked, passkeysRevoked };
}
