/**
 * Builds the context object from configuration and live connections. Shared by the all-in-one
 * start, the API-only and worker-only processes, and the tests.
 */
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { AppConfig } from '../config';
import { systemClock, type Clock } from '../clock';
import { createLogger, type Logger } from '../logger';
import type { AppContext } from '../context';
import type { ProviderSet } from './providers';
import { redisKeys, type RedisKeys } from '../stores/keys';
import { DirectoryStore } from '../stores/directoryStore';
import { createDirectory } from '../connectors/createDirectory';
import { createCredentials } from '../connectors/createCredentials';
import { graphFromConfig } from '../connectors/entra/graphFromConfig';
import type { GraphClient } from '../connectors/entra/graphClient';
import { IssuedCredentialStore } from '../stores/issuedCredentialStore';
import { ClaimantAttributeStore } from '../stores/claimantAttributeStore';
import { VerifiedIdentityStore } from '../stores/verifiedIdentityStore';
import { WebhookStore } from '../stores/webhookStore';
import { loadClaimHooks } from '../claimHooks/loadClaimHooks';
import { HookTokenCache } from '../claimHooks/bearerToken';
import { SubmissionMarkStore } from '../stores/submissionMarkStore';
import { LinkStore } from '../stores/linkStore';
import { ApiKeyStore } from '../stores/apiKeyStore';
import { LockoutStore } from '../stores/lockoutStore';
import { DashboardSessionStore } from '../stores/dashboardSessionStore';
import { StaffLoginStore } from '../stores/staffLoginStore';
import { StaffSessionStore } from '../stores/staffSessionStore';
import { StaffIdentityStore } from '../stores/staffIdentityStore';
import { StaffOidcClient, staffOidcSettings } from '../staff/oidcClient';
import { AccessPassStore } from '../stores/accessPassStore';
import { createS3Client, EvidenceStore, type S3Settings } from '../stores/evidenceStore';
import { createQueues, queueJobs } from '../workers/queues';
import { createLimiters } from '../safety/limiters';
import { registerSafetyListeners } from '../safety/listeners';
import { createTransport } from '../notifications/transport';
import { guardProviders } from '../resilience/guardProviders';
import { createMetrics } from '../observability/metrics';
import { AuditStore } from '../stores/auditStore';
import { CountingRecoveryStore, recoveryMetricsListener } from '../observability/recoveryMetrics';
import { funnelListener, profileFunnelListener } from '../observability/funnelMetrics';
import { registerQueueDepth } from '../observability/queueDepth';
import { registerCircuitStates } from '../observability/circuitMetrics';
import { PasskeyStore } from '../stores/passkeyStore';
import { RecoveryProfileStore } from '../stores/recoveryProfileStore';
import { loadRecoveryProfiles } from '../recoveryProfiles/loadProfiles';
import { PasskeyProfileStore } from '../stores/passkeyProfileStore';
import { EnrollmentStore } from '../stores/enrollmentStore';
import { loadPasskeyProfiles } from '../passkeys/loadProfiles';
import { metadataSource } from '../passkeys/trust/metadataSource';
import { ChangeFeed } from '../web/changeFeed';
import { accessPassKeyFrom } from '../recovery/accessPassCandidate';
import { createOidcService } from '../oidc/createOidcService';
import { OidcStore } from '../stores/oidcStore';
import { OidcClientStore } from '../stores/oidcClientStore';
import { OidcKeyStore } from '../stores/oidcKeyStore';
import { VerificationStore } from '../stores/verificationStore';
import { ReviewCaseStore } from '../stores/reviewCaseStore';
import { RepudiationTokenStore } from '../stores/repudiationTokenStore';
import { NotificationMarkStore } from '../stores/notificationMarkStore';
import { OutboxStore } from '../stores/outboxStore';
import { ReadinessStore } from '../stores/readinessStore';
import { ChangeNoticeStore } from '../stores/changeNoticeStore';
import { rateLimitCounter } from '../stores/rateLimitStore';
import { RiskStore } from '../stores/riskStore';

export interface Infrastructure {
  redisUrl: string;
  s3: S3Settings;
  evidenceKey: Buffer;
}

export interface ContextOptions {
  clock?: Clock;
  logger?: Logger;
}

/** Workers' connections need `maxRetriesPerRequest: null` (docs/references.md, "Local stand-ins: Redis for BullMQ"): they wait out a Redis restart. */
export function connectRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}

/**
 * The request-serving connection gives up on a command after a few reconnect attempts, so a Redis
 * outage answers 503 with Retry-After instead of holding requests open indefinitely.
 */
export function connectApiRedis(url: string, options: { autoPipelining?: boolean } = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: 3, enableReadyCheck: true, enableAutoPipelining: options.autoPipelining ?? false });
}

