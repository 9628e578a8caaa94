/** Queue and worker `error` listeners: one structured line per source and interval, never BullMQ's console.error. */
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../../src/logger';
import { logQueueErrors } from '../../src/workers/queueErrors';
import { createQueues } from '../../src/workers/queues';

function capture(): { lines: Array<[Record<string, unknown>, string]>; logger: Logger } {
  const lines: Array<[Record<string, unknown>, string]> = [];
  return { lines, logger: { error: (fields: Record<string, unknown>, msg: string) => lines.push([fields, msg]) } as unknown as Logger };
}

describe('logQueueErrors', () => {
  it('logs a repeated error once per interval, then counts what it left out', () => {
    const { lines, logger } = capture();
    const source = Object.assign(new EventEmitter(), { name: 'verification' });
    let now = 1_000;
    logQueueErrors(
      source,
      () => logger,
      'queue error',
      5_000,
      () => now,
    );
    for (let i = 0; i < 10; i += 1) source.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    expect(lines).toEqual([[{ queue: 'verification', err: 'connect ECONNREFUSED 127.0.0.1:6379', repeatsNotLogged: 0 }, 'queue error']]);
    now += 4_999;
    source.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    expect(lines).toHaveLength(1);
    now += 1;
    source.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    expect(lines[1]).toEqual([{ queue: 'verification', err: 'connect ECONNREFUSED 127.0.0.1:6379', repeatsNotLogged: 10 }, 'queue error']);
    source.emit('error', new Error("READONLY You can't write against a read only replica.")); // another error: at once
    expect(lines).toHaveLength(3);
  });

  it('is on every queue createQueues makes, so a connection error prints no stack trace', async () => {
    const { lines, logger } = capture();
    const connection = new Redis(process.env.TEST_REDIS_URL as string, { maxRetriesPerRequest: 3 });
    const queues = createQueues(connection, { prefix: `t${randomBytes(5).toString('hex')}`, verifyAttempts: 1, verifyBackoffMs: 10 }, () => logger);
    await Promise.all(Object.values(queues).map((q) => q.waitUntilReady()));
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    for (let i = 0; i < 3; i += 1) connection.emit('error', new Error('connect ECONNREFUSED'));
    expect(lines.map(([fields]) => fields.queue).sort()).toEqual(['audit-push', 'notifications', 'timers', 'verification']);
    expect(consoleError).not.toHaveBeenCalled();
    consoleError.mockRestore();
    await Promise.all(Object.values(queues).map((q) => q.close()));
    connection.disconnect();
  });
});
