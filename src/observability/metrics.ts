/**
 * Prometheus metrics of one process, in a registry owned by its context (never prom-client's
 * global default registry, so several contexts in one test process never collide).
 *
 * Label values are always from closed sets (route templates, provider names, statuses, reason
 * codes): a raw path or an id as a label would grow the series without bound.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  vendorDuration: Histogram<'provider' | 'operation' | 'outcome'>;
  vendorErrors: Counter<'provider' | 'operation' | 'code'>;
  started: Counter<'provider' | 'origin'>;
  completed: Counter<'provider'>;
  rejected: Counter<'provider' | 'reason'>;
  failed: Counter<'provider' | 'reason'>;
  transitions: Counter<'from' | 'to'>;
  accessPassesIssued: Counter<'provider'>;
  accessPassesRedeemed: Counter<'result'>;
  jobDuration: Histogram<'queue' | 'outcome'>;
  /** Claim-validation hook calls by hook name (from CLAIM_HOOKS_FILE: a closed set) and outcome (pass, fail, error code). */
  claimHookDuration: Histogram<'hook' | 'outcome'>;
  /** Recoveries reaching each funnel stage, by provider (observability/funnelMetrics.ts). */
  funnel: Counter<'provider' | 'stage'>;
  /** Recoveries ending without completing, by provider, the state they left and the reason. */
  funnelDropOffs: Counter<'provider' | 'from' | 'reason'>;
  /** The same funnel by recovery profile, from the first verification attempt on (funnelMetrics.ts, profileFunnelListener). */
  profileFunnel: Counter<'profile' | 'stage'>;
  profileFunnelDropOffs: Counter<'profile' | 'from' | 'reason'>;
  /** Set once the process-level collectors run (see startProcessMetrics). */
  processMetricsStarted: boolean;
}

const SECONDS_FAST = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SECONDS_VENDOR = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60];

export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    processMetricsStarted: false,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by route template (never the raw path), method and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: SECONDS_FAST,
      registers,
    }),
    vendorDuration: new Histogram({
      name: 'idv_vendor_request_duration_seconds',
      help: 'Calls to IDV vendors by provider and operation; outcome ok, pending (still processing) or error.',
      labelNames: ['provider', 'operation', 'outcome'],
      buckets: SECONDS_VENDOR,
      registers,
    }),
    vendorErrors: new Counter({
      name: 'idv_vendor_errors_total',
      help: 'Failed vendor calls by provider, operation and error code.',
      labelNames: ['provider', 'operation', 'code'],
      registers,
    }),
    started: new Counter({
      name: 'recovery_started_total',
      help: 'Recoveries started, by provider and origin.',
      labelNames: ['provider', 'origin'],
      registers,
    }),
    completed: new Counter({
      name: 'recovery_completed_total',
      help: 'Recoveries completed (passkey enrolled), by provider.',
      labelNames: ['provider'],
      registers,
    }),
    rejected: new Counter({
      name: 'recovery_rejected_total',
      help: 'Recoveries rejected, by provider and reason.',
      labelNames: ['provider', 'reason'],
      registers,
    }),
    failed: new Counter({
      name: 'recovery_failed_total',
      help: 'Recoveries failed (no usable vendor answer) or expired, by provider and reason.',
      labelNames: ['provider', 'reason'],
      registers,
    }),
    transitions: new Counter({ name: 'recovery_transitions_total', help: 'State changes of recoveries.', labelNames: ['from', 'to'], registers }),
    accessPassesIssued: new Counter({
      name: 'recovery_access_passes_issued_total',
      help: 'Temporary Access Passes shown to claimants, by provider.',
      labelNames: ['provider'],
      registers,
    }),
    accessPassesRedeemed: new Counter({
      name: 'recovery_access_passes_redeemed_total',
      help: 'Temporary Access Pass redemptions, by result (redeemed, rejected).',
      labelNames: ['result'],
      registers,
    }),
    claimHookDuration: new Histogram({
      name: 'claim_hook_duration_seconds',
      help: 'Claim-validation hook calls (all tries) by hook and outcome: pass, fail or the error code.',
      labelNames: ['hook', 'outcome'],
      buckets: SECONDS_VENDOR,
      registers,
    }),
    funnel: new Counter({
      name: 'recovery_funnel_total',
      help: 'Funnel steps by provider: started, evidence_submitted, vendor_verdict, account_matched, credential_issued, enrolled, completed.',
      labelNames: ['provider', 'stage'],
      registers,
    }),
    funnelDropOffs: new Counter({
      name: 'recovery_funnel_dropoffs_total',
      help: 'Recoveries ending rejected, expired or failed, by provider, the state they left and the reason.',
      labelNames: ['provider', 'from', 'reason'],
      registers,
    }),
    profileFunnel: new Counter({
      name: 'recovery_profile_funnel_total',
      help: 'Funnel steps by recovery profile (`none`: no profile covers the account), from the first verification attempt: vendor_verdict, account_matched, credential_issued, enrolled, completed, evaluated.',
      labelNames: ['profile', 'stage'],
      registers,
    }),
    profileFunnelDropOffs: new Counter({
      name: 'recovery_profile_funnel_dropoffs_total',
      help: 'Recoveries given a profile that end rejected, expired or failed, by profile, the state they left and the reason.',
      labelNames: ['profile', 'from', 'reason'],
      registers,
    }),
    jobDuration: new Histogram({
      name: 'bullmq_job_duration_seconds',
      help: 'Processing time of one job run, by queue and outcome (completed, delayed = parked to poll again, failed).',
      labelNames: ['queue', 'outcome'],
      buckets: SECONDS_FAST,
      registers,
    }),
  };
}

/**
 * Node process metrics (CPU, memory, event-loop lag, GC). Started on the first scrape rather than
 * with the context: they start timers and GC observers, and a test process builds many contexts
 * that are never scraped.
 */
export function startProcessMetrics(metrics: Metrics): void {
  if (metrics.processMetricsStarted) return;
  metrics.processMetricsStarted = true;
  collectDefaultMetrics({ register: metrics.registry });
}

/** For enrollment: one access pass redemption, successful (`redeemed`) or not (`rejected`). */
export function countAccessPassRedemption(metrics: Metrics, result: 'redeemed' | 'rejected' = 'redeemed'): void {
  metrics.accessPassesRedeemed.inc({ result });
}
