/**
 * The other half of the owner's "this wasn't me" on a completed recovery: the passkeys that the
 * recovery's completion revoked (`replaced_by_recovery`, PASSKEY_REVOKE_OLDER=all) were the
 * owner's, still in the owner's hands, so they are made active again. Otherwise an intruder's
 * recovery, even undone, would leave the owner with no way to sign in. Audited one by one.
 */
import type { AppContext } from '../context';
import type { Actor } from '../recovery/transitions';
import { appendAudit } from '../audit/auditLog';

export async function reinstatePasskeysRevokedBy(ctx: AppContext, recoveryId: string, username: string, actor: Actor = 'owner'): Promise<string[]> {
  const reinstated: string[] = [];
  for (const passkey of await ctx.passkeys.listForUser(username)) {
    if (passkey.status !== 'revoked' || passkey.revokedReason !== 'replaced_by_recovery' || passkey.revokedBy !== recoveryId) continue;
    await ctx.passkeys.save({ ...passkey, status: 'active', revokedAt: null, revokedReason: null, revokedBy: null });
    reinstated.push(passkey.credentialId);
    await appendAudit(ctx, {
      type: 'passkey.reinstated',
      recoveryId,
      username,
      actor,
      data: { credentialId: passkey.credentialId, revokedAt: passkey.revokedAt, reason: 'recovery_repudiated' },
    });
  }
  return reinstated;
}
