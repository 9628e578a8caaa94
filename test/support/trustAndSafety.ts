/**
 * Helpers for the trust-and-safety suites: the local outbox, the audit API, and the
 * "this wasn't me" links. Polls here wait for a worker to act, never for time to pass.
 */
import request from 'supertest';
import { ADMIN_KEY, type Harness } from './harness';
import { advance } from '../../src/recovery/advance';

export interface OutboxItem {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  recoveryId: string | null;
  createdAt: string;
}
export interface AuditItem {
  id: string;
  type: string;
  at: string;
  actor: string;
  recoveryId: string | null;
  username: string | null;
  data: Record<string, unknown>;
}

export async function outbox(h: Harness, query: Record<string, string> = {}): Promise<OutboxItem[]> {
  const res = await request(h.baseUrl)
    .get('/v1/admin/outbox')
    .query({ limit: '500', ...query })
    .set('Authorization', `Bearer ${ADMIN_KEY}`)
    .expect(200);
  return res.body.items as OutboxItem[];
}

export async function audit(h: Harness, query: Record<string, string> = {}): Promise<AuditItem[]> {
  const res = await request(h.baseUrl)
    .get('/v1/admin/audit')
    .query({ limit: '1000', ...query })
    .set('Authorization', `Bearer ${ADMIN_KEY}`)
    .expect(200);
  return res.body.items as AuditItem[];
}

/** Polls until `read` returns something `done` accepts (a worker's job finishing), bounded. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met after ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The one-time token of the "this wasn't me" link in a message. */
export function repudiationToken(h: Harness, message: OutboxItem): string {
  const match = new RegExp(`${h.baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/repudiate\\?token=([A-Za-z0-9_-]{43})`).exec(message.text);
  if (!match?.[1]) throw new Error(`no repudiation link in: ${message.text}`);
  return match[1];
}

export function repudiateWith(h: Harness, token: string) {
  return request(h.baseUrl).post('/repudiate').type('form').send({ token });
}

/** Stands in for passkey enrollment: the transition it makes when a passkey is registered. */
export async function completeEnrollment(h: Harness, id: string): Promise<void> {
  const done = await advance(h.ctx, id, { type: 'ENROLLMENT_COMPLETED' }, 'claimant');
  if (!done.applied) throw new Error(`recovery ${id} did not accept ENROLLMENT_COMPLETED`);
}
