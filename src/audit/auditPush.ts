/**
 * Optional push of the audit trail to AUDIT_WEBHOOK_URL. A repeating BullMQ job reads the stream
 * after a stored cursor, POSTs up to BATCH entries as JSON and moves the cursor only after a 2xx,
 * so delivery is at least once, in order; receivers de-duplicate by entry `id`. A failed POST
 * throws, and BullMQ retries with backoff (and the next run tries again anyway).
 *
 * Every body carries the chain head at the time of the push (`head`: sequence number and hash):
 * the sink keeps it, and `npm run audit:verify -- --expect-head <seq>:<hash>` later shows whether
 * the trail in Redis still holds it (docs/audit.md). Only delivered entries are ever trimmed, and
 * only once older than AUDIT_RETAIN_DELIVERED_DAYS; without a sink nothing is trimmed.
 *
 * Signature (same scheme as the vendor callbacks we accept): header
 * `X-Audit-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(AUDIT_WEBHOOK_SECRET, "<t>.<raw body>")>`.
 * Receivers recompute it over the exact bytes and reject timestamps outside their tolerance.
 */
import { createHmac } from 'node:crypto';
import type { AppContext } from '../context';
import { publicRecord, toAuditRecord } from './auditEntry';
import { readAfter } from './auditQuery';

const BATCH = 200;
/** Batches per run, so one run never holds the worker for long. */
const MAX_BATCHES = 20;

export function signAuditBody(secret: string, unixSeconds: number, body: string): string {
  return `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')}`;
}

export function auditPushProcessor(ctx: AppContext) {
  return async (): Promise<number> => {
    const url = ctx.config.AUDIT_WEBHOOK_URL;
    const secret = ctx.config.AUDIT_WEBHOOK_SECRET;
    if (!url || !secret) return 0;
    let pushed = 0;
    for (let n = 0; n < MAX_BATCHES; n += 1) {
      const cursor = await ctx.audit.deliveredUpTo();
      const batch = await readAfter(ctx, cursor, BATCH);
      const last = batch[batch.length - 1];
      if (!last) break;
      // Read after the entries, so it is never behind the last one sent.
      const head = await ctx.audit.head();
      const body = JSON.stringify({ entries: batch.map((raw) => publicRecord(toAuditRecord(raw))), head });
      const response = await fetch(url, {
        method: 'POST',
        body,
        signal: AbortSignal.timeout(10_000),
        headers: { 'content-type': 'application/json', 'x-audit-signature': signAuditBody(secret, Math.floor(ctx.clock.now() / 1000), body) },
      });
      if (!response.ok) throw new Error(`audit webhook answered ${response.status}`);
      await ctx.audit.markDelivered(last[0]);
      pushed += batch.length;
      if (batch.length < BATCH) break;
    }
    if (pushed > 0) await ctx.audit.trimDelivered(ctx.config.AUDIT_RETAIN_DELIVERED_DAYS * 86_400_000);
    return pushed;
  };
}
