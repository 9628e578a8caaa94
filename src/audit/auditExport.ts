/**
 * Streams every matching audit entry as JSON lines, oldest first, reading the stream in batches
 * and waiting for the socket to drain, so an export of a million entries never sits in memory.
 */
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import type { AppContext } from '../context';
import { publicRecord, toAuditRecord } from './auditEntry';
import { matches, readAfter, type AuditFilter } from './auditQuery';

const BATCH = 1000;

export async function exportAudit(ctx: AppContext, filter: AuditFilter, out: Writable): Promise<number> {
  let cursor: string | null = null;
  let written = 0;
  for (;;) {
    const batch = await readAfter(ctx, cursor, BATCH);
    let chunk = '';
    for (const raw of batch) {
      cursor = raw[0];
      const record = toAuditRecord(raw);
      if (matches(record, filter)) {
        chunk += `${JSON.stringify(publicRecord(record))}\n`;
        written += 1;
      }
    }
    // A client that goes away closes the socket instead of draining it.
    if (chunk && !out.write(chunk)) await Promise.race([once(out, 'drain'), once(out, 'close')]);
    if (batch.length < BATCH || out.destroyed) return written;
  }
}
