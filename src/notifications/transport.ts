/**
 * The pluggable delivery of outbox messages: SMTP (nodemailer) when SMTP_URL is set, otherwise the
 * local outbox in Redis that the demo and the tests read (GET /v1/admin/outbox).
 */
import type { OutboxStore } from '../stores/outboxStore';
import type { Transport } from './message';
import { localOutbox } from './localOutbox';
import { smtpTransport } from './smtpTransport';

export interface TransportSettings {
  SMTP_URL?: string | undefined;
  NOTIFY_FROM: string;
}

export function createTransport(outbox: OutboxStore, settings: TransportSettings): Transport {
  return settings.SMTP_URL ? smtpTransport(settings.SMTP_URL, settings.NOTIFY_FROM) : localOutbox(outbox);
}
