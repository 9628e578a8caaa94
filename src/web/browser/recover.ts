/**
 * /recover: start (username, or a help-desk link), consent and photos, live progress over SSE,
 * the access pass shown once, and a result for every ending. Opening a link page does nothing on
 * the server: only pressing "Start" redeems the link (mail scanners cannot consume it).
 */
import { ApiError, call, explain } from './api';
import { CaptureSlot } from './capture';
import { followEvents, type StreamHandle } from './events';
import { outcomeOf, problemMessage, retryReason } from './messages';
import { busy, copyText, el, say, showStep } from './ui';

interface Saved {
  id: string;
  token: string;
  username?: string;
}
interface StatusView {
  id: string;
  status: string;
  reason?: string;
  accessPass?: { code: string; expiresAt: string; oneTimeUse: boolean };
  /** Where the person enrolls: this service's /enroll, or the sign-in system's own page (Entra's Security info). */
  next?: { enrollmentUrl: string };
}

const FINAL = new Set(['completed', 'evaluated', 'rejected', 'expired', 'failed']);
let stream: StreamHandle | null = null;
let passShown = false;

const saved = (): Saved | null => JSON.parse(sessionStorage.getItem('recovery') ?? 'null') as Saved | null;

type StartBody = ({ username: string } | { linkToken: string }) & { employeeId?: string; purpose?: 'remediation' };

/**
 * `/recover?purpose=remediation`: the owner of an account flagged risky re-proves who they are to
 * clear the risk (docs/risk.md). The journey is the same; only the start says why.
 */
const remediation = new URLSearchParams(location.search).get('purpose') === 'remediation';

/** The optional employee ID as typed: sent only when there is one, and never kept by the page. */
function withEmployeeId<T extends object>(body: T, inputId: string): T & { employeeId?: string } {
  const employeeId = el<HTMLInputElement>(inputId).value.trim();
  return employeeId ? { ...body, employeeId } : body;
}

async function start(body: StartBody, button: HTMLButtonElement, alertId: string): Promise<void> {
  busy(button, true);
  say(alertId, null);
  try {
    const started = await call<{ id: string; token: string }>('/v1/recoveries', { json: remediation ? { ...body, purpose: 'remediation' } : body });
    const record: Saved = { id: started.id, token: started.token, ...('username' in body ? { username: body.username } : {}) };
    sessionStorage.setItem('recovery', JSON.stringify(record));
    history.replaceState(null, '', '/recover'); // the link token leaves the address bar
    follow(record);
  } catch (err) {
    say(alertId, explain(err));
  } finally {
    busy(button, false);
  }
}

function follow(record: Saved): void {
  stream?.stop();
  stream = followEvents(
    `/v1/recoveries/${record.id}/events`,
    record.token,
    (event, data) => {
      if (event === 'status') render(data as StatusView, record);
    },
    (err) => {
      sessionStorage.removeItem('recovery');
      showStep('step-start', 'Recover your account');
      say('start-error', `${err.message} Please start again.`);
    },
  );
}

function render(view: StatusView, record: Saved): void {
  if (view.status === 'awaiting_evidence') {
    say('evidence-retry', retryReason(view.reason));
    if (document.body.dataset.step !== 'step-evidence') showStep('step-evidence', 'Verify your identity');
  } else if (view.status === 'verifying' || view.status === 'in_review') {
    el('progress-text').textContent =
      view.status === 'in_review'
        ? 'A person is reviewing your documents. This page updates by itself; you can keep it open.'
        : 'We are checking your photos with the verification service. This usually takes under a minute; keep this page open.';
    showStep('step-progress', 'Checking your identity');
  } else if (view.status === 'access_pass_issued') {
    pointToEnrollment(view.next?.enrollmentUrl);
    if (view.accessPass) showPass(view.accessPass, record);
    else if (!passShown) showStep('step-pass-gone', 'Access pass already shown');
  } else if (FINAL.has(view.status)) {
    stream?.stop();
    sessionStorage.removeItem('recovery');
    showResult(view.status, view.reason);
  }
}

/**
 * An enrollment page elsewhere (Entra's Security info) is where the organisation's own passkey
 * rules apply: the page says so, and the pass is not carried there (it is typed at sign-in).
 */
