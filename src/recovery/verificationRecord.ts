/**
 * What the service remembers about one verification attempt: the evidence object keys (until they
 * are purged), the consent record, and the vendor reference once submitted. Never image bytes.
 */
import { z } from 'zod';
import type { AppContext } from '../context';
import type { EvidencePart } from '../stores/evidenceStore';
import type { SideWrite } from '../stores/recoveryStore';
import { auditFields, type AuditEntry } from '../audit/auditLog';
import { AUDIT_STREAM_MAXLEN, auditStreamKey } from './transitions';

/** Written atomically with the move to `verifying`: the verification job reads its inputs here. */
export const VerificationRecordSchema = z.object({
  recoveryId: z.string(),
  attempt: z.number(),
  /** The primary vendor when the evidence was submitted. */
  provider: z.string(),
  /** Each ends in its part's name (EvidenceStore.objectKey); see evidenceKey. */
  objectKeys: z.array(z.string()),
  /** NIST SP 800-63A-4 §3.1.11: explicit biometric consent before collection, recorded. */
  consent: z.object({ given: z.literal(true), at: z.number(), notice: z.string() }),
  submittedAt: z.number(),
  /** ISO 3166-1 alpha-3 the claimant declared for the document, for per-country vendor routing. */
  documentCountry: z.string().length(3).optional(),
});
export type VerificationRecord = z.infer<typeof VerificationRecordSchema>;

export const VendorStateSchema = z.object({
  provider: z.string(),
  vendorRef: z.string(),
  /** Set when the vendor answered synchronously, so a retried job never asks again. */
  result: z.unknown().optional(),
});
export type VendorState = z.infer<typeof VendorStateSchema>;

const RECORD_TTL_MS = 30 * 24 * 3600 * 1000;

/** The object key of one evidence part, if it was uploaded. */
export function evidenceKey(record: VerificationRecord, part: EvidencePart): string | undefined {
  return record.objectKeys.find((key) => key.endsWith(`/${part}`));
}

/** What help-desk agents may see of a verdict: the vendor, its decision and reason codes. */
export const VerdictSummarySchema = z.object({
  attempt: z.number(),
  provider: z.string(),
  decision: z.enum(['approved', 'declined', 'review']),
  reasonCodes: z.array(z.string()),
});
export type VerdictSummary = z.infer<typeof VerdictSummarySchema>;

function verdictKey(ctx: AppContext, recoveryId: string): string {
  return `${ctx.keys.recovery(recoveryId)}:verdict`;
}

/** Keeps the latest attempt's verdict summary: a side write of the state change that applies the verdict. */
export function verdictSummaryWrite(ctx: AppContext, recoveryId: string, summary: VerdictSummary): SideWrite {
  return { key: verdictKey(ctx, recoveryId), value: JSON.stringify(summary), ttlMs: RECORD_TTL_MS };
}

export async function readVerdictSummary(ctx: AppContext, recoveryId: string): Promise<VerdictSummary | null> {
  const raw = await ctx.redis.get(verdictKey(ctx, recoveryId));
  return raw ? VerdictSummarySchema.parse(JSON.parse(raw)) : null;
}

export async function readVerification(ctx: AppContext, recoveryId: string, attempt: number): Promise<VerificationRecord | null> {
  const raw = await ctx.redis.get(ctx.keys.verification(recoveryId, attempt));
  return raw ? VerificationRecordSchema.parse(JSON.parse(raw)) : null;
}

export function vendorStateKey(ctx: AppContext, recoveryId: string, attempt: number): string {
  return `${ctx.keys.verification(recoveryId, attempt)}:vendor`;
}

/** Set when a submission may have been accepted by a vendor: the attempt then stays with it. */
export function stickyVendorKey(ctx: AppContext, recoveryId: string, attempt: number): string {
  return `${ctx.keys.verification(recoveryId, attempt)}:sticky`;
}

/** One attempt's records, as far as they exist. */
export interface AttemptState {
  record: VerificationRecord | null;
  vendor: VendorState | null;
  /** The vendor this attempt must stay with (stickyVendorKey). */
  sticky: string | null;
}

/** All of an attempt's records in one command. */
export async function readAttempt(ctx: AppContext, recoveryId: string, attempt: number): Promise<AttemptState> {
  const [record, vendor, sticky] = await ctx.redis.mget(
    ctx.keys.verification(recoveryId, attempt), vendorStateKey(ctx, recoveryId, attempt), stickyVendorKey(ctx, recoveryId, attempt));
  return {
    record: record ? VerificationRecordSchema.parse(JSON.parse(record)) : null,
    vendor: vendor ? VendorStateSchema.parse(JSON.parse(vendor)) : null,
    sticky: sticky ?? null,
  };
}

// KEYS: vendor state, vendor-reference index, audit stream. ARGV: state, index, ttl, stream cap,
// then the audit entry's field/value pairs. Only the first write of an attempt's vendor state
// counts: a redelivered job resumes from it instead of writing again, and a write ioredis re-sends
// after a reconnect (its reply was lost, chaos/repro/ioredisResend.ts) must not audit twice.
const SAVE_VENDOR_STATE = `
if not redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3], 'NX') then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[4], '*', unpack(ARGV, 5))
return 1`;

/**
 * Saves the vendor reference with its audit entry (`verification.submitted`) in one atomic write,
 * so a crash never leaves one without the other. False when the attempt's vendor state was saved already.
 */
export async function writeVendorState(ctx: AppContext, recoveryId: string, attempt: number, state: VendorState, audit: AuditEntry): Promise<boolean> {
  const keys = [vendorStateKey(ctx, recoveryId, attempt), ctx.keys.vendorRef(state.provider, state.vendorRef), auditStreamKey(ctx)];
  // Webhooks name the vendor's reference; the index leads back to the verification.
  const index = JSON.stringify({ recoveryId, attempt });
  const args = [JSON.stringify(state), index, String(RECORD_TTL_MS), String(AUDIT_STREAM_MAXLEN), ...Object.entries(auditFields(ctx, audit)).flat()];
  return (await ctx.redis.eval(SAVE_VENDOR_STATE, keys.length, ...keys, ...args)) === 1;
}

export { RECORD_TTL_MS };
