/**
 * Clears an account's risk where it was raised: at the identity provider (Entra ID Protection's
 * `riskyUsers/dismiss`) when it holds an active risk, and the local flags. The provider first: if
 * it cannot be reached the call throws and the local flags stay, so a retry finds the account as
 * it was and nothing is half cleared.
 */
import type { AppContext } from '../context';
import type { DirectoryAccount } from '../connectors/directory';
import { idpRiskActive, spellingsOf, type AccountRisk, type RiskSource } from './riskState';

export async function clearRisk(ctx: AppContext, username: string, account: DirectoryAccount, risk: AccountRisk): Promise<RiskSource[]> {
  const cleared: RiskSource[] = [];
  if (ctx.directory.risk && idpRiskActive(risk.idp)) {
    await ctx.directory.risk.dismiss(account);
    cleared.push('idp');
  }
  const removed = await ctx.riskFlags.clear(spellingsOf(username, account));
  return [...cleared, ...removed.map((f) => f.source)];
}
