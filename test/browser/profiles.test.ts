/**
 * Passkey profiles enforced on real WebAuthn registrations in Chromium (virtual authenticator):
 * a standard user's synced passkey is accepted; a Tier-0 admin's synced passkey is refused in
 * plain words, then a device-bound one with direct attestation and a listed AAGUID is accepted;
 * with that AAGUID off the allow list it is refused.
 */
import request from 'supertest';
import type { Browser } from 'playwright-core';
import { ADMIN_KEY, createHarness, type Harness } from '../support/harness';
import { seedDirectory } from '../support/journey';
import { issueAccessPass } from './support/recoveries';
import {
  VIRTUAL_AAGUID,
  addAuthenticator,
  atStep,
  buildBrowserBundles,
  launchChromium,
  openTab,
  removeAuthenticator,
  screenshot,
  type Tab,
} from './support/browser';

let h: Harness;
let browser: Browser;
let tab: Tab | null = null;
beforeAll(async () => {
  buildBrowserBundles();
  browser = await launchChromium();
  h = await createHarness();
  await seedDirectory(h);
});
afterEach(async () => {
  await tab?.context.close();
  tab = null;
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** Issues a pass through the API, then signs in on /enroll with it. */
async function openEnrollment(username: string, fixture: string) {
  const pass = await issueAccessPass(h, username, fixture);
  tab = await openTab(browser);
  await tab.page.goto(`${h.baseUrl}/enroll`);
  await tab.page.getByLabel('Username').fill(username);
  await tab.page.getByLabel('Access pass').fill(pass.code);
  await tab.page.getByRole('button', { name: 'Continue' }).click();
  await atStep(tab.page, 'step-register');
  return { tab, pass };
}

async function finish(t: Tab): Promise<void> {
  await atStep(t.page, 'step-confirm');
  await t.page.getByRole('button', { name: 'Sign in with passkey' }).click();
  await atStep(t.page, 'step-done');
}

it('a standard user registers a synced passkey (BE=1): accepted under standard-users', async () => {
  const { tab: t, pass } = await openEnrollment('ana.garcia', 'ana-garcia');
  await addAuthenticator(t, 'synced');
  await t.page.getByRole('button', { name: 'Create passkey' }).click();
  await finish(t);
  const [created] = await h.ctx.passkeys.createdBy(pass.recoveryId);
  expect(created).toMatchObject({ status: 'active', backupEligible: true, backedUp: true, profile: 'standard-users', aaguid: VIRTUAL_AAGUID });
});

it('a Tier-0 admin: synced refused in plain words, then device-bound with direct attestation on the allow list accepted', async () => {
  const { tab: t, pass } = await openEnrollment('dana.kowalski', 'dana-kowalski');
  const synced = await addAuthenticator(t, 'synced');
  await t.page.getByRole('button', { name: 'Create passkey' }).click();
  const alert = t.page.locator('#register-error');
  await alert.waitFor({ state: 'visible' });
  expect(await alert.textContent()).toMatch(
    /passkey policy does not accept this passkey: profile "tier0-admins" allows only device-bound passkeys, and this one is synced/,
  );
  expect(await alert.textContent()).not.toMatch(/profile_violation/);
  await screenshot(t.page, '11-enroll-tier0-synced-refused');
  expect(await h.ctx.passkeys.createdBy(pass.recoveryId)).toEqual([]);

  await removeAuthenticator(t, synced);
  await addAuthenticator(t, 'deviceBound');
  await t.page.getByRole('button', { name: 'Try another authenticator' }).click();
  await atStep(t.page, 'step-confirm');
  expect(await t.page.locator('#registered-kind').textContent()).toMatch(/device-bound passkey/);
  await finish(t);
  const [created] = await h.ctx.passkeys.createdBy(pass.recoveryId);
  expect(created).toMatchObject({
    status: 'active',
    backupEligible: false,
    backedUp: false,
    profile: 'tier0-admins',
    aaguid: VIRTUAL_AAGUID,
    attestationFormat: 'packed',
  });
});

it('a Tier-0 admin whose authenticator model is not on the allow list is refused', async () => {
  const tier0 = (await request(h.baseUrl).get('/v1/admin/passkey-profiles/tier0-admins').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200)).body;
  const { name: _name, ...body } = tier0;
  await request(h.baseUrl)
    .put('/v1/admin/passkey-profiles/tier0-admins')
    .set('Authorization', `Bearer ${ADMIN_KEY}`)
    .send({ ...body, keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids: ['ee882879-721c-4913-9775-3dfcce97072a'] } })
    .expect(200);
  const { tab: t, pass } = await openEnrollment('dana.kowalski', 'dana-kowalski');
  await addAuthenticator(t, 'deviceBound');
  await t.page.getByRole('button', { name: 'Create passkey' }).click();
  const alert = t.page.locator('#register-error');
  await alert.waitFor({ state: 'visible' });
  expect(await alert.textContent()).toMatch(new RegExp(`allows only listed authenticator models, and this one \\(AAGUID ${VIRTUAL_AAGUID}\\) is not listed`));
  await screenshot(t.page, '12-enroll-tier0-aaguid-not-listed');
  expect(await h.ctx.passkeys.createdBy(pass.recoveryId)).toEqual([]);
});
