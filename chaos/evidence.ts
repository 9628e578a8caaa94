/**
 * What the chaos suite reads behind the HTTP surface to judge a run: the audit stream
 * (`<prefix>:audit`, via XRANGE), the BullMQ job hashes of the verification jobs (stalled counts,
 * failures), and the mock vendors' billing counters (`stats().byKey`, one entry per idempotency key
 * `<recoveryId>-<attempt>`).
 */
import type { Redis } from 'ioredis';
import type { MockVendors } from '../providers/mock-kit/startMocks';
import type { ProviderName } from '../providers/contract';

export interface AuditRow {
  id: string;
  type: string;
  recoveryId: string;
  data: Record<string, unknown>;
}

export async function readAudit(redis: Redis, prefix: string): Promise<AuditRow[]> {
  const key = `${prefix}:audit`;
  const rows: AuditRow[] = [];
  let start = '-';
  for (;;) {
    const page = await redis.xrange(key, start, '+', 'COUNT', 5000);
    for (const [id, fields] of page) {
      const f: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse(f.data ?? '{}') as Record<string, unknown>;
      } catch {
        /* keep empty */
      }
      rows.push({ id, type: f.type ?? '', recoveryId: f.recoveryId ?? '', data });
    }
    if (page.length < 5000) break;
    start = `(${page[page.length - 1]![0]}`;
  }
  return rows;
}

export interface AuditSummary {
  /** `access_pass.issued` entries per recovery. */
  tapIssued: Map<string, number>;
  /** `verification.submitted` entries per `<recoveryId>-<attempt>`, with the vendor used. */
  submitted: Map<string, Array<{ provider: string; primary: string | null }>>;
  /** `<recoveryId>-<attempt>` of every `verification.sending` entry (written before a vendor call). */
  sending: Set<string>;
  /** Transitions into each status (from the atomic transition entries). */
  transitionsTo: Map<string, number>;
  /** Recoveries moved on by the verification time-out (reason `verification_timeout`), with how often. */
  timedOut: Map<string, number>;
  /** Per recovery, the longest stretch in `verifying` (ms, from the transition entries' stream ids). */
  longestVerifying: Map<string, number>;
}

export function summariseAudit(rows: AuditRow[]): AuditSummary {
  const tapIssued = new Map<string, number>();
  const submitted = new Map<string, Array<{ provider: string; primary: string | null }>>();
  const sending = new Set<string>();
  const transitionsTo = new Map<string, number>();
  const timedOut = new Map<string, number>();
  const longestVerifying = new Map<string, number>();
  const enteredVerifying = new Map<string, number>();
  for (const r of rows) {
    if (r.type === 'access_pass.issued') tapIssued.set(r.recoveryId, (tapIssued.get(r.recoveryId) ?? 0) + 1);
    if (r.type === 'verification.sending') sending.add(`${r.recoveryId}-${String(r.data.attempt)}`);
    if (r.type === 'verification.submitted') {
      const key = `${r.recoveryId}-${String(r.data.attempt)}`;
      const list = submitted.get(key) ?? [];
      list.push({ provider: String(r.data.provider), primary: typeof r.data.primary === 'string' ? r.data.primary : null });
      submitted.set(key, list);
    }
    // A transition to the same state (evidence leaving for a vendor, the pass shown) moves nothing.
    if (r.type === 'recovery.transition' && typeof r.data.to === 'string' && r.data.to !== r.data.from) {
      transitionsTo.set(r.data.to, (transitionsTo.get(r.data.to) ?? 0) + 1);
      if (r.data.reason === 'verification_timeout' && r.data.from === 'verifying') timedOut.set(r.recoveryId, (timedOut.get(r.recoveryId) ?? 0) + 1);
      const at = Number(r.id.split('-')[0]);
      if (r.data.to === 'verifying') enteredVerifying.set(r.recoveryId, at);
      const since = enteredVerifying.get(r.recoveryId);
      if (r.data.from === 'verifying' && r.data.to !== 'verifying' && since !== undefined) {
        longestVerifying.set(r.recoveryId, Math.max(longestVerifying.get(r.recoveryId) ?? 0, at - since));
        enteredVerifying.delete(r.recoveryId);
      }
    }
  }
  return { tapIssued, submitted, sending, transitionsTo, timedOut, longestVerifying };
}

export interface JobFacts {
  exists: boolean;
  /** Times BullMQ found the job stalled (its worker died holding it) and redelivered it. */
  stalled: number;
  attemptsMade: number;
  /** Set when the job ended in BullMQ's failed set (no more tries). */
  failedReason: string | null;
  /** Last failure of a try that was retried (or null). */
  lastError: string | null;
  finished: boolean;
}

/** Reads the hash of verification job `verify-<id>-<attempt>` (BullMQ's own fields). */
export async function verifyJobFacts(redis: Redis, prefix: string, recoveryId: string, attempt: number): Promise<JobFacts> {
  const jobId = `verify-${recoveryId}-${attempt}`;
  const [raw, failedScore] = await Promise.all([
    redis.hmget(`${prefix}:verification:${jobId}`, 'stc', 'atm', 'failedReason', 'finishedOn', 'name'),
    redis.zscore(`${prefix}:verification:failed`, jobId),
  ]);
  const [stc, atm, failedReason, finishedOn, name] = raw;
  return {
    exists: name !== null,
    stalled: Number(stc ?? 0),
    attemptsMade: Number(atm ?? 0),
    failedReason: failedScore !== null ? (failedReason ?? 'failed') : null,
    lastError: failedReason ?? null,
    finished: finishedOn !== null,
  };
}

/** Billable submissions per idempotency key, summed over every vendor (so a failover that re-bills shows). */
export function billing(mocks: MockVendors): {
  perKey: Map<string, number>;
  perVendor: Record<ProviderName, number>;
  perKeyVendors: Map<string, ProviderName[]>;
} {
  const perKey = new Map<string, number>();
  const perKeyVendors = new Map<string, ProviderName[]>();
  const perVendor: Record<ProviderName, number> = {};
  for (const vendor of mocks.names) {
    const stats = mocks.vendor(vendor).stats();
    perVendor[vendor] = stats.submissions;
    for (const [key, count] of Object.entries(stats.byKey)) {
      perKey.set(key, (perKey.get(key) ?? 0) + count);
      perKeyVendors.set(key, [...(perKeyVendors.get(key) ?? []), vendor]);
    }
  }
  return { perKey, perVendor, perKeyVendors };
}

/** Jobs of `queue` that BullMQ gave up on (its failed set), with the reason. */
export async function failedJobs(redis: Redis, prefix: string, queue: string): Promise<Array<{ id: string; reason: string }>> {
  const ids = await redis.zrange(`${prefix}:${queue}:failed`, '0', '-1');
  const out: Array<{ id: string; reason: string }> = [];
  for (const id of ids) out.push({ id, reason: (await redis.hget(`${prefix}:${queue}:${id}`, 'failedReason')) ?? '?' });
  return out;
}
