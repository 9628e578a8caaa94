/**
 * Child processes of the chaos suite. Every Node child (API, workers) runs in its own process group
 * (`detached`), so `kill -9` of the group leaves nothing behind, and carries a lifeline: a preload
 * that SIGKILLs the child when its stdin pipe closes, i.e. when this process dies however it dies
 * (the same trick as the redis-server wrapper, docs/references.md, "Local stand-ins: orphan child processes"). Every group ever started is
 * remembered and killed on exit, so a failed or interrupted run leaves no process behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths';

export interface ManagedChild {
  name: string;
  pid: number;
  child: ChildProcess;
  /** Resolves when the process has exited (code or signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
  /** Resolves when a stdout line matches, rejects if the child exits first or after `timeoutMs`. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** Signal to the whole process group. */
  signal(sig: NodeJS.Signals): void;
}

const live = new Set<ManagedChild>();
let hooksInstalled = false;

/** SIGKILL every process group still alive. Synchronous, so it also works from an `exit` hook. */
export function killAllChildren(): void {
  for (const c of live) {
    if (!c.hasExited()) {
      try {
        process.kill(-c.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAllChildren);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      killAllChildren();
      process.exit(130);
    });
  }
}

export interface SpawnOptions {
  env: Record<string, string>;
  /** Both stdout and stderr are appended here. */
  logFile: string;
  cwd?: string;
}

const LIFELINE = path.join(repoRoot(), 'chaos', 'lifeline.js');

/** Starts `node <script>` as a managed child with a lifeline. */
export function spawnNode(name: string, script: string, options: SpawnOptions): ManagedChild {
  installHooks();
  const log: WriteStream = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['--require', lifelinePath(), script], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${name}: spawn failed`);
  let exited = false;
  let stdoutBuffer = '';
  const lineWaiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  const exitedPromise = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      live.delete(managed);
      log.end(`--- ${name} exited code=${code} signal=${signal}\n`);
      resolve({ code, signal });
    });
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    log.write(chunk);
    stdoutBuffer += chunk.toString();
    const lines = stdoutBuffer.split('\n');
    stdoutBuffer = lines.pop() ?? '';
    for (const line of lines) {
      for (const w of [...lineWaiters]) {
        if (w.pattern.test(line)) {
          lineWaiters.splice(lineWaiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => log.write(chunk));
  // The lifeline reads stdin; never write to it, never end it while the child should live.
  child.stdin?.on('error', () => undefined);
  const managed: ManagedChild = {
    name,
    pid: child.pid,
    child,
    exited: exitedPromise,
    hasExited: () => exited,
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: no line matching ${pattern} within ${timeoutMs} ms (log: ${options.logFile})`)), timeoutMs);
        const waiter = {
          pattern,
          resolve: (line: string) => {
            clearTimeout(timer);
            resolve(line);
          },
        };
        lineWaiters.push(waiter);
        void exitedPromise.then(({ code, signal }) => {
          clearTimeout(timer);
          reject(new Error(`${name} exited (code ${code}, signal ${signal}) before it was ready; log: ${options.logFile}`));
        });
      });
    },
    signal(sig) {
      if (exited) return;
      try {
        process.kill(-child.pid!, sig);
      } catch {
        /* gone */
      }
    },
  };
  live.add(managed);
  return managed;
}

/** The lifeline is plain JS next to this file (compiled or not). */
function lifelinePath(): string {
  return LIFELINE;
}
