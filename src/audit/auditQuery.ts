/**
 * Reads the audit stream (stores/auditStore.ts) oldest first with filters. Stream ids are the cursors:
 * a page ends after `limit` matches or after MAX_SCAN entries read, and `nextCursor` resumes right
 * after the last entry read, so a sparse filter returns short (even empty) pages, never a slow one.
 * Times filter on the entry's `at` (the service clock), which is what investigators see.
 */
import type { AppContext } from '../context';
import { userKey } from '../stores/keys';
import { publicRecord, toAuditRecord, type AuditRecord, type RawStreamEntry } from './auditEntry';

export interface AuditFilter {
  recoveryId?: string | undefined;
  username?: string | undefined;
  types?: string[] | undefined;
  from?: number | undefined;
  to?: number | undefined;
}

const BATCH = 500;
export const MAX_SCAN = 20_000;

export function matches(r: AuditRecord & { atMs: number }, f: AuditFilter): boolean {
  if (f.recoveryId && r.recoveryId !== f.recoveryId) return false;
  if (f.username && (r.username === null || userKey(r.username) !== userKey(f.username))) return false;
  if (f.types && f.types.length > 0 && !f.types.includes(r.type)) return false;
  if (f.from !== undefined && r.atMs < f.from) return false;
  if (f.to !== undefined && r.atMs > f.to) return false;
  return true;
}

/** Up to `count` raw entries strictly after `cursor` (or from the start). */
export function readAfter(ctx: AppContext, cursor: string | null, count: number): Promise<RawStreamEntry[]> {
  return ctx.audit.after(cursor, count);
}

export async function queryAudit(
  ctx: AppContext,
  filter: AuditFilter,
  page: { limit: number; cursor: string | null },
): Promise<{ items: AuditRecord[]; nextCursor: string | null }> {
  const items: AuditRecord[] = [];
  let cursor = page.cursor;
  let scanned = 0;
  while (scanned < MAX_SCAN) {
    const batch = await readAfter(ctx, cursor, BATCH);
    for (const raw of batch) {
      cursor = raw[0];
      scanned += 1;
      const record = toAuditRecord(raw);
      if (matches(record, filter)) items.push(publicRecord(record));
      if (items.length >= page.limit) return { items, nextCursor: cursor };
    }
    if (batch.length < BATCH) return { items, nextCursor: null };
  }
  return { items, nextCursor: cursor };
}
