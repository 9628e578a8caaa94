/**
 * Accepts a selfie and ID photos with explicit biometric consent: checks them by content, strips
 * metadata, encrypts and stores them, then moves the recovery to `verifying` with its verification
 * record and `evidence.received` audit entry in one atomic write. Uploads, the verification job and
 * its time-out come before the state change, so once the change commits nothing else is needed for
 * the verification to run; a lost race deletes its own uploads (the job is the winner's: same
 * attempt, same id, inputs read from the winner's record), so a concurrent or repeated submission
 * has exactly one effect.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode } from 'bullmq';
import type { AppContext } from '../context';
import { errors } from '../errors';
import { view } from '../../flows/transition';
import { inspectImage } from '../evidence/inspectImage';
import type { EvidencePart } from '../stores/evidenceStore';
import type { StoredRecovery } from '../stores/recoveryStore';
import type { QueuedVerification } from './ports';
import { advance } from './advance';
import { auditSideWrite } from '../audit/auditLog';
import { declineIfLocked } from '../safety/selfServiceGate';
import { RECORD_TTL_MS, type VerificationRecord } from './verificationRecord';
import type { DocumentType, SelfieSource } from '../../providers/contract';

export const CONSENT_NOTICE = 'biometric-consent-v1';

export interface EvidenceInput {
  files: Partial<Record<EvidencePart, Buffer>>;
  consent: boolean;
  /**
   * Declared issuing country (ISO 3166-1 alpha-3): routes to a vendor, and is then checked against
   * the country the vendor read (policies/verificationDecision.ts).
   */
  documentCountry?: string;
  /** Declared document kind, given to vendors that need one (providers/contract.ts ClaimantData). */
  documentType?: DocumentType;
  /** Declared origin of the selfie; the HTTP route passes `file` when none was declared. */
  selfieSource: SelfieSource;
}

export async function submitEvidence(ctx: AppContext, record: StoredRecovery, input: EvidenceInput): Promise<{ status: 'verifying' }> {
  const before = view(record.snapshot);
  if (before.status !== 'awaiting_evidence') throw errors.notAwaitingEvidence(before.status);
  if (!input.consent) throw errors.consentRequired();
  const { selfie, documentFront, documentBack } = input.files;
  if (!selfie) throw errors.evidenceMissing('selfie');
  if (!documentFront) throw errors.evidenceMissing('documentFront');
  // Before anything is decoded, stored or sent: a refused upload leaves no trace and costs no attempt.
  if (input.selfieSource !== 'camera' && ctx.config.REFUSE_UPLOADED_SELFIES) throw errors.selfieUploadRefused();

  const min = ctx.config.EVIDENCE_MIN_DIMENSION;
  const clean = {
    selfie: (await inspectImage('selfie', selfie, min)).bytes,
    documentFront: (await inspectImage('documentFront', documentFront, min)).bytes,
    documentBack: documentBack ? (await inspectImage('documentBack', documentBack, min)).bytes : undefined,
  };
  // A locked account (src/safety/lockout.ts): same 202, but nothing is stored or sent to a vendor.
  if (await declineIfLocked(ctx, record)) return { status: 'verifying' };
  const id = record.meta.id;
  const uploadId = randomUUID();
  const keys = {
    selfie: ctx.evidence.objectKey(id, uploadId, 'selfie'),
    documentFront: ctx.evidence.objectKey(id, uploadId, 'documentFront'),
    documentBack: clean.documentBack ? ctx.evidence.objectKey(id, uploadId, 'documentBack') : undefined,
  };
  const objectKeys = [keys.selfie, keys.documentFront, ...(keys.documentBack ? [keys.documentBack] : [])];
  await Promise.all([
    ctx.evidence.put(keys.selfie, clean.selfie),
    ctx.evidence.put(keys.documentFront, clean.documentFront),
    ...(clean.documentBack && keys.documentBack ? [ctx.evidence.put(keys.documentBack, clean.documentBack)] : []),
  ]);

  const now = ctx.clock.now();
  const provider = ctx.config.IDV_PROVIDER;
  const documentCountry = input.documentCountry?.toUpperCase();
  // The time-out and the verification job are queued before the state change, so neither is lost
  // if this process dies or loses Redis right after it: the job starts when its short delay ends
  // (it is promoted at once below), the time-out moves the recovery on if nothing answers. If the
  // change never happens, the time-out is ignored (attempt guard) and the job waits for the next
  // upload of the same attempt, or ends stale with the recovery (verifyProcessor).
  const expected = before.context.attempt + 1;
  const queued = await queueAttempt(ctx, id, expected, now);
  const moved = await advance(ctx, id, { type: 'EVIDENCE_SUBMITTED' }, 'claimant', (next) => {
    const attempt = next.context.attempt;
    const verification: VerificationRecord = {
      recoveryId: id,
      attempt,
      provider,
      objectKeys,
      consent: { given: true, at: now, notice: CONSENT_NOTICE },
      submittedAt: now,
      ...(documentCountry ? { documentCountry } : {}),
      ...(input.documentType ? { documentType: input.documentType } : {}),
      selfieSource: input.selfieSource,
    };
    return [
      { key: ctx.verifications.recordKey(id, attempt), value: JSON.stringify(verification), ttlMs: RECORD_TTL_MS },
      auditSideWrite(ctx, {
        type: 'evidence.received',
        recoveryId: id,
        username: record.meta.username,
        actor: 'claimant',
        data: { attempt, parts: objectKeys.length, consent: CONSENT_NOTICE, provider, selfieSource: input.selfieSource },
      }),
    ];
  });
  if (!moved.applied || !moved.view) {
    await ctx.evidence.remove(objectKeys);
    throw errors.notAwaitingEvidence(moved.view?.status ?? before.status);
  }
  const attempt = moved.view.context.attempt;
  // Rare: an earlier upload of this recovery was verified and declined (retryable) between our read
  // and our change, so this upload became the attempt after the one queued for.
  const job = attempt === expected ? queued : await queueAttempt(ctx, id, attempt, now);
  await job.promote().catch((err: unknown) => {
    // Not delayed any more: a worker has it already. Otherwise (Redis lost) it starts after its delay.
    if ((err as { code?: unknown }).code !== ErrorCode.JobNotInState) {
      ctx.logger.warn({ recoveryId: id, attempt, err: String(err) }, 'verification job not promoted; it starts after its delay');
    }
  });
  return { status: 'verifying' };
}

/** The verification job and time-out of an attempt, queued before the state change that starts it. */
async function queueAttempt(ctx: AppContext, id: string, attempt: number, now: number): Promise<QueuedVerification> {
  const [job] = await Promise.all([
    ctx.jobs.queueVerification(id, attempt),
    ctx.jobs.scheduleTimer({ type: 'verification-timeout', recoveryId: id, attempt, dueAt: now + ctx.config.VERIFICATION_TIMEOUT_SECONDS * 1000 }, now),
  ]);
  return job;
}
