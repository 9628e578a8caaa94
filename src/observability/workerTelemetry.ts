/**
 * The operator's view of the workers: every job runs in a scope (its log lines carry the queue,
 * job id and recovery id; its vendor calls land in this context's metrics), job run times are
 * measured, a heartbeat tells the API that workers are alive, and worker-only processes can serve
 * their own `/metrics` (WORKER_METRICS_PORT).
 */
import type http from 'node:http';
import { DelayedError, type Job, type Worker } from 'bullmq';
import type { AppContext } from '../context';
import { startHeartbeat } from './heartbeat';
import { startMetricsServer } from './metricsEndpoint';
import { runInScope } from './scope';

type Processor<D, R> = (job: Job<D>, token?: string) => Promise<R>;

export function inJobScope<D extends { recoveryId: string }, R>(ctx: AppContext, queue: string, processor: Processor<D, R>): Processor<D, R> {
  return (job, token) =>
    runInScope({ metrics: ctx.metrics, log: { queue, jobId: job.id, recoveryId: job.data.recoveryId } }, async () => {
      const startedAt = performance.now();
      const done = (outcome: 'completed' | 'delayed' | 'failed') => ctx.metrics.jobDuration.observe({ queue, outcome }, (performance.now() - startedAt) / 1000);
      ctx.logger.debug({ attempt: job.attemptsMade + 1 }, 'job started');
      try {
        const result = await processor(job, token);
        done('completed');
        ctx.logger.debug({ result }, 'job completed');
        return result;
      } catch (err) {
        // DelayedError is not a failure: the job parked itself to poll the vendor again later.
        const outcome = err instanceof DelayedError ? 'delayed' : 'failed';
        done(outcome);
        ctx.logger.debug({ outcome }, 'job stopped');
        throw err;
      }
    });
}

export interface WorkerTelemetry {
  stop(): Promise<void>;
}

export function startWorkerTelemetry(ctx: AppContext, workers: Worker[]): WorkerTelemetry {
  const heartbeat = startHeartbeat(ctx.readiness, ctx.config.WORKER_HEARTBEAT_INTERVAL_MS, () => workers.every((w) => w.isRunning()));
  const port = ctx.config.WORKER_METRICS_PORT;
  const server: Promise<http.Server | null> =
    port === undefined
      ? Promise.resolve(null)
      : startMetricsServer(ctx, port).then(
          (listening) => {
            const address = listening.address();
            ctx.logger.info({ port: address && typeof address === 'object' ? address.port : port }, 'worker metrics listening');
            return listening;
          },
          (err: unknown) => {
            ctx.logger.error({ port, err: String(err) }, 'worker metrics listener did not start');
            return null;
          },
        );
  return {
    async stop() {
      heartbeat.stop();
      const listening = await server;
      if (listening) await new Promise<void>((resolve) => listening.close(() => resolve()));
    },
  };
}
