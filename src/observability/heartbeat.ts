/**
 * Worker liveness for `/readyz`. Every worker process rewrites one shared key with a TTL of three
 * intervals (stores/readinessStore.ts); the API calls workers alive while the key exists. Expiry
 * runs on Redis's clock, so clock skew between the API and worker hosts cannot make a dead worker
 * look alive.
 */
import os from 'node:os';
import type { ReadinessStore } from '../stores/readinessStore';

/**
 * Beats once at once (so a readiness check issued after this on the same connection already sees
 * it), then every interval while `running()` says the workers are taking jobs.
 */
export function startHeartbeat(readiness: ReadinessStore, intervalMs: number, running: () => boolean): { stop(): void } {
  const ttlMs = 3 * intervalMs;
  const beat = () => {
    const value = JSON.stringify({ host: os.hostname(), pid: process.pid, at: Date.now() });
    readiness.beat(value, ttlMs).catch(() => undefined); // a missed beat is what the TTL is for
  };
  beat();
  const timer = setInterval(() => {
    if (running()) beat();
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
