/**
 * A recovery's rules: its profile's settings where the profile sets them, the deployment's global
 * ones (environment) everywhere else. A recovery with no profile (none covers the account) is
 * still verified under the global rules, so that its path looks like any other (see
 * docs/recovery-profiles.md, "No enumeration"); it just never gets an access pass.
 */
import type { AppConfig } from '../config';
import type { ProviderName } from '../../providers/contract';
import type { AccessPassPolicy } from '../policies/accessPass';
import type { NameMatchMode } from '../policies/accountMatch';
import type { RecoveryMode, RecoveryProfile, StrongAttribute } from './profileSchema';

export interface EffectivePolicy {
  profile: string | null;
  /** `off` also stands for "no profile": verified, then refused self-service. */
  mode: RecoveryMode;
  /** The primary vendor and its fallbacks; `restricted`: country routes may only pick among these. */
  vendors: { primary: ProviderName; fallbacks: ProviderName[]; restricted: boolean };
  faceMatchThreshold: number;
  matching: { nameMatchMode: NameMatchMode; requiredAttributes: StrongAttribute[]; allowNameOnly: boolean };
  accessPass: AccessPassPolicy;
  /** Claim-hook names in order, or null for every hook of the deployment. */
  claimHooks: string[] | null;
}

type PolicyConfig = Pick<
  AppConfig,
  | 'IDV_PROVIDER'
  | 'IDV_FALLBACK_PROVIDERS'
  | 'FACE_MATCH_THRESHOLD'
  | 'NAME_MATCH_MODE'
  | 'ALLOW_NAME_ONLY_MATCH'
  | 'TAP_LIFETIME_MINUTES'
  | 'TAP_LENGTH'
  | 'TAP_ONE_TIME_USE'
  | 'TAP_MAX_ATTEMPTS'
>;

/** `mode`: this recovery's, which for a help-desk link is the profile's link policy, not its mode (resolveProfile.ts). */
export function effectivePolicy(profile: RecoveryProfile | null, config: PolicyConfig, mode: RecoveryMode = profile?.mode ?? 'off'): EffectivePolicy {
  const providers = profile?.providers;
  return {
    profile: profile?.name ?? null,
    mode,
    vendors: providers
      ? { primary: providers[0] as ProviderName, fallbacks: providers.slice(1), restricted: true }
      : { primary: config.IDV_PROVIDER, fallbacks: config.IDV_FALLBACK_PROVIDERS, restricted: false },
    faceMatchThreshold: profile?.faceMatchThreshold ?? config.FACE_MATCH_THRESHOLD,
    matching: profile?.matching
      ? {
          nameMatchMode: profile.matching.nameMatchMode,
          requiredAttributes: profile.matching.requiredAttributes,
          allowNameOnly: profile.matching.allowNameOnly,
        }
      : { nameMatchMode: config.NAME_MATCH_MODE, requiredAttributes: [], allowNameOnly: config.ALLOW_NAME_ONLY_MATCH },
    accessPass: {
      lifetimeMinutes: profile?.accessPass?.lifetimeMinutes ?? config.TAP_LIFETIME_MINUTES,
      length: profile?.accessPass?.length ?? config.TAP_LENGTH,
      oneTimeUse: profile?.accessPass?.oneTimeUse ?? config.TAP_ONE_TIME_USE,
      maxAttempts: config.TAP_MAX_ATTEMPTS,
    },
    claimHooks: profile?.claimHooks ?? null,
  };
}