function pointToEnrollment(url: string | undefined): void {
  const target = url ? new URL(url, location.origin) : null;
  const external = target !== null && target.origin !== location.origin;
  document.querySelectorAll<HTMLAnchorElement>('[data-enroll-link]').forEach((link) => {
    link.href = target?.href ?? '/enroll';
  });
  el('pass-external').hidden = !external;
  if (external) el('pass-external-host').textContent = target.host;
  document.body.dataset.enrollment = external ? 'external' : 'here';
}

function showPass(pass: NonNullable<StatusView['accessPass']>, record: Saved): void {
  passShown = true;
  el('pass-code').textContent = pass.code;
  el('pass-expiry').textContent = new Date(pass.expiresAt).toLocaleString();
  el('pass-once').hidden = !pass.oneTimeUse;
  // Carried to this service's /enroll in this tab only, and removed there as soon as it is read.
  if (document.body.dataset.enrollment !== 'external') {
    sessionStorage.setItem('enroll-prefill', JSON.stringify({ username: record.username ?? '', accessPass: pass.code }));
  }
  showStep('step-pass', 'Your access pass');
}

function showResult(status: string, reason?: string): void {
  const outcome = outcomeOf(status, reason);
  el('result-title').textContent = outcome.title;
  el('result-text').textContent = outcome.text;
  el('result-next').textContent = outcome.next;
  el('result-restart').hidden = outcome.action !== 'restart';
  el('result').dataset.status = status;
  el('result').dataset.reason = reason ?? '';
  showStep('result', outcome.title);
}

function setUpEvidence(): void {
  const submit = el<HTMLButtonElement>('evidence-submit');
  const consent = el<HTMLInputElement>('consent');
  const slots = {
    selfie: new CaptureSlot(el('slot-selfie'), 'user', update),
    documentFront: new CaptureSlot(el('slot-documentFront'), 'environment', update),
    documentBack: new CaptureSlot(el('slot-documentBack'), 'environment', update),
  };
  function update(): void {
    submit.disabled = !(consent.checked && slots.selfie.photo && slots.documentFront.photo);
  }
  consent.addEventListener('change', update);
  el<HTMLFormElement>('evidence-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const record = saved();
    if (!record) return;
    const form = new FormData();
    for (const [name, slot] of Object.entries(slots)) if (slot.photo) form.append(name, slot.photo, `${name}.jpg`);
    // Where the selfie came from, truthfully: the live camera or the file picker.
    form.append('selfieSource', slots.selfie.source ?? 'file');
    form.append('consent', consent.checked ? 'true' : 'false');
    busy(submit, true);
    say('evidence-error', null);
    call(`/v1/recoveries/${record.id}/evidence`, { form, token: record.token })
      .then(() => {
        for (const slot of Object.values(slots)) slot.retake();
        consent.checked = false;
      })
      .catch((err: unknown) => {
        const message = err instanceof ApiError ? problemMessage(err.code, err.message) : explain(err);
        if (err instanceof ApiError && err.code === 'evidence.selfie_upload_refused') slots.selfie.refuseUploads(message);
        say('evidence-error', message);
      })
      .finally(() => {
        busy(submit, false);
        update();
      });
  });
  update();
}

function main(): void {
  const link = new URLSearchParams(location.search).get('link');
  el<HTMLFormElement>('start-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void start(withEmployeeId({ username: el<HTMLInputElement>('username').value.trim() }, 'employee-id'), el('start-submit'), 'start-error');
  });
  el('link-start').addEventListener('click', () => {
    if (link) void start(withEmployeeId({ linkToken: link }, 'link-employee-id'), el('link-start'), 'link-error');
  });
  el('pass-copy').addEventListener('click', () => {
    void copyText(el('pass-code').textContent ?? '').then((ok) => say('pass-copied', ok ? 'Copied.' : 'Select the code and copy it.'));
  });
  document.querySelectorAll<HTMLButtonElement>('[data-restart]').forEach((button) => {
    button.addEventListener('click', () => {
      sessionStorage.removeItem('recovery');
      location.assign('/recover');
    });
  });
  setUpEvidence();
  const record = saved();
  if (link) showStep('step-link', 'Recover your account');
  else if (record) follow(record);
  else showStep('step-start', 'Recover your account');
}

main();
