/**
 * Trust-and-safety settings: rate limits, lockout, browser hardening, notifications,
 * audit export and human review. Every variable is listed with its default in `.env.example`.
 */
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** `points/seconds`, e.g. `5/3600` = five per hour. */
export interface LimitSpec {
  points: number;
  seconds: number;
}
const limit = (fallback: string) =>
  z
    .string()
    .regex(/^\d{1,6}\/\d{1,7}$/, 'expected <points>/<seconds>, e.g. 5/3600')
    .default(fallback)
    .transform((v): LimitSpec => {
      const [points, seconds] = v.split('/').map(Number) as [number, number];
      return { points: Math.max(1, points), seconds: Math.max(1, seconds) };
    });

export const SafetyEnv = z.object({
  /**
   * Which proxies' X-Forwarded-For to believe (Express `trust proxy`): `false` (default: the socket
   * address), the number of proxies in front (e.g. `1`), or their addresses / CIDRs, comma-separated
   * (Express also knows `loopback`, `linklocal`, `uniquelocal`). Never `true`: that believes the
   * left-most address, which any client writes itself, so per-client limits and lockouts could be
   * escaped by forging the header.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .refine(
      (v) =>
        v === 'false' || /^([1-9]|10)$/.test(v) || v.split(',').every((p) => /^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/.test(p.trim())),
      'TRUST_PROXY must be false, a hop count (1-10) or a comma-separated list of proxy addresses or CIDRs; `true` would let any client forge its address',
    ),
  /** Origins allowed to call the API from a browser (comma-separated). Empty: no cross-origin use at all. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim().replace(/\/+$/, ''))
        .filter((s) => s.length > 0),
    )
    .pipe(z.array(z.url())),
  RATE_LIMITS_ENABLED: bool.default(true),
  // OWASP Forgot Password Cheat Sheet: rate-limit per account so requests cannot flood an inbox;
  // ASVS 5.0 §6.6.3: rate-limit out-of-band codes; NIST SP 800-63B-4 §3.1.9/§4.2.1.1: throttle codes.
  RATE_LIMIT_START_PER_IP: limit('30/600'),
  RATE_LIMIT_START_PER_ACCOUNT: limit('5/3600'),
  RATE_LIMIT_START_PER_ACCOUNT_DAY: limit('10/86400'),
  RATE_LIMIT_START_PER_LINK: limit('5/3600'),
  /**
   * Starts across the whole deployment: a ceiling that protects the vendor bill from a flood spread
   * over many clients and names. Set it above the expected peak (a fleet-wide device wipe).
   */
  RATE_LIMIT_START_GLOBAL: limit('1200/60'),
  RATE_LIMIT_EVIDENCE_PER_IP: limit('30/600'),
  RATE_LIMIT_EVIDENCE_PER_RECOVERY: limit('10/3600'),
  RATE_LIMIT_EVIDENCE_PER_ACCOUNT_DAY: limit('10/86400'),
  RATE_LIMIT_TAP_PER_IP: limit('20/600'),
  RATE_LIMIT_TAP_PER_ACCOUNT: limit('10/3600'),
  RATE_LIMIT_LINKS_PER_IP: limit('60/3600'),
  RATE_LIMIT_LINKS_PER_AGENT: limit('60/3600'),
  RATE_LIMIT_LINKS_PER_ACCOUNT: limit('5/3600'),
  RATE_LIMIT_REPUDIATE_PER_IP: limit('20/600'),
  /** Sign-in attempts at the queue dashboard's form, per client network. */
  RATE_LIMIT_DASHBOARD_LOGIN_PER_IP: limit('10/600'),
  /** Staff sign-ins started (each keeps a login state in Redis for ten minutes), per client network. */
  RATE_LIMIT_STAFF_SIGN_IN_PER_IP: limit('30/600'),
  RATE_LIMIT_REPUDIATE_PER_TOKEN: limit('5/3600'),
  /** IPv6 clients are one client per network of this many bits (RFC 6177: a subscriber gets a /64 or more). */
  IPV6_PREFIX_LENGTH: int(32, 128).default(64),
  /**
   * Live-progress streams (SSE) open at once per API process: per recovery token (a claimant has
   * one page open, perhaps two) and per client network (the help desk's consoles included). Each
   * stream holds a socket and a subscription, so without a cap one client could hold them all.
   */
  SSE_MAX_PER_RECOVERY: int(1, 100).default(3),
  SSE_MAX_PER_CLIENT: int(1, 10_000).default(20),
  /**
   * Rejected recoveries of one account from one source (client network, or link) within
   * LOCKOUT_WINDOW_HOURS that pause self-service recovery of that account from that source: a
   * failure counts against whoever caused it, never against the owner elsewhere (OWASP Forgot
   * Password Cheat Sheet; ASVS 5.0 §6.3.5).
   */
  LOCKOUT_FAILED_RECOVERIES: int(1, 100).default(3),
  /**
   * Distinct sources whose recoveries of one account failed on a sign of attack (face mismatch,
   * liveness or injection) within LOCKOUT_WINDOW_HOURS that lock self-service of the account for
   * everyone; the owner and the help desk are told, and the help desk can still send a link.
   */
  LOCKOUT_ATTACK_SOURCES: int(2, 100).default(3),
  LOCKOUT_WINDOW_HOURS: int(1, 24 * 30).default(24),
  /** How long a source's pause or an account's lock lasts (the help desk can still send a link). */
  LOCKOUT_COOLDOWN_MINUTES: int(1, 30 * 24 * 60).default(24 * 60),
});

