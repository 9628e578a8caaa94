/**
 * The chaos suite: three parts, each on its own freshly started cluster (chaos/cluster.ts).
 *
 *   1. kill -9     recoveries driven over HTTP while worker processes are SIGKILLed at random and
 *                  restarted.
 *   2. redis       Redis (AOF on) stopped and restarted on the same port and directory mid-run.
 *   3. faults      every mock vendor injects faults (time-outs, 5xx, malformed bodies, slow answers)
 *                  at 20 %, with a fallback vendor list configured.
 *
 * `runChaos` is used by the CLI (`npm run chaos`, chaos/cli.ts) and by the quick jest test.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Cluster, snapshotApp, type ClusterOptions } from './cluster';
import { Driver, type Journey } from './driver';
import { judge, type Figures, type Judgement } from './judge';
import { ScenarioDeck, seededRandom, warmVendorAnalysis } from './scenarios';
import { sandboxFaults } from '../providers/mock-kit/vendorSandbox';
import { killAllChildren } from './procs';

export type Scale = 'quick' | 'full';
export type PartName = 'kill' | 'redis' | 'faults';
export const partNames: readonly PartName[] = ['kill', 'redis', 'faults'];

export interface ChaosOptions {
  scale: Scale;
  seed: number;
  parts: PartName[];
  /** Run part 1 alongside parts 2→3 (each on its own cluster): the quick jest run does. */
  parallel: boolean;
  log: (line: string) => void;
  /** Keep logs and AOF even when everything passed. */
  keep?: boolean;
  /** Override the number of recoveries of every part (CLI `--recoveries`). */
  recoveries?: number;
}

export interface PartResult {
  part: PartName;
  title: string;
  seconds: number;
  judgement: Judgement;
  extra: Figures;
  failures: string[];
  findings: string[];
}

export interface ChaosReport {
  options: Omit<ChaosOptions, 'log'>;
  parts: PartResult[];
  seconds: number;
  dir: string;
  ok: boolean;
}

interface Settings {
  kill: { recoveries: number; pace: Pace; kills: number; timeoutSeconds: number; budgetSeconds: number };
  redis: {
    recoveries: number;
    pace: Pace;
    restarts: Array<{ mode: 'sigterm' | 'sigkill'; atFraction: number }>;
    downMs: number;
    timeoutSeconds: number;
    budgetSeconds: number;
  };
  faults: { recoveries: number; pace: Pace; rate: number; timeoutSeconds: number; budgetSeconds: number };
}

/**
 * Verification time-outs: part 1's must exceed BullMQ's stalled-job recovery (lock 30 s + stalled
 * check every 30 s, so up to ~60 s after a kill) or kills would show up as time-outs.
 */
const SETTINGS: Record<Scale, Settings> = {
  quick: {
    kill: { recoveries: 30, pace: { perSecond: 6, maxInFlight: 100 }, kills: 10, timeoutSeconds: 90, budgetSeconds: 150 },
    redis: {
      recoveries: 30,
      pace: { perSecond: 6, maxInFlight: 100 },
      restarts: [{ mode: 'sigterm', atFraction: 0.4 }],
      downMs: 1000,
      timeoutSeconds: 20,
      budgetSeconds: 70,
    },
    faults: { recoveries: 30, pace: { perSecond: 6, maxInFlight: 100 }, rate: 0.2, timeoutSeconds: 20, budgetSeconds: 70 },
  },
  full: {
    kill: { recoveries: 1000, pace: { perSecond: 3, maxInFlight: 400 }, kills: 120, timeoutSeconds: 90, budgetSeconds: 720 },
    redis: {
      // Faster arrivals than the other parts: more recoveries are under way when Redis goes down.
      recoveries: 300,
      pace: { perSecond: 8, maxInFlight: 300 },
      downMs: 1500,
      timeoutSeconds: 30,
      budgetSeconds: 300,
      restarts: [
        { mode: 'sigterm', atFraction: 0.3 },
        { mode: 'sigkill', atFraction: 0.65 },
      ],
    },
    faults: { recoveries: 300, pace: { perSecond: 3, maxInFlight: 300 }, rate: 0.2, timeoutSeconds: 30, budgetSeconds: 300 },
  },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Common service settings: short poll, backoff and time-outs so a run finishes in minutes. */
function serviceEnv(timeoutSeconds: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    IDV_POLL_INTERVAL_MS: '150',
    VERIFY_BACKOFF_MS: '200',
    VERIFY_JOB_ATTEMPTS: '6',
    VERIFICATION_TIMEOUT_SECONDS: String(timeoutSeconds),
    WORKER_CONCURRENCY: '20',
    MAX_EVIDENCE_SUBMISSIONS: '3',
    RECOVERY_TTL_MINUTES: '60',
    EVIDENCE_RETENTION_SECONDS: '0',
    // All chaos traffic comes from 127.0.0.1: per-IP limits would turn the run into a rate-limit test.
    RATE_LIMITS_ENABLED: 'false',
    ...extra,
  };
}

