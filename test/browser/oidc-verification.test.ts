/**
 * Identity verification as a service in real Chromium: an application (openid-client, PAR + PKCE)
 * asks for `verified_claims` about the account `ben.okafor`; on the service's page the person
 * consents, takes the selfie with the camera (which films the fixture person) and uploads their ID,
 * the page follows the verification and sends them back; the application's ID token verifies
 * against the JWKS and carries `verified_claims` that match the IDA schema. When the camera films
 * someone else, the application gets `access_denied` and no code.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import * as client from 'openid-client';
import { createHarness, type Harness } from '../support/harness';
import { seedDirectory } from '../support/journey';
import { RP_REDIRECT, SECRET_CLIENT, clientsFile, rp } from '../support/oidcRp';
import { VerifiedClaims } from '../fixtures/idaSchema';
import { atStep, buildBrowserBundles, launchChromium, openTab, screenshot, takeSelfie, type Tab } from './support/browser';
import { fakeCamera } from './support/fakeCamera';

const fixture = (name: string, file: string) => path.join(__dirname, '..', 'fixtures', 'identities', name, file);
const CLAIMS = {
  id_token: {
    verified_claims: {
      verification: {
        trust_framework: null,
        assurance_level: null,
        time: null,
        evidence: [{ type: { value: 'document' }, check_details: [{ check_method: null }] }],
      },
      claims: { given_name: null, family_name: null, birthdate: null },
    },
  },
};

let h: Harness;
let ben: Browser;
let ana: Browser;
let tab: Tab | null = null;
let config: client.Configuration;

beforeAll(async () => {
  buildBrowserBundles();
  ben = await launchChromium({ cameraFile: await fakeCamera('ben-okafor') });
  ana = await launchChromium({ cameraFile: await fakeCamera('ana-garcia') });
  const clients = await clientsFile();
  h = await createHarness({ env: { OIDC_PROVIDER_ENABLED: 'true', OIDC_CLIENTS_FILE: clients.file } });
  await seedDirectory(h);
  config = await rp(h.baseUrl, SECRET_CLIENT.id, client.ClientSecretBasic(SECRET_CLIENT.secret));
  client.enableNonRepudiationChecks(config);
});
afterEach(async () => {
  await tab?.context.close();
  tab = null;
});
afterAll(async () => {
  await ben?.close();
  await ana?.close();
  await h?.close();
});

async function verifyIn(browser: Browser, shot: string | null) {
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
    login_hint: 'ben.okafor',
    claims: JSON.stringify(CLAIMS),
    purpose: 'Confirm who you are before changing your bank details',
  });
  tab = await openTab(browser);
  const { page } = tab;
  await page.goto(url.href);
  await atStep(page, 'step-verify');
  expect(await page.locator('#verify-login-hint').textContent()).toBe('ben.okafor');
  expect(await page.locator('#verify-claims').textContent()).toContain('your date of birth');
  await page.getByLabel(/I agree to the biometric comparison/).check();
  await page.locator('#verify-document-type').selectOption('driving_licence');
  await takeSelfie(page, 'verify-slot-selfie');
  await page.setInputFiles('#verify-slot-documentFront input[type=file]', fixture('ben-okafor', 'document-front.png'));
  await page.setInputFiles('#verify-slot-documentBack input[type=file]', fixture('ben-okafor', 'document-back.png'));
  if (shot) await screenshot(page, shot);
  // The application's host does not exist here: the browser's request to it carries the answer.
  const back = page.waitForRequest((r) => r.url().startsWith(RP_REDIRECT), { timeout: 60_000 });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.getByRole('button', { name: 'Verify my identity' }).click();
  const callback = new URL((await back).url());
  // The photos went to this service only, never toward the application.
  expect(requests.filter((u) => u.startsWith(RP_REDIRECT))).toHaveLength(1);
  return { callback, verifier, state, nonce };
}

it('the person verifies with camera and ID, and the application receives verified_claims', async () => {
  const { callback, verifier, state, nonce } = await verifyIn(ben, '40-oidc-identity-verification');
  expect(callback.searchParams.get('iss')).toBe(h.baseUrl);
  const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
  const claims = tokens.claims()!;
  expect(claims.sub).toBe(await h.ctx.passkeys.userHandle('ben.okafor'));
  const vc = VerifiedClaims.parse(claims.verified_claims);
  expect(vc.claims).toEqual({ given_name: 'Benjamin', family_name: 'Okafor', birthdate: '1985-11-03' });
  expect(vc.verification).toMatchObject({ trust_framework: 'nist_800_63A', assurance_level: 'ial2' });
  expect(vc.verification.evidence?.[0]?.check_details?.map((c) => c.check_method)).toEqual(['vri', 'bvr']);
  expect(JSON.stringify(tokens)).not.toMatch(/iVBORw0KGgo|\/9j\/|data:image/);
}, 120_000);

it('someone else in front of the camera: access_denied at the application, never a code', async () => {
  const { callback, state } = await verifyIn(ana, null);
  expect(callback.searchParams.get('code')).toBeNull();
  expect(callback.searchParams.get('error')).toBe('access_denied');
  expect(callback.searchParams.get('state')).toBe(state);
}, 120_000);
