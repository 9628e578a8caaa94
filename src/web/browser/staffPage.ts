/**
 * The sign-in half of a staff page (review, admin): it holds the credential, offers the
 * organisation's sign-in or a key, goes back to sign-in when a key is refused or a session has
 * ended, and signs out. A page supplies only what it shows once someone is signed in (`open`).
 * The key stays in this tab's sessionStorage only (staffAuth.ts).
 */
import { explain } from './api';
import { showSignInOptions, signInState, signOut, tokenOf, type Credential, type Role } from './staffAuth';
import { el, say, showStep } from './ui';

export interface StaffPageOptions {
  role: Role;
  /** sessionStorage key for a typed API key. */
  storage: string;
  /** This page's path: where the organisation's sign-in returns to. */
  returnTo: string;
  /** The role as the page names it ("reviewer", "admin"). */
  roleLabel: string;
  /** Title of the sign-in step. */
  title: string;
  open: (c: Credential) => void;
}

export interface StaffPage {
  /** The bearer token to send (a key), or null (the session cookie goes by itself). */
  token(): string | null;
  /** After a 401: the key was refused, or the session ended. */
  refused(): Promise<void>;
  /** Shows the sign-in step (or opens the page when already signed in and there is nothing to say). */
  signIn(message: string | null): Promise<void>;
}

export function staffPage(o: StaffPageOptions): StaffPage {
  let credential: Credential | null = null;
  const open = (c: Credential): void => {
    credential = c;
    o.open(c);
  };

  async function signIn(message: string | null): Promise<void> {
    if (credential?.kind === 'key') sessionStorage.removeItem(o.storage);
    credential = null;
    try {
      const state = await signInState(o.role, o.storage);
      if (state.signedIn && !message) return open(state.signedIn);
      if (!state.signedIn) showSignInOptions(state, o.returnTo, o.roleLabel);
    } catch (err) {
      message ??= explain(err);
    }
    showStep('step-key', o.title);
    say('key-error', message);
  }

  el<HTMLFormElement>('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const key = el<HTMLInputElement>('key').value.trim();
    sessionStorage.setItem(o.storage, key);
    el<HTMLInputElement>('key').value = '';
    say('key-error', null);
    open({ kind: 'key', key });
  });
  el('sign-out').addEventListener('click', () => {
    const c = credential;
    void (c ? signOut(c, o.storage) : Promise.resolve()).then(() => signIn(null));
  });

  return {
    token: () => (credential ? tokenOf(credential) : null),
    refused: () => signIn(credential?.kind === 'key' ? 'That key was not accepted. Check it and try again.' : 'Your session has ended. Sign in again.'),
    signIn,
  };
}
