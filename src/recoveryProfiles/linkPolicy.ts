/**
 * What the recovery profile covering an account says about help-desk links: whether the help desk
 * may send one, and whether it needs a second staff member's approval (four-eyes). Members of
 * PRIVILEGED_GROUPS always need approval, whatever their profile says (NIST SP 800-53 AC-5,
 * separation of duties). The directory is read here, on the help desk's request, never on a
 * claimant's; if it cannot be read, no link.
 */
import type { AppContext } from '../context';
import type { DirectoryAccount } from '../connectors/directory';
import { selectProfile } from './selectProfile';

export interface LinkPolicy {
  allowed: boolean;
  approvalRequired: boolean;
  /** The profile that decided, or null when none covers the account (links allowed, global rules). */
  profile: string | null;
  /** The account as the directory holds it now (null: no such account), for the other checks of the same request. */
  account: DirectoryAccount | null;
}

export async function linkPolicyFor(ctx: AppContext, username: string): Promise<LinkPolicy> {
  const account = await ctx.directory.findAccount(username);
  const groups = account?.groups ?? [];
  const { profile } = selectProfile(await ctx.recoveryProfiles.list(), groups);
  const privileged = groups.some((g) => ctx.config.PRIVILEGED_GROUPS.includes(g));
  return {
    allowed: profile?.helpdeskLinks.allowed ?? true,
    approvalRequired: privileged || (profile?.helpdeskLinks.requireApproval ?? false),
    profile: profile?.name ?? null,
    account,
  };
}
