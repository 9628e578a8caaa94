/**
 * Builds the context object from configuration and live connections. Shared by the all-in-one
 * start, the API-only and worker-only processes, and the tests.
 */
import { Redis } from 'ioredis';
import type { AppConfig } from '../config';
import { systemClock, type Clock } from '../clock';
import { createLogger, type Logger } from '../logger';
import type { AppContext } from '../context';
import type { ProviderSet } from './providers';
import { redisKeys } from '../stores/keys';
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
import { createQueues } from '../workers/queues';
import { createLimiters } from '../safety/limiters';
import { registerSafetyListeners } from '../safety/listeners';
import { createTransport } from '../notifications/transport';
import { guardProviders } from '../resilience/guardProviders';
import { createMetrics } from '../observability/metrics';
import { AuditStore } from '../stores/auditStore';
import { CountingRecoveryStore, recoveryMetricsListener } from '../observability/recoveryMetrics';
import { funnelListener } from '../observability/funnelMetrics';
import { registerQueueDepth } from '../observability/queueDepth';
import { registerCircuitStates } from '../observability/circuitMetrics';
import { PasskeyStore } from '../stores/passkeyStore';
import { PasskeyProfileStore } from '../stores/passkeyProfileStore';
import { EnrollmentStore } from '../stores/enrollmentStore';
import { loadPasskeyProfiles } from '../passkeys/loadProfiles';
import { metadataSource } from '../passkeys/trust/metadataSource';
import { ChangeFeed } from '../web/changeFeed';
import { recoveryChannel } from '../recovery/transitions';
import { accessPassKeyFrom } from '../recovery/accessPassCandidate';
import { createOidcService } from '../oidc/createOidcService';

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
  config: AppConfig, infra: Infrastructure, providers: ProviderSet, options: ContextOptions = {},
): { ctx: AppContext; close(): Promise<void> } {
  // Commands issued in the same tick leave in one write (ioredis auto-pipelining): 50 concurrent
  // status reads cost one system call instead of 50 (docs/benchmarks.md). BullMQ's queues get a
  // connection of their own without it: Bull users saw jobs lose their data with it on
  // (OptimalBits/bull#2276, taskforcesh/bullmq#457).
  const redis = connectApiRedis(infra.redisUrl, { autoPipelining: true });
  const queueRedis = connectApiRedis(infra.redisUrl);
  const keys = redisKeys(config.REDIS_PREFIX);
  const s3 = createS3Client(infra.s3);
  const queues = createQueues(queueRedis, {
    prefix: config.REDIS_PREFIX, verifyAttempts: config.VERIFY_JOB_ATTEMPTS, verifyBackoffMs: config.VERIFY_BACKOFF_MS,
  }, () => ctx.logger);
  const clock = options.clock ?? systemClock;
  const guarded = guardProviders(providers, config, clock);
  const metrics = createMetrics();
  const builtinDirectory = new DirectoryStore(redis, keys);
  // One Graph client (one token cache) for the directory and the credential target.
  let graphClient: GraphClient | undefined;
  const graph = () => (graphClient ??= graphFromConfig(config));
  const accessPasses = new AccessPassStore(redis, keys);
  const audit = new AuditStore(redis, keys);
  const passkeys = new PasskeyStore(redis, config.REDIS_PREFIX);
  registerQueueDepth(metrics, Object.values(queues));
  registerCircuitStates(metrics, guarded.circuits);
  const staffSettings = staffOidcSettings(config);
  const ctx: AppContext = {
    config,
    clock,
    logger: options.logger ?? createLogger(config.LOG_LEVEL),
    redis,
    keys,
    audit,
    recoveries: new CountingRecoveryStore(redis, keys, audit, metrics),
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
    providers: guarded.providers,
    circuits: guarded.circuits,
    transitionListeners: [recoveryMetricsListener(metrics, () => ctx.logger), funnelListener(metrics)],
    metrics,
    limiters: createLimiters(redis, config.REDIS_PREFIX, config),
    transport: createTransport(redis, config),
    passkeys,
    passkeyProfiles: new PasskeyProfileStore(redis, config.REDIS_PREFIX, loadPasskeyProfiles(config.PASSKEY_PROFILES_FILE)),
    enrollments: new EnrollmentStore(redis, config.REDIS_PREFIX),
    attestation: metadataSource(config.ATTESTATION_METADATA_PATH, config.ATTESTATION_MDS_ROOT_FILE),
    changes: new ChangeFeed(redis, (id) => recoveryChannel(ctx, id)),
    accessPassKey: accessPassKeyFrom(infra.evidenceKey),
    oidc: createOidcService(config, redis, keys, infra.evidenceKey, clock, () => ctx.logger),
  };
  registerSafetyListeners(ctx);
  return {
    ctx,
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
