/**
 * /review: a trusted referee (NIST SP 800-63A-4 §3.1.13) signs in (organisation or reviewer key),
 * reads each case waiting for review (the vendor's findings, scores and reasons; the images on
 * request, fetched one by one and shown from memory), and approves or declines it with a reason.
 */
import { ApiError, call, explain, problemOf, STAFF_GUARD } from './api';
import { describe, type Credential } from './staffAuth';
import { staffPage, type StaffPage } from './staffPage';
import { busy, el, say, showStep } from './ui';

interface ReviewCase {
  recoveryId: string;
  username: string;
  attempt: number;
  provider: string;
  vendorDecision: string;
  grounds: string[];
  faceMatch: { passed: boolean; score: number | null };
  liveness: boolean;
  documentAuthentic: boolean;
  documentExpired: boolean;
  reasonCodes: string[];
  accountMatch: { matched: boolean; failures: string[] } | null;
  openedAt: string;
  evidenceAvailable: boolean;
}

const STORAGE = 'reviewer';
const groundLabels: Record<string, string> = {
  vendor_review: 'The vendor asked for a person to look',
  face_score_grey_zone: 'Face match just above the threshold',
  same_name_ambiguous: 'Several accounts share this name',
};
let page: StaffPage;

function node<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const n = document.createElement(tag);
  if (text !== undefined) n.textContent = text;
  if (cls) n.className = cls;
  return n;
}

function facts(c: ReviewCase): HTMLDListElement {
  const dl = node('dl');
  const rows: Array<[string, string]> = [
    ['Why it is here', c.grounds.map((g) => groundLabels[g] ?? g).join('; ')],
    ['Vendor', `${c.provider}: ${c.vendorDecision}`],
    ['Face match', `${c.faceMatch.passed ? 'passed' : 'failed'}${c.faceMatch.score === null ? '' : ` (score ${c.faceMatch.score})`}`],
    ['Liveness', c.liveness ? 'passed' : 'failed'],
    ['Document', `${c.documentAuthentic ? 'authentic' : 'not authentic'}${c.documentExpired ? ', expired' : ''}`],
    [
      'Account match',
      !c.accountMatch
        ? 'none asked for (identity verification only)'
        : c.accountMatch.matched
          ? 'matched'
          : `not matched (${c.accountMatch.failures.join(', ')})`,
    ],
    ['Reason codes', c.reasonCodes.join(', ') || 'none'],
    ['Opened', new Date(c.openedAt).toLocaleString()],
  ];
  for (const [term, value] of rows) dl.append(node('dt', term), node('dd', value));
  return dl;
}

async function showImages(c: ReviewCase, holder: HTMLElement, button: HTMLButtonElement): Promise<void> {
  busy(button, true);
  try {
    for (const part of ['selfie', 'documentFront', 'documentBack']) {
      const token = page.token();
      const headers: Record<string, string> = { ...STAFF_GUARD, ...(token ? { Authorization: `Bearer ${token}` } : {}) };
      const res = await fetch(`/v1/review/cases/${encodeURIComponent(c.recoveryId)}/evidence/${part}`, { headers, cache: 'no-store' });
      if (res.status === 404 && part === 'documentBack') continue; // not every document has a back
      if (!res.ok) throw problemOf(res.status, await res.json().catch(() => null));
      const img = node('img');
      img.alt = part === 'selfie' ? 'Selfie' : part === 'documentFront' ? 'ID document, front' : 'ID document, back';
      img.src = URL.createObjectURL(await res.blob());
      holder.append(img);
    }
    button.hidden = true;
  } catch (err) {
    holder.append(node('p', explain(err), 'alert'));
  } finally {
    busy(button, false);
  }
}

async function decide(c: ReviewCase, decision: 'approve' | 'reject', card: HTMLElement, button: HTMLButtonElement): Promise<void> {
  const reason = card.querySelector<HTMLTextAreaElement>('textarea')?.value.trim() ?? '';
  const error = card.querySelector<HTMLElement>('.alert.decision-error');
  if (error) {
    error.hidden = true;
    error.textContent = '';
  }
  busy(button, true);
  try {
    await call(`/v1/review/cases/${encodeURIComponent(c.recoveryId)}/decision`, { token: page.token(), json: { decision, reason } });
    card.remove();
    say('decided', `${decision === 'approve' ? 'Approved' : 'Declined'}: ${c.username}. The person has been told what to do next.`);
    el('no-cases').hidden = el('cases').childElementCount > 0;
  } catch (err) {
    if (error) {
      error.textContent = explain(err);
      error.hidden = false;
    }
  } finally {
    busy(button, false);
  }
}

function caseCard(c: ReviewCase): HTMLElement {
  const card = node('article', undefined, 'case');
  card.dataset.recoveryId = c.recoveryId;
  card.append(node('h2', `${c.username} · attempt ${c.attempt}`), facts(c));
  const images = node('div', undefined, 'capture');
  const show = node('button', 'Show the images', 'secondary');
  show.type = 'button';
  show.disabled = !c.evidenceAvailable;
  show.addEventListener('click', () => void showImages(c, images, show));
  const id = `reason-${c.recoveryId}`;
  const label = node('label', 'Reason for your decision (at least 10 characters, audited)');
  label.htmlFor = id;
  const reason = node('textarea');
  reason.id = id;
  reason.rows = 3;
  reason.maxLength = 2000;
  const approve = node('button', 'Approve');
  const decline = node('button', 'Decline', 'secondary');
  for (const [b, d] of [
    [approve, 'approve'],
    [decline, 'reject'],
  ] as const) {
    b.type = 'button';
    b.addEventListener('click', () => void decide(c, d, card, b));
  }
  const error = node('p', undefined, 'alert decision-error');
  error.setAttribute('role', 'alert');
  error.hidden = true;
  card.append(show, images, label, reason, error, approve, decline);
  return card;
}

async function loadCases(): Promise<void> {
  say('cases-error', null);
  try {
    const { items } = await call<{ items: ReviewCase[] }>('/v1/review/cases', { token: page.token() });
    el('cases').replaceChildren(...items.map(caseCard));
    el('no-cases').hidden = items.length > 0;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return void page.refused();
    say('cases-error', explain(err));
  }
}

function open(c: Credential): void {
  el('signed-in-as').textContent = describe(c);
  showStep('step-cases', 'Review');
  void loadCases();
}

function main(): void {
  el('refresh').addEventListener('click', () => void loadCases());
  page = staffPage({ role: 'reviewer', storage: STORAGE, returnTo: '/review', roleLabel: 'reviewer', title: 'Reviewer sign-in', open });
  void page.signIn(null);
}

main();
