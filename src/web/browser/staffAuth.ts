/**
 * How a staff page is signed in: with the organisation's OpenID Provider (a server-side session;
 * the HttpOnly cookie goes along by itself, no script ever holds it), or with an API key typed into
 * the page (kept in this tab's sessionStorage, sent as a bearer token) where OIDC is not set up or
 * for a fallback. `/v1/staff/config` says whether OIDC is on; `/v1/staff/me` who is signed in.
 */
import { ApiError, call } from './api';
import { el } from './ui';

export type Role = 'admin' | 'helpdesk' | 'reviewer';
export interface StaffMe {
  actor: string;
  name: string | null;
  email: string | null;
  roles: Role[];
  expiresAt: string;
}
export type Credential = { kind: 'key'; key: string } | { kind: 'session'; me: StaffMe };

/** The bearer token to send: the key, or none (the session cookie authenticates). */
export const tokenOf = (c: Credential): string | null => (c.kind === 'key' ? c.key : null);

export type SignInState =
  | { signedIn: Credential }
  /** Not signed in: `oidc` says whether to offer the organisation's sign-in; `wrongRole` a person signed in without this role. */
  | { signedIn: null; oidc: boolean; wrongRole: StaffMe | null };

export async function signInState(role: Role, storageKey: string): Promise<SignInState> {
  const key = sessionStorage.getItem(storageKey);
  if (key) return { signedIn: { kind: 'key', key } };
  const config = await call<{ oidc: boolean }>('/v1/staff/config');
  if (!config.oidc) return { signedIn: null, oidc: false, wrongRole: null };
  const me = await call<StaffMe>('/v1/staff/me').catch((err: unknown) => {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  });
  if (me && me.roles.includes(role)) return { signedIn: { kind: 'session', me } };
  return { signedIn: null, oidc: true, wrongRole: me };
}

/** Ends the credential: forgets the key, or ends the server-side session. */
export async function signOut(c: Credential, storageKey: string): Promise<void> {
  sessionStorage.removeItem(storageKey);
  if (c.kind === 'session') await call('/staff/sign-out', { method: 'POST' }).catch(() => undefined);
}

/** Fills the sign-in step: the organisation button (with this page as the return path) when OIDC is on. */
export function showSignInOptions(state: Extract<SignInState, { signedIn: null }>, returnTo: string, roleLabel: string): void {
  el('oidc-option').hidden = !state.oidc;
  el<HTMLAnchorElement>('oidc-sign-in').href = `/staff/sign-in?return=${encodeURIComponent(returnTo)}`;
  const note = el('role-missing');
  note.hidden = !state.wrongRole;
  note.textContent = state.wrongRole
    ? `You are signed in as ${state.wrongRole.name ?? state.wrongRole.actor}, but your account does not have the ${roleLabel} role. Ask your administrator, or use a key.`
    : '';
}

/** "Signed in as …" for the page's header line. */
export function describe(c: Credential): string {
  return c.kind === 'session' ? `Signed in as ${c.me.name ?? c.me.actor} (${c.me.email ?? c.me.actor})` : 'Signed in with an API key';
}
