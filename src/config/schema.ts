/**
 * Configuration, read once at boot from the environment and validated with zod (one schema per
 * area). Every variable is listed with its default and meaning in `.env.example`.
 */
import { z } from 'zod';
import { defaultProviderName, providerNames, RegisteredProviderSchema } from '../../providers/registry';
import { parseRoutes } from '../resilience/providerChain';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const ServerEnv = z.object({
  PORT: int(0, 65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  /** Links in e-mails and pages are built from this, never from the Host header (OWASP Forgot Password CS). */
  PUBLIC_BASE_URL: z.url().optional(),
  /** Where vendors call back; defaults to PUBLIC_BASE_URL. */
  WEBHOOK_BASE_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest JSON body accepted, in bytes; larger bodies get 413 before they are buffered. */
  JSON_BODY_LIMIT_BYTES: int(1024, 1_048_576).default(16_384),
});

export const StorageEnv = z.object({
  REDIS_URL: z.string().optional(),
  /** Prefix of every Redis key and BullMQ queue, so several deployments (or tests) can share a Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/)
    .default('rec'),
  S3_ENDPOINT: z.url().optional(),
  S3_BUCKET: z.string().min(3).default('recovery-evidence'),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: bool.default(true),
  /** Prefix of every evidence object key. */
  S3_KEY_PREFIX: z.string().default(''),
  /** `npm start` only: where the generated API keys are kept (credentials.json, mode 0600). */
  DATA_DIR: z.string().min(1).default('.data'),
});

export const SecretsEnv = z.object({
  ADMIN_API_KEY: z.string().min(16).optional(),
  HELPDESK_API_KEY: z.string().min(16).optional(),
  /** 32 bytes, base64 or hex: AES-256-GCM key for evidence at rest. */
  EVIDENCE_KEY: z.string().optional(),
});

export const RecoveryEnv = z.object({
  RECOVERY_TTL_MINUTES: int(5, 7 * 24 * 60).default(60),
  MAX_EVIDENCE_SUBMISSIONS: int(1, 10).default(3),
  /** A verification with no vendor answer after this long ends in a state the user can retry from. */
  VERIFICATION_TIMEOUT_SECONDS: int(5, 24 * 3600).default(600),
  EVIDENCE_MAX_BYTES: int(1024, 50 * 1024 * 1024).default(10 * 1024 * 1024),
  EVIDENCE_MIN_DIMENSION: int(50, 4000).default(200),
  /**
   * Refuse a selfie declared as an uploaded file (`selfieSource=file`, or no declaration) with 422
   * `evidence.selfie_upload_refused`: a photo of a photo is what liveness checks exist to catch, so
   * by default only a live capture from the page's camera is accepted. The `camera` declaration is
   * the client's own (docs/security.md); turn this off only where claimants have no camera.
   */
  REFUSE_UPLOADED_SELFIES: bool.default(true),
  /** Uploads processed at once per API process, and how many may wait (src/http/uploadSlots.ts). */
  EVIDENCE_CONCURRENCY: int(1, 256).default(4),
  EVIDENCE_QUEUE: int(0, 100_000).default(500),
  /** Seconds evidence is kept after the final decision; 0 = deleted at once. */
  EVIDENCE_RETENTION_SECONDS: int(0, 3 * 365 * 24 * 3600).default(0),
  /** Entra Face Check scale: 50..100, default 70. Applied where the vendor gives a numeric score. */
  FACE_MATCH_THRESHOLD: int(50, 100).default(70),
  /** relaxed: case, diacritics and extra middle names tolerated; exact: case and diacritics only. */
  NAME_MATCH_MODE: z.enum(['relaxed', 'exact']).default('relaxed'),
  /**
   * Match an account on names alone when the directory holds none of its strong attributes (birth
   * date, ID document number). Off by default: names are shared; only opt in knowingly.
   */
  ALLOW_NAME_ONLY_MATCH: bool.default(false),
  LINK_TTL_MINUTES: int(5, 7 * 24 * 60).default(24 * 60),
  LINK_MAX_TTL_MINUTES: int(5, 7 * 24 * 60).default(7 * 24 * 60),
  /**
   * Recovery profiles (JSON, docs/recovery-profiles.md) created at start-up when missing. Unset:
   * only the built-in `default` profile (everyone, production, the global settings above).
   */
  RECOVERY_PROFILES_FILE: z.string().min(1).optional(),
  /**
   * Directory groups whose members' recovery links need a second staff member's approval before
   * they work (four-eyes), comma-separated; empty: none. Nested memberships count.
   */
  PRIVILEGED_GROUPS: z
    .string()
    .default('tier0-admins')
    .transform((v) =>
      v
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean),
    ),
});

/** Temporary Access Pass policy, Entra's ranges (docs/references.md, "Product anchors"). */
export const AccessPassEnv = z.object({
  TAP_LIFETIME_MINUTES: int(10, 43_200).default(60),
  TAP_LENGTH: int(8, 48).default(12),
  TAP_ONE_TIME_USE: bool.default(true),
  /** Wrong codes allowed before the pass is burnt (NIST SP 800-63B-4 §3.2.2 allows up to 100; we are far stricter). */
  TAP_MAX_ATTEMPTS: int(1, 100).default(5),
});

export const WorkerEnv = z.object({
  IDV_PROVIDER: RegisteredProviderSchema.default(defaultProviderName),
  WORKER_CONCURRENCY: int(1, 1000).default(50),
  /**
   * A job whose worker died is handed to another worker once its lock has lapsed (WORKER_LOCK_MS)
   * and a stalled check has seen it (every WORKER_STALLED_CHECK_MS): BullMQ's 30 s each by default,
   * so a killed worker's verifications wait 30–90 s. Shorter means faster recovery but more Redis
   * polling; the lock must outlast any event-loop stall (it is renewed every half lock).
   */
  WORKER_LOCK_MS: int(5_000, 600_000).default(30_000),
  WORKER_STALLED_CHECK_MS: int(1_000, 600_000).default(30_000),
  /** Tries per verification job for transient vendor failures (exponential backoff). */
  VERIFY_JOB_ATTEMPTS: int(1, 20).default(6),
  VERIFY_BACKOFF_MS: int(10, 600_000).default(2000),
  /** How often an asynchronous vendor is polled while it is processing. */
  IDV_POLL_INTERVAL_MS: int(10, 600_000).default(1000),
  /** Ordered vendors to fail over to when the primary's circuit is open or it keeps failing transiently. */
  IDV_FALLBACK_PROVIDERS: z
    .string()
    .default('')
    .transform((v, ctx) => {
      const names = v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const parsed = z.array(RegisteredProviderSchema).safeParse(names);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: `unknown provider in "${v}"` });
        return z.NEVER;
      }
      return parsed.data;
    }),
  /** Vendors by document issuing country, tried first: `USA=lexisnexis,au10tix;ESP=idemia`. */
  IDV_ROUTES: z
    .string()
    .default('')
    .transform((v, ctx) => {
      try {
        return parseRoutes(v, providerNames);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  /** Failed tries at one vendor before a verification moves to the next vendor in its chain. */
  IDV_FAILOVER_AFTER: int(1, 20).default(2),
  /** Consecutive transient failures that open a vendor's circuit, and how long it stays open. */
  CIRCUIT_FAILURE_THRESHOLD: int(1, 1000).default(5),
  CIRCUIT_OPEN_SECONDS: int(1, 3600).default(30),
});
