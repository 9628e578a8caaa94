/**
 * A quick version of the chaos suite (the full one: `npm run chaos -- --scale full`, figures
 * in docs/chaos.md). Real redis-server (AOF on) and s3rver children, the API and two workers as
 * separate processes running the compiled service from dist/ (built by `npm test` before jest), the
 * mock vendors in this process:
 *   1. 30 recoveries while workers are kill -9'd 10 times and restarted;
 *   2. 30 recoveries with a Redis stop/restart (SIGTERM, same port and AOF dir) in the middle;
 *   3. 30 recoveries with 20 % vendor faults on every mock and fallback vendors configured.
 * Part 1 runs alongside parts 2→3 (separate clusters): most of part 1 is BullMQ's 30 s lock expiry
 * and stalled-job check after a kill, which needs wall time, not CPU.
 */
import { formatReport, partNames, runChaos, type ChaosReport, type PartResult } from '../chaos/run';

jest.setTimeout(240_000);

describe('chaos suite (quick)', () => {
  let report: ChaosReport;

  beforeAll(async () => {
    const lines: string[] = [];
    report = await runChaos({ scale: 'quick', seed: 7, parts: [...partNames], parallel: true, log: (l) => lines.push(l) });
    // The figures are the point of the suite: show them in the test output.
    console.log(`${lines.join('\n')}\n${formatReport(report)}`);
  });

  const part = (name: PartResult['part']): PartResult => {
    const found = report.parts.find((p) => p.part === name);
    if (!found) throw new Error(`part ${name} did not run`);
    return found;
  };

  it('kill -9 of workers: nothing lost, no TAP twice, one vendor submission per verification', () => {
    const p = part('kill');
    expect(p.judgement.counts.recoveries).toBe(30);
    expect(p.judgement.counts.lost).toBe(0);
    expect(p.judgement.counts.duplicateTapShown).toBe(0);
    expect(p.judgement.counts.duplicateTapIssued).toBe(0);
    expect(p.judgement.counts.tapNeverShown).toBe(0);
    expect(p.judgement.counts.submissionsPerVerification).toBe(1);
    expect(p.failures).toEqual([]);
  });

  it('a Redis restart with AOF: every recovery resumes and finishes', () => {
    const p = part('redis');
    expect(p.judgement.counts.recoveries).toBe(30);
    expect(p.judgement.counts.lost).toBe(0);
    expect(p.judgement.counts.duplicateTapShown + p.judgement.counts.duplicateTapIssued).toBe(0);
    expect(p.judgement.counts.submissionsPerVerification).toBe(1);
    expect(p.failures).toEqual([]);
  });

  it('20 % vendor faults: every recovery ends in a defined state, failover is used, nothing billed twice', () => {
    const p = part('faults');
    expect(p.judgement.counts.recoveries).toBe(30);
    expect(p.judgement.counts.lost).toBe(0);
    expect(p.judgement.counts.wrongApprovals).toBe(0);
    expect(p.judgement.counts.duplicateTapShown + p.judgement.counts.duplicateTapIssued).toBe(0);
    expect(p.judgement.counts.failovers).toBeGreaterThan(0);
    expect(p.judgement.counts.submissionsPerVerification).toBe(1);
    expect(p.failures).toEqual([]);
  });
});
