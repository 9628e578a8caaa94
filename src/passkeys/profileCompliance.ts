/**
 * Which registered passkeys a change of passkey profiles leaves out of policy. Each active
 * passkey is judged again, as sign-in judges it (storedFacts.ts), against the profiles that
 * decide for its owner today (their groups read from the directory now, not at registration).
 * Registration required user verification, so it is taken as given here.
 *
 * The report reads at most MAX_PASSKEYS passkeys and says when it stopped short: it runs inside an
 * admin request, and a directory lookup per owner is the cost. A directory that cannot answer
 * fails the report (DirectoryUnavailableError) rather than judging owners by no groups.
 */
import type { AppContext } from '../context';
import type { PasskeyRecord } from '../stores/passkeyStore';
import { evaluatePasskey, profilesFor, type RuleFailure } from './evaluateProfiles';
import type { PasskeyProfile } from './profileSchema';
import { storedPasskeyFacts } from './storedFacts';

export const MAX_PASSKEYS = 1000;

export interface NonCompliantPasskey {
  username: string;
  credentialId: string;
  failures: RuleFailure[];
}

export interface ComplianceReport {
  checked: number;
  truncated: boolean;
  items: NonCompliantPasskey[];
}

function judge(passkey: PasskeyRecord, profiles: readonly PasskeyProfile[], groups: readonly string[], ctx: AppContext): RuleFailure[] | null {
  const applicable = profilesFor(profiles, groups, ctx.config.PASSKEY_PROFILE_SELECTION);
  const evaluation = evaluatePasskey(
    applicable,
    storedPasskeyFacts(
      passkey,
      true,
      applicable.map((p) => p.name),
    ),
  );
  return evaluation.allowed ? null : evaluation.failures;
}

/**
 * The active passkeys out of policy under `after`; with `before`, only those that complied
 * under it (what a change newly leaves out).
 */
export async function nonCompliantPasskeys(ctx: AppContext, after: readonly PasskeyProfile[], before?: readonly PasskeyProfile[]): Promise<ComplianceReport> {
  const { passkeys, truncated } = await ctx.passkeys.active(MAX_PASSKEYS);
  const groupsOf = new Map<string, Promise<string[]>>();
  const items: NonCompliantPasskey[] = [];
  for (const passkey of passkeys) {
    if (!groupsOf.has(passkey.username)) {
      groupsOf.set(
        passkey.username,
        ctx.directory.findAccount(passkey.username).then((a) => a?.groups ?? []),
      );
    }
    const groups = await (groupsOf.get(passkey.username) as Promise<string[]>);
    const failures = judge(passkey, after, groups, ctx);
    if (!failures) continue;
    if (before && judge(passkey, before, groups, ctx)) continue;
    items.push({ username: passkey.username, credentialId: passkey.credentialId, failures });
  }
  return { checked: passkeys.length, truncated, items };
}