export const NotificationEnv = z.object({
  /** `smtp://user:pass@host:587` or `smtps://…`; unset = the local outbox (GET /v1/admin/outbox). */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  NOTIFY_FROM: z.string().default('Account recovery <no-reply@localhost>'),
  /** Named in every message (NIST SP 800-63A-4 §3.1.10: service name and contact). */
  NOTIFY_SERVICE_NAME: z.string().default('Account recovery'),
  NOTIFY_SUPPORT_CONTACT: z.string().default('your help desk'),
  /** Where lockouts and repudiations are reported; unset = audit trail only. */
  HELPDESK_NOTIFY_EMAIL: z.email().optional(),
  /** Lifetime of a "this wasn't me" link. */
  REPUDIATION_TTL_HOURS: int(1, 30 * 24).default(7 * 24),
});

export const AuditEnv = z
  .object({
    /** Signed push of every audit entry (HMAC-SHA256, see openapi.yaml); unset = no push. */
    AUDIT_WEBHOOK_URL: z.url().optional(),
    AUDIT_WEBHOOK_SECRET: z.string().min(32).optional(),
    AUDIT_WEBHOOK_INTERVAL_MS: int(50, 3_600_000).default(5000),
    /** Delivered audit entries stay in Redis, for the admin query, this many days; undelivered ones always stay. */
    AUDIT_RETAIN_DELIVERED_DAYS: int(0, 3650).default(30),
  })
  .refine((c) => !c.AUDIT_WEBHOOK_URL || c.AUDIT_WEBHOOK_SECRET, {
    message: 'AUDIT_WEBHOOK_SECRET (>= 32 characters) is required with AUDIT_WEBHOOK_URL',
    path: ['AUDIT_WEBHOOK_SECRET'],
  });

export const ReviewEnv = z.object({
  /** Bearer key of the reviewer (trusted referee) API, >= 16 characters; unset = nobody can review. */
  REVIEWER_API_KEY: z.string().min(16).optional(),
  /**
   * Face scores in [FACE_MATCH_THRESHOLD, FACE_MATCH_THRESHOLD + band) go to a person instead of
   * being approved automatically (NIST SP 800-63A-4 §3.1.13 trusted referee). 0 = no grey zone.
   */
  FACE_MATCH_REVIEW_BAND: int(0, 50).default(10),
});

/** The validated TRUST_PROXY as Express takes it: false (the socket address), a hop count, or proxy addresses. */
export function trustProxySetting(value: string): boolean | number | string {
  if (value === 'false' || value === '') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}
