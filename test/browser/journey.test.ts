/**
 * The whole journey in real Chromium through the service's own pages: start → consent and photos
 * (the selfie from the camera, which films the fixture person; the ID as fixture uploads) → live
 * progress → the access pass, once → a synced passkey
 * from a virtual authenticator → the confirming sign-in → completed, older passkeys revoked.
 * And a result page that says what to do next.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { createHarness, type Harness } from '../support/harness';
import { seedDirectory } from '../support/journey';
import { view } from '../../flows/transition';
import type { PasskeyRecord } from '../../src/stores/passkeyStore';
import { auditEntries } from './support/recoveries';
import { addAuthenticator, atStep, buildBrowserBundles, launchChromium, openTab, screenshot, takeSelfie, type Tab } from './support/browser';
import { fakeCamera } from './support/fakeCamera';

const fixture = (name: string, file: string) => path.join(__dirname, '..', 'fixtures', 'identities', name, file);

let h: Harness;
let browser: Browser;
let tab: Tab | null = null;
let workersRunning = false;
const startWorkers = () => {
  if (!workersRunning) h.startWorkers();
  workersRunning = true;
};
beforeAll(async () => {
  buildBrowserBundles();
  // The camera films Ben, whose account the main journey recovers.
  browser = await launchChromium({ cameraFile: await fakeCamera('ben-okafor') });
  // Workers start by hand, so the progress page can be seen (and photographed) while verifying.
  h = await createHarness({ workers: false });
  await seedDirectory(h);
});
const afterThis: Array<() => Promise<void>> = [];
afterEach(async () => {
  await tab?.context.close();
  tab = null;
  for (const done of afterThis.splice(0)) await done();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** The selfie from the tab's camera (it films one fixture person), the ID as `person`'s uploads. */
async function addPhotos(t: Tab, person: string): Promise<void> {
  await takeSelfie(t.page);
  await t.page.setInputFiles('#slot-documentFront input[type=file]', fixture(person, 'document-front.png'));
  await t.page.setInputFiles('#slot-documentBack input[type=file]', fixture(person, 'document-back.png'));
}

