/**
 * The pipeline's floor, as a separate process: a raw BullMQ worker whose processor does nothing,
 * on the same Redis and at the same concurrency as the service's verification worker.
 * QUEUE, CONCURRENCY, REDIS_URL, REDIS_PREFIX. Prints `ready <pid>` once it runs.
 */
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

const connection = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
const worker = new Worker(process.env.QUEUE ?? 'bench-noop', async () => undefined, {
  connection,
  prefix: process.env.REDIS_PREFIX ?? 'bench',
  concurrency: Number(process.env.CONCURRENCY ?? 50),
});
void worker.waitUntilReady().then(() => process.stdout.write(`ready ${process.pid}\n`));
process.on('SIGTERM', () => {
  void worker.close().then(() => {
    connection.disconnect();
    process.exit(0);
  });
});
