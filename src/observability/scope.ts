/**
 * What the current unit of work is: an HTTP request or a queue job. Held in AsyncLocalStorage so
 * that every log line written while handling it, including lines from library code that only has
 * `ctx.logger`, carries the request id and the recovery id (the logger's mixin reads it), and so
 * that a vendor call made anywhere inside it lands in the right context's metrics.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Metrics } from './metrics';

/** Fields added to every log line of the unit of work. Ids only: never a secret. */
export interface LogFields {
  reqId?: string;
  recoveryId?: string;
  queue?: string;
  jobId?: string;
}

export interface Scope {
  metrics: Metrics;
  log: LogFields;
}

const storage = new AsyncLocalStorage<Scope>();

export function runInScope<T>(scope: Scope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentScope(): Scope | undefined {
  return storage.getStore();
}

/** The pino mixin. A fresh object each time: pino merges the line's own fields into it. */
export function scopeLogFields(): LogFields {
  const log = storage.getStore()?.log;
  return log ? { ...log } : {};
}

const UUID = /\/recoveries\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?=\/|$)/i;

/**
 * The recovery a request concerns, read from its path (`/v1/recoveries/{id}…`,
 * `/v1/helpdesk/recoveries/{id}`). Read from the path rather than `req.params` because the
 * params only exist inside the router that matched, after the lines logged before it.
 */
export function recoveryIdFromPath(path: string): string | undefined {
  return UUID.exec(path)?.[1]?.toLowerCase();
}
