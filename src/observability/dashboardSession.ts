/**
 * Browser access to the queue dashboard. A browser cannot send an `Authorization` header when it
 * follows a link, so the admin key is typed once into a login form and exchanged for a short-lived
 * cookie: `<expiry>.<HMAC of the expiry under a key derived from the admin key>`. Stateless; it
 * stops working when it expires or the admin key changes. HttpOnly (no script reads it),
 * SameSite=Strict (no other site can make the browser use it), Path-scoped to the dashboard.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const DASHBOARD_PATH = '/admin/queues';
export const SESSION_COOKIE = 'queue_dashboard_session';

function sign(adminKey: string, expiresAt: number): string {
  const key = createHash('sha256').update(`queue-dashboard-session:${adminKey}`).digest();
  return createHmac('sha256', key).update(String(expiresAt)).digest('base64url');
}

export function newSessionCookie(adminKey: string, now: number, minutes: number, secure: boolean): string {
  const expiresAt = now + minutes * 60_000;
  const attributes = [`Path=${DASHBOARD_PATH}`, `Max-Age=${minutes * 60}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])];
  return [`${SESSION_COOKIE}=${expiresAt}.${sign(adminKey, expiresAt)}`, ...attributes].join('; ');
}

export function hasValidSession(cookieHeader: string | undefined, adminKey: string, now: number): boolean {
  const value = cookieHeader?.split(';').map((c) => c.trim()).find((c) => c.startsWith(`${SESSION_COOKIE}=`))?.slice(SESSION_COOKIE.length + 1);
  const match = value ? /^(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(value) : null;
  if (!match?.[1] || !match[2]) return false;
  const expiresAt = Number(match[1]);
  if (expiresAt <= now) return false;
  const expected = Buffer.from(sign(adminKey, expiresAt));
  const presented = Buffer.from(match[2]);
  return expected.length === presented.length && timingSafeEqual(expected, presented);
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
<p>Scripts can send <code>Authorization: Bearer &lt;admin key&gt;</code> instead.</p>
</body></html>`;
}
