/**
 * Browser access to the queue dashboard. A browser cannot send an `Authorization` header when it
 * follows a link, so the admin key is typed once into a login form and exchanged for a short-lived
 * session cookie holding a random token (src/stores/dashboardSessionStore.ts keeps its digest):
 * the session ends when it expires, when its holder signs out, when an admin ends all sessions, or
 * when the admin key changes. HttpOnly (no script reads it), SameSite=Strict (no other site can make
 * the browser use it), Path-scoped to the dashboard.
 */
import { createHash } from 'node:crypto';

export const DASHBOARD_PATH = '/admin/queues';
export const SESSION_COOKIE = 'queue_dashboard_session';

/** Names the admin key a session was made with, without keeping anything that could reveal it. */
export function keyFingerprint(adminKey: string): string {
  return createHash('sha256').update(`queue-dashboard-session:${adminKey}`).digest('base64url');
}

export function sessionCookie(token: string, minutes: number, secure: boolean): string {
  const attributes = [`Path=${DASHBOARD_PATH}`, `Max-Age=${minutes * 60}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])];
  return [`${SESSION_COOKIE}=${token}`, ...attributes].join('; ');
}

/** A cookie that tells the browser to forget the session. */
export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, `Path=${DASHBOARD_PATH}`, 'Max-Age=0', 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}

/** The session token the cookie header carries, if it has one of the right shape. */
export function sessionToken(cookieHeader: string | undefined): string | null {
  const value = cookieHeader
    ?.split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`))
    ?.slice(SESSION_COOKIE.length + 1);
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}

/** The login form: no script, posts to the same origin only (CSP set by the route). */
export function loginPage(message: string | null): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Queue dashboard: sign in</title>
<style>body{font:16px system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}input,button{font:inherit;padding:.4rem;width:100%;box-sizing:border-box;margin:.3rem 0}</style>
</head><body>
<h1>Queue dashboard</h1>
${message ? `<p role="alert">${message}</p>` : ''}
<form method="post" action="${DASHBOARD_PATH}/login">
<label for="key">Admin API key</label>
<input id="key" name="key" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
<p>Scripts can send <code>Authorization: Bearer &lt;admin key&gt;</code> instead. Sign out with a POST to <code>${DASHBOARD_PATH}/logout</code>.</p>
</body></html>`;
}
