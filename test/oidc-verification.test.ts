/**
 * Identity verification as a service (OpenID Connect for Identity Assurance 1.0, docs/oidc.md),
 * driven by openid-client with PAR + PKCE: the relying party asks for `verified_claims` with the
 * claims parameter, the person's browser (a cookie jar) starts the verification on the interaction
 * API and uploads fixture photos through the recovery API, the mock vendor decides from the pixels,
 * and the relying party gets an ID token (verified against the JWKS) whose `verified_claims` match
 * the IDA schema and hold only what it asked for; or, for a mismatched or declined verification,
 * `access_denied` and never a code. No credential is issued, and the relying party never receives
 * an image.
 */
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import * as client from 'openid-client';
import request from 'supertest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ADMIN_KEY, HELPDESK_KEY, createHarness, type Harness } from './support/harness';
import { seedDirectory } from './support/journey';
import { RP_REDIRECT, SECRET_CLIENT, clientsFile, followToRp, rp, startSignIn, type Started } from './support/oidcRp';
import { loadIdentity, type FixtureIdentity } from './fixtures/identities';
import { VerifiedClaims } from './fixtures/idaSchema';
import { view } from '../flows/transition';
import type { RecoveryStatus } from '../flows/recoveryMachine';

let h: Harness;
let basic: client.Configuration;

beforeAll(async () => {
  const clients = await clientsFile();
  h = await createHarness({ env: { OIDC_PROVIDER_ENABLED: 'true', OIDC_CLIENTS_FILE: clients.file } });
  await seedDirectory(h);
  basic = await rp(h.baseUrl, SECRET_CLIENT.id, client.ClientSecretBasic(SECRET_CLIENT.secret));
  client.enableNonRepudiationChecks(basic);
});
afterAll(() => h.close());

/** What the relying party asks for: every verification element this service offers, and three claims. */
const FULL_REQUEST = {
  id_token: {
    verified_claims: {
      verification: {
        trust_framework: null,
        assurance_level: null,
        time: null,
        verification_process: null,
        evidence: [
          {
            type: { value: 'document' },
            check_details: [{ check_method: null, organization: null, check_id: null, time: null }],
            time: null,
            document_details: { type: null, document_number: null, date_of_expiry: null, issuer: { country_code: null } },
          },
        ],
      },
      claims: { given_name: null, family_name: null, birthdate: null },
    },
  },
};

interface Verification {
  started: Started;
  id: string;
  token: string;
  status: RecoveryStatus;
}

/** PAR + PKCE, the interaction's verification start, the photos through the recovery API, and the wait for its end. */
async function verify(
  person: { selfie: Buffer; documentFront: Buffer; documentBack?: Buffer },
  extra: Record<string, string> = {},
  claims: object = FULL_REQUEST,
  config: client.Configuration = basic,
): Promise<Verification> {
  const started = await startSignIn(config, { claims: JSON.stringify(claims), ...extra });
  const details = (await (await started.browser.get(`${started.interactionUrl}/details`)).json()) as { use: string };
  expect(details.use).toBe('identity_verification');
  const res = await started.browser.post(`${started.interactionUrl}/verification`);
  expect(res.status).toBe(201);
  const { id, token } = (await res.json()) as { id: string; token: string };
  let upload = request(h.baseUrl)
    .post(`/v1/recoveries/${id}/evidence`)
    .set('Authorization', `Bearer ${token}`)
    .attach('selfie', person.selfie, 'selfie.png')
    .attach('documentFront', person.documentFront, 'front.png')
    .field('selfieSource', 'camera')
    .field('documentType', 'driving_licence')
    .field('consent', 'true');
  if (person.documentBack) upload = upload.attach('documentBack', person.documentBack, 'back.png');
  await upload.expect(202);
  const status = await h.waitForStatus(id, (s) => !['awaiting_evidence', 'verifying'].includes(s));
  return { started, id, token, status };
}

async function finish(v: Verification): Promise<URL> {
  const res = await v.started.browser.post(`${v.started.interactionUrl}/verification/finish`);
  expect(res.status).toBe(200);
  return followToRp(v.started, ((await res.json()) as { redirectTo: string }).redirectTo);
}

async function jwks(): Promise<JSONWebKeySet> {
  return (await request(h.baseUrl).get('/oidc/jwks').expect(200)).body as JSONWebKeySet;
}

const ben = (): FixtureIdentity => loadIdentity('ben-okafor');

