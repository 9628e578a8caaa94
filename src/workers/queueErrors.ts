/**
 * The `error` listener of every BullMQ queue and worker. During a Redis outage each of them
 * re-emits every failed reconnect of its connection; a queue without a listener has BullMQ print
 * each one with its stack (console.error). Here each becomes one structured line, at most one per
 * interval for the same message from the same queue, counting the repeats that were not logged.
 */
import type { Logger } from '../logger';

/** Default pause between two lines of the same error from the same queue or worker. */
export const QUEUE_ERROR_LOG_INTERVAL_MS = 5_000;

interface ErrorSource {
  readonly name: string;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

/** `log` is read per error: the context's logger can be replaced after the queues exist. */
export function logQueueErrors(
  source: ErrorSource,
  log: () => Logger,
  msg: string,
  intervalMs = QUEUE_ERROR_LOG_INTERVAL_MS,
  now: () => number = Date.now,
): void {
  let last = { message: '', at: Number.NEGATIVE_INFINITY };
  let repeats = 0;
  source.on('error', (err) => {
    const at = now();
    if (err.message === last.message && at - last.at < intervalMs) {
      repeats += 1;
      return;
    }
    // `repeatsNotLogged`: identical errors since the previous line of this source.
    log().error({ queue: source.name, err: err.message, repeatsNotLogged: repeats }, msg);
    last = { message: err.message, at };
    repeats = 0;
  });
}
