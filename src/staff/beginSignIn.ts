/**
 * Starts a staff sign-in: the authorization request of the code flow (OpenID Connect Core 1.0
 * §3.1.2.1) with a fresh `state` (RFC 6749 §10.12, against login CSRF), `nonce` (binds the ID token
 * to this request) and PKCE S256 challenge (RFC 7636 §4.2; the verifier never leaves the server).
 * All three stay in Redis under the browser's login-cookie token (stores/staffLoginStore.ts).
 */
import * as oidc from 'openid-client';
import type { AppContext } from '../context';
import { errors } from '../errors';
import { LOGIN_TTL_SECONDS } from './cookies';

export async function beginSignIn(ctx: AppContext, returnTo: string): Promise<{ authorizationUrl: string; loginToken: string }> {
  const client = ctx.staffOidc;
  if (!client) throw errors.staffOidcDisabled();
  const configuration = await client.configuration();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const loginToken = await ctx.staffLogins.create({ state, nonce, codeVerifier, returnTo, createdAt: ctx.clock.now() }, LOGIN_TTL_SECONDS * 1000);
  const url = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: client.settings.redirectUri,
    scope: client.settings.scopes,
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { authorizationUrl: url.href, loginToken };
}
