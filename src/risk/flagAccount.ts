/**
 * Sets a local risk flag and audits it (`risk.flagged`, with who or what flagged it). Flags are
 * written only for accounts the directory holds, under the directory's own spelling of the name:
 * a name nobody holds is never stored, so flagging costs an attacker something only for real
 * accounts, and the flag is found whichever spelling the next claimant types.
 */
import type { AppContext } from '../context';
import type { DirectoryAccount } from '../connectors/directory';
import { appendAudit } from '../audit/auditLog';
import type { LocalRiskSource, RiskFlag } from '../stores/riskStore';
import { RANK, type RiskLevel } from './riskState';

export interface FlagInput {
  source: LocalRiskSource;
  level: RiskLevel;
  reason: string;
  /** The admin's actor id, or `service`. */
  flaggedBy: string;
  recoveryId: string | null;
}

/**
 * An admin's flag replaces the admin's earlier one (the admin may lower it); a service signal never
 * lowers the service's standing flag, so a weaker signal after a repudiation cannot bring the
 * account under RISK_LEVEL_THRESHOLD.
 */
export async function flagAccount(ctx: AppContext, account: DirectoryAccount, input: FlagInput): Promise<RiskFlag> {
  const standing = input.source === 'service' ? (await ctx.riskFlags.flagsOf([account.username])).find((f) => f.source === 'service') : undefined;
  const level = standing && RANK[standing.level] > RANK[input.level] ? standing.level : input.level;
  const flag: RiskFlag = { username: account.username, ...input, level, at: ctx.clock.now() };
  await ctx.riskFlags.flag(flag);
  await appendAudit(ctx, {
    type: 'risk.flagged',
    username: account.username,
    actor: input.flaggedBy,
    ...(input.recoveryId ? { recoveryId: input.recoveryId } : {}),
    data: { source: input.source, level, reason: input.reason, flaggedBy: input.flaggedBy },
  });
  return flag;
}
