/**
 * The service as an OpenID Provider (docs/oidc.md), driven by openid-client: discovery, PAR +
 * PKCE, both client authentication methods, passkey sign-in through the interaction API with a
 * software passkey registered by a real recovery, the ID token verified against the published
 * JWKS, and every refusal with its standard OAuth error.
 */
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, SignJWT, UnsecuredJWT, type JSONWebKeySet } from 'jose';
import * as client from 'openid-client';
import request from 'supertest';
import { ADMIN_KEY, createHarness, type Harness } from './support/harness';
import { seedDirectory } from './support/journey';
import {
  JWT_CLIENT,
  RP_REDIRECT,
  SECRET_CLIENT,
  IDV_ONLY_CLIENT,
  clientsFile,
  recoverWithSoftPasskey,
  rp,
  signedIn,
  startSignIn,
  signInWithPasskey,
  followToRp,
  type Passkey,
} from './support/oidcRp';

let h: Harness;
let basic: client.Configuration;
let jwtRp: client.Configuration;
let jwtKey: CryptoKey;
let ben: Passkey;
let shift = 0;
const clock = { now: () => Date.now() + shift };

beforeAll(async () => {
  const clients = await clientsFile();
  jwtKey = clients.jwtKey;
  h = await createHarness({ clock, env: { OIDC_PROVIDER_ENABLED: 'true', OIDC_CLIENTS_FILE: clients.file, OIDC_KEY_GRACE_HOURS: '24' } });
  await seedDirectory(h);
  ben = await recoverWithSoftPasskey(h);
  basic = await rp(h.baseUrl, SECRET_CLIENT.id, client.ClientSecretBasic(SECRET_CLIENT.secret));
  jwtRp = await rp(h.baseUrl, JWT_CLIENT.id, client.PrivateKeyJwt(jwtKey));
});
afterAll(() => h.close());

async function jwks(): Promise<JSONWebKeySet> {
  return (await request(h.baseUrl).get('/oidc/jwks').expect(200)).body as JSONWebKeySet;
}

describe('discovery', () => {
  it('publishes the issuer, PAR, S256 only, both client authentication methods, RS256 only', async () => {
    const meta = (await request(h.baseUrl).get('/.well-known/openid-configuration').expect(200)).body;
    expect(meta).toMatchObject({
      issuer: h.baseUrl,
      authorization_endpoint: `${h.baseUrl}/authorize`,
      pushed_authorization_request_endpoint: `${h.baseUrl}/oidc/par`,
      token_endpoint: `${h.baseUrl}/oidc/token`,
      jwks_uri: `${h.baseUrl}/oidc/jwks`,
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
      id_token_signing_alg_values_supported: ['RS256'],
      claims_parameter_supported: true,
      acr_values_supported: ['phr', 'phrh'],
    });
    expect([...meta.token_endpoint_auth_methods_supported].sort()).toEqual(['client_secret_basic', 'private_key_jwt']);
    expect(meta.token_endpoint_auth_signing_alg_values_supported).not.toContain('none');
    const { keys } = await jwks();
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(Object.keys(key)).not.toEqual(expect.arrayContaining(['d']));
  });

  it('keeps private keys only sealed in Redis', async () => {
    const stored = await h.redis.hgetall(h.keys.oidcKeys());
    const text = JSON.stringify(stored);
    expect(Object.keys(stored).length).toBeGreaterThan(0);
    expect(text).not.toMatch(/"d"|"p"|"q"|RSA/);
  });
});

describe('passkey sign-in (client_secret_basic)', () => {
  it('PAR + PKCE, a passkey, and an ID token that verifies against the JWKS with sub, auth_time, amr and acr', async () => {
    const { started, callback } = await signedIn(h, basic, ben);
    const tokens = await client.authorizationCodeGrant(basic, callback, {
      pkceCodeVerifier: started.verifier,
      expectedState: started.state,
      expectedNonce: started.nonce,
    });
    const claims = tokens.claims();
    expect(claims).toMatchObject({ iss: h.baseUrl, aud: SECRET_CLIENT.id, acr: 'phr', amr: ['swk', 'user', 'mfa'] });
    expect(claims?.sub).toBe(await h.ctx.passkeys.userHandle('ben.okafor'));
    expect(typeof claims?.auth_time).toBe('number');
    const verified = await jwtVerify(tokens.id_token as string, createLocalJWKSet(await jwks()), { issuer: h.baseUrl, audience: SECRET_CLIENT.id });
    expect(verified.protectedHeader.alg).toBe('RS256');
  });

  it('the same account always gets the same sub', async () => {
    const first = await signedIn(h, basic, ben);
    const a = await client.authorizationCodeGrant(basic, first.callback, {
      pkceCodeVerifier: first.started.verifier,
      expectedState: first.started.state,
      expectedNonce: first.started.nonce,
    });
    const second = await signedIn(h, jwtRp, ben);
    const b = await client.authorizationCodeGrant(jwtRp, second.callback, {
      pkceCodeVerifier: second.started.verifier,
      expectedState: second.started.state,
      expectedNonce: second.started.nonce,
    });
    expect(a.claims()?.sub).toBe(b.claims()?.sub);
  });
});

