import { decide } from '../../src/policies/verificationDecision';
import type { IdvResult } from '../../providers/contract';
import type { DirectoryUser } from '../../src/stores/directoryStore';

const user: DirectoryUser = { username: 'ben', givenName: 'Benjamin', familyName: 'Okafor', birthDate: '1985-11-03', groups: [], emails: [], disabled: false };
const approved: IdvResult = {
  provider: 'idemia',
  vendorReference: 'ref',
  decision: 'approved',
  faceMatch: { passed: true, score: 90, rawScore: 'LEVEL4', scale: 'idemia:LEVEL0-4' },
  liveness: { passed: true, raw: 'SUCCESS' },
  document: { authentic: true, expired: false, raw: 'VERIFIED' },
  claims: { givenName: 'Benjamin', familyName: 'Okafor', birthDate: '1985-11-03', documentNumber: 'D1', expiryDate: '2030-01-01', issuingCountry: 'USA' },
  reasonCodes: [],
};
const policy = { faceMatchThreshold: 70, nameMatchMode: 'relaxed' as const };

describe('verification decision', () => {
  it('approves a clean verdict for the right account', () => {
    expect(decide(approved, user, policy).outcome).toBe('approved');
  });

  it.each([
    ['liveness_failed', false, { liveness: { passed: false, raw: 'SPOOF' } }],
    ['document_unreadable', true, { claims: null }],
    ['document_invalid', false, { document: { authentic: false, expired: false, raw: 'INVALID' } }],
    ['document_expired', true, { document: { authentic: true, expired: true, raw: '1501' } }],
    ['face_mismatch', false, { faceMatch: { passed: false, score: 10, rawScore: '10', scale: 's' } }],
    ['verification_declined', true, { decision: 'declined' }],
  ] as const)('declines with %s (retryable=%s)', (reason, retryable, patch) => {
    expect(decide({ ...approved, ...patch }, user, policy)).toMatchObject({ outcome: 'declined', reason, retryable });
  });

  it('applies the configured face threshold to a vendor score the vendor itself passed', () => {
    const borderline = { ...approved, faceMatch: { ...approved.faceMatch, score: 75 } };
    expect(decide(borderline, user, policy).outcome).toBe('approved');
    expect(decide(borderline, user, { ...policy, faceMatchThreshold: 80 })).toMatchObject({ reason: 'face_mismatch' });
  });

  it('declines as account_disabled when the verified person holds an account the directory has disabled', () => {
    expect(decide(approved, { ...user, disabled: true }, policy)).toMatchObject({ outcome: 'declined', reason: 'account_disabled', retryable: false });
    // Someone else naming a disabled account learns nothing more than for any other account.
    expect(decide(approved, { ...user, disabled: true, familyName: 'Smith' }, policy)).toMatchObject({ reason: 'account_mismatch' });
  });

  it('declines as account_mismatch when the verified person is not the account holder, or there is no account', () => {
    expect(decide(approved, { ...user, familyName: 'Smith' }, policy)).toMatchObject({ reason: 'account_mismatch', retryable: false });
    expect(decide(approved, null, policy)).toMatchObject({ reason: 'account_mismatch' });
  });

  it('sends a passed face score inside the grey zone [threshold, threshold + band) to a person', () => {
    const at = (score: number) => ({ ...approved, faceMatch: { ...approved.faceMatch, score } });
    const grey = { ...policy, faceMatchReviewBand: 10 };
    expect(decide(at(69.9), user, grey)).toMatchObject({ outcome: 'declined', reason: 'face_mismatch' });
    expect(decide(at(70), user, grey)).toMatchObject({ outcome: 'review', grounds: ['face_score_grey_zone'] });
    expect(decide(at(79.99), user, grey)).toMatchObject({ outcome: 'review' });
    expect(decide(at(80), user, grey).outcome).toBe('approved');
    expect(decide(at(70), user, policy).outcome).toBe('approved'); // no band configured: no grey zone
    expect(decide({ ...at(75), decision: 'review' }, user, grey)).toMatchObject({ grounds: ['vendor_review', 'face_score_grey_zone'] });
    expect(decide({ ...approved, faceMatch: { ...approved.faceMatch, score: null } }, user, grey).outcome).toBe('approved');
    expect(decide(at(75), null, grey)).toMatchObject({ outcome: 'declined', reason: 'account_mismatch' });
  });

  it('sends a vendor "review" to a person only after the account matched', () => {
    expect(decide({ ...approved, decision: 'review' }, user, policy).outcome).toBe('review');
    expect(decide({ ...approved, decision: 'review' }, null, policy)).toMatchObject({ reason: 'account_mismatch' });
  });

  it('does not count a verdict whose declared document country (the vendor route) is not the one the vendor read', () => {
    expect(decide(approved, user, policy, [], { documentCountry: 'DEU' })).toEqual({
      outcome: 'declined',
      reason: 'document_country_mismatch',
      retryable: true,
      match: null,
      documentCountry: { declared: 'DEU', read: 'USA' },
    });
    // The vendor's own "no" still comes first: a mismatch never softens a definitive decline.
    expect(decide({ ...approved, faceMatch: { ...approved.faceMatch, passed: false } }, user, policy, [], { documentCountry: 'DEU' })).toMatchObject({
      reason: 'face_mismatch',
      retryable: false,
    });
    expect(decide(approved, user, policy, [], { documentCountry: 'USA' })).toMatchObject({
      outcome: 'approved',
      documentCountry: { declared: 'USA', read: 'USA' },
    });
    expect(decide(approved, user, policy, [], {})).toEqual({ outcome: 'approved', match: { matched: true, failures: [] } });
  });

  it('sends a declared country the vendor could not read to a person, never approves it alone', () => {
    const unread = { ...approved, claims: { ...approved.claims!, issuingCountry: null } };
    expect(decide(unread, user, policy, [], { documentCountry: 'DEU' })).toMatchObject({
      outcome: 'review',
      grounds: ['document_country_unread'],
      documentCountry: { declared: 'DEU', read: null },
    });
    expect(decide(unread, user, policy).outcome).toBe('approved'); // nothing declared, nothing to confirm
  });
});
