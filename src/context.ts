/**
 * The one context object every route and worker receives (Logto style): routes and workers call
 * library functions with it and never construct storage themselves.
 */
import type { AppConfig } from './config';
import type { Clock } from './clock';
import type { Logger } from './logger';
import type { ProviderSet } from './runtime/providers';
import type { RecoveryStore } from './stores/recoveryStore';
import type { AuditStore } from './stores/auditStore';
import type { DirectoryStore } from './stores/directoryStore';
import type { DirectoryConnector } from './connectors/directory';
import type { CredentialTarget } from './connectors/credentials';
import type { IssuedCredentialStore } from './stores/issuedCredentialStore';
import type { ClaimantAttributeStore } from './stores/claimantAttributeStore';
import type { VerifiedIdentityStore } from './stores/verifiedIdentityStore';
import type { WebhookStore } from './stores/webhookStore';
import type { ClaimHookList } from './claimHooks/hookConfig';
import type { HookTokenCache } from './claimHooks/bearerToken';
import type { SubmissionMarkStore } from './stores/submissionMarkStore';
import type { LinkStore } from './stores/linkStore';
import type { ApiKeyStore } from './stores/apiKeyStore';
import type { LockoutStore } from './stores/lockoutStore';
import type { DashboardSessionStore } from './stores/dashboardSessionStore';
import type { StaffLoginStore } from './stores/staffLoginStore';
import type { StaffSessionStore } from './stores/staffSessionStore';
import type { StaffIdentityStore } from './stores/staffIdentityStore';
import type { StaffOidcClient } from './staff/oidcClient';
import type { AccessPassStore } from './stores/accessPassStore';
import type { EvidenceStore } from './stores/evidenceStore';
import type { Queues, TimerJob } from './workers/queues';
import type { TransitionListener } from './recovery/transitionTypes';
import type { Limiters } from './safety/limiters';
import type { Transport } from './notifications/message';
import type { Metrics } from './observability/metrics';
import type { PasskeyStore } from './stores/passkeyStore';
import type { PasskeyProfileStore } from './stores/passkeyProfileStore';
import type { RecoveryProfileStore } from './stores/recoveryProfileStore';
import type { EnrollmentStore } from './stores/enrollmentStore';
import type { MetadataSource } from './passkeys/trust/metadataSource';
import type { ChangeFeed } from './web/changeFeed';
import type { CircuitBreaker } from './resilience/circuitBreaker';
import type { ProviderName } from '../providers/contract';
import type { OidcService } from './oidc/service';
import type { JobScheduler } from './recovery/ports';
import type { VerificationStore } from './stores/verificationStore';
import type { ReviewCaseStore } from './stores/reviewCaseStore';
import type { RepudiationTokenStore } from './stores/repudiationTokenStore';
import type { NotificationMarkStore } from './stores/notificationMarkStore';
import type { OutboxStore } from './stores/outboxStore';
import type { ReadinessStore } from './stores/readinessStore';
import type { ChangeNoticeStore } from './stores/changeNoticeStore';
import type { RiskStore } from './stores/riskStore';

