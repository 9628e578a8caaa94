/**
 * Queue depths, read from BullMQ at scrape time (one `getJobCounts` per queue), so nothing is
 * counted on the job path. Queues are shared by every process: aggregate with `max`, not `sum`.
 */
import { Gauge } from 'prom-client';
import type { Queue } from 'bullmq';
import type { Metrics } from './metrics';

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;

export function registerQueueDepth(metrics: Metrics, queues: Queue[]): void {
  new Gauge({
    name: 'bullmq_queue_jobs',
    help: 'Jobs per queue and state, read from Redis at scrape time.',
    labelNames: ['queue', 'state'],
    registers: [metrics.registry],
    async collect() {
      this.reset();
      const counts = await Promise.all(queues.map((queue) => queue.getJobCounts(...STATES)));
      queues.forEach((queue, i) => {
        for (const state of STATES) this.set({ queue: queue.name, state }, counts[i]?.[state] ?? 0);
      });
    },
  });
}
