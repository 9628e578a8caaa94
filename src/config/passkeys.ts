/**
 * Passkey re-enrollment settings: the WebAuthn relying party, the enrollment window, the
 * clean-up policy after a recovery completes, and where the passkey profiles are loaded from.
 */
import { z } from 'zod';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const PasskeyEnv = z.object({
  /** WebAuthn RP ID. Default: the hostname of PUBLIC_BASE_URL. */
  WEBAUTHN_RP_ID: z
    .string()
    .regex(/^[a-z0-9.-]+$/i)
    .optional(),
  /** Name the authenticator shows when a passkey is created. */
  WEBAUTHN_RP_NAME: z.string().min(1).max(64).default('Account recovery'),
  /** Comma-separated origins allowed in clientDataJSON. Default: the origin of PUBLIC_BASE_URL. */
  WEBAUTHN_ORIGINS: z.string().optional(),
  /**
   * Minutes an enrollment opened with an access pass stays usable, capped by the pass's own expiry
   * ("tokens obtained with it expire with it"). Entra leaves 10 minutes after a one-time TAP.
   */
  ENROLLMENT_TTL_MINUTES: int(1, 60).default(10),
  /** After the confirming sign-in: revoke every other passkey of the user (`all`) or keep them (`none`). */
  PASSKEY_REVOKE_OLDER: z.enum(['none', 'all']).default('all'),
  /**
   * Which passkey profiles decide for a person several profiles cover: `priority` (the first by
   * `priority` alone) or `any` (Microsoft Entra's rule: any one satisfied is enough, so the laxest
   * wins; for compatibility only). src/passkeys/evaluateProfiles.ts.
   */
  PASSKEY_PROFILE_SELECTION: z.enum(['priority', 'any']).default('priority'),
  /** Passkey profiles (JSON) created at start-up when missing; must define `default`. */
  PASSKEY_PROFILES_FILE: z.string().default('config/passkey-profiles.json'),
  /**
   * FIDO Metadata Service (MDS3) statements: a file or a folder of `*.jwt` BLOBs and `*.json`
   * statements. Unset: no authenticator model is trusted (docs/attestation.md).
   */
  ATTESTATION_METADATA_PATH: z.string().min(1).optional(),
  /** PEM root the MDS BLOB's signing chain must reach, for a private mirror. Default: FIDO's MDS root. */
  ATTESTATION_MDS_ROOT_FILE: z.string().min(1).optional(),
});

export interface WebAuthnSettings {
  rpID: string;
  rpName: string;
  origins: string[];
}

/** Derives the relying-party settings from the validated config. */
export function webauthnSettings(config: {
  PUBLIC_BASE_URL: string;
  WEBAUTHN_RP_ID?: string;
  WEBAUTHN_RP_NAME: string;
  WEBAUTHN_ORIGINS?: string;
}): WebAuthnSettings {
  const base = new URL(config.PUBLIC_BASE_URL);
  const origins = config.WEBAUTHN_ORIGINS ? config.WEBAUTHN_ORIGINS.split(',').map((o) => new URL(o.trim()).origin) : [base.origin];
  return { rpID: config.WEBAUTHN_RP_ID ?? base.hostname, rpName: config.WEBAUTHN_RP_NAME, origins };
}
