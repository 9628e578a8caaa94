/**
 * Accepts a selfie and ID photos with explicit biometric consent: checks them by content, strips
 * metadata, encrypts and stores them, then moves the recovery to `verifying` and queues the
 * verification. Uploads happen before the state change; a lost race deletes its own uploads, so a
 * concurrent or repeated submission has exactly one effect.
 */
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context';
import { errors } from '../errors';
import { view } from '../../flows/transition';
import { inspectImage } from '../evidence/inspectImage';
import type { EvidencePart } from '../stores/evidenceStore';
import type { StoredRecovery } from '../stores/recoveryStore';
import { jobIds, scheduleTimer, type VerifyJob } from '../workers/queues';
import { advance } from './advance';
import { appendAudit } from '../audit/auditLog';
import { declineIfLocked } from '../safety/selfServiceGate';
import { RECORD_TTL_MS, type VerificationRecord } from './verificationRecord';

export const CONSENT_NOTICE = 'biometric-consent-v1';

export interface EvidenceInput {
  files: Partial<Record<EvidencePart, Buffer>>;
  consent: boolean;
  /** Declared issuing country (ISO 3166-1 alpha-3), used only to route to a vendor. */
  documentCountry?: string;
}

export async function submitEvidence(ctx: AppContext, record: StoredRecovery, input: EvidenceInput): Promise<{ status: 'verifying' }> {
  const before = view(record.snapshot);
  if (before.status !== 'awaiting_evidence') throw errors.notAwaitingEvidence(before.status);
  if (!input.consent) throw errors.consentRequired();
  const { selfie, documentFront, documentBack } = input.files;
  if (!selfie) throw errors.evidenceMissing('selfie');
  if (!documentFront) throw errors.evidenceMissing('documentFront');

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
  // The time-out is scheduled before the state change: if this process dies between the change and
  // queueing the job, the time-out still moves the recovery to a state the user can retry from.
  // A time-out for an attempt that never started is ignored by the machine (attempt guard).
  const expectedAttempt = before.context.attempt + 1;
  await scheduleTimer(ctx.queues, {
    type: 'verification-timeout', recoveryId: id, attempt: expectedAttempt, dueAt: now + ctx.config.VERIFICATION_TIMEOUT_SECONDS * 1000,
  }, now);
  const moved = await advance(ctx, id, { type: 'EVIDENCE_SUBMITTED' }, 'claimant', (next) => {
    const verification: VerificationRecord = {
      recoveryId: id, attempt: next.context.attempt, provider, objectKeys,
      consent: { given: true, at: now, notice: CONSENT_NOTICE }, submittedAt: now,
    };
    return [{ key: ctx.keys.verification(id, next.context.attempt), value: JSON.stringify(verification), ttlMs: RECORD_TTL_MS }];
  });
  if (!moved.applied || !moved.view) {
    await ctx.evidence.remove(objectKeys);
    throw errors.notAwaitingEvidence(moved.view?.status ?? before.status);
  }
  const attempt = moved.view.context.attempt;
  const job: VerifyJob = { recoveryId: id, attempt, provider, evidence: keys, ...(input.documentCountry ? { documentCountry: input.documentCountry.toUpperCase() } : {}) };
  // Audited before the job is queued, so the trail never shows the worker's steps before this one.
  await appendAudit(ctx, {
    type: 'evidence.received', recoveryId: id, username: record.meta.username, actor: 'claimant',
    data: { attempt, parts: objectKeys.length, consent: CONSENT_NOTICE, provider },
  });
  await ctx.queues.verify.add('verify', job, { jobId: jobIds.verify(id, attempt) });
  return { status: 'verifying' };
}