describe('discovery', () => {
  it('advertises identity assurance: trust framework, document evidence, check methods and claims', async () => {
    const meta = (await request(h.baseUrl).get('/.well-known/openid-configuration').expect(200)).body;
    expect(meta).toMatchObject({
      claims_parameter_supported: true,
      verified_claims_supported: true,
      trust_frameworks_supported: ['nist_800_63A'],
      evidence_supported: ['document'],
      documents_check_methods_supported: ['vri', 'bvr', 'pvr'],
      claims_in_verified_claims_supported: ['given_name', 'family_name', 'birthdate'],
    });
    expect(meta.documents_supported).toEqual(expect.arrayContaining(['passport', 'idcard', 'driving_permit']));
    expect(meta.claims_supported).toContain('verified_claims');
  });

  it('serves what docs/oidc.md tells a Keycloak administrator to set', async () => {
    const doc = readFileSync(path.join(__dirname, '..', 'docs', 'oidc.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Keycloak: identity brokering'), doc.indexOf('## Identity verification (OpenID Connect'));
    const rows = new Map([...section.matchAll(/^\| ([^|]+?) \| (.+) \|$/gm)].map((m) => [m[1]!, m[2]!]));
    const meta = (await request(h.baseUrl).get('/.well-known/openid-configuration').expect(200)).body;
    expect(rows.get('Discovery endpoint')).toContain('{OIDC_ISSUER}/.well-known/openid-configuration');
    expect(rows.get('Use PKCE')).toMatch(/^on, method `S256`/);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(rows.get('Pushed authorization request')).toMatch(/^on\b/);
    expect(meta.pushed_authorization_request_endpoint).toBe(`${h.baseUrl}/oidc/par`);
    expect(rows.get('Client authentication')).toMatch(/basic auth.*JWT signed with private key.*private_key_jwt/);
    expect(meta.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(['client_secret_basic', 'private_key_jwt']));
    expect(rows.get('Validate signatures')).toContain('Use JWKS URL');
    expect(meta.jwks_uri).toBe(`${h.baseUrl}/oidc/jwks`);
    expect(meta.id_token_signing_alg_values_supported).toEqual(['RS256']); // Keycloak's default for an OIDC provider
    expect(rows.get('Default scopes')).toBe('`openid`');
    expect(meta.scopes_supported).toContain('openid');
    // Identity verification through the broker: the claims parameter, and verified_claims to import.
    expect(section).toContain('`claims` parameter');
    expect(meta.claims_parameter_supported).toBe(true);
    expect(section).toContain('verified_claims.claims.given_name');
    expect(meta.claims_in_verified_claims_supported).toContain('given_name');
  });
});

