/** Figures for the end of the fuzz run: cases and statuses per operation, codes seen, slowest answers. */
import type { RawOutcome } from './rawHttp';
import type { Template } from './requests';
import type { Verdict } from './oracle';

export class Tally {
  total = 0;
  hungUp = 0;
  private readonly byOperation = new Map<string, Map<string, number>>();
  private readonly codes = new Map<string, number>();
  private readonly gaps = new Map<string, number>();
  private readonly msByOperation = new Map<string, number>();
  private readonly slowest: Array<{ ms: number; what: string }> = [];
  private readonly startedAt = Date.now();
  /** Distinct violations (numbers masked), each with its first example; only filled in collect mode. */
  readonly violations: string[] = [];
  private readonly seen = new Set<string>();

  violation(messages: string[], example: string): void {
    for (const m of messages) {
      const kind = m.replace(/\d+/g, '#').slice(0, 160);
      if (this.seen.has(kind)) continue;
      this.seen.add(kind);
      this.violations.push(`${m.slice(0, 300)}\n      e.g. ${example}`);
    }
  }

  add(operation: string, t: Template, outcome: RawOutcome, verdict: Verdict, ms: number): void {
    this.total += 1;
    if (verdict.hungUp) this.hungUp += 1;
    const status = outcome.response ? String(outcome.response.status) : 'no-answer';
    const key = verdict.code ? `${status}:${verdict.code}` : status;
    const statuses = this.byOperation.get(operation) ?? new Map<string, number>();
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    this.byOperation.set(operation, statuses);
    if (verdict.gap) this.gaps.set(verdict.gap, (this.gaps.get(verdict.gap) ?? 0) + 1);
    if (verdict.code) this.codes.set(verdict.code, (this.codes.get(verdict.code) ?? 0) + 1);
    this.msByOperation.set(operation, (this.msByOperation.get(operation) ?? 0) + ms);
    this.slowest.push({ ms, what: `${operation} ${status} ${t.labels.join(',')}` });
    this.slowest.sort((a, b) => b.ms - a.ms).splice(5);
  }

  report(seed: number): string {
    const lines = [`\nfuzz: ${this.total} cases in ${((Date.now() - this.startedAt) / 1000).toFixed(1)} s, seed ${seed}`];
    for (const [op, statuses] of this.byOperation) {
      const n = [...statuses.values()].reduce((a, b) => a + b, 0);
      const parts = [...statuses]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([s, c]) => `${s}×${c}`)
        .join(' ');
      const seconds = ((this.msByOperation.get(op) ?? 0) / 1000).toFixed(1);
      lines.push(`  ${op.padEnd(26)} ${String(n).padStart(5)} ${seconds.padStart(5)} s  ${parts}`.replace(/(.{1,150})(\s|$)/g, '$1\n      ').trimEnd());
    }
    lines.push(`  ${this.codes.size} distinct codes: ${[...this.codes.keys()].sort().join(' ')}`);
    lines.push(`  known spec gaps (tolerated, see oracle.ts KNOWN_GAPS): ${[...this.gaps].map(([g, n]) => `${g}×${n}`).join(' ') || 'none'}`);
    lines.push(`  malformed below HTTP and hung up on (no answer): ${this.hungUp}`);
    if (this.violations.length) lines.push(`  violations:\n    ${this.violations.join('\n    ')}`);
    lines.push(`  slowest: ${this.slowest.map((s) => `${s.ms} ms ${s.what}`).join(' | ')}\n`);
    return lines.join('\n');
  }
}