export function createContext(
  config: AppConfig,
  infra: Infrastructure,
  providers: ProviderSet,
  options: ContextOptions = {},
): {
  ctx: AppContext;
  /** The connection the stores share, and the keys they use: for the BullMQ and test wiring only, never on the context. */
  redis: Redis;
  keys: RedisKeys;
  close(): Promise<void>;
} {
  // Commands issued in the same tick leave in one write (ioredis auto-pipelining): 50 concurrent
  // status reads cost one system call instead of 50 (docs/benchmarks.md). BullMQ's queues get a
  // connection of their own without it: Bull users saw jobs lose their data with it on
  // (OptimalBits/bull#2276, taskforcesh/bullmq#457).
  const redis = connectApiRedis(infra.redisUrl, { autoPipelining: true });
  const queueRedis = connectApiRedis(infra.redisUrl);
  const keys = redisKeys(config.REDIS_PREFIX);
  const s3 = createS3Client(infra.s3);
  const queues = createQueues(
    queueRedis,
    {
      prefix: config.REDIS_PREFIX,
      verifyAttempts: config.VERIFY_JOB_ATTEMPTS,
      verifyBackoffMs: config.VERIFY_BACKOFF_MS,
    },
    () => ctx.logger,
  );
  const clock = options.clock ?? systemClock;
  const guarded = guardProviders(providers, config, clock);
  const metrics = createMetrics();
  const builtinDirectory = new DirectoryStore(redis, keys);
  // One Graph client (one token cache) for the directory and the credential target.
  let graphClient: GraphClient | undefined;
  const graph = () => (graphClient ??= graphFromConfig(config));
  const accessPasses = new AccessPassStore(redis, keys);
  const audit = new AuditStore(redis, keys);
  const passkeys = new PasskeyStore(redis, keys);
  const changeNotices = new ChangeNoticeStore(redis, keys);
  const outbox = new OutboxStore(redis, keys);
  registerQueueDepth(metrics, Object.values(queues) as Queue[]);
  registerCircuitStates(metrics, guarded.circuits);
  const staffSettings = staffOidcSettings(config);
  const ctx: AppContext = {
    config,
    clock,
    logger: options.logger ?? createLogger(config.LOG_LEVEL),
    audit,
    recoveries: new CountingRecoveryStore(redis, keys, audit, metrics),
    verifications: new VerificationStore(redis, keys, audit),
    reviewCases: new ReviewCaseStore(redis, keys),
    repudiationTokens: new RepudiationTokenStore(redis, keys),
    notificationMarks: new NotificationMarkStore(redis, keys),
    outbox,
    readiness: new ReadinessStore(redis, keys),
    changeNotices,
    directory: createDirectory(config, builtinDirectory, () => ctx.logger, graph),
    builtinDirectory,
    links: new LinkStore(redis, keys),
    apiKeys: new ApiKeyStore(redis, keys),
    lockouts: new LockoutStore(redis, keys),
    dashboardSessions: new DashboardSessionStore(redis, keys),
    staffOidc: staffSettings ? new StaffOidcClient(staffSettings, () => ctx.logger) : null,
    staffLogins: new StaffLoginStore(redis, keys),
    staffSessions: new StaffSessionStore(redis, keys),
    staffIdentities: new StaffIdentityStore(redis, keys),
    accessPasses,
    credentials: createCredentials(config, { accessPasses, passkeys, clock, graph }),
    issuedCredentials: new IssuedCredentialStore(redis, keys, infra.evidenceKey),
    claimantAttributes: new ClaimantAttributeStore(redis, keys, infra.evidenceKey),
    verifiedIdentities: new VerifiedIdentityStore(redis, keys, infra.evidenceKey),
    webhooks: new WebhookStore(redis, keys),
    claimHooks: loadClaimHooks(config.CLAIM_HOOKS_FILE),
    hookTokens: new HookTokenCache(),
    submissionMarks: new SubmissionMarkStore(redis, keys),
    evidence: new EvidenceStore(s3, infra.s3, infra.evidenceKey),
    queues,
    jobs: queueJobs(queues),
    providers: guarded.providers,
    circuits: guarded.circuits,
    transitionListeners: [
      recoveryMetricsListener(metrics, () => ctx.logger),
      funnelListener(metrics),
      profileFunnelListener(
        metrics,
        async (id) => {
          const applied = await ctx.recoveryProfiles.applied(id);
          return applied ? (applied.profile ?? 'none') : null;
        },
        (err) => ctx.logger.warn({ err: String(err) }, 'profile funnel counter not updated'),
      ),
    ],
    metrics,
    limiters: createLimiters((name, spec) => rateLimitCounter(redis, keys, name, spec), config),
    transport: createTransport(outbox, config),
    passkeys,
    passkeyProfiles: new PasskeyProfileStore(redis, keys, loadPasskeyProfiles(config.PASSKEY_PROFILES_FILE)),
    recoveryProfiles: new RecoveryProfileStore(redis, keys, config.RECOVERY_PROFILES_FILE ? loadRecoveryProfiles(config.RECOVERY_PROFILES_FILE) : []),
    enrollments: new EnrollmentStore(redis, keys),
    attestation: metadataSource(config.ATTESTATION_METADATA_PATH, config.ATTESTATION_MDS_ROOT_FILE),
    changes: new ChangeFeed(changeNotices),
    accessPassKey: accessPassKeyFrom(infra.evidenceKey),
    oidc: createOidcService(
      config,
      () => ({
        store: new OidcStore(redis, keys),
        clients: new OidcClientStore(redis, keys),
        keys: new OidcKeyStore(redis, keys),
        verified: new VerifiedIdentityStore(redis, keys, infra.evidenceKey),
      }),
      infra.evidenceKey,
      clock,
      () => ctx.logger,
    ),
    riskFlags: new RiskStore(redis, keys),
  };
  registerSafetyListeners(ctx);
  return {
    ctx,
    redis,
    keys,
    async close() {
      await Promise.all([queues.verify.close(), queues.timers.close(), queues.notifications.close(), queues.auditPush.close()]);
      ctx.transport.close();
      await ctx.directory.close();
      await ctx.changes.close();
      redis.disconnect();
      queueRedis.disconnect();
      s3.destroy();
    },
  };
}
