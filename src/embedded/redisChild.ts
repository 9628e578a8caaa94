/**
 * A private redis-server for the embedded default (REDIS_URL unset) and for the test suite.
 *
 * A child spawned plainly survives a SIGKILL of its parent, so redis runs under a tiny `sh` that
 * reads its stdin pipe and kills redis on EOF: the pipe closes when this process dies, however it
 * dies (docs/references.md, "Local stand-ins: orphan child processes").
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { freePort } from './freePort';

export interface RedisChild {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface RedisChildOptions {
  /** Append-only persistence, for restart tests (Redis keeps nothing on disk otherwise). */
  appendOnly?: boolean;
  /** Reuse a data directory (e.g. to restart over the same AOF). Default: a new temp dir. */
  dir?: string;
  port?: number;
}

// RECOVERY_TMP_DIR (set only for a directory we created) is removed after redis stops.
const WRAPPER =
  'cleanup() { kill $rp 2>/dev/null; wait $rp; [ -n "$RECOVERY_TMP_DIR" ] && rm -rf "$RECOVERY_TMP_DIR"; }; ' +
  'redis-server "$@" & rp=$!; trap "cleanup; exit 0" TERM INT; ' +
  'while read -r _; do :; done; cleanup';

export async function startRedisChild(options: RedisChildOptions = {}): Promise<RedisChild> {
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'recovery-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    options.appendOnly ? 'yes' : 'no',
    '--appendfsync',
    'everysec',
    '--daemonize',
    'no',
    '--protected-mode',
    'yes',
    // BullMQ requires noeviction: an evicted job key is a lost recovery.
    '--maxmemory-policy',
    'noeviction',
    '--loglevel',
    'warning',
    '--logfile',
    '',
  ];
  const child = spawn('sh', ['-c', WRAPPER, 'sh', ...args], {
    stdio: ['pipe', 'ignore', 'inherit'],
    env: { ...process.env, RECOVERY_TMP_DIR: options.dir ? '' : dir },
  });
  child.unref();
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  await waitForPing(port, () => exited);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      if (!exited) {
        // Re-ref while waiting: with only unref'd handles left, Node would exit mid-await (and a
        // test runner would quit before writing its report, exit code 0).
        child.ref();
        child.stdin.end();
        await exitedPromise;
      }
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPing(port: number, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error('redis-server exited during start-up (is it installed? apt-get install redis-server)');
    if (await ping(port)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`redis-server did not answer PING on port ${port} within 10 s`);
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });
}
