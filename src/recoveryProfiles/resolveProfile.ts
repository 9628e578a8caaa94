/**
 * The recovery profile of one recovery, decided once, at its first verification attempt, from the
 * account's groups in the directory (never at start: the start answers alike for every name,
 * OWASP ASVS 5.0 §6.3.8). The choice, why it was made and the profile's settings as they were
 * then are recorded with the transition that first relies on them (the vendor send), so later
 * attempts, the reveal of the access pass and the help desk all see the same profile, whatever
 * an admin edits meanwhile.
 */
import type { AppContext } from '../context';
import type { DirectoryAccount } from '../connectors/directory';
import type { RecoveryMeta, SideWrite } from '../stores/recoveryStore';
import type { AppliedProfile } from '../stores/recoveryProfileStore';
import { auditSideWrite } from '../audit/auditLog';
import { effectivePolicy, type EffectivePolicy } from './effectivePolicy';
import { selectProfile } from './selectProfile';
import type { RecoveryMode, RecoveryProfile } from './profileSchema';

export interface ResolvedProfile {
  applied: AppliedProfile;
  policy: EffectivePolicy;
  /** The record and its audit entry when decided just now; empty when it was already recorded. */
  writes: SideWrite[];
}

/** Decides whether an account is risky (docs/risk.md); evaluation profiles never serve one. */
export type RiskCheck = (ctx: AppContext, username: string, account: DirectoryAccount | null) => Promise<boolean>;

const VERIFICATION_ONLY = 'identity verification for a relying party: recovery profiles do not apply';

/**
 * `alreadyRead`: the recorded profile when the caller fetched it alongside its own reads (the
 * verification job reads it with the recovery, in the same round trip); otherwise it is read here.
 */
export async function resolveProfile(
  ctx: AppContext,
  meta: RecoveryMeta,
  isRisky: RiskCheck = async () => false,
  alreadyRead?: AppliedProfile | null,
): Promise<ResolvedProfile> {
  const now = ctx.clock.now();
  if (meta.purpose === 'verification') {
    return {
      applied: { profile: null, mode: null, why: VERIFICATION_ONLY, settings: null, at: now },
      policy: effectivePolicy(null, ctx.config, 'production'),
      writes: [],
    };
  }
  const recorded = alreadyRead === undefined ? await ctx.recoveryProfiles.applied(meta.id) : alreadyRead;
  if (recorded) return { applied: recorded, policy: effectivePolicy(recorded.settings, ctx.config, recorded.mode ?? 'off'), writes: [] };
  const account = await ctx.directory.findAccount(meta.username);
  const [profiles, risky] = await Promise.all([ctx.recoveryProfiles.list(), isRisky(ctx, meta.username, account)]);
  const selection = selectProfile(profiles, account?.groups ?? [], { risky });
  const { mode, note } = modeOf(meta, selection.profile);
  const applied: AppliedProfile = {
    profile: selection.profile?.name ?? null,
    mode,
    why: [selection.why, ...(risky ? ['the account is flagged risky'] : []), ...(note ? [note] : [])].join('; '),
    settings: selection.profile,
    at: now,
  };
  return {
    applied,
    policy: effectivePolicy(selection.profile, ctx.config, mode),
    writes: [
      ctx.recoveryProfiles.appliedWrite(meta.id, applied, meta.expiresAt - now),
      auditSideWrite(ctx, {
        type: 'recovery.profile_applied',
        recoveryId: meta.id,
        username: meta.username,
        actor: 'worker',
        data: { profile: applied.profile, mode: applied.mode, why: applied.why },
      }),
    ],
  };
}

/**
 * This recovery's mode. Self-service: the profile's (none covering: `off`). A help-desk link is the
 * way back in for the people self-service turns away, so it runs in production under the covering
 * profile's vendors, threshold and matching (or the global rules when none covers), unless that
 * profile forbids links: a link sent before the profile changed is then refused like self-service.
 */
function modeOf(meta: RecoveryMeta, profile: RecoveryProfile | null): { mode: RecoveryMode; note: string | null } {
  if (meta.origin !== 'helpdesk_link') return { mode: profile?.mode ?? 'off', note: null };
  if (profile && !profile.helpdeskLinks.allowed) return { mode: 'off', note: 'started from a help-desk link, which this profile does not allow' };
  return { mode: 'production', note: 'started from a help-desk link: production rules' };
}

/**
 * The recorded profile's rules, without deciding anew: for the steps after the verdict (the
 * reveal of the pass, a reviewer's approval). A recovery with no record (decided before profiles
 * existed) gets the deployment's global rules.
 */
export async function recordedPolicy(ctx: AppContext, meta: RecoveryMeta): Promise<EffectivePolicy> {
  const recorded = meta.purpose === 'verification' ? null : await ctx.recoveryProfiles.applied(meta.id);
  return effectivePolicy(recorded?.settings ?? null, ctx.config, recorded?.mode ?? 'production');
}
