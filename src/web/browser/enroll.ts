/**
 * /enroll: sign in with the access pass, create a passkey the organisation's policy allows (with
 * the reason in plain words when it does not, and another try), then sign in with it once.
 */
import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { ApiError, call, explain } from './api';
import { outcomeOf } from './messages';
import { busy, el, say, showStep } from './ui';

interface Enrollment {
  id: string;
  token: string;
  options?: PublicKeyCredentialCreationOptionsJSON | null;
}
interface Registered {
  deviceType: string;
  backedUp: boolean;
  profile: string;
}

let enrollment: Enrollment | null = JSON.parse(sessionStorage.getItem('enrollment') ?? 'null') as Enrollment | null;

function keep(next: Enrollment | null): void {
  enrollment = next;
  if (next) sessionStorage.setItem('enrollment', JSON.stringify({ id: next.id, token: next.token }));
  else sessionStorage.removeItem('enrollment');
}

async function signIn(button: HTMLButtonElement): Promise<void> {
  busy(button, true);
  say('signin-error', null);
  try {
    const started = await call<Enrollment>('/v1/enrollments', {
      json: { username: el<HTMLInputElement>('username').value.trim(), accessPass: el<HTMLInputElement>('access-pass').value.trim() },
    });
    keep(started); // the first options stay in memory for the first try
    showStep('step-register', 'Create your passkey');
  } catch (err) {
    say(
      'signin-error',
      err instanceof ApiError && err.code === 'access_pass.invalid'
        ? 'That username and access pass do not work together. Check both and try again; after a few wrong tries the pass stops working.'
        : explain(err),
    );
  } finally {
    busy(button, false);
  }
}

async function register(button: HTMLButtonElement): Promise<void> {
  if (!enrollment) return;
  busy(button, true);
  say('register-error', null);
  try {
    const auth = { token: enrollment.token };
    // A fresh challenge for every try after the first (each challenge is verified at most once).
    const options =
      enrollment.options ??
      (await call<{ options: PublicKeyCredentialCreationOptionsJSON }>(`/v1/enrollments/${enrollment.id}/options`, { ...auth, method: 'POST' })).options;
    enrollment.options = null;
    const response = await startRegistration({ optionsJSON: options });
    const registered = await call<Registered>(`/v1/enrollments/${enrollment.id}/passkeys`, { ...auth, json: { response } });
    el('registered-kind').textContent =
      registered.deviceType === 'multiDevice'
        ? 'a synced passkey (it can be available on your other devices)'
        : 'a device-bound passkey (it stays on this authenticator)';
    showStep('step-confirm', 'Sign in with your passkey');
  } catch (err) {
    if (err instanceof ApiError && err.code === 'enrollment.wrong_step') return showStep('step-confirm', 'Sign in with your passkey');
    if (err instanceof ApiError && err.code === 'passkey.profile_violation') el('register-submit').textContent = 'Try another authenticator';
    failed(err, 'register-error');
  } finally {
    busy(button, false);
  }
}

async function confirm(button: HTMLButtonElement): Promise<void> {
  if (!enrollment) return;
  busy(button, true);
  say('confirm-error', null);
  try {
    const auth = { token: enrollment.token };
    const { options } = await call<{ options: PublicKeyCredentialRequestOptionsJSON }>(`/v1/enrollments/${enrollment.id}/assertion/options`, {
      ...auth,
      method: 'POST',
    });
    const response = await startAuthentication({ optionsJSON: options });
    await call(`/v1/enrollments/${enrollment.id}/assertion`, { ...auth, json: { response } });
    keep(null);
    const outcome = outcomeOf('completed');
    el('done-next').textContent = outcome.next;
    showStep('step-done', outcome.title);
  } catch (err) {
    failed(err, 'confirm-error');
  } finally {
    busy(button, false);
  }
}

/** An expired or finished enrollment sends the person back to the start with the reason. */
function failed(err: unknown, alertId: string): void {
  if (err instanceof ApiError && ['enrollment.not_found', 'enrollment.invalid_token', 'enrollment.recovery_closed'].includes(err.code)) {
    keep(null);
    showStep('step-signin', 'Set up your passkey');
    say('signin-error', err.message);
    return;
  }
  say(alertId, explain(err));
}

function main(): void {
  const prefill = JSON.parse(sessionStorage.getItem('enroll-prefill') ?? 'null') as { username?: string; accessPass?: string } | null;
  sessionStorage.removeItem('enroll-prefill');
  if (prefill?.username) el<HTMLInputElement>('username').value = prefill.username;
  if (prefill?.accessPass) el<HTMLInputElement>('access-pass').value = prefill.accessPass;
  el<HTMLFormElement>('signin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void signIn(el('signin-submit'));
  });
  el('register-submit').addEventListener('click', () => void register(el('register-submit')));
  el('confirm-submit').addEventListener('click', () => void confirm(el('confirm-submit')));
  if (enrollment)
    showStep('step-register', 'Create your passkey'); // a reload keeps the enrollment
  else showStep('step-signin', 'Set up your passkey');
  if (!enrollment && prefill?.username && prefill.accessPass) el('signin-submit').focus();
}

main();
