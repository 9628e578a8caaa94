/** Sentences for every status and reason a person can meet: what happened and what to do next. */

export interface Outcome {
  title: string;
  text: string;
  next: string;
  /** Where the main action goes: start over, or contact the help desk. */
  action: 'restart' | 'helpdesk' | 'signin';
}

const HELPDESK = 'Contact your help desk; they can check your account and send you a recovery link.';

const reasons: Record<string, Omit<Outcome, 'title'>> = {
  account_mismatch: { text: 'Your identity was verified, but it does not match the account you asked to recover.', next: HELPDESK, action: 'helpdesk' },
  face_mismatch: {
    text: 'The selfie did not match the portrait on your ID.',
    next: 'Start again with a clear, well-lit selfie of yourself, or contact your help desk.',
    action: 'restart',
  },
  liveness_failed: {
    text: 'We could not confirm that the selfie was taken live.',
    next: 'Start again and take the selfie with your camera, not a photo of a photo or a screen.',
    action: 'restart',
  },
  document_invalid: {
    text: 'Your ID document could not be validated.',
    next: 'Start again with a valid government ID, or contact your help desk.',
    action: 'restart',
  },
  document_expired: { text: 'Your ID document has expired.', next: 'Start again with an ID that is still valid.', action: 'restart' },
  document_unreadable: {
    text: 'We could not read your ID.',
    next: 'Photograph it flat, in good light, without glare, with all four edges visible.',
    action: 'restart',
  },
  verification_declined: { text: 'The verification service declined this check.', next: HELPDESK, action: 'helpdesk' },
  self_service_locked: {
    text: "Self-service recovery of this account is paused, after repeated failed attempts or at the owner's request.",
    next: HELPDESK,
    action: 'helpdesk',
  },
  verification_timeout: { text: 'The verification service did not answer in time.', next: 'Start again in a few minutes.', action: 'restart' },
  vendor_unavailable: { text: 'The verification service is unavailable right now.', next: 'Try again later.', action: 'restart' },
  attempts_exhausted: {
    text: 'All the attempts allowed for this recovery have been used.',
    next: 'Start a new recovery, or contact your help desk.',
    action: 'restart',
  },
  review_rejected: { text: 'A reviewer could not confirm your identity from the documents.', next: HELPDESK, action: 'helpdesk' },
  cancelled: { text: 'This recovery was cancelled.', next: 'If you did not cancel it, contact your help desk.', action: 'helpdesk' },
  recovery_expired: { text: 'This recovery expired before it was finished.', next: 'Start again; it takes about five minutes.', action: 'restart' },
  credential_policy_blocked: {
    text: "Your identity was verified, but your organisation's sign-in policy does not allow a temporary access pass for this account.",
    next: HELPDESK,
    action: 'helpdesk',
  },
  account_disabled: { text: "Your identity was verified, but the account is disabled in your organisation's directory.", next: HELPDESK, action: 'helpdesk' },
  access_pass_expired: { text: 'Your access pass expired before a passkey was set up.', next: 'Start again to get a new access pass.', action: 'restart' },
  document_country_mismatch: {
    text: 'The country you gave for your ID is not the country that issued it.',
    next: 'Start again and give the country that issued your ID, or contact your help desk.',
    action: 'restart',
  },
  self_service_not_offered: {
    text: 'Your identity was verified, but your organisation does not offer self-service recovery for this account.',
    next: HELPDESK,
    action: 'helpdesk',
  },
};

/**
 * What to do when the service refuses a request, by the problem's stable `code` (RFC 9457): the
 * problem's title says what happened, this says what to do next.
 */
const problemAdvice: Record<string, string> = {
  'evidence.selfie_upload_refused':
    'Uploaded photos are not accepted for the selfie: press "Use camera" and take it live. If this device has no camera, continue on a phone, or contact your help desk.',
};

/** The sentence to show for a refused request: the advice for its code, else the problem's own title. */
export function problemMessage(code: string, title: string): string {
  return problemAdvice[code] ?? title;
}

const titles: Record<string, string> = {
  completed: 'Your account is recovered',
  rejected: 'We could not recover your account',
  expired: 'This recovery has expired',
  failed: 'We could not finish the check',
  evaluated: 'Trial run finished',
};

export function outcomeOf(status: string, reason?: string): Outcome {
  if (status === 'evaluated') {
    // An evaluation-mode recovery profile (docs/recovery-profiles.md): say plainly it was a trial.
    return {
      title: titles.evaluated ?? '',
      text: "This was a trial run of your organisation's new recovery check: your identity was checked, and no access pass was issued. Your account has not changed.",
      next: 'To get back into your account now, contact your help desk.',
      action: 'helpdesk',
    };
  }
  if (status === 'completed') {
    return {
      title: titles.completed ?? '',
      text: 'Your new passkey is set up and you have signed in with it.',
      next: 'From now on, sign in with this passkey. Consider adding a second one so you are never locked out again.',
      action: 'signin',
    };
  }
  const known = reason ? reasons[reason] : undefined;
  return {
    title: titles[status] ?? 'This recovery has ended',
    ...(known ?? { text: 'The recovery could not be completed.', next: HELPDESK, action: 'helpdesk' as const }),
  };
}

/** Why the previous photos were refused, when the person may try again. */
export function retryReason(reason: string | undefined): string | null {
  const known = reason ? reasons[reason] : undefined;
  return known ? `Your last photos did not work: ${known.text} ${known.next}` : null;
}

/** For the help-desk console. */
export const statusLabels: Record<string, string> = {
  awaiting_evidence: 'Waiting for photos',
  verifying: 'Verifying',
  in_review: 'In manual review',
  access_pass_issued: 'Access pass issued',
  completed: 'Completed',
  verified: 'Identity verified',
  evaluated: 'Trial run (evaluation profile)',
  rejected: 'Rejected',
  expired: 'Expired',
  failed: 'Failed',
};

export const reasonLabels: Record<string, string> = Object.fromEntries(Object.entries(reasons).map(([key, value]) => [key, value.text]));
