/**
 * The staff cookies (RFC 6265bis). Both HttpOnly (no script reads them) and Path=/; with an https
 * PUBLIC_BASE_URL both are Secure and carry the `__Host-` prefix (RFC 6265bis §4.1.3.2: the browser
 * then refuses any version of them set by a sibling host or without Secure).
 * - the session cookie: SameSite=Strict; no other site can make the browser send it at all;
 * - the login cookie: SameSite=Lax, because the OP sends the browser back with a top-level,
 *   cross-site navigation to the callback, which must carry it; ten minutes, single use.
 */
export const STAFF_CSRF_HEADER = 'x-requested-by';
export const STAFF_CSRF_VALUE = 'staff-console';
/** How long a sign-in may take at the OP. */
export const LOGIN_TTL_SECONDS = 600;

export function staffCookieNames(secure: boolean): { session: string; login: string } {
  return secure ? { session: '__Host-staff_session', login: '__Host-staff_login' } : { session: 'staff_session', login: 'staff_login' };
}

function cookie(name: string, value: string, maxAgeSeconds: number, sameSite: 'Strict' | 'Lax', secure: boolean): string {
  return [`${name}=${value}`, 'Path=/', `Max-Age=${maxAgeSeconds}`, 'HttpOnly', `SameSite=${sameSite}`, ...(secure ? ['Secure'] : [])].join('; ');
}

export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return cookie(staffCookieNames(secure).session, token, maxAgeSeconds, 'Strict', secure);
}

export function clearedSessionCookie(secure: boolean): string {
  return cookie(staffCookieNames(secure).session, '', 0, 'Strict', secure);
}

export function loginCookie(token: string, secure: boolean): string {
  return cookie(staffCookieNames(secure).login, token, LOGIN_TTL_SECONDS, 'Lax', secure);
}

export function clearedLoginCookie(secure: boolean): string {
  return cookie(staffCookieNames(secure).login, '', 0, 'Lax', secure);
}

/** The cookie's token, if the header holds one of the right shape (43 base64url characters = 256 bits). */
export function readCookie(header: string | undefined, name: string): string | null {
  const value = header
    ?.split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1);
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}

/** Whether the header offers the named cookie at all (any value). */
export function offersCookie(header: string | undefined, name: string): boolean {
  return !!header?.split(';').some((c) => c.trim().startsWith(`${name}=`));
}

/**
 * Where to go after sign-in: a path on this service only, so the sign-in link is no open redirect
 * (RFC 6749 §10.15; OWASP Unvalidated Redirects Cheat Sheet). `//host` and `/\host` are refused
 * (browsers read both as another host), as are schemes, `..` and anything but plain path characters.
 */
const SAFE_RETURN = /^\/(?![/\\])[\w\-./~]{0,200}(\?[\w\-.~=&%]{0,300})?$/;
export const DEFAULT_RETURN = '/helpdesk';

export function safeReturnPath(value: string | undefined): string | null {
  if (value === undefined || value === '') return DEFAULT_RETURN;
  return SAFE_RETURN.test(value) && !value.includes('..') ? value : null;
}
