/**
 * The OpenID Provider's sign-in page (src/http/routes/oidc.ts): a relying party sent the person
 * here; they sign in with their passkey (or decline), and the service sends them back with a code
 * (or `access_denied`). The interaction id is the last segment of the page's path.
 */
import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { ApiError, call, explain } from './api';
import { busy, el, say, showStep } from './ui';

interface View { uid: string; use: 'passkey_sign_in' | 'identity_verification'; clientName: string; purpose: string | null }

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

async function main(): Promise<void> {
  let view: View;
  try {
    view = await call<View>(`${base}/details`);
  } catch {
    return showStep('step-gone');
  }
  if (view.use === 'identity_verification') {
    el('verify-client-name').textContent = view.clientName;
    el('verify-decline').addEventListener('click', () => void decline().catch(() => showStep('step-gone')));
    return showStep('step-verify');
  }
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
