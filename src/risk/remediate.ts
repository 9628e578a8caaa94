/**
 * After a completed recovery: remediation of the account's risk (docs/risk.md). A passwordless
 * person cannot "change their password" to clear a risk (the self-remediation Entra offers);
 * re-proving who they are with a selfie and an ID is the stronger remediation (NIST SP 800-63B-4
 * §4.2.1 lists repeated identity proofing as a recovery method), so the journey clears it. It runs
 * for every recovery whose purpose is `remediation`, and for an ordinary recovery of an account
 * that is risky when it completes: the proofing was the same, and a risk left standing would keep
 * blocking the person who just proved they own the account. Then, in order:
 * 1. the account's sessions are revoked and, with REMEDIATION_REMOVE_PASSKEYS, the passkeys
 *    registered before the recovery started are removed (the credential target's hygiene: Graph's
 *    revokeSignInSessions and fido2Methods with Entra; the built-in target holds no sessions);
 * 2. the risk is cleared at its source (clearRisk.ts);
 * 3. `risk.remediated` is audited with the sources cleared.
 * A durable timer job: a directory or target that cannot answer now throws, and the job is retried
 * with backoff; every step is idempotent.
 */
import type { AppContext } from '../context';
import { appendAudit } from '../audit/auditLog';
import { accountRisk } from './riskState';
import { clearRisk } from './clearRisk';

/** What the `risk-remediation` timer job carries (workers/queues.ts). */
export interface RemediationJob {
  recoveryId: string;
  /** As the recovery was started. */
  username: string;
  /** The recovery's purpose was `remediation`. */
  remediation: boolean;
}

export async function remediateAfterCompletion(ctx: AppContext, data: RemediationJob): Promise<string> {
  const record = await ctx.recoveries.get(data.recoveryId);
  if (!record) return 'gone';
  const account = await ctx.directory.findAccount(data.username);
  if (!account) {
    ctx.logger.error({ recoveryId: data.recoveryId }, 'completed recovery: the account is no longer in the directory; risk not remediated');
    return 'no_account';
  }
  const risk = await accountRisk(ctx, data.username, account);
  if (!data.remediation && !risk.risky) return 'not_risky';
  const removeOlderThan = ctx.config.REMEDIATION_REMOVE_PASSKEYS ? record.meta.createdAt : null;
  const done = await ctx.credentials.hygiene(account, { keepPasskeyId: await newPasskeyOf(ctx, data.recoveryId), removeOlderThan });
  const cleared = await clearRisk(ctx, data.username, account, risk);
  const audit = { recoveryId: data.recoveryId, username: account.username, actor: 'worker' as const };
  if (done.sessionsRevoked)
    await appendAudit(ctx, { ...audit, type: 'credentials.sessions_revoked', data: { target: ctx.credentials.kind, reason: 'risk_remediation' } });
  for (const id of done.passkeysRemoved) {
    await appendAudit(ctx, { ...audit, type: 'passkey.revoked', data: { credentialId: id, reason: 'risk_remediation', target: ctx.credentials.kind } });
  }
  await appendAudit(ctx, {
    ...audit,
    type: 'risk.remediated',
    data: {
      purpose: data.remediation ? 'remediation' : 'recovery',
      sourcesCleared: cleared,
      riskySources: risk.sources,
      level: risk.level,
      // Who or what had flagged it, as the flags said.
      flaggedBy: risk.flags.map((f) => ({ source: f.source, flaggedBy: f.flaggedBy, reason: f.reason, recoveryId: f.recoveryId })),
      idp: risk.idp ? { level: risk.idp.level, state: risk.idp.state } : null,
      sessionsRevoked: done.sessionsRevoked,
      passkeysRemoved: done.passkeysRemoved.length,
      target: ctx.credentials.kind,
    },
  });
  return 'remediated';
}

/** The passkey the recovery enrolled: kept whatever its date says. */
async function newPasskeyOf(ctx: AppContext, recoveryId: string): Promise<string | null> {
  if (ctx.credentials.kind !== 'builtin') return (await ctx.issuedCredentials.outcome(recoveryId))?.passkeyId ?? null;
  return (await ctx.passkeys.createdBy(recoveryId)).find((p) => p.status === 'active')?.credentialId ?? null;
}
