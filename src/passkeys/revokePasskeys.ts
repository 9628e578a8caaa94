/**
 * Revokes the passkeys a recovery created, for the owner's "this wasn't me" (repudiation) flow:
 * NIST SP 800-63B-4 §4.1.2.2 gives the subscriber a "misbound? invalidate" path, and §4.3 asks
 * for compromised authenticators to be invalidated promptly. Records are marked, never deleted.
 */
import type { AppContext } from '../context';
import type { Actor } from '../recovery/transitions';
import { appendAudit } from '../audit/auditLog';

export async function revokePasskeysCreatedBy(ctx: AppContext, recoveryId: string, options: { reason?: string; actor?: Actor } = {}): Promise<string[]> {
  const reason = options.reason ?? 'repudiated';
  const now = ctx.clock.now();
  const revoked: string[] = [];
  for (const passkey of await ctx.passkeys.createdBy(recoveryId)) {
    if (passkey.status === 'revoked') continue;
    await ctx.passkeys.save({ ...passkey, status: 'revoked', revokedAt: now, revokedReason: reason });
    revoked.push(passkey.credentialId);
    await appendAudit(ctx, {
      type: 'passkey.revoked',
      recoveryId,
      username: passkey.username,
      actor: options.actor ?? 'owner',
      data: { credentialId: passkey.credentialId, reason, wasStatus: passkey.status },
    });
  }
  return revoked;
}
