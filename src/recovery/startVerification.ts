/**
 * Starts an identity verification for an OpenID Provider interaction (OpenID Connect for Identity
 * Assurance 1.0, docs/oidc.md): a recovery whose purpose is `verification`. It runs the same
 * consent, evidence, vendor and (with a `login_hint`) account-match steps as a recovery, through the
 * same API (the bearer token below), but ends in `verified` and issues no credential: no access
 * pass, no enrollment, no owner notices (nothing about the account changes). Everything is audited.
 *
 * Only the interaction starts one (never the public start API), bound to its uid: one verification
 * per authorization request, living no longer than the interaction.
 */
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context';
import { initialSnapshot, summaryOf, view } from '../../flows/transition';
import { newSecretToken, sha256Hex } from '../crypto/secrets';
import { userKey } from '../stores/keys';
import { appendAudit } from '../audit/auditLog';
import { sourceKey } from '../safety/clientSource';
import { oidcErrors } from '../oidc/errors';
import type { Started } from './startRecovery';

export interface VerificationRequest {
  uid: string;
  clientId: string;
  /** The account the relying party wants matched; null: no account, a pseudonymous subject. */
  loginHint: string | null;
  /** Seconds the interaction has left: the verification cannot outlive it. */
  ttlSeconds: number;
}

export async function startVerification(ctx: AppContext, request: VerificationRequest, client: string): Promise<Started> {
  const id = randomUUID();
  const now = ctx.clock.now();
  const expiresAt = now + Math.min(ctx.config.RECOVERY_TTL_MINUTES * 60_000, request.ttlSeconds * 1000);
  if (!(await ctx.verifiedIdentities.bind(request.uid, { recoveryId: id, clientId: request.clientId, loginHint: request.loginHint }, request.ttlSeconds))) {
    throw oidcErrors.verificationStarted();
  }
  const token = newSecretToken();
  const snapshot = initialSnapshot(ctx.config.MAX_EVIDENCE_SUBMISSIONS, 'verification');
  // '' = no account to match: the worker then skips the directory (policies/verificationDecision.ts).
  const username = request.loginHint ?? '';
  await ctx.recoveries.create(
    {
      id,
      tokenHash: sha256Hex(token),
      username,
      userKey: userKey(username),
      origin: 'self_service',
      initiatedBy: null,
      provider: ctx.config.IDV_PROVIDER,
      createdAt: now,
      expiresAt,
      source: sourceKey('ip', client),
      purpose: 'verification',
    },
    snapshot,
    summaryOf(view(snapshot)),
    now,
  );
  await ctx.jobs.scheduleTimer({ type: 'recovery-expiry', recoveryId: id, dueAt: expiresAt }, now);
  await appendAudit(ctx, {
    type: 'verification.started',
    recoveryId: id,
    username,
    actor: 'claimant',
    // The client and whether an account is to be matched; never the interaction's parameters.
    data: { purpose: 'verification', clientId: request.clientId, accountMatch: request.loginHint !== null, provider: ctx.config.IDV_PROVIDER },
  });
  await ctx.changeNotices.publish(id, { status: view(snapshot).status, reason: null, at: now });
  return { id, token, status: view(snapshot).status, expiresAt: new Date(expiresAt).toISOString() };
}
