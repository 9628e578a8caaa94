/**
 * The OpenID Provider's sign-in page (src/http/routes/oidc.ts): a relying party sent the person
 * here; they sign in with their passkey, or verify their identity (consent, a selfie, their ID:
 * OpenID Connect for Identity Assurance 1.0), or decline, and the service sends them back with a
 * code (or `access_denied`). The interaction id is the last segment of the page's path.
 *
 * A verification is a verification-only recovery: the page starts it here, then uses the recovery
 * API with its bearer token (photos, status), exactly as /recover does, and finishes here once it
 * has ended. The token is kept for this tab only, so a reload resumes the same verification.
 */
import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { ApiError, call, explain } from './api';
import { CaptureSlot } from './capture';
import { problemMessage, retryReason } from './messages';
import { busy, el, say, showStep } from './ui';

interface View {
  uid: string;
  use: 'passkey_sign_in' | 'identity_verification';
  clientName: string;
  purpose: string | null;
  loginHint: string | null;
  requestedClaims: string[];
}
interface Saved {
  id: string;
  token: string;
}

const CLAIM_NAMES: Record<string, string> = { given_name: 'your given name', family_name: 'your family name', birthdate: 'your date of birth' };
const POLL_MS = 1500;

const base = window.location.pathname.replace(/\/+$/, '');

async function decline(): Promise<void> {
  const { redirectTo } = await call<{ redirectTo: string }>(`${base}/decline`, { method: 'POST' });
  window.location.assign(redirectTo);
}

async function signIn(button: HTMLButtonElement): Promise<void> {
  say('passkey-error', null);
  busy(button, true);
  try {
    const { options } = await call<{ options: PublicKeyCredentialRequestOptionsJSON }>(`${base}/passkey/options`, { method: 'POST' });
    const response = await startAuthentication({ optionsJSON: options });
    const { redirectTo } = await call<{ redirectTo: string }>(`${base}/passkey`, { json: { response } });
    window.location.assign(redirectTo);
  } catch (err) {
    if (err instanceof ApiError && err.code === 'oidc.interaction_not_found') return showStep('step-gone');
    say('passkey-error', explain(err));
    busy(button, false);
  }
}

const savedKey = (uid: string) => `verification:${uid}`;
const savedVerification = (uid: string): Saved | null => JSON.parse(sessionStorage.getItem(savedKey(uid)) ?? 'null') as Saved | null;

/** Polls the verification until it leaves `verifying` (or the review): back to the photos, or finished. */
async function follow(uid: string, saved: Saved): Promise<void> {
  showStep('step-verify-progress', 'Checking your identity');
  for (;;) {
    let status: { status: string; reason?: string };
    try {
      status = await call<{ status: string; reason?: string }>(`/v1/recoveries/${saved.id}`, { token: saved.token });
    } catch (err) {
      if (err instanceof ApiError && err.status < 500) return finish(uid);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      continue;
    }
    if (status.status === 'awaiting_evidence') {
      say('verify-retry', retryReason(status.reason));
      return showStep('step-verify', 'Verify your identity');
    }
    if (status.status !== 'verifying' && status.status !== 'in_review') return finish(uid);
    el('verify-progress-text').textContent =
      status.status === 'in_review'
        ? 'A person is reviewing your documents. This page updates by itself; keep it open.'
        : 'We are checking your photos. This usually takes under a minute; keep this page open. You will then go back to the application.';
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The verification has ended: the service sends the person back with a code or `access_denied`. */
async function finish(uid: string): Promise<void> {
  try {
    const { redirectTo } = await call<{ redirectTo: string }>(`${base}/verification/finish`, { method: 'POST' });
    sessionStorage.removeItem(savedKey(uid));
    window.location.assign(redirectTo);
  } catch {
    showStep('step-gone');
  }
}

function setUpVerification(view: View): void {
  el('verify-client-name').textContent = view.clientName;
  if (view.purpose) {
    el('verify-purpose').textContent = `Why: ${view.purpose}`;
    el('verify-purpose').hidden = false;
  }
  if (view.loginHint) {
    el('verify-login-hint').textContent = view.loginHint;
    el('verify-account').hidden = false;
  }
  el('verify-claims').textContent = [...view.requestedClaims.map((c) => CLAIM_NAMES[c] ?? c), 'how and when you were verified'].join(', ');
  const submit = el<HTMLButtonElement>('verify-submit');
  const consent = el<HTMLInputElement>('verify-consent');
  const slots = {
    selfie: new CaptureSlot(el('verify-slot-selfie'), 'user', update),
    documentFront: new CaptureSlot(el('verify-slot-documentFront'), 'environment', update),
    documentBack: new CaptureSlot(el('verify-slot-documentBack'), 'environment', update),
  };
  function update(): void {
    submit.disabled = !(consent.checked && slots.selfie.photo && slots.documentFront.photo);
  }
  consent.addEventListener('change', update);
  el<HTMLFormElement>('verify-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      busy(submit, true);
      say('verify-error', null);
      try {
        let saved = savedVerification(view.uid);
        if (!saved) {
          const started = await call<{ id: string; token: string }>(`${base}/verification`, { method: 'POST' });
          saved = { id: started.id, token: started.token };
          sessionStorage.setItem(savedKey(view.uid), JSON.stringify(saved));
        }
        const form = new FormData();
        for (const [name, slot] of Object.entries(slots)) if (slot.photo) form.append(name, slot.photo, `${name}.jpg`);
        form.append('selfieSource', slots.selfie.source ?? 'file');
        form.append('documentType', el<HTMLSelectElement>('verify-document-type').value);
        form.append('consent', consent.checked ? 'true' : 'false');
        await call(`/v1/recoveries/${saved.id}/evidence`, { form, token: saved.token });
        for (const slot of Object.values(slots)) slot.retake();
        consent.checked = false;
        void follow(view.uid, saved);
      } catch (err) {
        if (err instanceof ApiError && err.code === 'oidc.interaction_not_found') return showStep('step-gone');
        const message = err instanceof ApiError ? problemMessage(err.code, err.message) : explain(err);
        if (err instanceof ApiError && err.code === 'evidence.selfie_upload_refused') slots.selfie.refuseUploads(message);
        say('verify-error', message);
      } finally {
        busy(submit, false);
        update();
      }
    })();
  });
  el('verify-decline').addEventListener('click', () => void decline().catch(() => showStep('step-gone')));
  update();
  const saved = savedVerification(view.uid);
  if (saved) void follow(view.uid, saved);
  else showStep('step-verify', 'Verify your identity');
}

async function main(): Promise<void> {
  let view: View;
  try {
    view = await call<View>(`${base}/details`);
  } catch {
    return showStep('step-gone');
  }
  if (view.use === 'identity_verification') return setUpVerification(view);
  el('client-name').textContent = view.clientName;
  if (view.purpose) {
    el('purpose').textContent = `Why: ${view.purpose}`;
    el('purpose').hidden = false;
  }
  const button = el<HTMLButtonElement>('passkey-submit');
  button.addEventListener('click', () => void signIn(button));
  el('decline').addEventListener('click', () => void decline().catch(() => showStep('step-gone')));
  showStep('step-passkey');
}

void main();
