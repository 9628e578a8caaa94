/**
 * The help-desk console in Chromium: an agent signs in with the help-desk key, creates and copies
 * a recovery link; the user opens it in another browser, recovers and enrolls a passkey; the
 * console shows each status change live (SSE) and never the access pass.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { createHarness, type Harness } from '../support/harness';
import { seedDirectory } from '../support/journey';
import { addAuthenticator, atStep, buildBrowserBundles, launchChromium, openTab, screenshot, takeSelfie, type Tab } from './support/browser';
import { fakeCamera } from './support/fakeCamera';
import { namedKey } from '../support/staffKeys';

const fixture = (file: string) => path.join(__dirname, '..', 'fixtures', 'identities', 'erik-lindqvist', file);

let h: Harness;
let browser: Browser;
const tabs: Tab[] = [];
beforeAll(async () => {
  buildBrowserBundles();
  browser = await launchChromium({ cameraFile: await fakeCamera('erik-lindqvist') }); // the selfie is taken live
  h = await createHarness();
  await seedDirectory(h);
});
afterAll(async () => {
  for (const t of tabs) await t.context.close();
  await browser?.close();
  await h?.close();
});

it('refuses a wrong key with a readable message', async () => {
  const agent = await openTab(browser);
  tabs.push(agent);
  await agent.page.goto(`${h.baseUrl}/helpdesk`);
  await agent.page.getByLabel('Help-desk key').fill('not-the-right-key-at-all');
  await agent.page.getByRole('button', { name: 'Sign in' }).click();
  await agent.page.locator('#key-error').waitFor({ state: 'visible' });
  expect(await agent.page.locator('#key-error').textContent()).toBe('That key was not accepted. Check it and try again.');
});

it('an agent sends a link, the user recovers with it, and the console follows live', async () => {
  const agent = await openTab(browser);
  tabs.push(agent);
  await agent.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.baseUrl });
  const console_ = agent.page;
  await console_.goto(h.baseUrl);
  await screenshot(console_, '00-home');
  await console_.getByRole('link', { name: 'Help-desk console' }).click();
  await atStep(console_, 'step-key');
  await screenshot(console_, '20-helpdesk-sign-in');
  await console_.getByLabel('Help-desk key').fill(await namedKey(h, 'helpdesk', 'alex'));
  await console_.getByRole('button', { name: 'Sign in' }).click();
  await atStep(console_, 'step-console');

  await console_.getByLabel('Username').fill('erik.lindqvist');
  await console_.getByRole('button', { name: 'Create link' }).click();
  // The field is filled when the API answers: wait for it rather than read it at once.
  await console_.waitForFunction(() => document.querySelector<HTMLInputElement>('#link-url')?.value !== '');
  const url = await console_.locator('#link-url').inputValue();
  expect(url).toMatch(new RegExp(`^${h.baseUrl}/recover\\?link=[A-Za-z0-9_-]{43}$`));
  await console_.getByRole('button', { name: 'Copy link' }).click();
  await console_.locator('#link-copied').waitFor({ state: 'visible' });
  expect(await console_.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await screenshot(console_, '21-helpdesk-link-created');
  expect(await console_.locator('#link-approval').isVisible()).toBe(false);

  // A Tier-0 admin's link says it needs a second person, and a colleague approves it in the console.
  await console_.getByLabel('Username').fill('dana.kowalski');
  await console_.getByRole('button', { name: 'Create link' }).click();
  await console_.locator('#link-approval').waitFor({ state: 'visible' });
  const linkId = (await console_.locator('#link-id').textContent()) ?? '';
  expect(linkId).toMatch(/^[0-9a-f-]{36}$/);
  await screenshot(console_, '21b-helpdesk-link-needs-approval');
  await console_.getByLabel('Link id').fill(linkId);
  await console_.getByRole('button', { name: 'Approve link' }).click();
  await console_.locator('#approve-result').waitFor({ state: 'visible' });
  expect(await console_.locator('#approve-result').textContent()).toMatch(/another staff member/); // not by its creator
  const colleague = await namedKey(h, 'helpdesk', 'sam');
  const approved = await fetch(`${h.baseUrl}/v1/helpdesk/recovery-links/${linkId}/approval`, {
    method: 'POST',
    headers: { authorization: `Bearer ${colleague}` },
  });
  expect(approved.status).toBe(200);

  // The user, in another browser context.
  const user = await openTab(browser);
  tabs.push(user);
  await addAuthenticator(user, 'synced');
  const page = user.page;
  await page.goto(url);
  await atStep(page, 'step-link');
  await screenshot(page, '22-recover-from-link');
  await page.getByRole('button', { name: 'Start' }).click();
  await atStep(page, 'step-evidence');
  expect(page.url()).toBe(`${h.baseUrl}/recover`); // the link token left the address bar

  await takeSelfie(page);
  await page.setInputFiles('#slot-documentFront input[type=file]', fixture('document-front.png'));
  await page.getByLabel('I agree to the biometric comparison').check();
  await page.getByRole('button', { name: 'Send for verification' }).click();
  // Change notices come with transitions: the row appears with the first one (evidence sent).
  const row = console_.locator('#table-body tr', { hasText: 'erik.lindqvist' });
  await row.first().waitFor();
  expect(await row.first().textContent()).toMatch(/Link from helpdesk:alex/);
  await atStep(page, 'step-pass');
  const code = (await page.locator('#pass-code').textContent()) ?? '';
  await console_.locator('#table-body tr[data-status="access_pass_issued"]', { hasText: 'erik.lindqvist' }).waitFor();
  await screenshot(console_, '23-helpdesk-live-access-pass-issued');

  await page.getByRole('link', { name: 'Continue to set up your passkey' }).click();
  await atStep(page, 'step-signin');
  await page.getByLabel('Username').fill('erik.lindqvist'); // a link start does not know the username
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Create passkey' }).click();
  await page.getByRole('button', { name: 'Sign in with passkey' }).click();
  await atStep(page, 'step-done');

  const done = console_.locator('#table-body tr[data-status="completed"]', { hasText: 'erik.lindqvist' });
  await done.waitFor();
  expect(await done.textContent()).toMatch(/Completed/);
  expect(await console_.locator('body').textContent()).not.toContain(code);
  await screenshot(console_, '24-helpdesk-live-completed');
});
