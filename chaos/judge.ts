/**
 * Turns a finished part (its journeys plus what Redis, BullMQ and the vendors recorded) into
 * figures and failures. The invariants are the same for every part: nothing lost, no access pass
 * shown or issued twice, one billable vendor submission per verification attempt.
 */
import type { Cluster } from './cluster';
import type { Journey } from './driver';
import { billing, failedJobs as readFailedJobs, readAudit, summariseAudit, verifyJobFacts } from './evidence';

export type Figures = Array<[label: string, value: string]>;

export interface Judgement {
  figures: Figures;
  /** Broken invariants (lost, duplicate TAP, double billing, wrong approval): the run fails. */
  failures: string[];
  /** Degraded but recovered behaviour worth a bug report (e.g. rescued only by the time-out). */
  findings: string[];
  /** Loose numbers for assertions. */
  counts: {
    recoveries: number;
    lost: number;
    startFailed: number;
    duplicateTapShown: number;
    duplicateTapIssued: number;
    tapNeverShown: number;
    submissionsPerVerification: number;
    verificationsOverBilled: number;
    failovers: number;
    submittedVerifications: number;
    wrongApprovals: number;
    /** Longest stretch any recovery spent in `verifying`, ms. */
    maxVerifyingMs: number;
  };
  distribution: Record<string, number>;
}

