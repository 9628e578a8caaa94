/**
 * Completes the recovery after the confirming sign-in. The new passkey becomes active and the older
 * ones are revoked (PASSKEY_REVOKE_OLDER) in the same atomic write as `ENROLLMENT_COMPLETED`, so a
 * recovery is never completed with the old passkeys still live; then the access pass is invalidated
 * (an AAL2 binding leaves no spare binding secret behind, NIST SP 800-63B-4 §4.1.2.2).
 */
import type { AppContext } from '../context';
import { appendAudit } from '../audit/auditLog';
import { advance } from '../recovery/advance';
import type { Enrollment } from '../stores/enrollmentStore';
import type { PasskeyRecord } from '../stores/passkeyStore';
import { passkeyErrors } from './errors';

export async function completeRecovery(ctx: AppContext, enrollment: Enrollment, passkey: PasskeyRecord): Promise<void> {
  const now = ctx.clock.now();
  const confirmed: PasskeyRecord = { ...passkey, status: 'active', confirmedAt: now, lastUsedAt: now };
  const older =
    ctx.config.PASSKEY_REVOKE_OLDER === 'all'
      ? (await ctx.passkeys.listForUser(enrollment.username)).filter((p) => p.status === 'active' && p.credentialId !== passkey.credentialId)
      : [];
  const revoked = older.map((p): PasskeyRecord => ({
    ...p,
    status: 'revoked',
    revokedAt: now,
    revokedReason: 'replaced_by_recovery',
    revokedBy: enrollment.recoveryId,
  }));
  const moved = await advance(ctx, enrollment.recoveryId, { type: 'ENROLLMENT_COMPLETED' }, 'claimant', () =>
    [confirmed, ...revoked].map((record) => ctx.passkeys.writeOf(record)),
  );
  if (!moved.applied) throw passkeyErrors.recoveryClosed();

  const pass = await ctx.accessPasses.get(enrollment.username);
  if (pass?.id === enrollment.accessPassId) await ctx.accessPasses.revoke(enrollment.username); // not a newer recovery's pass
  await ctx.enrollments.save({ ...enrollment, state: 'completed' });
  const audit = { recoveryId: enrollment.recoveryId, username: enrollment.username, actor: 'claimant' as const };
  for (const p of revoked) {
    await appendAudit(ctx, {
      ...audit,
      type: 'passkey.revoked',
      data: { credentialId: p.credentialId, reason: 'replaced_by_recovery', createdAt: p.createdAt },
    });
  }
  await appendAudit(ctx, {
    ...audit,
    type: 'recovery.completed',
    data: {
      enrollmentId: enrollment.id,
      credentialId: passkey.credentialId,
      profile: passkey.profile,
      revokedPasskeys: revoked.length,
      accessPassId: enrollment.accessPassId,
    },
  });
}
