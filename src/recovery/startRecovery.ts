/**
 * Starts a recovery for a username (self-service) or from a help-desk link. The directory is not
 * consulted here: an unknown, disabled or ineligible account takes exactly the same path and gives
 * the same answer as a real one (OWASP ASVS 5.0 §6.3.8), and fails later as `account_mismatch`.
 */
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context';
import { errors } from '../errors';
import { initialSnapshot, summaryOf, view } from '../../flows/transition';
import { newSecretToken, sha256Hex } from '../crypto/secrets';
import { userKey } from '../stores/keys';
import { appendAudit } from '../audit/auditLog';
import { enqueueNotification } from '../notifications/enqueue';
import { sourceKey } from '../safety/clientSource';
import type { RecoveryStatus } from '../../flows/recoveryMachine';

/** `employeeId`: what the claimant typed, optional; sealed for the account match, never echoed or logged. */
export type StartInput = ({ username: string } | { linkToken: string }) & { employeeId?: string; purpose?: 'recovery' | 'remediation' };

export interface Started {
  id: string;
  /** Bearer token for this recovery; returned once, stored only as a hash. */
  token: string;
  status: RecoveryStatus;
  expiresAt: string;
}

/** `client`: the caller's network (safety/clientSource.ts); a link start counts against its link instead. */
export async function startRecovery(ctx: AppContext, input: StartInput, client: string): Promise<Started> {
  const id = randomUUID();
  const now = ctx.clock.now();
  let username: string;
  let initiatedBy: string | null = null;
  if ('linkToken' in input) {
    const redeemed = await ctx.links.redeem(input.linkToken, now, id);
    if (!redeemed.ok) {
      throw redeemed.error === 'used'
        ? errors.linkUsed()
        : redeemed.error === 'expired'
          ? errors.linkExpired()
          : redeemed.error === 'pending'
            ? errors.linkPendingApproval()
            : errors.linkInvalid();
    }
    username = redeemed.link.username;
    initiatedBy = redeemed.link.createdBy;
  } else {
    username = input.username;
  }
  const token = newSecretToken();
  const expiresAt = now + ctx.config.RECOVERY_TTL_MINUTES * 60_000;
  // `remediation` runs the same journey; its completion also clears the account's risk (docs/risk.md).
  const purpose = input.purpose ?? 'recovery';
  const snapshot = initialSnapshot(ctx.config.MAX_EVIDENCE_SUBMISSIONS, purpose);
  // Before the recovery exists, so the worker can never decide without it; same cost for any name.
  await ctx.claimantAttributes.save(id, { employeeId: input.employeeId ?? null }, expiresAt - now);
  await ctx.recoveries.create(
    {
      id,
      tokenHash: sha256Hex(token),
      username,
      userKey: userKey(username),
      origin: initiatedBy ? 'helpdesk_link' : 'self_service',
      initiatedBy,
      provider: ctx.config.IDV_PROVIDER,
      createdAt: now,
      expiresAt,
      source: 'linkToken' in input ? sourceKey('link', input.linkToken) : sourceKey('ip', client),
      purpose,
    },
    snapshot,
    summaryOf(view(snapshot)),
    now,
  );
  await ctx.jobs.scheduleTimer({ type: 'recovery-expiry', recoveryId: id, dueAt: expiresAt }, now);
  await appendAudit(ctx, {
    type: 'recovery.started',
    recoveryId: id,
    username,
    actor: initiatedBy ?? 'claimant',
    // Whether an employee ID was given, never its value.
    data: {
      origin: initiatedBy ? 'helpdesk_link' : 'self_service',
      initiatedBy,
      provider: ctx.config.IDV_PROVIDER,
      employeeIdGiven: input.employeeId !== undefined,
      purpose,
    },
  });
  // NIST SP 800-63B-4 §4.2.3: tell the owner. Enqueued for every username alike; the job looks up
  // the directory, so an unknown name costs this request exactly the same.
  await enqueueNotification(ctx, { kind: 'recovery_started', recoveryId: id });
  // Live views (the help-desk console) learn of the new recovery before its first transition.
  await ctx.changeNotices.publish(id, { status: view(snapshot).status, reason: null, at: now });
  return { id, token, status: view(snapshot).status, expiresAt: new Date(expiresAt).toISOString() };
}
