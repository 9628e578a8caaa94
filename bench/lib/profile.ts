/**
 * Where the CPU time goes: reads a V8 `.cpuprofile` (node --cpu-prof) and sums self time per
 * package (a node_modules package, our own folder, Node internals, GC, idle) and per function.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode { id: number; hitCount?: number; callFrame: { functionName: string; url: string; lineNumber: number } }
interface CpuProfile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] }

export interface ProfileSummary {
  file: string;
  busyShare: number;
  byPackage: Array<[string, number]>;
  byFunction: Array<[string, number]>;
}

function packageOf(url: string, fn: string): string {
  if (fn === '(idle)' || fn === '(program)' || fn === '(garbage collector)') return fn;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules?.[1]) return modules[1];
  const ours = /\/dist\/(src\/[^/]+|providers|flows|bench)\//.exec(url);
  if (ours?.[1]) return ours[1];
  if (url.startsWith('node:') || url === '') return 'node internals';
  return path.basename(url);
}

function top(map: Map<string, number>, total: number, n: number): Array<[string, number]> {
  return [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => [k, v / total]);
}

export function summarize(file: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    total += hits;
    if (functionName === '(idle)') { idle += hits; continue; }
    const pkg = packageOf(url, functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + hits);
    const name = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|dist)\//, '')}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
  }
  const busy = Math.max(1, total - idle);
  return { file: path.basename(file), busyShare: busy / Math.max(1, total), byPackage: top(byPackage, busy, 10), byFunction: top(byFunction, busy, 12) };
}

export function summarizeDir(dir: string): ProfileSummary[] {
  return readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => summarize(path.join(dir, f)));
}
