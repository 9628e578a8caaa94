/**
 * What a claim-validation hook receives and must answer (docs/claim-hooks.md). The request mirrors
 * Entra's `onVerifiedIdClaimValidationCalloutData` (verified claims next to the directory's user)
 * in this service's vocabulary; the reply is Entra's pass / failed-with-failedClaims, plus a reason
 * code for the audit trail and the request id echoed, so a signed reply to one request cannot be
 * replayed as the answer to another.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ExtractedClaims } from '../../providers/contract';
import type { DirectoryAccount } from '../connectors/directory';

export const HOOK_EVENT_TYPE = 'recovery.claim_validation';

export const HookRequestSchema = z.strictObject({
  type: z.literal(HOOK_EVENT_TYPE),
  /** Same on every try of this hook for this attempt (HTTP retries and job redeliveries): de-duplicate on it. */
  requestId: z.string(),
  hook: z.string(),
  recoveryId: z.string(),
  attempt: z.number().int().positive(),
  verifiedClaims: z.strictObject({
    givenName: z.string(),
    familyName: z.string(),
    birthDate: z.string().nullable(),
    documentNumber: z.string().nullable(),
    issuingCountry: z.string().nullable(),
  }),
  directoryAccount: z.strictObject({
    id: z.string(),
    username: z.string(),
    givenName: z.string(),
    familyName: z.string(),
    birthDate: z.string().nullable(),
    employeeId: z.string().nullable(),
    groups: z.array(z.string()),
  }),
});
export type HookRequest = z.infer<typeof HookRequestSchema>;

/** A slug, so a hook's reason lands in the audit trail and help-desk views as a code, never as free text. */
const slug = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/);

export const HookReplySchema = z.discriminatedUnion('result', [
  z.object({ result: z.literal('pass'), requestId: z.string() }),
  z.object({
    result: z.literal('fail'),
    requestId: z.string(),
    reasonCode: slug,
    /** Names of the claims or attributes that failed (`birthDate`, `employeeId`), never their values. */
    failedClaims: z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9_.]{0,63}$/)).max(20),
  }),
]);
export type HookReply = z.infer<typeof HookReplySchema>;

/** Stable per recovery, attempt and hook: a retried call is the same request to the hook. */
export function hookRequestId(recoveryId: string, attempt: number, hook: string): string {
  return createHash('sha256').update(`${recoveryId}\n${attempt}\n${hook}`).digest('hex').slice(0, 32);
}

export interface HookSubject {
  recoveryId: string;
  attempt: number;
  claims: ExtractedClaims;
  account: DirectoryAccount;
}

export function hookRequest(hook: string, s: HookSubject): HookRequest {
  return {
    type: HOOK_EVENT_TYPE,
    requestId: hookRequestId(s.recoveryId, s.attempt, hook),
    hook,
    recoveryId: s.recoveryId,
    attempt: s.attempt,
    verifiedClaims: {
      givenName: s.claims.givenName,
      familyName: s.claims.familyName,
      birthDate: s.claims.birthDate,
      documentNumber: s.claims.documentNumber,
      issuingCountry: s.claims.issuingCountry,
    },
    directoryAccount: {
      id: s.account.id,
      username: s.account.username,
      givenName: s.account.givenName,
      familyName: s.account.familyName,
      birthDate: s.account.birthDate ?? null,
      employeeId: s.account.employeeId ?? null,
      groups: s.account.groups,
    },
  };
}