it('a standard user recovers their account end to end with a synced passkey', async () => {
  const older: PasskeyRecord = {
    credentialId: 'lost-phone',
    username: 'ben.okafor',
    publicKey: 'AA',
    counter: 3,
    backupEligible: true,
    backedUp: true,
    aaguid: '00000000-0000-0000-0000-000000000000',
    attestationFormat: 'none',
    attestationAnchor: null,
    transports: ['internal'],
    profile: 'standard-users',
    recoveryId: null,
    status: 'active',
    createdAt: 1,
    confirmedAt: 1,
    lastUsedAt: 1,
    revokedAt: null,
    revokedReason: null,
    revokedBy: null,
  };
  await h.ctx.passkeys.createPending(older, 60_000);
  await h.ctx.passkeys.save(older);
  tab = await openTab(browser);
  const { page } = tab;
  await addAuthenticator(tab, 'synced');

  await page.goto(`${h.baseUrl}/recover`);
  await atStep(page, 'step-start');
  await screenshot(page, '01-recover-start');
  await page.getByLabel('Your username').fill('ben.okafor');
  await page.getByRole('button', { name: 'Start' }).click();

  await atStep(page, 'step-evidence');
  const submit = page.getByRole('button', { name: 'Send for verification' });
  expect(await submit.isDisabled()).toBe(true);
  // The camera path: a live preview, a photo, and retake.
  const selfie = page.locator('#slot-selfie');
  await selfie.getByRole('button', { name: 'Use camera' }).click();
  await selfie.locator('video').waitFor({ state: 'visible' });
  await selfie.getByRole('button', { name: 'Take photo' }).click();
  await selfie.getByRole('img', { name: 'Your selfie' }).waitFor({ state: 'visible' });
  await screenshot(page, '02-recover-camera-preview');
  await selfie.getByRole('button', { name: 'Retake' }).click();
  await selfie.getByRole('img', { name: 'Your selfie' }).waitFor({ state: 'hidden' });
  // A live selfie again, and the fixture person's ID as uploads.
  await addPhotos(tab, 'ben-okafor');
  await page.getByLabel('I agree to the biometric comparison').check();
  await screenshot(page, '03-recover-consent-and-photos');
  await submit.click();

  await atStep(page, 'step-progress');
  expect(await page.locator('#progress-text').textContent()).toMatch(/checking your photos/i);
  await screenshot(page, '04-recover-progress');
  startWorkers(); // the verification runs now; the page learns of it over SSE

  await atStep(page, 'step-pass');
  const code = (await page.locator('#pass-code').textContent()) ?? '';
  expect(code).toMatch(/^[A-HJ-NP-Z2-9#]{12}$/);
  await screenshot(page, '05-recover-access-pass');
  // Shown once: a reload cannot show it again (the help-desk test takes the "Continue" link instead).
  await page.reload();
  await atStep(page, 'step-pass-gone');
  expect(await page.locator('body').textContent()).not.toContain(code);
  await screenshot(page, '05b-recover-access-pass-already-shown');
  await page.getByRole('link', { name: 'Set up your passkey' }).click();

  await page.waitForURL('**/enroll');
  await atStep(page, 'step-signin');
  expect(await page.getByLabel('Username').inputValue()).toBe('ben.okafor');
  expect(await page.getByLabel('Access pass').inputValue()).toBe(code);
  await screenshot(page, '06-enroll-signin');
  await page.getByRole('button', { name: 'Continue' }).click();
  await atStep(page, 'step-register');
  await screenshot(page, '07-enroll-create-passkey');
  await page.getByRole('button', { name: 'Create passkey' }).click();
  await atStep(page, 'step-confirm');
  expect(await page.locator('#registered-kind').textContent()).toMatch(/synced passkey/);
  await screenshot(page, '08-enroll-confirm-sign-in');
  await page.getByRole('button', { name: 'Sign in with passkey' }).click();
  await atStep(page, 'step-done');
  await screenshot(page, '09-enroll-done');
  await page.goto(`${h.baseUrl}/recover`); // the recovery page now shows the ending too
  await atStep(page, 'result');
  expect(await page.locator('#result-title').textContent()).toBe('Your account is recovered');
  await screenshot(page, '09b-recover-result-completed');

  // The server agrees: completed, the new synced passkey active, the lost one revoked, the pass gone.
  const [recoveryId] = await h.ctx.recoveries.idsForUser('ben.okafor', 1);
  const record = await h.ctx.recoveries.get(recoveryId ?? '');
  expect(record && view(record.snapshot).status).toBe('completed');
  const passkeys = await h.ctx.passkeys.listForUser('ben.okafor');
  const fresh = passkeys.find((p) => p.recoveryId === recoveryId);
  expect(fresh).toMatchObject({ status: 'active', backupEligible: true, backedUp: true, profile: 'standard-users', attestationFormat: 'none' });
  expect(fresh?.counter).toBeGreaterThan(0);
  expect(passkeys.find((p) => p.credentialId === 'lost-phone')).toMatchObject({ status: 'revoked', revokedReason: 'replaced_by_recovery' });
  expect(await h.ctx.accessPasses.get('ben.okafor')).toBeNull();
  expect(await auditEntries(h, 'passkey.registered')).toEqual([
    expect.objectContaining({ recoveryId, data: expect.objectContaining({ deviceType: 'multiDevice' }) }),
  ]);
  expect(await auditEntries(h, 'passkey.revoked')).toEqual([expect.objectContaining({ data: expect.objectContaining({ credentialId: 'lost-phone' }) })]);
  expect(await auditEntries(h, 'recovery.completed')).toEqual([expect.objectContaining({ recoveryId })]);
});

it('a refused recovery ends on a page that says what happened and what to do next', async () => {
  startWorkers();
  // A real person (the camera films Erik, with Erik's own ID), but not the owner of this account.
  const erikBrowser = await launchChromium({ cameraFile: await fakeCamera('erik-lindqvist') });
  afterThis.push(() => erikBrowser.close());
  tab = await openTab(erikBrowser);
  const { page } = tab;
  await page.goto(`${h.baseUrl}/recover`);
  await page.getByLabel('Your username').fill('ben.okafor');
  await page.getByRole('button', { name: 'Start' }).click();
  await atStep(page, 'step-evidence');
  await addPhotos(tab, 'erik-lindqvist');
  await page.getByLabel('I agree to the biometric comparison').check();
  await page.getByRole('button', { name: 'Send for verification' }).click();
  await atStep(page, 'result');
  expect(await page.locator('#result-title').textContent()).toBe('We could not recover your account');
  expect(await page.locator('#result-text').textContent()).toMatch(/does not match the account/);
  expect(await page.locator('#result-next').textContent()).toMatch(/Contact your help desk/);
  expect(await page.locator('body').textContent()).not.toMatch(/account_mismatch/);
  await screenshot(page, '10-recover-result-account-mismatch');
});

it('refuses an uploaded selfie by default and tells the person to use the camera; sends the employee ID it was given', async () => {
  startWorkers();
  tab = await openTab(browser);
  const { page } = tab;
  await page.goto(`${h.baseUrl}/recover`);
  await page.getByLabel('Your username').fill('ben.okafor');
  await page.locator('#step-start').getByLabel('Employee ID (optional)').fill('  E-4411 ');
  const started = page.waitForRequest((r) => r.url().endsWith('/v1/recoveries') && r.method() === 'POST');
  await page.getByRole('button', { name: 'Start' }).click();
  expect((await started).postDataJSON()).toEqual({ username: 'ben.okafor', employeeId: 'E-4411' });
  await atStep(page, 'step-evidence');
  // The file picker path: declared as `file`, and refused before anything is stored.
  await page.setInputFiles('#slot-selfie input[type=file]', fixture('ben-okafor', 'selfie.png'));
  await page.setInputFiles('#slot-documentFront input[type=file]', fixture('ben-okafor', 'document-front.png'));
  await page.getByLabel('I agree to the biometric comparison').check();
  const answered = page.waitForResponse((r) => r.url().endsWith('/evidence'));
  await page.getByRole('button', { name: 'Send for verification' }).click();
  const refused = await answered;
  expect([refused.status(), (await refused.json()).code]).toEqual([422, 'evidence.selfie_upload_refused']);
  const alert = page.locator('#evidence-error');
  await alert.waitFor({ state: 'visible' });
  expect(await alert.textContent()).toMatch(/Uploaded photos are not accepted for the selfie: press "Use camera"/);
  const selfieSlot = page.locator('#slot-selfie');
  expect(await selfieSlot.locator('label.file').isHidden()).toBe(true); // the upload choice is gone
  expect(await selfieSlot.getByRole('img', { name: 'Your selfie' }).isHidden()).toBe(true);
  expect(await page.locator('body').textContent()).not.toMatch(/selfie_upload_refused/);
  await screenshot(page, '11-recover-uploaded-selfie-refused');
  // The camera path is accepted, and declared as such: the same person, live.
  await takeSelfie(page);
  await page.getByRole('button', { name: 'Send for verification' }).click();
  await atStep(page, 'step-progress');
  const [recoveryId] = await h.ctx.recoveries.idsForUser('ben.okafor', 1);
  const received = (await auditEntries(h, 'evidence.received')).filter((e) => e.recoveryId === recoveryId);
  expect(received).toEqual([expect.objectContaining({ data: expect.objectContaining({ selfieSource: 'camera' }) })]);
});
