/**
 * The default transport: a capped list in Redis, newest first, readable by admins at
 * GET /v1/admin/outbox. It plays the role of a mail spool for the demo and the tests, so it holds
 * the messages as sent (including their one-time "this wasn't me" links); production uses SMTP.
 */
import type { Redis } from 'ioredis';
import type { OutboundMessage, Transport } from './message';

/** Messages kept; older ones fall off. */
export const OUTBOX_MAX = 10_000;

export function outboxKey(prefix: string): string {
  return `${prefix}:outbox`;
}

export function localOutbox(redis: Redis, prefix: string): Transport {
  return {
    name: 'local',
    async send(message: OutboundMessage) {
      await redis.multi().lpush(outboxKey(prefix), JSON.stringify(message)).ltrim(outboxKey(prefix), 0, OUTBOX_MAX - 1).exec();
    },
    close() {},
  };
}