describe('a verification that succeeds', () => {
  it("with login_hint: the account's sub and verified_claims that match the IDA schema, no credential", async () => {
    const v = await verify(ben(), { login_hint: 'ben.okafor' });
    expect(v.status).toBe('verified');
    const callback = await finish(v);
    expect(callback.searchParams.get('error')).toBeNull();
    const tokens = await client.authorizationCodeGrant(basic, callback, {
      pkceCodeVerifier: v.started.verifier,
      expectedState: v.started.state,
      expectedNonce: v.started.nonce,
    });
    const verified = await jwtVerify(tokens.id_token as string, createLocalJWKSet(await jwks()), { issuer: h.baseUrl, audience: SECRET_CLIENT.id });
    const claims = verified.payload as Record<string, unknown>;
    expect(claims.sub).toBe(await h.ctx.passkeys.userHandle('ben.okafor'));
    const vc = VerifiedClaims.parse(claims.verified_claims);
    expect(vc.claims).toEqual({ given_name: 'Benjamin', family_name: 'Okafor', birthdate: '1985-11-03' });
    expect(vc.verification).toMatchObject({ trust_framework: 'nist_800_63A', assurance_level: 'ial2', verification_process: v.id });
    const evidence = vc.verification.evidence?.[0];
    expect(evidence?.check_details?.map((c) => c.check_method)).toEqual(['vri', 'bvr']);
    expect(evidence?.document_details).toEqual({
      type: 'driving_permit',
      document_number: 'D48213975',
      date_of_expiry: '2029-11-03',
      issuer: { country_code: 'USA' },
    });
    expect(Math.abs(h.ctx.clock.now() - Date.parse(vc.verification.time as string))).toBeLessThan(120_000);
    // The same at UserInfo, for a client that asks there: here the ID token request only, so none.
    const info = await client.fetchUserInfo(basic, tokens.access_token, claims.sub as string);
    expect(info.verified_claims).toBeUndefined();

    // No access pass, no credential, nothing to enroll; and no image anywhere in what the RP got.
    const record = (await h.ctx.recoveries.get(v.id))!;
    expect(view(record.snapshot).context.accessPass).toBe('none');
    expect(await h.redis.get(h.ctx.accessPasses.keyFor('ben.okafor'))).toBeNull();
    const status = (await request(h.baseUrl).get(`/v1/recoveries/${v.id}`).set('Authorization', `Bearer ${v.token}`).expect(200)).body;
    expect(status).toEqual({ id: v.id, status: 'verified' });
    // Agents see it as an application's identity check, not a self-service recovery, in the view and the list.
    const agent = (path: string) => request(h.baseUrl).get(path).set('Authorization', `Bearer ${HELPDESK_KEY}`).expect(200);
    expect((await agent(`/v1/helpdesk/recoveries/${v.id}`)).body).toMatchObject({
      id: v.id,
      origin: 'oidc_verification',
      status: 'verified',
      initiatedBy: null,
    });
    const listed = (await agent('/v1/helpdesk/recoveries?username=ben.okafor')).body.items as Array<{ id: string; origin: string }>;
    expect(listed.find((r) => r.id === v.id)?.origin).toBe('oidc_verification');
    const delivered = JSON.stringify(tokens);
    expect(delivered).not.toMatch(/iVBORw0KGgo|\/9j\/|data:image/); // PNG / JPEG base64 magic
    expect(delivered.length).toBeLessThan(8_000);
    // The recovery's sealed copy is gone once handed over under the grant.
    expect(await h.ctx.verifiedIdentities.identity(v.id)).toBeNull();
  });

  it('without login_hint: a pseudonymous subject, and only the requested sub-elements', async () => {
    const v = await verify(ben(), {}, { userinfo: { verified_claims: { verification: { trust_framework: null }, claims: { given_name: null } } } });
    expect(v.status).toBe('verified');
    const callback = await finish(v);
    const tokens = await client.authorizationCodeGrant(basic, callback, {
      pkceCodeVerifier: v.started.verifier,
      expectedState: v.started.state,
      expectedNonce: v.started.nonce,
    });
    const sub = tokens.claims()?.sub as string;
    expect(sub).toMatch(/^v\.[\w-]{43}$/);
    expect(sub).not.toBe(await h.ctx.passkeys.userHandle('ben.okafor'));
    expect(tokens.claims()?.verified_claims).toBeUndefined(); // asked at UserInfo only
    const info = await client.fetchUserInfo(basic, tokens.access_token, sub);
    expect(VerifiedClaims.parse(info.verified_claims)).toEqual({ verification: { trust_framework: 'nist_800_63A' }, claims: { given_name: 'Benjamin' } });
  });

  it('a trust framework the service does not offer: the element is omitted, not an error (IDA §6)', async () => {
    const v = await verify(
      ben(),
      {},
      { id_token: { verified_claims: { verification: { trust_framework: { value: 'eidas' } }, claims: { given_name: null } } } },
    );
    const callback = await finish(v);
    const tokens = await client.authorizationCodeGrant(basic, callback, {
      pkceCodeVerifier: v.started.verifier,
      expectedState: v.started.state,
      expectedNonce: v.started.nonce,
    });
    expect(tokens.claims()?.sub).toBeDefined();
    expect(tokens.claims()?.verified_claims).toBeUndefined();
  });
});

describe('a verification that fails: access_denied at the relying party, never a code', () => {
  async function denied(v: Verification, reason: string): Promise<void> {
    expect(v.status).toBe('rejected');
    const callback = await finish(v);
    expect(callback.searchParams.get('code')).toBeNull();
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('error_description')).toContain(reason);
    expect(callback.searchParams.get('state')).toBe(v.started.state);
  }

  it('login_hint naming another account than the person on the document', async () => {
    await denied(await verify(ben(), { login_hint: 'ana.garcia' }), 'account_mismatch');
  });

  it("another person's selfie", async () => {
    const ana = loadIdentity('ana-garcia');
    await denied(await verify({ ...ben(), selfie: ana.selfie }), 'face_mismatch');
  });

  it('a replayed photo (the vendor declines: liveness)', async () => {
    await denied(await verify(loadIdentity('spoof-replay')), 'liveness_failed');
  });

  it('the person declines while it runs: the verification is cancelled', async () => {
    const started = await startSignIn(basic, { claims: JSON.stringify(FULL_REQUEST) });
    const { id } = (await (await started.browser.post(`${started.interactionUrl}/verification`)).json()) as { id: string };
    const res = await started.browser.post(`${started.interactionUrl}/decline`);
    const callback = await followToRp(started, ((await res.json()) as { redirectTo: string }).redirectTo);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('code')).toBeNull();
    expect(view((await h.ctx.recoveries.get(id))!.snapshot)).toMatchObject({ status: 'rejected', context: { reason: 'cancelled' } });
  });
});