export interface Pace {
  /** New recoveries started per second (open loop: a stuck recovery never slows the arrivals). */
  perSecond: number;
  /** Safety cap on recoveries under way at once. */
  maxInFlight: number;
}

/** Starts `count` journeys at a steady rate and waits for all of them; logs progress every 20 s. */
async function drive(
  cluster: Cluster,
  o: ChaosOptions,
  label: string,
  count: number,
  pace: Pace,
  seed: number,
  deadline: () => number,
  onDriver?: (driver: Driver) => void,
  onUpload?: (accepted: number) => void,
): Promise<{ journeys: Journey[]; driver: Driver; arrivalSeconds: number }> {
  const deck = new ScenarioDeck(label[0]!);
  const random = seededRandom(seed);
  const scenarios = Array.from({ length: count }, (_, n) => deck.pick(n, random()));
  const driver = new Driver({
    apiUrl: cluster.apiUrl,
    helpdeskKey: cluster.helpdeskKey,
    adminKey: cluster.adminKey,
    reviewerKey: cluster.reviewerKey,
    pollMs: 500,
    deadline,
    maxUploads: 3,
    onUpload,
    maxConcurrentUploads: 6,
    requestTimeoutMs: 120_000,
  });
  onDriver?.(driver);
  const journeys: Journey[] = new Array(count);
  const running: Array<Promise<void>> = [];
  let settled = 0;
  const t0 = Date.now();
  const progress = setInterval(() => {
    const states: Record<string, number> = {};
    for (const j of driver.active) {
      const k = j.last?.status ?? 'starting';
      states[k] = (states[k] ?? 0) + 1;
    }
    o.log(
      `  [${label}] ${running.length}/${count} started, ${settled} done, under way: ${
        Object.entries(states)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') || '-'
      }`,
    );
  }, 20_000);
  try {
    let nextAt = Date.now();
    for (let n = 0; n < count; n += 1) {
      while (driver.active.size >= pace.maxInFlight) await sleep(50);
      running.push(
        driver.run(n, scenarios[n]!).then((j) => {
          journeys[n] = j;
          settled += 1;
        }),
      );
      nextAt += 1000 / pace.perSecond;
      await sleep(Math.max(0, nextAt - Date.now()));
    }
    const arrivalSeconds = (Date.now() - t0) / 1000;
    await Promise.all(running);
    return { journeys, driver, arrivalSeconds };
  } finally {
    clearInterval(progress);
  }
}

/** Why clients had to retry, as figures. */
function retryFigures(driver: Driver): Figures {
  return [...driver.retryReasons]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([k, v]) => [`client retry ×${v}`, k]);
}

let appRoot: string | undefined;

function clusterOptions(dir: string, timeoutSeconds: number, extra: Partial<ClusterOptions> = {}, env: Record<string, string> = {}): ClusterOptions {
  return {
    appRoot,
    // Vendor time-out as in production (10 s): parts 1 and 2 must not see vendor faults of their own.
    dir,
    workers: 2,
    provider: 'idemia',
    vendorProcessingMs: 200,
    vendorTimeoutMs: 10_000,
    env: serviceEnv(timeoutSeconds, env),
    ...extra,
  };
}

async function withCluster<T>(options: ClusterOptions, fn: (c: Cluster) => Promise<T>): Promise<T> {
  mkdirSync(options.dir, { recursive: true });
  const cluster = await Cluster.start(options);
  try {
    return await fn(cluster);
  } finally {
    await cluster.stop();
  }
}

