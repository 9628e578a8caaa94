/**
 * Opens a passkey enrollment with the access pass. Every failure (unknown user, no pass, wrong,
 * expired or used code, too many attempts, recovery no longer open) gives the same 401 and takes
 * about the same time (OWASP ASVS 5.0 §6.3.8); the real reason goes to the audit trail only.
 */
import { randomUUID } from 'node:crypto';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import type { AppContext } from '../context';
import { errors } from '../errors';
import { appendAudit } from '../audit/auditLog';
import { newSecretToken, sha256Hex } from '../crypto/secrets';
import { hashAccessPass } from '../policies/accessPass';
import { view } from '../../flows/transition';
import type { Enrollment } from '../stores/enrollmentStore';
import { registrationOptions } from './registrationOptions';
import { countAccessPassRedemption } from '../observability/metrics';

export interface StartedEnrollment {
  id: string;
  /** Bearer token of this enrollment; returned once, stored only as a hash. */
  token: string;
  expiresAt: string;
  options: PublicKeyCredentialCreationOptionsJSON;
}

export async function startEnrollment(ctx: AppContext, input: { username: string; accessPass: string }): Promise<StartedEnrollment> {
  const now = ctx.clock.now();
  const outcome = await ctx.accessPasses.redeem(input.username, input.accessPass, now);
  if (!outcome.ok) {
    // These outcomes return before the slow hash: spend the same time so they are not told apart.
    if (outcome.reason !== 'wrong_code') await hashAccessPass(input.accessPass);
    return refuse(ctx, input.username, outcome.reason, null);
  }
  const pass = outcome.record;
  const recovery = await ctx.recoveries.get(pass.recoveryId);
  if (!recovery || view(recovery.snapshot).status !== 'access_pass_issued') {
    return refuse(ctx, input.username, 'recovery_not_open', pass.recoveryId);
  }
  const token = newSecretToken();
  // "Tokens obtained with it expire with it" (Entra TAP); a one-time pass leaves ENROLLMENT_TTL_MINUTES.
  const expiresAt = Math.min(now + ctx.config.ENROLLMENT_TTL_MINUTES * 60_000, pass.expiresAt);
  const enrollment: Enrollment = {
    id: randomUUID(),
    tokenHash: sha256Hex(token),
    username: recovery.meta.username,
    recoveryId: pass.recoveryId,
    accessPassId: pass.id,
    createdAt: now,
    expiresAt,
    state: 'registering',
    credentialId: null,
  };
  await ctx.enrollments.create(enrollment, expiresAt - now);
  const options = await registrationOptions(ctx, enrollment);
  countAccessPassRedemption(ctx.metrics);
  await appendAudit(ctx, {
    type: 'access_pass.redeemed',
    recoveryId: pass.recoveryId,
    username: enrollment.username,
    actor: 'claimant',
    data: { accessPassId: pass.id, enrollmentId: enrollment.id, oneTimeUse: pass.oneTimeUse, enrollmentExpiresAt: expiresAt },
  });
  return { id: enrollment.id, token, expiresAt: new Date(expiresAt).toISOString(), options };
}

async function refuse(ctx: AppContext, username: string, reason: string, recoveryId: string | null): Promise<never> {
  countAccessPassRedemption(ctx.metrics, 'rejected');
  await appendAudit(ctx, {
    type: 'access_pass.redeem_failed',
    username,
    actor: 'claimant',
    ...(recoveryId ? { recoveryId } : {}),
    data: { reason },
  });
  throw errors.accessPassInvalid();
}
