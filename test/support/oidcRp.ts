/**
 * A relying party of the service's OpenID Provider, for tests: openid-client (panva) for every
 * protocol step, a cookie jar standing in for the person's browser between /authorize and the
 * redirect back, and a software passkey (support/softAuthenticator.ts) registered through a real
 * recovery, so the sign-in is the same WebAuthn ceremony a browser performs.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import * as client from 'openid-client';
import request from 'supertest';
import { authenticate, register, type SoftCredential } from './softAuthenticator';
import { recover, status } from './journey';
import { loadIdentity } from '../fixtures/identities';
import type { Harness } from './harness';

export const RP_REDIRECT = 'https://rp.example.test/callback';
export const SECRET_CLIENT = { id: 'rp-basic', secret: 'rp-basic-secret-0123456789abcdefghijklmnop', env: 'TEST_OIDC_RP_BASIC_SECRET' };
export const JWT_CLIENT = { id: 'rp-jwt' };
export const IDV_ONLY_CLIENT = { id: 'rp-idv-only', secret: 'rp-idv-secret-0123456789abcdefghijklmnop', env: 'TEST_OIDC_RP_IDV_SECRET' };

/** Writes an OIDC_CLIENTS_FILE with a client_secret_basic client, a private_key_jwt client and an IDV-only client. */
export async function clientsFile(): Promise<{ file: string; jwtKey: CryptoKey }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  process.env[SECRET_CLIENT.env] = SECRET_CLIENT.secret;
  process.env[IDV_ONLY_CLIENT.env] = IDV_ONLY_CLIENT.secret;
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'oidc-clients-')), 'oidc-clients.json');
  writeFileSync(
    file,
    JSON.stringify({
      clients: [
        {
          client_id: SECRET_CLIENT.id,
          client_name: 'Basic RP',
          redirect_uris: [RP_REDIRECT],
          uses: ['passkey_sign_in', 'identity_verification'],
          token_endpoint_auth_method: 'client_secret_basic',
          client_secret_env: SECRET_CLIENT.env,
        },
        {
          client_id: JWT_CLIENT.id,
          client_name: 'JWT RP',
          redirect_uris: [RP_REDIRECT],
          uses: ['passkey_sign_in'],
          token_endpoint_auth_method: 'private_key_jwt',
          jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'rp-jwt-1', alg: 'ES256', use: 'sig' }] },
        },
        {
          client_id: IDV_ONLY_CLIENT.id,
          client_name: 'IDV RP',
          redirect_uris: [RP_REDIRECT],
          uses: ['identity_verification'],
          token_endpoint_auth_method: 'client_secret_basic',
          client_secret_env: IDV_ONLY_CLIENT.env,
        },
      ],
    }),
  );
  return { file, jwtKey: privateKey };
}

export async function rp(issuer: string, clientId: string, auth: client.ClientAuth): Promise<client.Configuration> {
  return client.discovery(new URL(issuer), clientId, { redirect_uris: [RP_REDIRECT] }, auth, { execute: [client.allowInsecureRequests] });
}

/** One browser: cookies by name (paths ignored: oidc-provider reads its own cookies by name). */
export class Browser {
  private readonly cookies = new Map<string, string>();

  async get(url: string | URL): Promise<Response> {
    return this.send(url, { method: 'GET' });
  }

  async post(url: string | URL, body?: unknown): Promise<Response> {
    return this.send(
      url,
      body === undefined ? { method: 'POST' } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    );
  }

  private async send(url: string | URL, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }
}

export interface Started {
  /** The /authorize URL with the PAR request_uri. */
  authorizeUrl: URL;
  browser: Browser;
  interactionUrl: string;
  uid: string;
  verifier: string;
  state: string;
  nonce: string;
}

/** PAR + PKCE with openid-client, then the browser follows /authorize to the interaction page. */
export async function startSignIn(config: client.Configuration, extra: Record<string, string> = {}): Promise<Started> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = await client.buildAuthorizationUrlWithPAR(config, {
    redirect_uri: RP_REDIRECT,
    scope: 'openid',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  const browser = new Browser();
  const res = await browser.get(url);
  const location = res.headers.get('location');
  if (res.status !== 303 || !location) throw new Error(`/authorize answered ${res.status}: ${await res.text()}`);
  const interactionUrl = new URL(location, url).href;
  const uid = interactionUrl.split('/').pop() as string;
  return { authorizeUrl: url, browser, interactionUrl, uid, verifier, state, nonce };
}

export interface Passkey {
  credential: SoftCredential;
  backupEligible: boolean;
}

/** The passkey sign-in on the interaction page's API; returns the page's answer. */
export async function signInWithPasskey(h: Harness, started: Started, passkey: Passkey): Promise<Response> {
  const options = await started.browser.post(`${started.interactionUrl}/passkey/options`);
  if (options.status !== 200) throw new Error(`options: ${options.status} ${await options.text()}`);
  const {
    options: { challenge },
  } = (await options.json()) as { options: { challenge: string } };
  const response = authenticate(passkey.credential, { rpId: 'localhost', origin: h.baseUrl, challenge }, passkey.backupEligible);
  return started.browser.post(`${started.interactionUrl}/passkey`, { response });
}

/** Follows the interaction's end back to the relying party's redirect URI; returns that URL. */
export async function followToRp(started: Started, redirectTo: string): Promise<URL> {
  let next = redirectTo;
  for (let hop = 0; hop < 5; hop += 1) {
    if (next.startsWith(RP_REDIRECT)) return new URL(next);
    const res = await started.browser.get(next);
    const location = res.headers.get('location');
    if (!location) throw new Error(`no redirect from ${next}: ${res.status} ${await res.text()}`);
    next = new URL(location, next).href;
  }
  throw new Error('too many redirects');
}

/** Signs in completely and returns the callback URL carrying the code. */
export async function signedIn(h: Harness, config: client.Configuration, passkey: Passkey, extra: Record<string, string> = {}) {
  const started = await startSignIn(config, extra);
  const res = await signInWithPasskey(h, started, passkey);
  if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  const callback = await followToRp(started, ((await res.json()) as { redirectTo: string }).redirectTo);
  return { started, callback };
}

/** ben.okafor recovers (HTTP, mock vendor) and enrolls a software passkey through the real enrollment API. */
export async function recoverWithSoftPasskey(h: Harness, username = 'ben.okafor', identity = 'ben-okafor', backupEligible = true): Promise<Passkey> {
  const { id, token } = await recover(h, username, loadIdentity(identity));
  const pass = (await status(h, id, token).expect(200)).body as { accessPass: { code: string } };
  const started = await request(h.baseUrl).post('/v1/enrollments').send({ username, accessPass: pass.accessPass.code }).expect(201);
  const { id: enrollmentId, token: bearer, options } = started.body as { id: string; token: string; options: { challenge: string } };
  const post = (p: string, body: object = {}) =>
    request(h.baseUrl).post(`/v1/enrollments/${enrollmentId}${p}`).set('Authorization', `Bearer ${bearer}`).send(body);
  const rpInfo = { rpId: 'localhost', origin: h.baseUrl };
  const made = await register({
    ...rpInfo,
    challenge: options.challenge,
    aaguid: '00000000-0000-0000-0000-000000000000',
    backupEligible,
    attestation: { fmt: 'none' },
  });
  await post('/passkeys', { response: made.response }).expect(201);
  const challenge = ((await post('/assertion/options').expect(200)).body as { options: { challenge: string } }).options.challenge;
  await post('/assertion', { response: authenticate(made.credential, { ...rpInfo, challenge }, backupEligible) }).expect(200);
  return { credential: made.credential, backupEligible };
}