/** Part 1: workers SIGKILLed at random while recoveries run. */
async function partKill(s: Settings['kill'], o: ChaosOptions, dir: string): Promise<PartResult> {
  const t0 = Date.now();
  const recoveries = o.recoveries ?? s.recoveries;
  return withCluster(clusterOptions(path.join(dir, 'kill'), s.timeoutSeconds), async (cluster) => {
    const deadlineAt = t0 + s.budgetSeconds * 1000;
    const random = seededRandom(o.seed ^ 0x5bd1e995);
    let kills = 0;
    let killsWhileBusy = 0;
    let restarting: Array<Promise<unknown>> = [];
    // Spread the kills over the arrivals, so recoveries at every stage get hit.
    const killEveryMs = Math.max(300, (1000 * recoveries) / s.pace.perSecond / Math.max(1, s.kills));
    const killer = (async () => {
      while (kills < s.kills && Date.now() < deadlineAt) {
        await sleep(killEveryMs * (0.5 + random()));
        const ready = cluster.workers.filter((w) => w.ready);
        if (ready.length === 0) continue;
        const victim = ready[Math.floor(random() * ready.length)]!;
        const active = await cluster.admin.llen(`${cluster.prefix}:verification:active`);
        if (active > 0) killsWhileBusy += 1;
        await cluster.killWorker(victim.index);
        kills += 1;
        if (kills % 20 === 0) o.log(`  [kill] ${kills} workers killed so far`);
        restarting.push(cluster.startWorker(victim.index).catch((err: unknown) => o.log(`  [kill] restart failed: ${String(err)}`)));
      }
    })();
    const { journeys, driver, arrivalSeconds } = await drive(cluster, o, 'kill', recoveries, s.pace, o.seed, () => deadlineAt);
    await killer;
    await Promise.all(restarting);
    restarting = [];
    const judgement = await judge(cluster, journeys, { allowFaultOutcomes: false });
    const failures = [...judgement.failures];
    if (kills < s.kills) failures.push(`only ${kills} of ${s.kills} kills happened before the deadline`);
    const extra: Figures = [
      ['worker kill -9 (with verify jobs active in the queue)', `${kills} (${killsWhileBusy})`],
      ['worker processes started in total', `${cluster.workerStarts}`],
      ['arrivals', `${recoveries} recoveries over ${arrivalSeconds.toFixed(0)} s; a kill every ~${(killEveryMs / 1000).toFixed(1)} s`],
      ...retryFigures(driver),
    ];
    return {
      part: 'kill',
      title: `Part 1 — kill -9 of workers (${recoveries} recoveries)`,
      seconds: (Date.now() - t0) / 1000,
      judgement,
      extra,
      failures,
      findings: judgement.findings,
    };
  });
}

/** Part 2: Redis stopped and restarted (same port, same AOF directory) mid-run. */
async function partRedis(s: Settings['redis'], o: ChaosOptions, dir: string): Promise<PartResult> {
  const t0 = Date.now();
  const recoveries = o.recoveries ?? s.recoveries;
  return withCluster(clusterOptions(path.join(dir, 'redis'), s.timeoutSeconds), async (cluster) => {
    const deadlineAt = t0 + s.budgetSeconds * 1000;
    const pending = [...s.restarts].sort((a, b) => a.atFraction - b.atFraction);
    const restarts: Figures = [];
    /** Recoveries that were under way at a restart: each must still settle. */
    const inFlight = new Map<Journey, string>();
    let driverRef: Driver | null = null;
    let restarting: Promise<void> = Promise.resolve();
    const onUpload = (accepted: number) => {
      const due = pending[0];
      if (!due || accepted < Math.ceil(due.atFraction * recoveries)) return;
      pending.shift();
      restarting = restarting.then(async () => {
        const under = [...(driverRef?.active ?? [])];
        const verifying = under.filter((j) => j.last?.status === 'verifying' || (j.uploads > 0 && !j.last)).length;
        for (const j of under) if (!inFlight.has(j)) inFlight.set(j, j.last?.status ?? 'starting');
        const before = await cluster.admin.dbsize();
        const r = await cluster.restartRedis(due.mode, s.downMs);
        const after = await cluster.admin.dbsize();
        o.log(
          `  [redis] ${due.mode} restart after ${accepted} uploads: down ${r.downMs} ms, keys ${before} → ${after}, ${under.length} recoveries under way (${verifying} verifying)`,
        );
        restarts.push([
          `redis restart (${due.mode}) after ${accepted} uploads`,
          `down ${r.downMs} ms, pid ${r.pidBefore} → ${r.pidAfter}, DBSIZE ${before} → ${after}, ${under.length} recoveries under way (${verifying} verifying)`,
        ]);
      });
    };
    const { journeys, driver } = await drive(
      cluster,
      o,
      'redis',
      recoveries,
      s.pace,
      o.seed + 1,
      () => deadlineAt,
      (d) => {
        driverRef = d;
      },
      onUpload,
    );
    await restarting;
    const judgement = await judge(cluster, journeys, { allowFaultOutcomes: false });
    const failures = [...judgement.failures];
    if (restarts.length < s.restarts.length) failures.push(`only ${restarts.length} of ${s.restarts.length} Redis restarts happened`);
    if (inFlight.size === 0) failures.push('no recovery was under way at a Redis restart: the part proved nothing');
    const aof = await cluster.admin.config('GET', 'appendonly');
    const resumed = [...inFlight.keys()].filter((j) => j.outcome === 'settled').length;
    if (resumed < inFlight.size) failures.push(`${inFlight.size - resumed} of ${inFlight.size} recoveries under way at a restart did not settle`);
    const extra: Figures = [
      ...restarts,
      ['redis appendonly / appendfsync', `${aof[1]} / everysec`],
      ['under way at a restart → settled', `${inFlight.size} → ${resumed}`],
      ...retryFigures(driver),
    ];
    return {
      part: 'redis',
      title: `Part 2 — Redis restarts with AOF (${recoveries} recoveries)`,
      seconds: (Date.now() - t0) / 1000,
      judgement,
      extra,
      failures,
      findings: judgement.findings,
    };
  });
}

