/**
 * An audit stream entry as the admin API, the export and the webhook show it. The stream id is
 * the entry's identity and the pagination cursor; `seq`, `prev` and `hash` are its place in the
 * hash chain (src/crypto/auditChain.ts; null on entries written before the chain existed).
 */
import { z } from 'zod';
import type { RawStreamEntry } from '../stores/auditStore';

export type { RawStreamEntry };

export const AuditRecordSchema = z.strictObject({
  id: z.string(),
  type: z.string(),
  at: z.string(),
  actor: z.string(),
  recoveryId: z.string().nullable(),
  username: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  seq: z.number().int().positive().nullable(),
  prev: z.string().nullable(),
  hash: z.string().nullable(),
});
export type AuditRecord = z.infer<typeof AuditRecordSchema>;

/** The entry's fields by name. */
export function fieldMap(flat: string[]): Map<string, string> {
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) fields.set(flat[i] as string, flat[i + 1] as string);
  return fields;
}

export function toAuditRecord([id, flat]: RawStreamEntry): AuditRecord & { atMs: number } {
  const fields = fieldMap(flat);
  const atMs = Number(fields.get('at') ?? 0);
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(fields.get('data') ?? '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
  } catch {
    data = {};
  }
  return {
    id,
    atMs,
    type: fields.get('type') ?? '',
    at: new Date(atMs).toISOString(),
    actor: fields.get('actor') ?? '',
    recoveryId: fields.get('recoveryId') || null,
    username: fields.get('username') || null,
    data,
    seq: fields.has('seq') ? Number(fields.get('seq')) : null,
    prev: fields.get('prev') ?? null,
    hash: fields.get('hash') ?? null,
  };
}

export function publicRecord(r: AuditRecord & { atMs: number }): AuditRecord {
  const { atMs: _atMs, ...rest } = r;
  return rest;
}
