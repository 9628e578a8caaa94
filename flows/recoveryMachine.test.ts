import { applyEvent, initialSnapshot, view, type PersistedRecovery } from './transition';
import type { RecoveryEvent } from './recoveryMachine';

function run(events: RecoveryEvent[], maxAttempts = 3, purpose: 'recovery' | 'verification' = 'recovery'): PersistedRecovery {
  return events.reduce<PersistedRecovery>((snap, e) => applyEvent(snap, e) ?? snap, initialSnapshot(maxAttempts, purpose));
}

describe('recovery machine', () => {
  it('walks the happy path to completed', () => {
    const snap = run([
      { type: 'EVIDENCE_SUBMITTED' },
      { type: 'VERIFICATION_APPROVED', attempt: 1 },
      { type: 'ACCESS_PASS_REVEALED' },
      { type: 'ENROLLMENT_COMPLETED' },
    ]);
    expect(view(snap).status).toBe('completed');
  });

  it('ignores a verdict for an older attempt (stale job redelivery)', () => {
    const snap = run([
      { type: 'EVIDENCE_SUBMITTED' },
      { type: 'VERIFICATION_DECLINED', attempt: 1, reason: 'document_unreadable', retryable: true },
      { type: 'EVIDENCE_SUBMITTED' },
    ]);
    expect(applyEvent(snap, { type: 'VERIFICATION_APPROVED', attempt: 1 })).toBeNull();
    expect(view(snap).context.attempt).toBe(2);
  });

  it('returns to awaiting_evidence on a retryable decline, and rejects once attempts run out', () => {
    const declined = (attempt: number): RecoveryEvent => ({ type: 'VERIFICATION_DECLINED', attempt, reason: 'document_unreadable', retryable: true });
    const two = run([{ type: 'EVIDENCE_SUBMITTED' }, declined(1)], 2);
    expect(view(two)).toMatchObject({ status: 'awaiting_evidence', context: { reason: 'document_unreadable' } });
    const done = run([{ type: 'EVIDENCE_SUBMITTED' }, declined(1), { type: 'EVIDENCE_SUBMITTED' }, declined(2)], 2);
    expect(view(done).status).toBe('rejected');
    expect(applyEvent(done, { type: 'EVIDENCE_SUBMITTED' })).toBeNull();
  });

  it('rejects a definitive decline at once', () => {
    const snap = run([{ type: 'EVIDENCE_SUBMITTED' }, { type: 'VERIFICATION_DECLINED', attempt: 1, reason: 'face_mismatch', retryable: false }]);
    expect(view(snap)).toMatchObject({ status: 'rejected', context: { reason: 'face_mismatch' } });
  });

  it('turns an unanswered verification into a retry, then into failed', () => {
    const unanswered = (attempt: number): RecoveryEvent => ({ type: 'VERIFICATION_UNANSWERED', attempt, reason: 'verification_timeout' });
    expect(view(run([{ type: 'EVIDENCE_SUBMITTED' }, unanswered(1)], 2)).status).toBe('awaiting_evidence');
    const failed = run([{ type: 'EVIDENCE_SUBMITTED' }, unanswered(1), { type: 'EVIDENCE_SUBMITTED' }, unanswered(2)], 2);
    expect(view(failed)).toMatchObject({ status: 'failed', context: { reason: 'verification_timeout' } });
  });

  it('reveals the access pass exactly once', () => {
    const issued = run([{ type: 'EVIDENCE_SUBMITTED' }, { type: 'VERIFICATION_APPROVED', attempt: 1 }]);
    const revealed = applyEvent(issued, { type: 'ACCESS_PASS_REVEALED' });
    expect(revealed).not.toBeNull();
    expect(view(revealed!).context.accessPass).toBe('revealed');
    expect(applyEvent(revealed!, { type: 'ACCESS_PASS_REVEALED' })).toBeNull();
  });

  it('expires an unfinished recovery but never a finished one', () => {
    expect(view(run([{ type: 'EXPIRE' }])).status).toBe('expired');
    const rejected = run([{ type: 'CANCEL' }]);
    expect(applyEvent(rejected, { type: 'EXPIRE' })).toBeNull();
  });

  describe('a verification-only recovery (purpose `verification`)', () => {
    it('ends in verified on approval, with no access pass', () => {
      const snap = run([{ type: 'EVIDENCE_SUBMITTED' }, { type: 'VERIFICATION_APPROVED', attempt: 1 }], 3, 'verification');
      expect(view(snap)).toMatchObject({ status: 'verified', context: { accessPass: 'none', reason: null, purpose: 'verification' } });
      for (const e of [{ type: 'ACCESS_PASS_REVEALED' }, { type: 'ENROLLMENT_COMPLETED' }, { type: 'EXPIRE' }, { type: 'CANCEL' }] as RecoveryEvent[]) {
        expect(applyEvent(snap, e)).toBeNull();
      }
    });

    it('ends in verified when a reviewer approves', () => {
      const snap = run([{ type: 'EVIDENCE_SUBMITTED' }, { type: 'VERIFICATION_REVIEW', attempt: 1 }, { type: 'REVIEW_APPROVED' }], 3, 'verification');
      expect(view(snap)).toMatchObject({ status: 'verified', context: { accessPass: 'none' } });
    });

    it('declines, retries and fails exactly like a recovery', () => {
      const declined = run(
        [{ type: 'EVIDENCE_SUBMITTED' }, { type: 'VERIFICATION_DECLINED', attempt: 1, reason: 'face_mismatch', retryable: false }],
        3,
        'verification',
      );
      expect(view(declined)).toMatchObject({ status: 'rejected', context: { reason: 'face_mismatch' } });
      const stale = run(
        [
          { type: 'EVIDENCE_SUBMITTED' },
          { type: 'VERIFICATION_DECLINED', attempt: 1, reason: 'document_unreadable', retryable: true },
          { type: 'EVIDENCE_SUBMITTED' },
        ],
        3,
        'verification',
      );
      expect(applyEvent(stale, { type: 'VERIFICATION_APPROVED', attempt: 1 })).toBeNull();
    });

    it('a snapshot without a purpose (written before it existed) is a recovery', () => {
      const snap = initialSnapshot(3) as unknown as { context: Record<string, unknown> };
      delete snap.context.purpose;
      const next = [{ type: 'EVIDENCE_SUBMITTED' }, { type: 'VERIFICATION_APPROVED', attempt: 1 }].reduce<PersistedRecovery>(
        (s, e) => applyEvent(s, e as RecoveryEvent) ?? s,
        snap as unknown as PersistedRecovery,
      );
      expect(view(next).status).toBe('access_pass_issued');
    });
  });

  describe('an evaluation-mode recovery profile', () => {
    it('ends a would-be approval in evaluated: final, no access pass, only for the current attempt', () => {
      const snap = run([{ type: 'EVIDENCE_SUBMITTED' }, { type: 'VERIFICATION_EVALUATED', attempt: 1 }]);
      expect(view(snap)).toMatchObject({ status: 'evaluated', context: { accessPass: 'none', reason: null } });
      for (const e of [{ type: 'ACCESS_PASS_REVEALED' }, { type: 'ENROLLMENT_COMPLETED' }, { type: 'EXPIRE' }, { type: 'CANCEL' }] as RecoveryEvent[]) {
        expect(applyEvent(snap, e)).toBeNull();
      }
      const verifying = run([{ type: 'EVIDENCE_SUBMITTED' }]);
      expect(applyEvent(verifying, { type: 'VERIFICATION_EVALUATED', attempt: 2 })).toBeNull();
    });
  });
});