describe('the interaction API', () => {
  it('one verification per interaction; finishing before the end is refused; a passkey sign-in cannot start one', async () => {
    const started = await startSignIn(basic, { claims: JSON.stringify(FULL_REQUEST) });
    const early = await started.browser.post(`${started.interactionUrl}/verification/finish`);
    expect(early.status).toBe(409);
    expect((await early.json()).code).toBe('oidc.no_verification');
    expect((await started.browser.post(`${started.interactionUrl}/verification`)).status).toBe(201);
    const again = await started.browser.post(`${started.interactionUrl}/verification`);
    expect(again.status).toBe(409);
    expect((await again.json()).code).toBe('oidc.verification_started');
    const pending = await started.browser.post(`${started.interactionUrl}/verification/finish`);
    expect(pending.status).toBe(409);
    expect((await pending.json()).code).toBe('oidc.verification_pending');

    const signIn = await startSignIn(basic);
    const wrong = await signIn.browser.post(`${signIn.interactionUrl}/verification`);
    expect(wrong.status).toBe(409);
    expect((await wrong.json()).code).toBe('oidc.wrong_interaction');
  });

  it('the consent screen learns which claims the relying party asked for', async () => {
    const started = await startSignIn(basic, { claims: JSON.stringify(FULL_REQUEST), login_hint: 'ben.okafor' });
    const details = await (await started.browser.get(`${started.interactionUrl}/details`)).json();
    expect(details).toMatchObject({
      use: 'identity_verification',
      clientName: 'Basic RP',
      loginHint: 'ben.okafor',
      requestedClaims: ['given_name', 'family_name', 'birthdate'],
    });
  });
});

