/**
 * What the service remembers about one verification attempt: the evidence object keys (until they
 * are purged), the consent record, and the vendor reference once submitted. Never image bytes.
 */
import { z } from 'zod';
import { DocumentTypeSchema, SelfieSourceSchema } from '../../providers/contract';
import type { AppContext } from '../context';
import type { EvidencePart } from '../stores/evidenceStore';
import type { SideWrite } from '../stores/recoveryStore';
import { auditFields, type AuditEntry } from '../audit/auditLog';

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
  /** The document kind the claimant declared, for vendors that need one (providers/contract.ts ClaimantData). */
  documentType: DocumentTypeSchema.optional(),
  /**
   * Where the page says the selfie came from, labelled truthfully at the vendor. A record written
   * before the field existed declared nothing, and undeclared is `file`, never `camera`.
   */
  selfieSource: SelfieSourceSchema.catch('file'),
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
  return ctx.verifications.verdictKey(recoveryId);
}

/** Keeps the latest attempt's verdict summary: a side write of the state change that applies the verdict. */
export function verdictSummaryWrite(ctx: AppContext, recoveryId: string, summary: VerdictSummary): SideWrite {
  return { key: verdictKey(ctx, recoveryId), value: JSON.stringify(summary), ttlMs: RECORD_TTL_MS };
}

export async function readVerdictSummary(ctx: AppContext, recoveryId: string): Promise<VerdictSummary | null> {
  const raw = await ctx.verifications.readVerdictSummary(recoveryId);
  return raw ? VerdictSummarySchema.parse(JSON.parse(raw)) : null;
}

export async function readVerification(ctx: AppContext, recoveryId: string, attempt: number): Promise<VerificationRecord | null> {
  const raw = await ctx.verifications.readRecord(recoveryId, attempt);
  return raw ? VerificationRecordSchema.parse(JSON.parse(raw)) : null;
}

export function vendorStateKey(ctx: AppContext, recoveryId: string, attempt: number): string {
  return ctx.verifications.vendorStateKey(recoveryId, attempt);
}

/** Set when a submission may have been accepted by a vendor: the attempt then stays with it. */
export function stickyVendorKey(ctx: AppContext, recoveryId: string, attempt: number): string {
  return ctx.verifications.stickyVendorKey(recoveryId, attempt);
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
  const [record, vendor, sticky] = await ctx.verifications.readAttempt(recoveryId, attempt);
  return {
    record: record ? VerificationRecordSchema.parse(JSON.parse(record)) : null,
    vendor: vendor ? VendorStateSchema.parse(JSON.parse(vendor)) : null,
    sticky: sticky ?? null,
  };
}

/**
 * Saves the vendor reference with its audit entry (`verification.submitted`) in one atomic write,
 * so a crash never leaves one without the other. False when the attempt's vendor state was saved already.
 */
export async function writeVendorState(ctx: AppContext, recoveryId: string, attempt: number, state: VendorState, audit: AuditEntry): Promise<boolean> {
  // Webhooks name the vendor's reference; the index leads back to the verification.
  const index = JSON.stringify({ recoveryId, attempt });
  return ctx.verifications.saveVendorState(
    recoveryId,
    attempt,
    { provider: state.provider, vendorRef: state.vendorRef, state: JSON.stringify(state), index, ttlMs: RECORD_TTL_MS },
    auditFields(ctx, audit),
  );
}

export { RECORD_TTL_MS };
