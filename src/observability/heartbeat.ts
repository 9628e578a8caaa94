/**
 * Worker liveness for `/readyz`. Every worker process rewrites one shared key with a TTL of three
 * intervals; the API calls workers alive while the key exists. Expiry runs on Redis's clock, so
 * clock skew between the API and worker hosts cannot make a dead worker look alive.
 */
import os from 'node:os';
import type { Redis } from 'ioredis';

export interface HeartbeatSettings {
  prefix: string;
  intervalMs: number;
}

export function heartbeatKey(prefix: string): string {
  return `${prefix}:workers:heartbeat`;
}

/**
 * Beats once at once (so a readiness check issued after this on the same connection already sees
 * it), then every interval while `running()` says the workers are taking jobs.
 */
export function startHeartbeat(redis: Redis, s: HeartbeatSettings, running: () => boolean): { stop(): void } {
  const key = heartbeatKey(s.prefix);
  const ttlMs = 3 * s.intervalMs;
  const beat = () => {
    const value = JSON.stringify({ host: os.hostname(), pid: process.pid, at: Date.now() });
    redis.set(key, value, 'PX', ttlMs).catch(() => undefined); // a missed beat is what the TTL is for
  };
  beat();
  const timer = setInterval(() => { if (running()) beat(); }, s.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

export async function workersAlive(redis: Redis, prefix: string): Promise<boolean> {
  return (await redis.exists(heartbeatKey(prefix))) === 1;
}