describe("a client registered for Okta's verified_claims format (custom IDV vendor)", () => {
  const admin = () => request(h.baseUrl);
  const auth = { Authorization: `Bearer ${ADMIN_KEY}` };
  /** What Okta sends (its IDV integration guide): an array, its trust framework and level, the values it holds, fuzzy. */
  const oktaRequest = {
    verified_claims: [
      {
        verification: { trust_framework: { value: 'IDV-DELEGATED', essential: true }, assurance_level: { value: 'VERIFIED', essential: true } },
        claims: {
          given_name: { value: 'Ben', fuzzy: true },
          family_name: { value: 'Okafor', fuzzy: true },
          birthdate: { value: '1985-11-03', fuzzy: true },
          email: { value: 'ben.okafor@example.test', fuzzy: true },
        },
      },
    ],
  };
  const Wrapped = z.strictObject({ value: z.string(), fuzzy: z.literal(true) });
  const OktaVerifiedClaims = z
    .array(
      z.strictObject({
        verification: z.strictObject({
          trust_framework: z.literal('IDV-DELEGATED'),
          assurance_level: z.enum(['VERIFIED', 'FAILED']),
          time: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
          verification_process: z.string(),
        }),
        claims: z.record(z.enum(['given_name', 'family_name', 'birthdate']), Wrapped),
      }),
    )
    .length(1);
  let okta: client.Configuration;

  beforeAll(async () => {
    const created = await admin()
      .post('/v1/admin/oidc/clients')
      .set(auth)
      .send({
        clientId: 'okta-idv',
        name: 'Okta',
        redirectUris: [RP_REDIRECT],
        uses: ['identity_verification'],
        authMethod: 'client_secret_basic',
        verifiedClaimsFormat: 'okta',
      })
      .expect(201);
    expect(created.body).toMatchObject({ clientId: 'okta-idv', verifiedClaimsFormat: 'okta' });
    okta = await rp(h.baseUrl, 'okta-idv', client.ClientSecretBasic(created.body.clientSecret as string));
    client.enableNonRepudiationChecks(okta);
  });

  it('gets the Okta shape in the ID token and at UserInfo; the standard client keeps the IDA shape', async () => {
    const v = await verify(
      ben(),
      { login_hint: 'ben.okafor', scope: 'openid profile identity_assurance' },
      { id_token: oktaRequest, userinfo: oktaRequest },
      okta,
    );
    expect(v.status).toBe('verified');
    const callback = await finish(v);
    const tokens = await client.authorizationCodeGrant(okta, callback, {
      pkceCodeVerifier: v.started.verifier,
      expectedState: v.started.state,
      expectedNonce: v.started.nonce,
    });
    const verified = await jwtVerify(tokens.id_token as string, createLocalJWKSet(await jwks()), { issuer: h.baseUrl, audience: 'okta-idv' });
    const claims = verified.payload as Record<string, unknown>;
    expect(claims.sub).toBe(await h.ctx.passkeys.userHandle('ben.okafor'));
    const [element] = OktaVerifiedClaims.parse(claims.verified_claims);
    expect(element?.verification).toMatchObject({ trust_framework: 'IDV-DELEGATED', assurance_level: 'VERIFIED', verification_process: v.id });
    // The document's values, not Okta's: Okta compares them (fuzzily) itself; email is not something this service verifies.
    expect(element?.claims).toEqual({
      given_name: { value: 'Benjamin', fuzzy: true },
      family_name: { value: 'Okafor', fuzzy: true },
      birthdate: { value: '1985-11-03', fuzzy: true },
    });
    const info = await client.fetchUserInfo(okta, tokens.access_token, claims.sub as string);
    expect(OktaVerifiedClaims.parse(info.verified_claims)).toEqual(claims.verified_claims);

    // The same request from the standard client: its trust framework is not IDV-DELEGATED, so the element is omitted (IDA §6).
    const standard = await verify(ben(), {}, { id_token: oktaRequest }, basic);
    const standardTokens = await client.authorizationCodeGrant(basic, await finish(standard), {
      pkceCodeVerifier: standard.started.verifier,
      expectedState: standard.started.state,
      expectedNonce: standard.started.nonce,
    });
    expect(standardTokens.claims()?.verified_claims).toBeUndefined();
  });

  it('an exact (non-fuzzy) value constraint still filters; a trust framework Okta did not ask for omits the element', async () => {
    const exact = {
      verified_claims: [{ verification: { trust_framework: null }, claims: { given_name: { value: 'Ben' }, family_name: { value: 'Okafor' } } }],
    };
    const v = await verify(ben(), {}, { id_token: exact }, okta);
    const tokens = await client.authorizationCodeGrant(okta, await finish(v), {
      pkceCodeVerifier: v.started.verifier,
      expectedState: v.started.state,
      expectedNonce: v.started.nonce,
    });
    expect(tokens.claims()?.verified_claims).toEqual([
      {
        verification: { trust_framework: 'IDV-DELEGATED', assurance_level: 'VERIFIED', time: expect.any(String), verification_process: v.id },
        claims: { family_name: { value: 'Okafor' } },
      },
    ]);

    const other = { verified_claims: { verification: { trust_framework: { value: 'nist_800_63A' } }, claims: { given_name: null } } };
    const w = await verify(ben(), {}, { id_token: other }, okta);
    const withheld = await client.authorizationCodeGrant(okta, await finish(w), {
      pkceCodeVerifier: w.started.verifier,
      expectedState: w.started.state,
      expectedNonce: w.started.nonce,
    });
    expect(withheld.claims()?.verified_claims).toBeUndefined();
  });

  it('the admin API lists the format, defaults it, and refuses an unknown one or one without identity verification', async () => {
    const list = (await admin().get('/v1/admin/oidc/clients').set(auth).expect(200)).body.items as Array<{ clientId: string; verifiedClaimsFormat: string }>;
    expect(list.find((c) => c.clientId === 'okta-idv')?.verifiedClaimsFormat).toBe('okta');
    expect(list.find((c) => c.clientId === SECRET_CLIENT.id)?.verifiedClaimsFormat).toBe('oidc4ida');
    const base = { name: 'Bad', redirectUris: [RP_REDIRECT], authMethod: 'client_secret_basic' };
    for (const body of [
      { ...base, uses: ['identity_verification'], verifiedClaimsFormat: 'okta-v2' },
      { ...base, uses: ['passkey_sign_in'], verifiedClaimsFormat: 'okta' },
    ]) {
      await admin()
        .post('/v1/admin/oidc/clients')
        .set(auth)
        .send(body)
        .expect(400)
        .expect((res) => expect(res.body.code).toBe('request.invalid'));
    }
  });
});