/** Part 3: 20 % vendor faults on every mock, fallback vendors configured. */
async function partFaults(s: Settings['faults'], o: ChaosOptions, dir: string): Promise<PartResult> {
  const t0 = Date.now();
  const recoveries = o.recoveries ?? s.recoveries;
  const options = clusterOptions(
    path.join(dir, 'faults'),
    s.timeoutSeconds,
    {
      fallbacks: ['lexisnexis', 'au10tix'],
      vendorTimeoutMs: 1000,
      vendorHangMs: 30_000,
    },
    { CIRCUIT_OPEN_SECONDS: '5' },
  );
  return withCluster(options, async (cluster) => {
    const deadlineAt = t0 + s.budgetSeconds * 1000;
    const faults = [...sandboxFaults];
    // The primary starts with a short outage (refused answers, nothing accepted), so failover is
    // exercised in every run rather than only when the random faults happen to line up.
    cluster.mocks.vendor('idemia').sandbox.injectNext('http503', { count: 12 });
    cluster.mocks.vendor('idemia').sandbox.setFaultRate(s.rate, o.seed, faults);
    cluster.mocks.vendor('lexisnexis').sandbox.setFaultRate(s.rate, o.seed + 1, faults);
    cluster.mocks.vendor('au10tix').sandbox.setFaultRate(s.rate, o.seed + 2, faults);
    const { journeys, driver } = await drive(cluster, o, 'faults', recoveries, s.pace, o.seed + 2, () => deadlineAt);
    for (const v of ['idemia', 'lexisnexis', 'au10tix'] as const) cluster.mocks.vendor(v).sandbox.clearFaults();
    const judgement = await judge(cluster, journeys, { allowFaultOutcomes: true });
    const failures = [...judgement.failures];
    // Nothing may sit in `verifying` much longer than the verification time-out (timers fire on time).
    const limitMs = s.timeoutSeconds * 1000 + 10_000;
    if (judgement.counts.maxVerifyingMs > limitMs)
      failures.push(`a recovery stayed ${judgement.counts.maxVerifyingMs} ms in verifying (time-out ${s.timeoutSeconds} s + 10 s allowed)`);
    const extra: Figures = [
      ['fault rate per vendor request', `${(s.rate * 100).toFixed(0)} % of ${faults.join(', ')} (seeds ${o.seed}, ${o.seed + 1}, ${o.seed + 2})`],
      ['primary / fallbacks', `${options.provider} / ${(options.fallbacks ?? []).join(', ')}`],
      ['verification time-out', `${s.timeoutSeconds} s; longest time any recovery spent in verifying ${judgement.counts.maxVerifyingMs} ms`],
      ...retryFigures(driver),
    ];
    if (judgement.counts.failovers === 0) extra.push(['NOTE', 'failover never used (is IDV_FALLBACK_PROVIDERS implemented in src/?)']);
    return {
      part: 'faults',
      title: `Part 3 — vendor faults at ${(s.rate * 100).toFixed(0)} % (${recoveries} recoveries)`,
      seconds: (Date.now() - t0) / 1000,
      judgement,
      extra,
      failures,
      findings: judgement.findings,
    };
  });
}

