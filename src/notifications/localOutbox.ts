/**
 * The default transport: a capped list in Redis (stores/outboxStore.ts), newest first, readable by
 * admins at GET /v1/admin/outbox. It plays the role of a mail spool for the demo and the tests, so
 * it holds the messages as sent (including their one-time "this wasn't me" links); production uses SMTP.
 */
import type { OutboxStore } from '../stores/outboxStore';
import type { OutboundMessage, Transport } from './message';

export function localOutbox(outbox: OutboxStore): Transport {
  return {
    name: 'local',
    async send(message: OutboundMessage) {
      await outbox.push(JSON.stringify(message));
    },
    close() {},
  };
}