const pct = (a: number, b: number) => (b === 0 ? '0' : ((100 * a) / b).toFixed(1));

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** `a ×3; b ×1`, vendor details stripped so equal causes group. */
function summariseReasons(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) {
    const k = r
      .replace(/\{.*\}/, '{…}')
      .replace(/\(.*\)/, '(…)')
      .slice(0, 80);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ×${v}`)
    .join('; ');
}

export async function judge(cluster: Cluster, journeys: Journey[], options: { allowFaultOutcomes: boolean }): Promise<Judgement> {
  const failures: string[] = [];
  const findings: string[] = [];
  const tracked = journeys.filter((j) => j.id);
  const startFailed = journeys.filter((j) => j.outcome === 'start_failed');
  const lost = tracked.filter((j) => j.outcome !== 'settled');
  for (const j of lost.slice(0, 10)) failures.push(`lost: recovery ${j.id} (${j.scenario}) last seen ${j.last?.status ?? '?'}: ${j.anomalies.join('; ')}`);

  // Access passes: shown to the claimant at most once, issued (audit) at most once, per recovery.
  const audit = summariseAudit(await readAudit(cluster.admin, cluster.prefix));
  const issued = tracked.filter((j) => j.last?.status === 'access_pass_issued');
  const dupShown = tracked.filter((j) => j.tapCodes.length > 1);
  const neverShown = issued.filter((j) => j.tapCodes.length === 0);
  const dupIssued = tracked.filter((j) => (audit.tapIssued.get(j.id!) ?? 0) > 1);
  const auditWithoutShown = issued.filter((j) => j.tapCodes.length === 1 && (audit.tapIssued.get(j.id!) ?? 0) !== 1);
  for (const j of dupShown) failures.push(`duplicate TAP shown: recovery ${j.id} showed ${j.tapCodes.length} codes`);
  for (const j of dupIssued) failures.push(`duplicate TAP issued: recovery ${j.id} has ${audit.tapIssued.get(j.id!)} access_pass.issued entries`);
  // A pass minted by a read whose response never arrived (client time-out, 5xx) is lost by design
  // ("shown once"); without such a read, a pass nobody saw is a bug.
  const neverShownBug = neverShown.filter((j) => !j.tapReadFailed);
  const neverShownFailedRead = neverShown.filter((j) => j.tapReadFailed);
  for (const j of neverShownBug.slice(0, 10)) failures.push(`TAP never shown: recovery ${j.id} is access_pass_issued but no status read revealed a code`);
  if (neverShownFailedRead.length)
    findings.push(
      `${neverShownFailedRead.length} access pass(es) were minted by a claimant status read that failed (5xx or time-out) and can never be shown (e.g. ${neverShownFailedRead
        .slice(0, 2)
        .map((j) => j.id)
        .join(', ')})`,
    );
  for (const j of auditWithoutShown.slice(0, 10))
    failures.push(`TAP shown but audit has ${audit.tapIssued.get(j.id!) ?? 0} access_pass.issued entries: recovery ${j.id}`);

  // Vendor billing: one submission per verification attempt that reached a vendor.
  const bill = billing(cluster.mocks);
  const trackedIds = new Set(tracked.map((j) => j.id!));
  let attempts = 0;
  let reached = 0;
  let billed = 0;
  let overBilled = 0;
  let stalledJobs = 0;
  let stalledRedeliveries = 0;
  const failedJobs: string[] = [];
  let retriedJobs = 0;
  const neverQueued: string[] = [];
  for (const j of tracked) {
    const n = j.last?.attempts ?? j.uploads;
    for (let a = 1; a <= n; a += 1) {
      attempts += 1;
      const key = `${j.id}-${a}`;
      const count = bill.perKey.get(key) ?? 0;
      if (count > 0) {
        reached += 1;
        billed += count;
      }
      if (count > 1) {
        overBilled += 1;
        if (overBilled <= 10) failures.push(`vendor billed ${count}× for ${key} (${(bill.perKeyVendors.get(key) ?? []).join(', ')})`);
      }
      const facts = await verifyJobFacts(cluster.admin, cluster.prefix, j.id!, a);
      if (!facts.exists) neverQueued.push(key);
      if (facts.stalled > 0) {
        stalledJobs += 1;
        stalledRedeliveries += facts.stalled;
      }
      if (facts.failedReason) failedJobs.push(`${key}: ${facts.failedReason}`);
      else if (facts.lastError) retriedJobs += 1;
    }
  }
  // A billed submission must appear in the trail: as `verification.submitted` (its answer saved) or
  // at least `verification.sending` (recorded before the evidence left, whatever happened next).
  const billedWithoutAudit = [...bill.perKey.keys()].filter((k) => trackedIds.has(k.replace(/-\d+$/, '')) && !audit.submitted.has(k) && !audit.sending.has(k));
  const billedUnanswered = [...bill.perKey.keys()].filter((k) => trackedIds.has(k.replace(/-\d+$/, '')) && !audit.submitted.has(k) && audit.sending.has(k));
  // Timers BullMQ gave up on; a recovery whose verify job AND verification time-out both failed
  // has nothing left that could ever move it out of `verifying`.
  const failedTimers = await readFailedJobs(cluster.admin, cluster.prefix, 'timers');
  const failedVerify = new Set(failedJobs.map((f) => f.replace(/: .*$/, '')));
  const orphaned = failedTimers.filter((t) => t.id.startsWith('verification-timeout-') && failedVerify.has(t.id.replace('verification-timeout-', '')));
  const settledIds = new Set(tracked.filter((j) => j.outcome === 'settled').map((j) => j.id!));
  const orphanedStuck = orphaned.filter((t) => !settledIds.has(t.id.replace('verification-timeout-', '').replace(/-\d+$/, '')));
  if (orphaned.length)
    findings.push(
      `${orphaned.length} verification(s) had both their verify job and their verification-timeout timer failed by BullMQ (${orphanedStuck.length} of those recoveries never left verifying)`,
    );
  // Rescued by the verification time-out: the designed backstop, but it costs the claimant an
  // attempt and (in production) VERIFICATION_TIMEOUT_SECONDS of waiting. Say why it was needed.
  const timedOut = tracked.filter((j) => audit.timedOut.has(j.id!));
  const neverQueuedIds = new Set(neverQueued.map((k) => k.replace(/-\d+$/, '')));
  const timedOutNoJob = timedOut.filter((j) => neverQueuedIds.has(j.id!));
  const timedOutFailedJob = timedOut.filter((j) => !neverQueuedIds.has(j.id!) && [...failedVerify].some((k) => k.startsWith(j.id!)));
  if (neverQueued.length)
    findings.push(
      `${neverQueued.length} verification attempt(s) reached \`verifying\` but their verify job was never queued (e.g. ${neverQueued.slice(0, 3).join(', ')}); only the verification time-out moved them on`,
    );
  if (timedOutFailedJob.length)
    findings.push(
      `${timedOutFailedJob.length} recovery(ies) waited for the verification time-out because BullMQ failed their verify job (${summariseReasons(failedJobs.map((f) => f.replace(/^.*?: /, '')))})`,
    );
  const untrackedKeys = [...bill.perKey.keys()].filter((k) => !trackedIds.has(k.replace(/-\d+$/, '')));
  const perVerification = reached === 0 ? 0 : billed / reached;

  // Failover: the vendor that took the submission differs from the recovery's primary.
  let failovers = 0;
  let submittedKeys = 0;
  const byProvider: Record<string, number> = {};
  for (const [key, list] of audit.submitted) {
    if (!trackedIds.has(key.replace(/-\d+$/, ''))) continue;
    submittedKeys += 1;
    const used = list[list.length - 1]!;
    byProvider[used.provider] = (byProvider[used.provider] ?? 0) + 1;
    const primary = used.primary ?? cluster.options.provider;
    if (used.provider !== primary) failovers += 1;
    if (list.length > 1) findings.push(`verification ${key} has ${list.length} verification.submitted audit entries`);
  }

  // Outcomes against what a fault-free run must give.
  const distribution: Record<string, number> = {};
  let wrong = 0;
  let wrongApprovals = 0;
  const noAnswer: string[] = [];
  for (const j of tracked) {
    const s = j.last ? `${j.last.status}${j.last.reason ? `/${j.last.reason}` : ''}` : 'unknown';
    distribution[s] = (distribution[s] ?? 0) + 1;
    if (j.outcome !== 'settled' || !j.last) continue;
    const matches = j.last.status === j.expect.status && (j.expect.reason === undefined || j.last.reason === j.expect.reason);
    if (matches) continue;
    if (j.last.status === 'access_pass_issued') {
      wrongApprovals += 1;
      failures.push(`wrong approval: recovery ${j.id} (${j.scenario}) expected ${j.expect.status}/${j.expect.reason}`);
      continue;
    }
    // Ended for want of an answer (time-out, vendor down): a defined state the user can start over
    // from, expected under vendor faults, a finding otherwise. A different verdict is a failure.
    const faultOutcome = ['verification_timeout', 'vendor_unavailable', 'attempts_exhausted'].includes(j.last.reason ?? '');
    if (faultOutcome) {
      if (!options.allowFaultOutcomes) noAnswer.push(`${j.id} ${s}`);
      continue;
    }
    wrong += 1;
    if (wrong <= 10) failures.push(`unexpected outcome: recovery ${j.id} (${j.scenario}) ended ${s}, expected ${j.expect.status}/${j.expect.reason ?? '-'}`);
  }

  if (noAnswer.length)
    findings.push(`${noAnswer.length} recovery(ies) ended without a verdict although no vendor fault was injected (e.g. ${noAnswer.slice(0, 2).join(', ')})`);
  const anomalies = tracked.flatMap((j) => j.anomalies.map((a) => a.replace(/[0-9a-f-]{36}/g, '<id>')));
  const anomalyKinds: Record<string, number> = {};
  for (const a of anomalies) anomalyKinds[a.slice(0, 90)] = (anomalyKinds[a.slice(0, 90)] ?? 0) + 1;
  // Time in `verifying` per recovery from the audit trail (exact), or the client's view if it never left.
  const verifyingMs = tracked.map((j) => audit.longestVerifying.get(j.id!) ?? j.maxVerifyingMs);
  const journeyMs = tracked.filter((j) => j.settledAt).map((j) => j.settledAt! - j.startedAt);

  const figures: Figures = [
    ['recoveries driven over HTTP', `${tracked.length}${startFailed.length ? ` (+${startFailed.length} starts that never got an id)` : ''}`],
    ['lost (not settled by the deadline)', `${lost.length}`],
    ['access passes issued / shown', `${issued.length} / ${issued.filter((j) => j.tapCodes.length === 1).length}`],
    ['duplicate TAPs (shown >1 / audit access_pass.issued >1)', `${dupShown.length} / ${dupIssued.length}`],
    ['TAP issued but never shown (its read failed)', `${neverShown.length} (${neverShownFailedRead.length})`],
    ['verification attempts (reached a vendor)', `${attempts} (${reached})`],
    ['vendor submissions per verification', `${perVerification.toFixed(2)} (billed ${billed}, over-billed attempts ${overBilled})`],
    ['vendor submissions per recovery', tracked.length === 0 ? '0.00' : (billed / tracked.length).toFixed(2)],
    [
      'billed by vendor',
      Object.entries(bill.perVendor)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ],
    ...(untrackedKeys.length ? [['billed keys of untracked recoveries', `${untrackedKeys.length}`] as [string, string]] : []),
    ['verify jobs redelivered after a stall', `${stalledJobs} jobs, ${stalledRedeliveries} redeliveries`],
    ['verify jobs retried after a failed try / failed for good', `${retriedJobs} / ${failedJobs.length}`],
    ...(failedJobs.length ? [['failed for good because', summariseReasons(failedJobs.map((f) => f.replace(/^.*?: /, '')))] as [string, string]] : []),
    [
      'timer jobs failed for good',
      `${failedTimers.length}${failedTimers.length ? ` (${summariseReasons(failedTimers.map((t) => `${t.id.replace(/-[0-9a-f]{8}-.*$/, '')}: ${t.reason}`))})` : ''}`,
    ],
    ['… of which verification time-outs whose verify job also failed', `${orphaned.length}`],
    ['billed verifications with no audit entry (sending or submitted)', `${billedWithoutAudit.length}`],
    ['… billed, sending recorded, answer never saved (vendor fault or crash)', `${billedUnanswered.length}`],
    [
      'recoveries moved on by the verification time-out',
      `${timedOut.length} (verify job never queued ${timedOutNoJob.length}, verify job failed ${timedOutFailedJob.length})`,
    ],
    [
      'submissions by vendor (audit)',
      Object.entries(byProvider)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || '-',
    ],
    ['failover used', `${failovers} of ${submittedKeys} submitted verifications (${pct(failovers, submittedKeys)} %)`],
    [
      'final-state distribution',
      Object.entries(distribution)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ],
    ['wrong verdicts (wrong approvals) / ended without a verdict', `${wrong + wrongApprovals} (${wrongApprovals}) / ${noAnswer.length}`],
    ['time in verifying p50 / p95 / max', `${percentile(verifyingMs, 50)} / ${percentile(verifyingMs, 95)} / ${Math.max(0, ...verifyingMs)} ms`],
    ['journey start→settled p50 / p95 / max', `${percentile(journeyMs, 50)} / ${percentile(journeyMs, 95)} / ${Math.max(0, ...journeyMs)} ms`],
    ['HTTP retries by the clients', `${tracked.reduce((s, j) => s + j.transportRetries, 0)}`],
    ...Object.entries(anomalyKinds).map(([k, v]) => [`note ×${v}`, k] as [string, string]),
  ];
  if (billedWithoutAudit.length)
    findings.push(`${billedWithoutAudit.length} vendor submission(s) have no audit entry at all (e.g. ${billedWithoutAudit.slice(0, 2).join(', ')})`);
  return {
    figures,
    failures,
    findings,
    distribution,
    counts: {
      recoveries: tracked.length,
      lost: lost.length,
      startFailed: startFailed.length,
      duplicateTapShown: dupShown.length,
      duplicateTapIssued: dupIssued.length,
      tapNeverShown: neverShownBug.length,
      submissionsPerVerification: perVerification,
      verificationsOverBilled: overBilled,
      failovers,
      submittedVerifications: submittedKeys,
      wrongApprovals,
      maxVerifyingMs: Math.max(0, ...verifyingMs),
    },
  };
}
