/**
 * A help-desk link to a risky account works only once a second staff member approves it
 * (recovery/approveLink.ts), as one to a privileged account does: whoever put the account at risk
 * may be the one calling the help desk, and one talked-into agent is not enough (NIST SP 800-53
 * AC-5, separation of duties). Read on the help desk's request, never a claimant's; a directory
 * or provider that cannot answer means no link (503), never a link without the check.
 */
import type { AppContext } from '../context';
import { appendAudit } from '../audit/auditLog';
import { accountRisk } from './riskState';
import type { DirectoryAccount } from '../connectors/directory';

/** True when the account is risky; audited (`risk.link_approval_required`) with why. */
export async function riskyLinkNeedsApproval(ctx: AppContext, username: string, account: DirectoryAccount | null, agent: string): Promise<boolean> {
  if (!account) return false;
  const risk = await accountRisk(ctx, username, account);
  if (!risk.risky) return false;
  await appendAudit(ctx, {
    type: 'risk.link_approval_required',
    username: account.username,
    actor: agent,
    data: { sources: risk.sources, level: risk.level },
  });
  return true;
}
