/**
 * Sign in with the passkey in real Chromium: a person recovers ben.okafor's account, creates a
 * synced passkey on the enrollment page (virtual authenticator), and later an application
 * (openid-client, PAR + PKCE) sends them to /authorize; they sign in on the service's page and
 * land back at the application with a code, whose ID token openid-client verifies against the
 * published JWKS.
 */
import type { Browser } from 'playwright-core';
import * as client from 'openid-client';
import { createHarness, type Harness } from '../support/harness';
import { recover, seedDirectory, status } from '../support/journey';
import { loadIdentity } from '../fixtures/identities';
import { RP_REDIRECT, SECRET_CLIENT, clientsFile, rp } from '../support/oidcRp';
import { addAuthenticator, atStep, buildBrowserBundles, launchChromium, openTab, screenshot, type Tab } from './support/browser';

let h: Harness;
let browser: Browser;
let tab: Tab | null = null;

beforeAll(async () => {
  buildBrowserBundles();
  browser = await launchChromium();
  const clients = await clientsFile();
  h = await createHarness({ env: { OIDC_PROVIDER_ENABLED: 'true', OIDC_CLIENTS_FILE: clients.file } });
  await seedDirectory(h);
});
afterAll(async () => {
  await tab?.context.close();
  await browser?.close();
  await h?.close();
});

it('an application signs the person in with the passkey their recovery gave them', async () => {
  const { id, token } = await recover(h, 'ben.okafor', loadIdentity('ben-okafor'));
  const code = ((await status(h, id, token).expect(200)).body as { accessPass: { code: string } }).accessPass.code;
  tab = await openTab(browser);
  const { page } = tab;
  await addAuthenticator(tab, 'synced');
  await page.goto(`${h.baseUrl}/enroll`);
  await atStep(page, 'step-signin');
  await page.getByLabel('Username').fill('ben.okafor');
  await page.getByLabel('Access pass').fill(code);
  await page.getByRole('button', { name: 'Continue' }).click();
  await atStep(page, 'step-register');
  await page.getByRole('button', { name: 'Create passkey' }).click();
  await atStep(page, 'step-confirm');
  await page.getByRole('button', { name: 'Sign in with passkey' }).click();
  await atStep(page, 'step-done');

  // The application: openid-client with PAR and PKCE, and the ID token's signature checked against the JWKS.
  const config = await rp(h.baseUrl, SECRET_CLIENT.id, client.ClientSecretBasic(SECRET_CLIENT.secret));
  client.enableNonRepudiationChecks(config);
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
    purpose: 'Sign in to the Example expenses app',
  });
  await page.goto(url.href);
  await atStep(page, 'step-passkey');
  expect(await page.locator('#client-name').textContent()).toBe('Basic RP');
  await screenshot(page, '30-oidc-passkey-sign-in');
  // The application's host does not exist here: the browser's request to it carries the code.
  const back = page.waitForRequest((r) => r.url().startsWith(RP_REDIRECT));
  await page.getByRole('button', { name: 'Sign in with passkey' }).click();
  const callback = new URL((await back).url());
  expect(callback.searchParams.get('iss')).toBe(h.baseUrl); // RFC 9207

  const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
  expect(tokens.claims()).toMatchObject({
    iss: h.baseUrl,
    aud: SECRET_CLIENT.id,
    sub: await h.ctx.passkeys.userHandle('ben.okafor'),
    acr: 'phr',
    amr: ['swk', 'user', 'mfa'],
  });
  expect(typeof tokens.claims()?.auth_time).toBe('number');
});
