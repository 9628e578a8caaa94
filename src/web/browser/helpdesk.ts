/**
 * /helpdesk: an agent signs in with their organisation (OpenID Connect, when set up: a server-side
 * session cookie) or with a help-desk key (kept in this tab's sessionStorage and sent as a bearer
 * token), creates a recovery link for a username, copies it, and watches recoveries change live
 * over SSE. Agents see status and reasons only, never an access pass.
 */
import { ApiError, call, explain } from './api';
import { followEvents, type StreamHandle } from './events';
import { reasonLabels, statusLabels } from './messages';
import { describe, showSignInOptions, signInState, signOut, tokenOf, type Credential } from './staffAuth';
import { busy, copyText, el, say, showStep } from './ui';

interface Recovery {
  id: string;
  username: string;
  status: string;
  reason?: string;
  origin: string;
  initiatedBy: string | null;
  updatedAt: string;
  /** The recovery profile it was given, and why (docs/recovery-profiles.md); null before its first attempt. */
  profile?: { name: string | null; mode: string | null; why: string } | null;
}

/** The key (or the signed-in person) names the agent in the audit trail; nothing the console sends can claim another name. */
const STORAGE = 'helpdesk';
let stream: StreamHandle | null = null;
let credential: Credential | null = null;

function openConsole(c: Credential): void {
  credential = c;
  stream?.stop();
  el('table-body').replaceChildren();
  el('signed-in-as').textContent = describe(c);
  stream = followEvents(
    '/v1/helpdesk/events',
    tokenOf(c),
    (event, data) => {
      if (event === 'snapshot') {
        showStep('step-console', 'Help-desk console');
        el('table-body').replaceChildren(...(data as { items: Recovery[] }).items.map(row));
      } else if (event === 'recovery') upsert(data as Recovery);
    },
    (err) => {
      sessionStorage.removeItem(STORAGE);
      const refused = err instanceof ApiError && err.code === 'auth.unauthorized';
      void toSignIn(
        !refused ? err.message : c.kind === 'key' ? 'That key was not accepted. Check it and try again.' : 'Your session has ended. Sign in again.',
      );
    },
  );
}

/** A 401 while signed in: the key was revoked or the session ended (signed out elsewhere, an admin, time). */
function ended(err: unknown): boolean {
  if (!(err instanceof ApiError) || err.status !== 401 || !credential) return false;
  stream?.stop();
  sessionStorage.removeItem(STORAGE);
  void toSignIn(credential.kind === 'key' ? 'That key was not accepted. Check it and try again.' : 'Your session has ended. Sign in again.');
  return true;
}

/** The sign-in step, or straight to the console when this browser is already signed in. */
async function toSignIn(message: string | null): Promise<void> {
  credential = null;
  try {
    const state = await signInState('helpdesk', STORAGE);
    if (state.signedIn && !message) return openConsole(state.signedIn);
    showSignInOptions(state.signedIn ? { signedIn: null, oidc: true, wrongRole: null } : state, '/helpdesk', 'help-desk');
  } catch (err) {
    message ??= explain(err);
  }
  showStep('step-key', 'Help-desk sign-in');
  say('key-error', message);
}

function originLabel(r: Recovery): string {
  if (r.origin === 'helpdesk_link') return `Link from ${r.initiatedBy ?? 'the help desk'}`;
  // No access pass: an application asked this person to verify their identity (docs/oidc.md).
  return r.origin === 'oidc_verification' ? 'Identity check for an app' : 'Self-service';
}

function profileLabel(r: Recovery): string {
  if (!r.profile) return '';
  if (r.profile.name === null) return 'None (self-service not offered)';
  return r.profile.mode === 'production' ? r.profile.name : `${r.profile.name} (${r.profile.mode ?? 'off'})`;
}

function row(r: Recovery): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.dataset.recoveryId = r.id;
  tr.dataset.status = r.status;
  const cells = [
    r.username,
    statusLabels[r.status] ?? r.status,
    r.reason ? (reasonLabels[r.reason] ?? r.reason) : '',
    originLabel(r),
    profileLabel(r),
    new Date(r.updatedAt).toLocaleTimeString(),
  ];
  for (const text of cells) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.append(td);
  }
  // Why this profile: the sentence the service recorded, on hover and for screen readers.
  const profileCell = tr.children[4] as HTMLElement | undefined;
  if (profileCell && r.profile) profileCell.title = r.profile.why;
  return tr;
}

function upsert(r: Recovery): void {
  const body = el('table-body');
  body.querySelector(`tr[data-recovery-id="${CSS.escape(r.id)}"]`)?.remove();
  body.prepend(row(r));
  el('live').textContent = `${r.username}: ${statusLabels[r.status] ?? r.status}`;
}

async function approveLink(c: Credential, button: HTMLButtonElement): Promise<void> {
  busy(button, true);
  say('approve-result', null);
  try {
    const id = el<HTMLInputElement>('approve-id').value.trim();
    const approved = await call<{ approvedBy: string }>(`/v1/helpdesk/recovery-links/${encodeURIComponent(id)}/approval`, { token: tokenOf(c), json: {} });
    say('approve-result', `Approved by ${approved.approvedBy}. The link now works.`);
  } catch (err) {
    if (ended(err)) return;
    say('approve-result', explain(err));
  } finally {
    busy(button, false);
  }
}

async function createLink(c: Credential, button: HTMLButtonElement): Promise<void> {
  busy(button, true);
  say('link-error', null);
  try {
    const link = await call<{ id: string; url: string; expiresAt: string; approvalRequired: boolean }>('/v1/helpdesk/recovery-links', {
      token: tokenOf(c),
      json: { username: el<HTMLInputElement>('link-username').value.trim() },
    });
    el<HTMLInputElement>('link-url').value = link.url;
    el('link-copied').hidden = true; // a new link has not been copied yet
    el('link-expiry').textContent = new Date(link.expiresAt).toLocaleString();
    // Four-eyes: a privileged account's link works once another staff member approves its id.
    el('link-approval').hidden = !link.approvalRequired;
    el('link-id').textContent = link.id;
    el('link-result').hidden = false;
    el('link-copy').focus();
  } catch (err) {
    if (ended(err)) return;
    say('link-error', explain(err));
  } finally {
    busy(button, false);
  }
}

function main(): void {
  el<HTMLFormElement>('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const key = el<HTMLInputElement>('key').value.trim();
    sessionStorage.setItem(STORAGE, key);
    el<HTMLInputElement>('key').value = '';
    say('key-error', null);
    openConsole({ kind: 'key', key });
  });
  el<HTMLFormElement>('link-form').addEventListener('submit', (e) => {
    e.preventDefault();
    if (credential) void createLink(credential, el('link-submit'));
  });
  el<HTMLFormElement>('approve-form').addEventListener('submit', (e) => {
    e.preventDefault();
    if (credential) void approveLink(credential, el('approve-submit'));
  });
  el('link-copy').addEventListener('click', () => {
    const input = el<HTMLInputElement>('link-url');
    void copyText(input.value, input).then((ok) =>
      say('link-copied', ok ? 'Link copied. Send it to the person through a channel you trust.' : 'Press Ctrl+C (or ⌘C) to copy the selected link.'),
    );
  });
  el('sign-out').addEventListener('click', () => {
    stream?.stop();
    const c = credential;
    void (c ? signOut(c, STORAGE) : Promise.resolve()).then(() => toSignIn(null));
  });
  void toSignIn(null);
}

main();
