/**
 * What the service remembers about one verification attempt: the evidence object keys (until they
 * are purged), the consent record, and the vendor reference once submitted. Never image bytes.
 */
import { z } from 'zod';
import type { AppContext } from '../context';

export const VerificationRecordSchema = z.object({
  recoveryId: z.string(),
  attempt: z.number(),
  provider: z.string(),
  objectKeys: z.array(z.string()),
  /** NIST SP 800-63A-4 §3.1.11: explicit biometric consent before collection, recorded. */
  consent: z.object({ given: z.literal(true), at: z.number(), notice: z.string() }),
  submittedAt: z.number(),
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

/** Keeps the latest attempt's verdict summary. */
export async function writeVerdictSummary(ctx: AppContext, recoveryId: string, summary: VerdictSummary): Promise<void> {
  await ctx.redis.set(verdictKey(ctx, recoveryId), JSON.stringify(summary), 'PX', RECORD_TTL_MS);
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

export async function readVendorState(ctx: AppContext, recoveryId: string, attempt: number): Promise<VendorState | null> {
  const raw = await ctx.redis.get(vendorStateKey(ctx, recoveryId, attempt));
  return raw ? VendorStateSchema.parse(JSON.parse(raw)) : null;
}

export async function writeVendorState(ctx: AppContext, recoveryId: string, attempt: number, state: VendorState): Promise<void> {
  await ctx.redis
    .multi()
    .set(vendorStateKey(ctx, recoveryId, attempt), JSON.stringify(state), 'PX', RECORD_TTL_MS)
    // Webhooks name the vendor's reference; this index leads back to the verification.
    .set(ctx.keys.vendorRef(state.provider, state.vendorRef), JSON.stringify({ recoveryId, attempt }), 'PX', RECORD_TTL_MS)
    .exec();
}

export { RECORD_TTL_MS };
