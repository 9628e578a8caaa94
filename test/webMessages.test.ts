/**
 * Every ending a person can meet has a readable title, what happened and what to do next — never
 * a code. The record below fails to compile if a reason is added to the machine without a test.
 */
import type { RecoveryReason } from '../flows/recoveryMachine';
import { outcomeOf, problemMessage, reasonLabels, retryReason, statusLabels } from '../src/web/browser/messages';

const reasons: Record<RecoveryReason, ['rejected' | 'expired' | 'failed', RegExp]> = {
  account_mismatch: ['rejected', /help desk/],
  face_mismatch: ['rejected', /selfie/],
  liveness_failed: ['rejected', /camera/],
  document_invalid: ['rejected', /valid government ID/],
  document_expired: ['rejected', /still valid/],
  document_unreadable: ['rejected', /glare/],
  verification_declined: ['rejected', /help desk/],
  self_service_locked: ['rejected', /help desk/],
  verification_timeout: ['failed', /few minutes/],
  vendor_unavailable: ['failed', /later/],
  attempts_exhausted: ['rejected', /new recovery/],
  review_rejected: ['rejected', /help desk/],
  cancelled: ['rejected', /did not cancel/],
  recovery_expired: ['expired', /Start again/],
  access_pass_expired: ['expired', /new access pass/],
  credential_policy_blocked: ['rejected', /help desk/],
  account_disabled: ['rejected', /help desk/],
  document_country_mismatch: ['rejected', /country that issued/],
  self_service_not_offered: ['rejected', /help desk/],
};

describe('result messages', () => {
  it.each(Object.entries(reasons))('%s says what happened and what to do next', (reason, [status, next]) => {
    const outcome = outcomeOf(status, reason);
    expect(outcome.title).toMatch(/^[A-Z].+[a-z]$/);
    expect(outcome.text).toMatch(/^[A-Z].+\.$/);
    expect(outcome.next).toMatch(next);
    expect(`${outcome.title} ${outcome.text} ${outcome.next}`).not.toMatch(/_/);
    expect(reasonLabels[reason]).toBe(outcome.text);
  });

  it('has a completed page, a fallback for unknown reasons, and retry advice', () => {
    expect(outcomeOf('completed').title).toBe('Your account is recovered');
    expect(outcomeOf('evaluated')).toMatchObject({ title: 'Trial run finished', action: 'helpdesk', text: expect.stringMatching(/trial run.*no access pass/) });
    expect(outcomeOf('failed', 'something_new')).toMatchObject({ title: 'We could not finish the check', action: 'helpdesk' });
    expect(retryReason('document_unreadable')).toMatch(/^Your last photos did not work: We could not read your ID\./);
    expect(retryReason(undefined)).toBeNull();
  });

  it('says what to do when an uploaded selfie is refused, and falls back to the problem title', () => {
    expect(problemMessage('evidence.selfie_upload_refused', 'Refused.')).toMatch(/^Uploaded photos are not accepted for the selfie: press "Use camera"/);
    expect(problemMessage('evidence.too_small', 'The image "selfie" must be at least 200×200 pixels.')).toBe(
      'The image "selfie" must be at least 200×200 pixels.',
    );
  });

  it('labels every status for the help-desk console', () => {
    expect(Object.keys(statusLabels).sort()).toEqual([
      'access_pass_issued',
      'awaiting_evidence',
      'completed',
      'evaluated',
      'expired',
      'failed',
      'in_review',
      'rejected',
      'verified',
      'verifying',
    ]);
  });
});
