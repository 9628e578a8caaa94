/**
 * Passkey profiles, with Microsoft Entra's field names (Graph `passkeyProfile`): which passkey
 * types a group may register, whether attestation is enforced, and AAGUID key restrictions.
 * Unlike Entra there is no limit of three profiles.
 */
import { X509Certificate } from 'node:crypto';
import { z } from 'zod';

/** Profile names appear in URLs and audit entries: keep them to a slug. */
export const ProfileNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-" (max 64)');

/** The profile users in no targeted group get; it can be changed but not deleted. */
export const DEFAULT_PROFILE = 'default';

/**
 * AAGUIDs are 128-bit model ids written as 8-4-4-4-12 hex. Not RFC 9562 UUIDs (no version bits):
 * Chromium's virtual authenticator uses 01020304-0506-0708-0102-030405060708. Compared lowercase.
 */
export const AaguidSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'an AAGUID (8-4-4-4-12 hex)')
  .transform((v) => v.toLowerCase());

export const KeyRestrictionsSchema = z.strictObject({
  isEnforced: z.boolean(),
  enforcementType: z.enum(['allow', 'block']),
  aaGuids: z.array(AaguidSchema).max(1000),
});

/** One X.509 certificate in PEM, parseable (an unparseable root would silently trust nothing). */
export const PemCertificateSchema = z
  .string()
  .max(16_384)
  .regex(/^-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----\s*$/, 'one PEM certificate')
  .refine((pem) => {
    try {
      return Boolean(new X509Certificate(pem));
    } catch {
      return false;
    }
  }, 'a certificate that parses');

/** The fields of a profile, unchecked across fields: what stored profiles are read with. */
const ProfileFields = z.strictObject({
  /** deviceBound = credential not backup eligible (WebAuthn authData flag bit 3, BE = 0); synced = BE = 1. */
  passkeyTypes: z
    .array(z.enum(['deviceBound', 'synced']))
    .min(1)
    .max(2)
    .refine((types) => new Set(types).size === types.length, 'passkeyTypes must not repeat a type'),
  /** registrationOnly: the new passkey must carry a verified attestation statement (fmt ≠ none). */
  attestationEnforcement: z.enum(['disabled', 'registrationOnly']),
  keyRestrictions: KeyRestrictionsSchema.optional(),
  /**
   * Extra trust anchors for this profile's attestation, besides the FIDO metadata (PEM roots, e.g.
   * an organisation's own security-key batch CA). docs/attestation.md.
   */
  attestationRoots: z.array(PemCertificateSchema).max(20).optional(),
  /** Directory groups this profile targets. */
  groups: z.array(z.string().min(1).max(256)).max(100).default([]),
  /** Members of these groups are never covered by this profile, whatever else they belong to: exclusion wins. */
  excludeGroups: z.array(z.string().min(1).max(256)).max(100).default([]),
  /**
   * Lower comes first. With PASSKEY_PROFILE_SELECTION=priority (the default) the first profile
   * that covers a person alone decides what they may register, so a Tier-0 admin who is also in
   * `staff` gets the Tier-0 profile, not the laxer one (evaluateProfiles.ts).
   */
  priority: z.number().int().min(0).max(10_000).default(100),
});

/**
 * An AAGUID is whatever the client says unless a verified attestation vouches for it (WebAuthn L3
 * §6.5.1), so a model allow or block list without required attestation would be a list anyone
 * passes: such a profile is refused when loaded and when written through the API.
 */
function restrictionsNeedAttestation(p: { keyRestrictions?: { isEnforced: boolean } | undefined; attestationEnforcement: string }): boolean {
  return !p.keyRestrictions?.isEnforced || p.attestationEnforcement === 'registrationOnly';
}
const RESTRICTIONS_MESSAGE = {
  message:
    'keyRestrictions (an AAGUID allow or block list) need attestationEnforcement "registrationOnly": without verified attestation an AAGUID is whatever the client says',
  path: ['attestationEnforcement'],
};

/** A profile without its name (the name is the URL path segment or the key in the file). */
export const PasskeyProfileBodySchema = ProfileFields.refine(restrictionsNeedAttestation, RESTRICTIONS_MESSAGE);

/** A stored profile as read back (written before the cross-field rule existed, it still parses; checkProfile enforces the rule). */
export const PasskeyProfileSchema = ProfileFields.extend({ name: ProfileNameSchema });
export type PasskeyProfile = z.infer<typeof PasskeyProfileSchema>;
export type PasskeyProfileInput = z.input<typeof PasskeyProfileSchema>;

/** The profile file: `{ "profiles": { "<name>": { ...profile } } }`, and it must define `default`. */
export const ProfileFileSchema = z
  .strictObject({
    profiles: z.record(ProfileNameSchema, PasskeyProfileBodySchema),
  })
  .refine((file) => DEFAULT_PROFILE in file.profiles, `the file must define the "${DEFAULT_PROFILE}" profile`);
