/**
 * Child processes of the benchmark: compiled JavaScript under `node`, output appended to a log
 * file (never piped through this process, which must not slow them down), `ready <value>` on the
 * first line that says so, peak RSS from the kernel (VmHWM), SIGTERM to stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Proc {
  name: string;
  pid: number;
  /** What the process printed after `ready`: its URL or its pid. */
  ready: string;
  logFile: string;
  /** Peak resident set size so far, bytes (Linux VmHWM). */
  peakRss(): number;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  script: string;
  env: Record<string, string>;
  logDir: string;
  nodeArgs?: string[];
  timeoutMs?: number;
}

export const DIST = path.resolve(__dirname, '..', '..');
let started = 0;

function readyLine(file: string): string | null {
  return /^ready (\S+)$/m.exec(readFileSync(file, 'utf8'))?.[1] ?? null;
}

export function peakRssOf(pid: number): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0; // not Linux, or already gone
  }
}

export async function startProc(o: SpawnOptions): Promise<Proc> {
  started += 1;
  const logFile = path.join(o.logDir, `${String(started).padStart(2, '0')}-${o.name}.log`);
  const fd = openSync(logFile, 'w');
  const child: ChildProcess = spawn(process.execPath, [...(o.nodeArgs ?? []), path.join(DIST, o.script)], {
    env: { PATH: process.env.PATH ?? '', ...o.env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const deadline = Date.now() + (o.timeoutMs ?? 20_000);
  let ready: string | null = null;
  while (!(ready = readyLine(logFile))) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${o.name} did not start; see ${logFile}:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const pid = child.pid ?? 0;
  return {
    name: o.name,
    pid,
    ready,
    logFile,
    peakRss: () => peakRssOf(pid),
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(killer);
    },
  };
}
