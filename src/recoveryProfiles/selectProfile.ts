/**
 * Which recovery profile applies to an account: a pure function of the profiles and the account's
 * groups (nested memberships already expanded by the directory connector).
 *
 * Profiles are tried in priority order (then name); the first that covers the account applies and
 * no other is looked at. A profile covers an account when one of its groups is the account's (or
 * it lists `*`) and none of its excluded groups is: exclusion always wins. An `off` profile still
 * claims its people (they cannot recover themselves), so turning a Tier-0 profile off never hands
 * Tier-0 admins to the laxer profile below it. A risky account (docs/risk.md) is never served by
 * an evaluation profile: such profiles are passed over for it, and a production profile further
 * down (or none) decides.
 */
import { ALL_USERS, byPriority, type RecoveryProfile } from './profileSchema';

export interface Selection {
  profile: RecoveryProfile | null;
  /** For the help desk and the audit trail: which group matched and which profiles were passed over. */
  why: string;
}

export function selectProfile(profiles: readonly RecoveryProfile[], groups: readonly string[], options: { risky?: boolean } = {}): Selection {
  const mine = new Set(groups);
  const passed: string[] = [];
  for (const profile of [...profiles].sort(byPriority)) {
    const excludedBy = profile.excludeGroups.find((g) => mine.has(g));
    const matchedBy = profile.groups.includes(ALL_USERS) ? ALL_USERS : profile.groups.find((g) => mine.has(g));
    if (!matchedBy) continue;
    if (excludedBy) {
      passed.push(`excluded from "${profile.name}" by group "${excludedBy}"`);
      continue;
    }
    if (options.risky && profile.mode === 'evaluation') {
      passed.push(`"${profile.name}" passed over: an evaluation profile never serves a risky account`);
      continue;
    }
    const reason = matchedBy === ALL_USERS ? `profile "${profile.name}" covers every account` : `group "${matchedBy}" matched profile "${profile.name}"`;
    return { profile, why: [`${reason} (priority ${profile.priority}, mode ${profile.mode})`, ...passed].join('; ') };
  }
  return { profile: null, why: ['no profile covers this account', ...passed].join('; ') };
}
