/**
 * /helpdesk: an agent signs in with the help-desk key (kept in this tab's sessionStorage and sent
 * as a bearer token), creates a recovery link for a username, copies it, and watches recoveries
 * change live over SSE. Agents see status and reasons only, never an access pass.
 */
import { ApiError, call, explain } from './api';
import { followEvents, type StreamHandle } from './events';
import { reasonLabels, statusLabels } from './messages';
import { busy, copyText, el, say, showStep } from './ui';

interface Recovery { id: string; username: string; status: string; reason?: string; origin: string; initiatedBy: string | null; updatedAt: string }
/** The key names its holder (the audit trail's actor); nothing the console sends can claim another name. */
interface Session { key: string }

let stream: StreamHandle | null = null;
const session = (): Session | null => JSON.parse(sessionStorage.getItem('helpdesk') ?? 'null') as Session | null;

function signIn(s: Session): void {
  stream?.stop();
  el('table-body').replaceChildren();
  stream = followEvents('/v1/helpdesk/events', s.key, (event, data) => {
    if (event === 'snapshot') {
      showStep('step-console', 'Help-desk console');
      el('table-body').replaceChildren(...(data as { items: Recovery[] }).items.map(row));
    } else if (event === 'recovery') upsert(data as Recovery);
  }, (err) => {
    sessionStorage.removeItem('helpdesk');
    showStep('step-key', 'Help-desk sign-in');
    say('key-error', err instanceof ApiError && err.code === 'auth.unauthorized' ? 'That key was not accepted. Check it and try again.' : err.message);
  });
}

function row(r: Recovery): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.dataset.recoveryId = r.id;
  tr.dataset.status = r.status;
  const cells = [
    r.username, statusLabels[r.status] ?? r.status, r.reason ? reasonLabels[r.reason] ?? r.reason : '',
    r.origin === 'helpdesk_link' ? `Link from ${r.initiatedBy ?? 'the help desk'}` : 'Self-service', new Date(r.updatedAt).toLocaleTimeString(),
  ];
  for (const text of cells) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.append(td);
  }
  return tr;
}

function upsert(r: Recovery): void {
  const body = el('table-body');
  body.querySelector(`tr[data-recovery-id="${CSS.escape(r.id)}"]`)?.remove();
  body.prepend(row(r));
  el('live').textContent = `${r.username}: ${statusLabels[r.status] ?? r.status}`;
}

async function approveLink(s: Session, button: HTMLButtonElement): Promise<void> {
  busy(button, true);
  say('approve-result', null);
  try {
    const id = el<HTMLInputElement>('approve-id').value.trim();
    const approved = await call<{ approvedBy: string }>(`/v1/helpdesk/recovery-links/${encodeURIComponent(id)}/approval`, { token: s.key, json: {} });
    say('approve-result', `Approved by ${approved.approvedBy}. The link now works.`);
  } catch (err) {
    say('approve-result', explain(err));
  } finally {
    busy(button, false);
  }
}

async function createLink(s: Session, button: HTMLButtonElement): Promise<void> {
  busy(button, true);
  say('link-error', null);
  try {
    const link = await call<{ id: string; url: string; expiresAt: string; approvalRequired: boolean }>('/v1/helpdesk/recovery-links', {
      token: s.key, json: { username: el<HTMLInputElement>('link-username').value.trim() },
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
    say('link-error', explain(err));
  } finally {
    busy(button, false);
  }
}

function main(): void {
  el<HTMLFormElement>('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const s: Session = { key: el<HTMLInputElement>('key').value.trim() };
    sessionStorage.setItem('helpdesk', JSON.stringify(s));
    el<HTMLInputElement>('key').value = '';
    say('key-error', null);
    signIn(s);
  });
  el<HTMLFormElement>('link-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const s = session();
    if (s) void createLink(s, el('link-submit'));
  });
  el<HTMLFormElement>('approve-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const s = session();
    if (s) void approveLink(s, el('approve-submit'));
  });
  el('link-copy').addEventListener('click', () => {
    const input = el<HTMLInputElement>('link-url');
    void copyText(input.value, input).then((ok) => say('link-copied', ok ? 'Link copied. Send it to the person through a channel you trust.' : 'Press Ctrl+C (or ⌘C) to copy the selected link.'));
  });
  el('sign-out').addEventListener('click', () => {
    stream?.stop();
    sessionStorage.removeItem('helpdesk');
    showStep('step-key', 'Help-desk sign-in');
  });
  const s = session();
  if (s) signIn(s);
  else showStep('step-key', 'Help-desk sign-in');
}

main();
