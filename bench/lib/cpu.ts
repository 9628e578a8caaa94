/**
 * CPU seconds used by each process of the stack (Linux /proc), so a scenario can say which
 * process the time went to: the API, the worker, Redis, the S3 stand-in, or the load generator.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Node supports

export function cpuSeconds(pid: number): number {
  try {
    // Fields after the command (which may hold spaces) start at ")": utime and stime are 14 and 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Processes whose command line matches, e.g. the redis-server on our port. */
export function findPids(pattern: RegExp): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (pattern.test(readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' '))) pids.push(Number(entry));
    } catch {
      // gone in between
    }
  }
  return pids;
}

export type CpuMeter = () => Record<string, number>;

/** Starts counting now; calling the result gives the CPU seconds each named process used since. */
export function meterCpu(pids: Record<string, number[]>): CpuMeter {
  const sum = () => Object.fromEntries(Object.entries(pids).map(([name, list]) => [name, list.reduce((a, p) => a + cpuSeconds(p), 0)]));
  const self = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const start = sum();
  const selfStart = self();
  return () => {
    const now = sum();
    return { ...Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - (start[k] ?? 0)])), 'load generator': self() - selfStart };
  };
}
