/**
 * For an identity verification (a recovery whose purpose is `verification`), what the verdict
 * proved about the person, kept sealed for the OpenID Provider to release as `verified_claims`
 * (stores/verifiedIdentityStore.ts): the names, birth date and document facts the vendor read.
 * Written in the same atomic write as the verdict, and only for a verdict that can end in
 * `verified` (approved, or sent to a person). A recovery keeps nothing of the kind.
 */
import type { AppContext } from '../context';
import type { IdvResult } from '../../providers/contract';
import type { Decision } from '../policies/verificationDecision';
import type { RecoveryMeta, SideWrite } from '../stores/recoveryStore';
import type { VerificationRecord } from '../recovery/verificationRecord';

/** Kept a little past the recovery's end, so the interaction can still collect it at its last moment. */
const GRACE_MS = 10 * 60_000;

export function identityWrites(
  ctx: AppContext,
  meta: RecoveryMeta,
  attempt: number,
  verification: VerificationRecord,
  result: IdvResult,
  decision: Decision,
): SideWrite[] {
  if (meta.purpose !== 'verification' || decision.outcome === 'declined' || !result.claims) return [];
  const now = ctx.clock.now();
  const c = result.claims;
  return [
    ctx.verifiedIdentities.identityWrite(
      {
        recoveryId: meta.id,
        attempt,
        verifiedAt: now,
        outcome: decision.outcome,
        provider: result.provider,
        vendorReference: result.vendorReference,
        claims: { givenName: c.givenName, familyName: c.familyName, birthDate: c.birthDate },
        document: { type: verification.documentType ?? null, number: c.documentNumber, expiry: c.expiryDate, issuingCountry: c.issuingCountry },
      },
      Math.max(0, meta.expiresAt - now) + GRACE_MS,
    ),
  ];
}
