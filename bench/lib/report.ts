/**
 * The results as Markdown tables: medians and ratios first, then every round, then the cost curve
 * and the profiles. The same text is printed and written into docs/benchmarks.md between markers,
 * leaving the hand-written analysis around it untouched.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { StatusReadsResult } from '../scenarios/statusReads';
import type { PipelineRound } from '../scenarios/pipeline';
import type { LdapPipelineRound } from '../scenarios/ldapPipeline';
import type { PushResult } from '../scenarios/push';
import type { MassResult } from '../scenarios/mass';
import type { ProfileSummary } from './profile';
import { fmt, median, mib, percentile } from './stats';

export interface Results {
  status?: StatusReadsResult;
  pipeline?: PipelineRound[];
  ldap?: LdapPipelineRound[];
  push?: PushResult;
  mass?: MassResult[];
  profiles?: ProfileSummary[];
  seconds: number;
}

const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');
const x = (v: number) => `${fmt(v, 2)}×`;
const cpu = (ms: Record<string, number>) =>
  Object.entries(ms)
    .map(([k, v]) => `${k} ${fmt(v, 1)}`)
    .join(', ');

function summaryRows(r: Results): string[] {
  const out = [row(['scenario', 'service (median)', 'baseline (median)', 'ratio', 'goal', '']), row(['---', '---', '---', '---', '---', '---'])];
  if (r.status) {
    const s = median(r.status.service.map((v) => v.rps));
    const b = median(r.status.baseline.map((v) => v.rps));
    const sp99 = median(r.status.service.map((v) => v.p99));
    const bp99 = median(r.status.baseline.map((v) => v.p99));
    const scpu = median(r.status.service.map((v) => v.cpuUsPerRequest));
    const bcpu = median(r.status.baseline.map((v) => v.cpuUsPerRequest));
    out.push(
      row([
        'Status reads, 50 connections',
        `${fmt(s)} req/s, p99 ${fmt(sp99)} ms, ${fmt(scpu)} µs CPU/request`,
        `${fmt(b)} req/s, p99 ${fmt(bp99)} ms, ${fmt(bcpu)} µs CPU/request`,
        `${x(s / b)} (CPU/request ${x(scpu / bcpu)})`,
        '≥ 0.8×, p99 ≤ 25 ms',
        verdict(s / b >= 0.8 && sp99 <= 25),
      ]),
    );
  }
  if (r.pipeline) {
    const s = median(r.pipeline.map((v) => v.service));
    const b = median(r.pipeline.map((v) => v.baseline));
    out.push(row(['Verification pipeline, concurrency 50', `${fmt(s)} verifications/s`, `${fmt(b)} no-op jobs/s`, x(s / b), '≥ 0.3×', verdict(s / b >= 0.3)]));
  }
  if (r.ldap) {
    const l = median(r.ldap.map((v) => v.ldap.rate));
    const b = median(r.ldap.map((v) => v.builtin.rate));
    const lw = median(r.ldap.map((v) => v.ldap.cpuMs.worker ?? 0));
    const bw = median(r.ldap.map((v) => v.builtin.cpuMs.worker ?? 0));
    const slapd = median(r.ldap.map((v) => v.ldap.cpuMs.slapd ?? 0));
    out.push(
      row([
        'Pipeline with accounts in LDAP (slapd), concurrency 50',
        `${fmt(l)} verifications/s; worker ${fmt(lw, 1)} + slapd ${fmt(slapd, 1)} CPU ms each`,
        `built-in directory ${fmt(b)}/s; worker ${fmt(bw, 1)} CPU ms each`,
        x(l / b),
        '≥ 0.5×',
        verdict(l / b >= 0.5),
      ]),
    );
  }
  if (r.push) {
    const s = r.push.rounds.flatMap((v) => v.service);
    const b = r.push.rounds.flatMap((v) => v.baseline);
    const how = r.push.rounds.every((v) => v.mode === 'sse') ? 'SSE' : 'status GET (no SSE endpoint)';
    out.push(
      row([
        `Push latency, verdict → ${how} shows the pass`,
        `p50 ${fmt(percentile(s, 50))} / p99 ${fmt(percentile(s, 99))} ms`,
        `p50 ${fmt(percentile(b, 50))} / p99 ${fmt(percentile(b, 99))} ms`,
        x(percentile(s, 99) / percentile(b, 99)),
        'p99 ≤ 50 ms',
        verdict(percentile(s, 99) <= 50),
      ]),
    );
  }
  const big = r.mass?.filter((m) => m.size === Math.max(...(r.mass ?? []).map((v) => v.size))).at(-1);
  if (big) {
    const ok =
      big.finished === big.size &&
      big.lost === 0 &&
      big.probeP99 <= 100 &&
      Math.max(big.rss.api, big.rss.worker) <= 2 ** 30 &&
      Math.abs(big.vendorCallsPerRecovery - 1) < 0.005;
    out.push(
      row([
        `Mass event, ${fmt(big.size)} recoveries, vendor 2–10 s`,
        `${fmt(big.finished)} finished, ${big.lost} lost in ${fmt(big.seconds)} s; API p99 ${fmt(big.probeP99)} ms; RSS API ${mib(big.rss.api)}, worker ${mib(big.rss.worker)}; vendor calls/recovery ${fmt(big.vendorCallsPerRecovery, 2)}`,
        `idle API p99 ${fmt(big.probeIdleP99)} ms`,
        x(big.probeP99 / big.probeIdleP99),
        'all finish, 0 lost, p99 ≤ 100 ms, RSS ≤ 1 GiB, 1.00 call',
        verdict(ok),
      ]),
    );
  }
  return out;
}

function roundRows(r: Results): string[] {
  const out = [row(['scenario', 'round', 'service', 'baseline', 'ratio']), row(['---', '---', '---', '---', '---'])];
  r.status?.service.forEach((s, i) => {
    const b = r.status?.baseline[i];
    if (b) {
      out.push(
        row([
          'status reads',
          String(i + 1),
          `${fmt(s.rps)} req/s, p50 ${fmt(s.p50)} / p99 ${fmt(s.p99)} ms, ${fmt(s.cpuUsPerRequest)} µs CPU/request, ${s.failures} failed`,
          `${fmt(b.rps)} req/s, p50 ${fmt(b.p50)} / p99 ${fmt(b.p99)} ms, ${fmt(b.cpuUsPerRequest)} µs CPU/request`,
          x(s.rps / b.rps),
        ]),
      );
    }
  });
  r.ldap?.forEach((p, i) =>
    out.push(
      row([
        'ldap pipeline',
        String(i + 1),
        `LDAP ${fmt(p.ldap.rate)}/s; CPU ms per verification: ${cpu(p.ldap.cpuMs)}`,
        `built-in ${fmt(p.builtin.rate)}/s; CPU ms per verification: ${cpu(p.builtin.cpuMs)}`,
        x(p.ldap.rate / p.builtin.rate),
      ]),
    ),
  );
  r.pipeline?.forEach((p, i) =>
    out.push(
      row([
        'pipeline',
        String(i + 1),
        `${fmt(p.service)}/s; CPU ms per verification: ${cpu(p.serviceCpuMs)}`,
        `${fmt(p.baseline)}/s; CPU ms per job: ${cpu(p.baselineCpuMs)}`,
        x(p.service / p.baseline),
      ]),
    ),
  );
  r.push?.rounds.forEach((p, i) =>
    out.push(
      row([
        'push latency',
        String(i + 1),
        `p50 ${fmt(percentile(p.service, 50))} / p99 ${fmt(percentile(p.service, 99))} ms (n=${p.service.length}, ${p.mode})`,
        `p50 ${fmt(percentile(p.baseline, 50))} / p99 ${fmt(percentile(p.baseline, 99))} ms`,
        x(percentile(p.service, 99) / percentile(p.baseline, 99)),
      ]),
    ),
  );
  return out;
}

function costRows(mass: MassResult[]): string[] {
  const per = (peak: number, idle: number, n: number) => fmt((peak - idle) / n / 1024, 1);
  const out = [
    row([
      'in flight',
      'time',
      'recoveries/s',
      'peak in flight',
      'lost',
      'calls/recovery',
      'API p99 (idle)',
      'upload p99',
      'peak RSS API / worker / Redis',
      'KiB per recovery API / worker / Redis',
      'CPU ms per recovery',
    ]),
    row(Array.from({ length: 11 }, () => '---')),
  ];
  for (const m of [...mass].sort((a, b) => a.size - b.size)) {
    out.push(
      row([
        fmt(m.size),
        `${fmt(m.seconds, 1)} s`,
        fmt(m.size / m.seconds, 1),
        fmt(m.peakInFlight),
        `${m.lost} (${fmt(m.finished)} finished)`,
        fmt(m.vendorCallsPerRecovery, 2),
        `${fmt(m.probeP99)} (${fmt(m.probeIdleP99)}) ms`,
        `${fmt(m.uploadP99)} ms`,
        `${mib(m.rss.api)} / ${mib(m.rss.worker)} / ${mib(m.rss.redis)}`,
        `${per(m.rss.api, m.rss.apiIdle, m.size)} / ${per(m.rss.worker, m.rss.workerIdle, m.size)} / ${per(m.rss.redis, m.rss.redisIdle, m.size)}`,
        cpu(m.cpuMs),
      ]),
    );
  }
  return out;
}

function profileRows(p: ProfileSummary): string[] {
  const pct = (v: number) => `${fmt(v * 100, 1)} %`;
  return [
    `**${p.file}**: busy ${pct(p.busyShare)} of the run. Time by owner (the package running, or calling into Node):`,
    '',
    row(['owner', 'share of busy time']),
    row(['---', '---']),
    ...p.byPackage.map(([k, v]) => row([k, pct(v)])),
    '',
    row(['hottest functions (self time)', 'share']),
    row(['---', '---']),
    ...p.byFunction.map(([k, v]) => row([`\`${k}\``, pct(v)])),
    '',
  ];
}

export function renderResults(r: Results, machine: string[]): string {
  return [
    `Run of ${new Date().toISOString()}, ${fmt(r.seconds / 60, 1)} minutes in all.`,
    '',
    ...machine,
    '',
    '### Medians and ratios',
    '',
    ...summaryRows(r),
    '',
    '### Every round',
    '',
    ...roundRows(r),
    '',
    ...(r.push
      ? [
          '### Push latency, where it goes (medians)',
          '',
          row(['segment', 'ms']),
          row(['---', '---']),
          ...Object.entries(r.push.segments).map(([k, v]) => row([k, fmt(v)])),
          '',
        ]
      : []),
    ...(r.mass ? ['### Cost curve (mass event at three sizes)', '', ...costRows(r.mass), ''] : []),
    ...(r.profiles?.length ? ['### CPU profiles (mass event of 500, self time as a share of the busy time)', '', ...r.profiles.flatMap(profileRows)] : []),
  ].join('\n');
}

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

export function writeIntoDoc(file: string, results: string): void {
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : `# Benchmarks\n\n${START}\n${END}\n`;
  const [head, rest] = doc.includes(START) ? doc.split(START) : [`${doc}\n`, `\n${END}`];
  const tail = (rest ?? '').split(END)[1] ?? '';
  writeFileSync(file, `${head}${START}\n${results}\n${END}${tail}`);
}