/** The OAuth error of a refused openid-client call. */
async function oauthError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    // A 401 carries the error in WWW-Authenticate (RFC 6750 §3); openid-client lists its challenges as the cause.
    const challenge = (err as { cause?: Array<{ parameters?: { error?: string } }> }).cause;
    if (Array.isArray(challenge) && challenge[0]?.parameters?.error) return challenge[0].parameters.error;
    return (err as { error?: string }).error ?? (err as Error).message;
  }
  throw new Error('expected an OAuth error');
}

const pkce = async () => {
  const verifier = client.randomPKCECodeVerifier();
  return { verifier, challenge: await client.calculatePKCECodeChallenge(verifier) };
};

describe('refusals, each with the standard error', () => {
  it('an unknown client: invalid_client', async () => {
    const stranger = await rp(h.baseUrl, 'nobody', client.ClientSecretBasic('whatever-secret'));
    const { challenge } = await pkce();
    expect(
      await oauthError(
        client.buildAuthorizationUrlWithPAR(stranger, {
          redirect_uri: RP_REDIRECT,
          scope: 'openid',
          code_challenge: challenge,
          code_challenge_method: 'S256',
        }),
      ),
    ).toBe('invalid_client');
  });

  it("an error with nowhere safe to redirect is shown in the service's own page, escaped, without oidc-provider's default", async () => {
    const res = await fetch(`${h.baseUrl}/authorize?client_id=nobody&response_type=code&scope=openid&redirect_uri=https%3A%2F%2Fevil.example%2F%3Cscript%3E`, {
      headers: { accept: 'text/html' },
      redirect: 'manual',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<h1>Sign-in could not continue</h1>');
    expect(html).toContain('<code>invalid_client</code>');
    expect(html).not.toMatch(/<script|style=|oops/i);
  });

  it('a wrong client secret: invalid_client', async () => {
    const wrong = await rp(h.baseUrl, SECRET_CLIENT.id, client.ClientSecretBasic('not-the-secret'));
    const { challenge } = await pkce();
    expect(
      await oauthError(
        client.buildAuthorizationUrlWithPAR(wrong, {
          redirect_uri: RP_REDIRECT,
          scope: 'openid',
          code_challenge: challenge,
          code_challenge_method: 'S256',
        }),
      ),
    ).toBe('invalid_client');
  });

  it('a redirect URI that is not registered: invalid_request, and no redirect to it', async () => {
    const { challenge } = await pkce();
    expect(
      await oauthError(
        client.buildAuthorizationUrlWithPAR(basic, {
          redirect_uri: 'https://evil.example.test/callback',
          scope: 'openid',
          code_challenge: challenge,
          code_challenge_method: 'S256',
        }),
      ),
    ).toMatch(/^invalid_(request|redirect_uri)$/);
    // Without PAR, /authorize shows an error page instead of redirecting to an unregistered URI (RFC 6749 §4.1.2.1).
    const url = client.buildAuthorizationUrl(basic, {
      redirect_uri: 'https://evil.example.test/callback',
      scope: 'openid',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('no PKCE challenge, or the plain method: invalid_request', async () => {
    expect(await oauthError(client.buildAuthorizationUrlWithPAR(basic, { redirect_uri: RP_REDIRECT, scope: 'openid' }))).toBe('invalid_request');
    expect(
      await oauthError(
        client.buildAuthorizationUrlWithPAR(basic, {
          redirect_uri: RP_REDIRECT,
          scope: 'openid',
          code_challenge: 'a'.repeat(43),
          code_challenge_method: 'plain',
        }),
      ),
    ).toBe('invalid_request');
  });

  it('a wrong or missing PKCE verifier at the token endpoint: invalid_grant', async () => {
    const { started, callback } = await signedIn(h, basic, ben);
    expect(
      await oauthError(
        client.authorizationCodeGrant(basic, callback, {
          pkceCodeVerifier: client.randomPKCECodeVerifier(),
          expectedState: started.state,
          expectedNonce: started.nonce,
        }),
      ),
    ).toBe('invalid_grant');
    const second = await signedIn(h, basic, ben);
    const code = second.callback.searchParams.get('code') as string;
    const res = await fetch(`${h.baseUrl}/oidc/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${SECRET_CLIENT.id}:${SECRET_CLIENT.secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: RP_REDIRECT }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_grant');
  });

  it('a code used twice: invalid_grant the second time', async () => {
    const { started, callback } = await signedIn(h, basic, ben);
    const checks = { pkceCodeVerifier: started.verifier, expectedState: started.state, expectedNonce: started.nonce };
    await client.authorizationCodeGrant(basic, callback, checks);
    expect(await oauthError(client.authorizationCodeGrant(basic, callback, checks))).toBe('invalid_grant');
  });

  it('a PAR request_uri used again after its authorization, or expired: invalid_request_uri', async () => {
    const { started } = await signedIn(h, basic, ben);
    const again = await fetch(started.authorizeUrl, { redirect: 'manual' });
    expect(again.status).toBe(400);
    expect(await again.text()).toMatch(/invalid_request_uri/);

    const { challenge } = await pkce();
    const other = await client.buildAuthorizationUrlWithPAR(basic, {
      redirect_uri: RP_REDIRECT,
      scope: 'openid',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const id = (other.searchParams.get('request_uri') as string).split(':').pop() as string;
    // Stored with oidc-provider's lifetime for it as a Redis TTL (RFC 9126 §2.2: short-lived; oidc-provider: 60 s).
    const key = h.keys.oidcModel('PushedAuthorizationRequest', id);
    const ttl = await h.redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
    await h.redis.del(key); // what the TTL does when it runs out
    const expired = await fetch(other, { redirect: 'manual' });
    expect(expired.status).toBe(400);
    expect(await expired.text()).toMatch(/invalid_request_uri/);
  });

  it('a client assertion with alg none: invalid_client', async () => {
    const none = new UnsecuredJWT({ jti: client.randomState() })
      .setIssuer(JWT_CLIENT.id)
      .setSubject(JWT_CLIENT.id)
      .setAudience(h.baseUrl)
      .setIssuedAt()
      .setExpirationTime('1m')
      .encode();
    const { challenge } = await pkce();
    const res = await fetch(`${h.baseUrl}/oidc/par`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: JWT_CLIENT.id,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: none,
        response_type: 'code',
        redirect_uri: RP_REDIRECT,
        scope: 'openid',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
    });
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe('invalid_client');
    // The same request, signed with the client's key, is accepted.
    const signed = await new SignJWT({ jti: client.randomState() })
      .setProtectedHeader({ alg: 'ES256', kid: 'rp-jwt-1' })
      .setIssuer(JWT_CLIENT.id)
      .setSubject(JWT_CLIENT.id)
      .setAudience(h.baseUrl)
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(jwtKey);
    const ok = await fetch(`${h.baseUrl}/oidc/par`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: JWT_CLIENT.id,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: signed,
        response_type: 'code',
        redirect_uri: RP_REDIRECT,
        scope: 'openid',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
    });
    expect(ok.status).toBe(201);
  });

  it('a client asking for a use it is not registered for: unauthorized_client', async () => {
    const idvOnly = await rp(h.baseUrl, IDV_ONLY_CLIENT.id, client.ClientSecretBasic(IDV_ONLY_CLIENT.secret));
    const { challenge } = await pkce();
    expect(
      await oauthError(
        client.buildAuthorizationUrlWithPAR(idvOnly, {
          redirect_uri: RP_REDIRECT,
          scope: 'openid',
          code_challenge: challenge,
          code_challenge_method: 'S256',
        }),
      ),
    ).toBe('unauthorized_client');
    expect(
      await oauthError(
        client.buildAuthorizationUrlWithPAR(jwtRp, {
          redirect_uri: RP_REDIRECT,
          scope: 'openid',
          code_challenge: challenge,
          code_challenge_method: 'S256',
          claims: JSON.stringify({ id_token: { verified_claims: { verification: { trust_framework: null }, claims: { given_name: null } } } }),
        }),
      ),
    ).toBe('unauthorized_client');
  });

  it('a person who declines: access_denied at the relying party, never a code', async () => {
    const started = await startSignIn(basic);
    const res = await started.browser.post(`${started.interactionUrl}/decline`);
    const callback = await followToRp(started, ((await res.json()) as { redirectTo: string }).redirectTo);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('code')).toBeNull();
  });

  it("an account under the owner's repudiation lock cannot sign in", async () => {
    const { writeLock, clearLock } = await import('../src/safety/lockout');
    await writeLock(h.ctx, 'ben.okafor', { reason: 'owner_repudiated', since: h.ctx.clock.now(), until: null, recoveryId: null });
    try {
      const started = await startSignIn(basic);
      const res = await signInWithPasskey(h, started, ben);
      expect(res.status).toBe(403);
      expect((await res.json()).code).toBe('oidc.account_locked');
    } finally {
      await clearLock(h.ctx, 'ben.okafor');
    }
  });

  it('an account flagged risky cannot sign in until re-proofing clears the risk', async () => {
    const admin = { Authorization: `Bearer ${ADMIN_KEY}` };
    await request(h.baseUrl).put('/v1/admin/risky-users/ben.okafor').set(admin).send({ reason: 'token theft reported', level: 'high' }).expect(200);
    try {
      const started = await startSignIn(basic);
      const res = await signInWithPasskey(h, started, ben);
      expect(res.status).toBe(403);
      expect((await res.json()).code).toBe('oidc.account_risky');
      const trail = (await request(h.baseUrl).get('/v1/admin/audit').query({ type: 'oidc.sign_in_refused', username: 'ben.okafor' }).set(admin).expect(200))
        .body.items as { data: Record<string, unknown> }[];
      expect(trail.find((e) => e.data.reason === 'account_risky')?.data).toMatchObject({ sources: ['admin'] });
    } finally {
      await request(h.baseUrl).delete('/v1/admin/risky-users/ben.okafor').set(admin).expect(204);
    }
  });

  it("a passkey the account's profiles no longer allow is refused at sign-in", async () => {
    const profiles = await h.ctx.passkeyProfiles.list();
    const { profilesFor } = await import('../src/passkeys/evaluateProfiles');
    const account = await h.ctx.directory.findAccount('ben.okafor');
    const mine = profilesFor(profiles, account?.groups ?? []);
    const saved = JSON.parse(JSON.stringify(mine));
    for (const p of mine) await h.ctx.passkeyProfiles.put({ ...p, passkeyTypes: ['deviceBound'] });
    try {
      const started = await startSignIn(basic);
      const res = await signInWithPasskey(h, started, ben);
      expect(res.status).toBe(422);
      expect((await res.json()).code).toBe('passkey.profile_violation');
    } finally {
      for (const p of saved) await h.ctx.passkeyProfiles.put(p);
    }
  });
});

describe('any API process serves any step (state in Redis)', () => {
  it('PAR and /authorize on one instance, the passkey and the token request on another', async () => {
    const http = await import('node:http');
    const { createContext } = await import('../src/runtime/createContext');
    const { createProviders } = await import('../src/runtime/providers');
    const { createApp } = await import('../src/http/app');
    const { createLogger } = await import('../src/logger');
    const other = createContext(h.ctx.config, h.infra, createProviders(h.mocks.providersConfig), { clock, logger: createLogger('silent') });
    const server = http.createServer(createApp(other.ctx));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const otherBase = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const started = await startSignIn(basic); // instance A
      const onB = { ...started, interactionUrl: started.interactionUrl.replace(h.baseUrl, otherBase) };
      const res = await signInWithPasskey(h, onB, ben); // instance B
      expect(res.status).toBe(200);
      const callback = await followToRp(started, ((await res.json()) as { redirectTo: string }).redirectTo); // resumes on A
      const { supportsPKCE: _unused, ...metadata } = basic.serverMetadata();
      const viaB = new client.Configuration(
        { ...metadata, token_endpoint: `${otherBase}/oidc/token` },
        SECRET_CLIENT.id,
        { redirect_uris: [RP_REDIRECT] },
        client.ClientSecretBasic(SECRET_CLIENT.secret),
      );
      client.allowInsecureRequests(viaB);
      const tokens = await client.authorizationCodeGrant(viaB, callback, {
        pkceCodeVerifier: started.verifier,
        expectedState: started.state,
        expectedNonce: started.nonce,
      });
      expect(tokens.claims()?.sub).toBe(await h.ctx.passkeys.userHandle('ben.okafor'));
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await other.close();
    }
  });
});

describe('signing key rotation', () => {
  const admin = (method: 'get' | 'post', path: string) => request(h.baseUrl)[method](path).set('Authorization', `Bearer ${ADMIN_KEY}`);

  async function idToken(): Promise<string> {
    const { started, callback } = await signedIn(h, basic, ben);
    const tokens = await client.authorizationCodeGrant(basic, callback, {
      pkceCodeVerifier: started.verifier,
      expectedState: started.state,
      expectedNonce: started.nonce,
    });
    return tokens.id_token as string;
  }

  it('tokens signed before a rotation still verify; the old key leaves the JWKS after its grace period', async () => {
    const before = await idToken();
    const oldKid = decodeProtectedHeader(before).kid;
    const rotated = (await admin('post', '/v1/admin/oidc/keys/rotate').expect(200)).body.items as Array<{
      kid: string;
      signing: boolean;
      removeAt: string | null;
    }>;
    const signing = rotated.find((k) => k.signing);
    expect(signing?.kid).not.toBe(oldKid);
    expect(rotated.find((k) => k.kid === oldKid)?.removeAt).not.toBeNull();

    const after = await idToken();
    expect(decodeProtectedHeader(after).kid).toBe(signing?.kid);
    const published = await jwks();
    expect(published.keys.map((k) => k.kid)).toEqual([signing?.kid, oldKid]);
    await jwtVerify(before, createLocalJWKSet(published), { issuer: h.baseUrl, audience: SECRET_CLIENT.id, currentDate: new Date() });
    await jwtVerify(after, createLocalJWKSet(published), { issuer: h.baseUrl, audience: SECRET_CLIENT.id });

    shift += 24 * 3_600_000 + 1000; // past OIDC_KEY_GRACE_HOURS (24) on the service clock
    expect((await jwks()).keys.map((k) => k.kid)).toEqual([signing?.kid]);
    await expect(jwtVerify(before, createLocalJWKSet(await jwks()))).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
    const listed = (await admin('get', '/v1/admin/oidc/keys').expect(200)).body.items as Array<{ kid: string }>;
    expect(listed.map((k) => k.kid)).toContain(signing?.kid);
  });
});

describe('admin API for relying parties', () => {
  const admin = () => request(h.baseUrl);
  const auth = { Authorization: `Bearer ${ADMIN_KEY}` };

  it('registers a client_secret_basic client (secret shown once), which can then sign people in; deletes it', async () => {
    const created = await admin()
      .post('/v1/admin/oidc/clients')
      .set(auth)
      .send({ clientId: 'rp-api', name: 'API RP', redirectUris: [RP_REDIRECT], uses: ['passkey_sign_in'], authMethod: 'client_secret_basic' })
      .expect(201);
    expect(created.body).toMatchObject({ clientId: 'rp-api', source: 'api', uses: ['passkey_sign_in'] });
    const secret = created.body.clientSecret as string;
    expect(secret.length).toBeGreaterThanOrEqual(43);
    const stored = await h.redis.hget(h.keys.oidcClients(), 'rp-api');
    expect(stored).not.toContain(secret);
    const list = await admin().get('/v1/admin/oidc/clients').set(auth).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(list.body.items.map((c: { clientId: string }) => c.clientId)).toEqual(expect.arrayContaining([SECRET_CLIENT.id, JWT_CLIENT.id, 'rp-api']));

    const viaApi = await rp(h.baseUrl, 'rp-api', client.ClientSecretBasic(secret));
    const { started, callback } = await signedIn(h, viaApi, ben);
    await client.authorizationCodeGrant(viaApi, callback, { pkceCodeVerifier: started.verifier, expectedState: started.state, expectedNonce: started.nonce });

    await admin()
      .post('/v1/admin/oidc/clients')
      .set(auth)
      .send({ clientId: 'rp-api', name: 'Again', redirectUris: [RP_REDIRECT], uses: ['passkey_sign_in'], authMethod: 'client_secret_basic' })
      .expect(409)
      .expect((res) => expect(res.body.code).toBe('oidc.client_exists'));
    await admin().delete('/v1/admin/oidc/clients/rp-api').set(auth).expect(204);
    await admin().delete(`/v1/admin/oidc/clients/${SECRET_CLIENT.id}`).set(auth).expect(409);
    const { challenge } = await pkce();
    expect(
      await oauthError(
        client.buildAuthorizationUrlWithPAR(viaApi, {
          redirect_uri: RP_REDIRECT,
          scope: 'openid',
          code_challenge: challenge,
          code_challenge_method: 'S256',
        }),
      ),
    ).toBe('invalid_client');
  });

  it('refuses plain-http redirect URIs off loopback and staff without the admin role', async () => {
    await admin()
      .post('/v1/admin/oidc/clients')
      .set(auth)
      .send({ name: 'Bad', redirectUris: ['http://rp.example.test/cb'], uses: ['passkey_sign_in'], authMethod: 'client_secret_basic' })
      .expect(400)
      .expect((res) => expect(res.body.code).toBe('request.invalid'));
    await admin().get('/v1/admin/oidc/clients').expect(401);
  });
});