export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const t0 = Date.now();
  const s = SETTINGS[o.scale];
  const dir = mkdtempSync(path.join(os.tmpdir(), `chaos-${o.scale}-`));
  o.log(`chaos suite, scale ${o.scale}, seed ${o.seed}, parts ${o.parts.join(', ')}${o.parallel ? ' (part 1 alongside 2→3)' : ''}; logs in ${dir}`);
  // CHAOS_APP_ROOT runs another build (a folder holding dist/ and package.json), e.g. to try a fix.
  appRoot = process.env.CHAOS_APP_ROOT ?? snapshotApp(path.join(dir, 'app'));
  if (process.env.CHAOS_APP_ROOT) o.log(`running the service from CHAOS_APP_ROOT=${appRoot}`);
  await warmVendorAnalysis();
  const run = async (part: PartName): Promise<PartResult> => {
    o.log(`▶ ${part}`);
    try {
      const result =
        part === 'kill' ? await partKill(s.kill, o, dir) : part === 'redis' ? await partRedis(s.redis, o, dir) : await partFaults(s.faults, o, dir);
      o.log(`■ ${part} done in ${result.seconds.toFixed(1)} s${result.failures.length ? ` with ${result.failures.length} failures` : ''}`);
      return result;
    } catch (err) {
      o.log(`✖ ${part} crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      const empty: Judgement = {
        figures: [],
        failures: [],
        findings: [],
        distribution: {},
        counts: {
          recoveries: 0,
          lost: 0,
          startFailed: 0,
          duplicateTapShown: 0,
          duplicateTapIssued: 0,
          tapNeverShown: 0,
          submissionsPerVerification: 0,
          verificationsOverBilled: 0,
          failovers: 0,
          submittedVerifications: 0,
          wrongApprovals: 0,
          maxVerifyingMs: 0,
        },
      };
      return { part, title: `${part} (crashed)`, seconds: 0, judgement: empty, extra: [], failures: [`part crashed: ${String(err)}`], findings: [] };
    }
  };
  let results: PartResult[];
  try {
    if (o.parallel && o.parts.includes('kill') && o.parts.length > 1) {
      const rest = o.parts.filter((p) => p !== 'kill');
      const [first, others] = await Promise.all([
        run('kill'),
        (async () => {
          const out: PartResult[] = [];
          for (const p of rest) out.push(await run(p));
          return out;
        })(),
      ]);
      results = [first, ...others];
    } else {
      results = [];
      for (const p of o.parts) results.push(await run(p));
    }
  } finally {
    killAllChildren();
  }
  const ok = results.every((r) => r.failures.length === 0);
  if (ok && !o.keep) rmSync(dir, { recursive: true, force: true });
  return {
    options: { scale: o.scale, seed: o.seed, parts: o.parts, parallel: o.parallel, keep: o.keep },
    parts: results,
    seconds: (Date.now() - t0) / 1000,
    dir,
    ok,
  };
}

export function formatReport(report: ChaosReport): string {
  const lines: string[] = [];
  lines.push('', `═══ chaos suite — scale ${report.options.scale}, seed ${report.options.seed}, ${report.seconds.toFixed(0)} s ═══`);
  for (const p of report.parts) {
    lines.push('', `${p.title}  [${p.seconds.toFixed(1)} s]`);
    const rows = [...p.extra, ...p.judgement.figures];
    const width = Math.max(...rows.map(([k]) => k.length), 10);
    for (const [k, v] of rows) lines.push(`  ${k.padEnd(width)}  ${v}`);
    if (p.findings.length) {
      lines.push(`  FINDINGS (recovered, but worth fixing):`);
      for (const f of p.findings) lines.push(`    - ${f}`);
    }
    if (p.failures.length) {
      lines.push(`  FAILURES (${p.failures.length}):`);
      for (const f of p.failures.slice(0, 25)) lines.push(`    - ${f}`);
    }
  }
  lines.push('', report.ok ? 'RESULT: PASS (0 lost, 0 duplicate TAPs, 1.00 submissions per verification)' : `RESULT: FAIL — logs kept in ${report.dir}`);
  return lines.join('\n');
}
