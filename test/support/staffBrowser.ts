/**
 * A scripted browser for the staff sign-in tests: fetch with manual redirects and a cookie jar
 * per host:port (enough for two loopback servers; paths and expiry dates are not needed here), so
 * a test can stop at the OP's callback, replay it, or tamper with it.
 */
import { ACCOUNTS, PASSWORD } from './oidcProvider';

export class StaffBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  cookies(url: string): Map<string, string> {
    const host = new URL(url).host;
    let jar = this.jars.get(host);
    if (!jar) this.jars.set(host, (jar = new Map()));
    return jar;
  }

  /** The Cookie header this browser would send to `url`. */
  cookieHeader(url: string): string {
    return [...this.cookies(url)].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(url);
    if (cookie) headers.set('cookie', cookie);
    if (!headers.has('accept')) headers.set('accept', 'text/html');
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    const jar = this.cookies(url);
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';').map((p) => p.trim());
      const eq = pair.indexOf('=');
      const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
      const gone = value === '' || attrs.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()));
      if (gone) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  }

  /** Follows redirects from `url` until `stop(url)` says so (not fetched) or a non-redirect answers. */
  async follow(url: string, stop: (next: string) => boolean = () => false): Promise<{ url: string; res: Response | null }> {
    let current = url;
    for (let hops = 0; hops < 15; hops++) {
      if (hops > 0 && stop(current)) return { url: current, res: null };
      const res = await this.fetch(current);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { url: current, res };
      current = new URL(location, current).href;
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

export interface SignInOptions {
  returnTo?: string;
  password?: string;
}

/**
 * Starts a sign-in at the service, logs in at the OP's page as `who`, and stops at the callback
 * URL the OP sends the browser to (not yet opened), so the caller decides what to do with it.
 */
export async function toCallback(browser: StaffBrowser, baseUrl: string, who: keyof typeof ACCOUNTS, options: SignInOptions = {}): Promise<string> {
  const start = `${baseUrl}/staff/sign-in${options.returnTo === undefined ? '' : `?return=${encodeURIComponent(options.returnTo)}`}`;
  const atLogin = await browser.follow(start);
  if (!atLogin.res || atLogin.res.status !== 200) throw new Error(`expected the OP's login page, got ${atLogin.res?.status} at ${atLogin.url}`);
  const action = /action="([^"]+)"/.exec(await atLogin.res.text())?.[1];
  if (!action) throw new Error('no login form at the OP');
  const posted = await browser.fetch(new URL(action, atLogin.url).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: ACCOUNTS[who]!.username, password: options.password ?? PASSWORD }).toString(),
  });
  const location = posted.headers.get('location');
  if (!location) throw new Error(`the OP did not accept the login (${posted.status})`);
  const callback = `${baseUrl}/staff/callback`;
  const reached = await browser.follow(new URL(location, atLogin.url).href, (next) => next.startsWith(callback));
  if (!reached.url.startsWith(callback)) throw new Error(`the OP did not send the browser back (${reached.res?.status} at ${reached.url})`);
  return reached.url;
}

/** A full sign-in; returns the browser's staff session cookie (`name=value`) and where it landed. */
export async function signIn(
  browser: StaffBrowser,
  baseUrl: string,
  who: keyof typeof ACCOUNTS,
  options: SignInOptions = {},
): Promise<{ cookie: string; res: Response }> {
  const res = await browser.fetch(await toCallback(browser, baseUrl, who, options));
  const token = browser.cookies(baseUrl).get('staff_session');
  if (res.status !== 303 || !token) throw new Error(`sign-in as ${who} failed: ${res.status} ${await res.text()}`);
  return { cookie: `staff_session=${token}`, res };
}
