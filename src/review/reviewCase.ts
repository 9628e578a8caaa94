/**
 * A case for a trusted referee (NIST SP 800-63A-4 §3.1.13): what the vendor said and why the case
 * was not decided automatically. Scores and reason codes only: never images, claims' values or
 * secrets. Built in the verification worker when the decision is `review`.
 */
import { z } from 'zod';
import type { IdvResult } from '../../providers/contract';
import type { Decision } from '../policies/verificationDecision';

export const ReviewCaseSchema = z.object({
  recoveryId: z.string(),
  username: z.string(),
  attempt: z.number(),
  provider: z.string(),
  vendorReference: z.string(),
  vendorDecision: z.enum(['approved', 'declined', 'review']),
  grounds: z.array(z.enum(['vendor_review', 'face_score_grey_zone', 'same_name_ambiguous', 'document_country_unread'])),
  /** The document country the claimant declared (it chose the vendor) and the one the vendor read, if any. */
  documentCountry: z.object({ declared: z.string(), read: z.string().nullable() }).optional(),
  faceMatch: z.object({ passed: z.boolean(), score: z.number().nullable(), rawScore: z.string().nullable(), scale: z.string() }),
  liveness: z.boolean(),
  documentAuthentic: z.boolean(),
  documentExpired: z.boolean(),
  reasonCodes: z.array(z.string()),
  /** Null for an identity verification that names no account (nothing was matched). */
  accountMatch: z.object({ matched: z.boolean(), failures: z.array(z.string()) }).nullable(),
  openedAt: z.number(),
  decision: z.object({ outcome: z.enum(['approved', 'rejected']), reason: z.string(), reviewer: z.string(), at: z.number() }).optional(),
});
export type ReviewCase = z.infer<typeof ReviewCaseSchema>;

export function reviewCaseFrom(
  input: { recoveryId: string; username: string; attempt: number; openedAt: number },
  result: IdvResult,
  decision: Extract<Decision, { outcome: 'review' }>,
): ReviewCase {
  return {
    ...input,
    provider: result.provider,
    vendorReference: result.vendorReference,
    vendorDecision: result.decision,
    grounds: decision.grounds,
    faceMatch: result.faceMatch,
    liveness: result.liveness.passed,
    documentAuthentic: result.document.authentic,
    documentExpired: result.document.expired,
    reasonCodes: result.reasonCodes,
    accountMatch: decision.match,
    ...(decision.documentCountry ? { documentCountry: decision.documentCountry } : {}),
  };
}
