/**
 * autocannon as the load generator, in its own process (its CLI with JSON output), so the load
 * generator's CPU never counts against the process under test's event loop.
 */
import { execFile } from 'node:child_process';

export interface LoadResult {
  rps: number;
  requests: number;
  p50: number;
  p99: number;
  /** Connection errors, time-outs and non-2xx answers: any of them spoils the run. */
  failures: number;
}

const CLI = require.resolve('autocannon/autocannon.js');

export function autocannon(url: string, o: { connections: number; seconds: number; headers?: Record<string, string> }): Promise<LoadResult> {
  const args = [CLI, '-c', String(o.connections), '-d', String(o.seconds), '-j'];
  for (const [k, v] of Object.entries(o.headers ?? {})) args.push('-H', `${k}=${v}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      if (err) return reject(err);
      const r = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
        requests: { average: number; total: number };
        latency: { p50: number; p99: number };
        errors: number;
        timeouts: number;
        non2xx: number;
      };
      resolve({ rps: r.requests.average, requests: r.requests.total, p50: r.latency.p50, p99: r.latency.p99, failures: r.errors + r.timeouts + r.non2xx });
    });
  });
}
