/**
 * Where the CPU time goes: reads a V8 `.cpuprofile` (node --cpu-prof) and sums the samples per
 * owner: the package (a node_modules package, or our own folder) whose code is running or, for
 * time inside Node itself (socket writes, crypto, buffers), whose code called into it. Start-up
 * (module loading) is skipped, so the shares describe the work.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  busyShare: number;
  byPackage: Array<[string, number]>;
  byFunction: Array<[string, number]>;
}

const SPECIAL = new Set(['(program)', '(garbage collector)', '(root)']);

function ownPackage(frame: CallFrame): string | null {
  if (SPECIAL.has(frame.functionName)) return frame.functionName === '(root)' ? 'event loop (I/O callbacks)' : frame.functionName;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url);
  if (modules?.[1]) return modules[1];
  const ours = /\/dist\/((?:src\/[^/]+)|providers|flows|bench)\//.exec(frame.url);
  return ours?.[1] ?? null;
}

function top(map: Map<string, number>, total: number, n: number): Array<[string, number]> {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => [k, v / total]);
}

export function summarize(file: string, skipSeconds = 3): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const owners = new Map<number, string>();
  const ownerOf = (id: number): string => {
    const known = owners.get(id);
    if (known) return known;
    let node = byId.get(id);
    let owner = node ? ownPackage(node.callFrame) : null;
    while (node && !owner && parent.has(node.id)) {
      node = byId.get(parent.get(node.id) as number);
      owner = node ? ownPackage(node.callFrame) : null;
    }
    owners.set(id, owner ?? 'node internals');
    return owner ?? 'node internals';
  };
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let elapsed = 0;
  let busy = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    elapsed += profile.timeDeltas[i] ?? 0;
    if (elapsed < skipSeconds * 1e6) return;
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') {
      idle += 1;
      return;
    }
    busy += 1;
    byPackage.set(ownerOf(id), (byPackage.get(ownerOf(id)) ?? 0) + 1);
    const name =
      `${frame.functionName || '(anonymous)'} ${frame.url ? `${frame.url.replace(/^.*\/(node_modules|dist)\//, '')}:${frame.lineNumber + 1}` : ''}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + 1);
  });
  return {
    file: path.basename(file),
    busyShare: busy / Math.max(1, busy + idle),
    byPackage: top(byPackage, Math.max(1, busy), 12),
    byFunction: top(byFunction, Math.max(1, busy), 10),
  };
}

export function summarizeDir(dir: string): ProfileSummary[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => summarize(path.join(dir, f)));
}
