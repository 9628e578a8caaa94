/**
 * The service as an OpenID Provider for other applications (docs/oidc.md): passkey sign-in and
 * identity verification (OpenID Connect for Identity Assurance 1.0). Off unless
 * OIDC_PROVIDER_ENABLED=true, so nothing changes for deployments that do not use it.
 */
import { z } from 'zod';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const flag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true');

export const OidcProviderEnv = z.object({
  OIDC_PROVIDER_ENABLED: flag,
  /**
   * The issuer identifier (OpenID Connect Discovery 1.0 §3): exactly the `iss` of every ID token.
   * Default: PUBLIC_BASE_URL. A path is allowed (`https://id.example.com/recovery`); the
   * provider's endpoints then live under it.
   */
  OIDC_ISSUER: z.url().optional(),
  /** Relying parties known at start-up (JSON, docs/oidc.md); a missing file means none. */
  OIDC_CLIENTS_FILE: z.string().default('config/oidc-clients.json'),
  /**
   * 32 bytes (base64 or 64 hex) that seal the signing keys, the client secrets and the cookie keys
   * (AES-256-GCM under HKDF-derived keys). Default: derived from EVIDENCE_KEY.
   */
  OIDC_KEYS_SECRET: z.string().optional(),
  /**
   * After a rotation, the previous signing key stays in the JWKS this long (hours), so ID tokens
   * signed just before it still verify at relying parties that cache the JWKS (Entra caches 24 h).
   */
  OIDC_KEY_GRACE_HOURS: int(1, 24 * 30).default(48),
  /** A signing key older than this (days) is rotated automatically on the next request; 0 = only by the admin API. */
  OIDC_KEY_ROTATION_DAYS: int(0, 3650).default(90),
  /** ID token lifetime (seconds). */
  OIDC_ID_TOKEN_TTL_SECONDS: int(60, 3600).default(300),
  /** Authorization code lifetime (seconds); RFC 6749 §4.1.2 recommends at most 10 minutes. */
  OIDC_CODE_TTL_SECONDS: int(10, 600).default(60),
  /**
   * How long a person has to finish signing in or verifying (minutes). Okta waits about ten
   * minutes; an identity verification with photos needs more.
   */
  OIDC_INTERACTION_TTL_MINUTES: int(2, 120).default(30),
  /**
   * Identity verification (OpenID Connect for Identity Assurance 1.0): the trust framework and
   * assurance level `verified_claims` name (IDA §5.1: identifiers the RP and OP agree on). The
   * default describes what the service does: remote unattended proofing with a document and a
   * biometric comparison (NIST SP 800-63A, IAL2). Okta's custom IDV vendor expects `IDV-DELEGATED`.
   */
  OIDC_IDA_TRUST_FRAMEWORK: z
    .string()
    .regex(/^[\w.:-]{2,64}$/)
    .default('nist_800_63A'),
  OIDC_IDA_ASSURANCE_LEVEL: z
    .string()
    .regex(/^[\w.:-]{1,64}$/)
    .default('ial2'),
});
