/**
 * Recovery profiles: who may recover themselves, and under which rules. Modelled on Microsoft
 * Entra's identity verification profiles (docs/recovery-profiles.md): included and excluded
 * groups, a priority (first profile that covers the person applies), a mode, the vendor, the face
 * threshold, the matching rule, the access-pass policy and the help-desk link policy. Every
 * optional setting left out is the deployment's global one, so the `default` profile (everyone,
 * last, production, nothing overridden) behaves exactly like a deployment without profiles.
 */
import { z } from 'zod';
import { RegisteredProviderSchema } from '../../providers/registry';

/** Profile names appear in URLs, metrics labels and audit entries: a slug. */
export const RecoveryProfileNameSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, "_" or "-" (max 63)');

/** The profile that ships with every deployment: it can be edited (or turned off) but not deleted. */
export const DEFAULT_RECOVERY_PROFILE = 'default';

/** In `groups`, this one entry means every account, including accounts in no group. */
export const ALL_USERS = '*';

const group = z.string().min(1).max(256);

/**
 * - `production`: a verified, matched person gets an access pass and enrolls a passkey.
 * - `evaluation`: the whole verification and match run, then the recovery ends in `evaluated`
 *   (no access pass, no credential action), and the person is told it was a trial.
 * - `off`: the profile still claims the people it covers, and they cannot recover themselves
 *   (they are told to contact the help desk). It never hands them on to a laxer profile below it.
 */
export const RecoveryModeSchema = z.enum(['evaluation', 'production', 'off']);
export type RecoveryMode = z.infer<typeof RecoveryModeSchema>;

/** Strong attributes a profile can require: each must be held by the directory and match. */
export const StrongAttributeSchema = z.enum(['birthDate', 'documentNumber', 'employeeId']);
export type StrongAttribute = z.infer<typeof StrongAttributeSchema>;

export const MatchingSchema = z.strictObject({
  /** relaxed: extra middle names tolerated; exact: case and diacritics only (policies/accountMatch.ts). */
  nameMatchMode: z.enum(['exact', 'relaxed']),
  /** Each listed attribute must be held by the directory and match; none listed = at least one held must match. */
  requiredAttributes: z
    .array(StrongAttributeSchema)
    .max(3)
    .default([])
    .refine((a) => new Set(a).size === a.length, 'requiredAttributes must not repeat an attribute'),
  /** Accept names alone when the directory holds no strong attribute (explicit opt-in, as ALLOW_NAME_ONLY_MATCH). */
  allowNameOnly: z.boolean().default(false),
});

/** Entra's Temporary Access Pass ranges (docs/references.md). */
export const AccessPassPolicySchema = z.strictObject({
  lifetimeMinutes: z.number().int().min(10).max(43_200),
  length: z.number().int().min(8).max(48),
  oneTimeUse: z.boolean(),
});

export const LinkPolicySchema = z.strictObject({
  /** Whether the help desk may send this population recovery links. */
  allowed: z.boolean().default(true),
  /** Whether a link needs a second staff member's approval before it works (four-eyes). */
  requireApproval: z.boolean().default(false),
});

const ProfileFields = z.strictObject({
  description: z.string().max(500).optional(),
  /** Groups the profile covers (nested memberships count); `*` covers every account. */
  groups: z.array(group).min(1).max(100),
  /** Members of these groups are never covered by this profile: exclusion always wins. */
  excludeGroups: z.array(group).max(100).default([]),
  /** Lower comes first; ties are broken by name. The first profile that covers a person applies. */
  priority: z.number().int().min(0).max(10_000),
  mode: RecoveryModeSchema,
  /** Vendors in the order tried (the first is the primary); absent = IDV_PROVIDER, IDV_FALLBACK_PROVIDERS and IDV_ROUTES. */
  providers: z
    .array(RegisteredProviderSchema)
    .min(1)
    .max(10)
    .refine((p) => new Set(p).size === p.length, 'providers must not repeat a vendor')
    .optional(),
  /**
   * Face-match threshold on the adapter's 0–100 scale; absent = FACE_MATCH_THRESHOLD. Never below
   * 50, Entra Face Check's floor: under it a different face passes about as often as the same one.
   */
  faceMatchThreshold: z.number().int().min(50).max(100).optional(),
  /** Absent = NAME_MATCH_MODE and ALLOW_NAME_ONLY_MATCH, nothing required. */
  matching: MatchingSchema.optional(),
  /** Absent = TAP_LIFETIME_MINUTES, TAP_LENGTH, TAP_ONE_TIME_USE. */
  accessPass: AccessPassPolicySchema.optional(),
  helpdeskLinks: LinkPolicySchema.default({ allowed: true, requireApproval: false }),
  /** Claim-validation hooks (by name, from CLAIM_HOOKS_FILE) in order; absent = every hook in the file. */
  claimHooks: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/))
    .max(10)
    .refine((h) => new Set(h).size === h.length, 'claimHooks must not repeat a hook')
    .optional(),
});

/** A profile without its name (the name is the URL path segment or the key in the file). */
export const RecoveryProfileBodySchema = ProfileFields;
export const RecoveryProfileSchema = ProfileFields.extend({ name: RecoveryProfileNameSchema });
export type RecoveryProfile = z.infer<typeof RecoveryProfileSchema>;
export type RecoveryProfileInput = z.input<typeof RecoveryProfileSchema>;

/** The order profiles are tried in: priority, then name. */
export const byPriority = (a: RecoveryProfile, b: RecoveryProfile): number => a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** `POST /v1/admin/recovery-profiles/order`: every profile's name, first to last. */
export const ReorderSchema = z.strictObject({
  names: z
    .array(RecoveryProfileNameSchema)
    .min(1)
    .max(1000)
    .refine((n) => new Set(n).size === n.length, 'names must not repeat a profile'),
});

/** The profiles file (RECOVERY_PROFILES_FILE): `{ "profiles": { "<name>": { ...profile } } }`. */
export const RecoveryProfileFileSchema = z.strictObject({
  profiles: z.record(RecoveryProfileNameSchema, RecoveryProfileBodySchema),
});

/** The default profile: everyone, last, production, every setting the deployment's own. */
export function defaultRecoveryProfile(): RecoveryProfile {
  return {
    name: DEFAULT_RECOVERY_PROFILE,
    description: "Everyone not covered by another profile; the deployment's global settings.",
    groups: [ALL_USERS],
    excludeGroups: [],
    priority: 10_000,
    mode: 'production',
    helpdeskLinks: { allowed: true, requireApproval: false },
  };
}
