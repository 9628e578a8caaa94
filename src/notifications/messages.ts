/**
 * What the messages say. NIST SP 800-63B-4 §4.2.3/§4.6 and SP 800-63A-4 §3.1.10: name the service,
 * say what happened and when, how to repudiate, and whom to contact. Never a secret (no access
 * pass, no recovery token): only the one-time "this wasn't me" link, which can only cancel.
 */
export interface MessageContext {
  serviceName: string;
  support: string;
}

export interface Composed {
  subject: string;
  text: string;
}

const when = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');

export function recoveryStarted(c: MessageContext, p: { username: string; at: number; viaHelpdesk: boolean; url: string; linkExpiresAt: number }): Composed {
  return {
    subject: `${c.serviceName}: a recovery of your account was started`,
    text: [
      `Someone started recovering the account "${p.username}" on ${when(p.at)}${p.viaHelpdesk ? ' with a link from the help desk' : ''}.`,
      'If this was you, there is nothing to do.',
      '',
      `If this wasn't you, open this link and confirm: it cancels the recovery.`,
      p.url,
      `The link works once, until ${when(p.linkExpiresAt)}.`,
      '',
      `Questions: contact ${c.support}.`,
    ].join('\n'),
  };
}

export function recoveryCompleted(c: MessageContext, p: { username: string; at: number; url: string; linkExpiresAt: number }): Composed {
  return {
    subject: `${c.serviceName}: your account was recovered`,
    text: [
      `The account "${p.username}" was recovered on ${when(p.at)}: identity was verified and a new passkey was registered.`,
      'If this was you, there is nothing to do.',
      '',
      `If this wasn't you, open this link and confirm: it revokes the new passkey and locks self-service recovery`,
      'of the account until the help desk has checked it.',
      p.url,
      `The link works once, until ${when(p.linkExpiresAt)}.`,
      '',
      `Questions: contact ${c.support}.`,
    ].join('\n'),
  };
}

/** To the owner when attempts from several places locked self-service: what happened, and the way back. */
export function ownerLocked(c: MessageContext, p: { username: string; at: number; until: number | null }): Composed {
  return {
    subject: `${c.serviceName}: self-service recovery of your account is paused`,
    text: [
      `On ${when(p.at)}, attempts from several places to recover the account "${p.username}" failed the identity check`,
      '(the face did not match, or the selfie was not live). To protect the account, self-service recovery is paused',
      p.until === null ? 'until the help desk has checked it.' : `until ${when(p.until)}.`,
      '',
      'Your passkeys and sign-in are unchanged, and nobody got into the account.',
      'If you need to recover your account now, contact your help desk: they can send you a recovery link.',
      '',
      `Questions: contact ${c.support}.`,
    ].join('\n'),
  };
}

export function helpdeskAlert(
  c: MessageContext,
  p: {
    alert: 'account_locked' | 'owner_repudiated';
    outcome: string;
    username: string;
    recoveryId: string;
    at: number;
    until: number | null;
  },
): Composed {
  const lockLine = p.until === null ? 'Self-service recovery is locked until an admin clears it.' : `Self-service recovery is locked until ${when(p.until)}.`;
  const what =
    p.alert === 'account_locked'
      ? `Signs of attack against "${p.username}": recoveries from several sources failed the face or liveness check (latest: recovery ${p.recoveryId}). ${lockLine} The owner was told to contact you.`
      : `The owner of "${p.username}" reported recovery ${p.recoveryId} as not theirs (${p.outcome}).${p.outcome === 'revoked' ? ` ${lockLine}` : ''}`;
  return {
    subject: `${c.serviceName}: ${p.alert === 'account_locked' ? 'self-service recovery locked' : 'recovery repudiated by the owner'} (${p.username})`,
    text: [what, `Reported on ${when(p.at)}. The audit trail has the details.`].join('\n'),
  };
}
