/** The machine and the versions a benchmark ran on, for the report. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PACKAGES = ['express', 'bullmq', 'ioredis', 'pino', 'pino-http', 'prom-client', 'xstate', 'zod', 's3rver', 'autocannon', '@aws-sdk/client-s3'];

function quiet(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function version(pkg: string): string {
  try {
    const file = path.join(require.resolve(`${pkg}/package.json`, { paths: [process.cwd()] }));
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function machineLines(): string[] {
  const cpus = os.cpus();
  const commit = quiet('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = quiet('git', ['status', '--porcelain']) ? ' + uncommitted changes' : '';
  return [
    `- CPU: ${cpus.length} × ${cpus[0]?.model ?? 'unknown'}; memory ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- OS: ${os.type()} ${os.release()} (${os.arch()})`,
    `- Node ${process.version}; ${quiet('redis-server', ['--version']).replace(/ sha=.*$/, '')}`,
    `- Packages: ${PACKAGES.map((p) => `${p} ${version(p)}`).join(', ')}`,
    `- Code: commit ${commit}${dirty}`,
  ];
}