export interface AppContext {
  config: AppConfig;
  clock: Clock;
  logger: Logger;
  /** The hash-chained audit trail (every append goes through it). */
  audit: AuditStore;
  recoveries: RecoveryStore;
  /** A verification attempt's records: the verification record, vendor state, sticky vendor, verdict summary. */
  verifications: VerificationStore;
  /** Review cases and the pending list (src/review/reviewCases.ts). */
  reviewCases: ReviewCaseStore;
  /** "This wasn't me" tokens, by hash (src/safety/repudiationTokens.ts). */
  repudiationTokens: RepudiationTokenStore;
  /** Which notification messages were handed to the transport already. */
  notificationMarks: NotificationMarkStore;
  /** The local outbox's messages (the transport without SMTP_URL), for GET /v1/admin/outbox. */
  outbox: OutboxStore;
  /** Whether Redis answers and workers beat (`/readyz`). */
  readiness: ReadinessStore;
  /** Change notices per recovery (pub/sub), published after each transition; `changes` subscribes. */
  changeNotices: ChangeNoticeStore;
  /** Where accounts live (DIRECTORY): read by matching, passkey profiles and notifications. */
  directory: DirectoryConnector;
  /** The service's own directory, edited through `/v1/admin/users`; the accounts only when DIRECTORY=builtin. */
  builtinDirectory: DirectoryStore;
  links: LinkStore;
  /** Named, role-scoped, revocable API keys (digests only). */
  apiKeys: ApiKeyStore;
  accessPasses: AccessPassStore;
  /** Where the recovered person's new sign-in lives (CREDENTIALS): the access credential, enrollment, hygiene. */
  credentials: CredentialTarget;
  /** Credentials issued at the target, sealed until shown (an Entra TAP). */
  issuedCredentials: IssuedCredentialStore;
  /** What claimants typed about themselves at start (employee ID), sealed, for account matching only. */
  claimantAttributes: ClaimantAttributeStore;
  /** What identity verifications proved (sealed, no images), and which OIDC interaction each belongs to. */
  verifiedIdentities: VerifiedIdentityStore;
  /** The deployment's claim-validation hooks (CLAIM_HOOKS_FILE, docs/claim-hooks.md), called in order after a match. */
  claimHooks: ClaimHookList;
  /** OAuth client-credentials tokens of hooks that want a bearer, in this process's memory only. */
  hookTokens: HookTokenCache;
  /** Webhook delivery de-duplication, vendor-reference lookups and the verification jobs' wake flags. */
  webhooks: WebhookStore;
  /** The double-billing guard's marks for vendors without idempotency keys (workers/submitOnce.ts). */
  submissionMarks: SubmissionMarkStore;
  evidence: EvidenceStore;
  queues: Queues;
  /** What recovery, review and safety may queue (recovery/ports.ts), over `queues`. */
  jobs: JobScheduler<TimerJob>;
  /** Adapters behind their circuit breakers. */
  providers: ProviderSet;
  circuits: Partial<Record<ProviderName, CircuitBreaker>>;
  /** In-process reactions to state changes (metrics, notifications); best-effort, after the write. */
  transitionListeners: TransitionListener[];
  /** Self-service locks and the counts behind them (src/safety/lockout.ts is the policy). */
  lockouts: LockoutStore;
  /** The queue dashboard's browser sessions (revocable). */
  dashboardSessions: DashboardSessionStore;
  /** The organisation's OpenID Provider for staff sign-in; null when STAFF_OIDC_ISSUER is unset. */
  staffOidc: StaffOidcClient | null;
  /** Staff sign-ins in progress, staff sessions (token digests only), and staff names pinned to OP subjects. */
  staffLogins: StaffLoginStore;
  staffSessions: StaffSessionStore;
  staffIdentities: StaffIdentityStore;
  /** Redis-backed rate limiters (src/safety/limiters.ts). */
  limiters: Limiters;
  /** Where notifications are delivered: SMTP or the local outbox. */
  transport: Transport;
  /** This process's Prometheus metrics (its own registry, served at `/metrics`). */
  metrics: Metrics;
  /** Passkeys per user, passkey profiles and open enrollments. */
  passkeys: PasskeyStore;
  passkeyProfiles: PasskeyProfileStore;
  /** Recovery profiles (docs/recovery-profiles.md) and the profile each recovery was given. */
  recoveryProfiles: RecoveryProfileStore;
  enrollments: EnrollmentStore;
  /** FIDO metadata: which authenticator models are trusted, and their attestation roots. */
  attestation: MetadataSource;
  /** Derives prepared access passes (recovery/accessPassCandidate.ts); from the master key, never logged. */
  accessPassKey: Buffer;
  /** This process's one pub/sub subscriber for live progress (SSE). */
  changes: ChangeFeed;
  /** The OpenID Provider for relying parties (docs/oidc.md); null unless OIDC_PROVIDER_ENABLED. */
  oidc: OidcService | null;
  /** Local risk flags (an admin's, the service's own); the IdP's verdict is read live (src/risk/riskState.ts). */
  riskFlags: RiskStore;
}
