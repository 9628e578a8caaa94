/**
 * The journey in real Chromium with accounts and sign-in at Microsoft Entra ID (the Graph-shaped
 * stand-in): the page shows the TAP Entra issued, sends the person to Entra's Security info page
 * (where Entra's passkey profiles apply, and says so), and learns by itself when a passkey has
 * been registered there.
 */
import { entraEnv } from '../support/entraEnv';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { createHarness, type Harness } from '../support/harness';
import { runningClock } from '../support/testClock';
import { startTrustedStandIn, type TrustedStandIn } from '../../providers/entra-graph/testKit';
import { demoLdapSeed } from '../../src/demo/ldapDemo';
import { jobIds } from '../../src/workers/queues';
import { atStep, buildBrowserBundles, launchChromium, openTab, screenshot, takeSelfie, type Tab } from './support/browser';
import { fakeCamera } from './support/fakeCamera';

const fixture = (name: string, file: string) => path.join(__dirname, '..', 'fixtures', 'identities', name, file);

let entra: TrustedStandIn;
let h: Harness;
let browser: Browser;
let tab: Tab | null = null;

beforeAll(async () => {
  buildBrowserBundles();
  browser = await launchChromium({ cameraFile: await fakeCamera('ana-garcia') }); // the selfie is taken live
  const clock = runningClock();
  entra = await startTrustedStandIn({ seed: demoLdapSeed(), clock: () => clock.now() });
  h = await createHarness({ clock, env: entraEnv(entra.graph) });
});
afterAll(async () => {
  await tab?.context.close();
  await browser?.close();
  await h?.close();
  await entra?.graph.close();
});

it('shows the Entra TAP, points to Security info, and completes when a passkey is registered at Entra', async () => {
  tab = await openTab(browser);
  const { page } = tab;
  await page.goto(`${h.baseUrl}/recover`);
  await atStep(page, 'step-start');
  await page.getByLabel('Your username').fill('ana.garcia');
  await page.getByRole('button', { name: 'Start' }).click();
  await atStep(page, 'step-evidence');
  await takeSelfie(page);
  await page.setInputFiles('#slot-documentFront input[type=file]', fixture('ana-garcia', 'document-front.png'));
  await page.setInputFiles('#slot-documentBack input[type=file]', fixture('ana-garcia', 'document-back.png'));
  await page.getByLabel('I agree to the biometric comparison').check();
  await page.getByRole('button', { name: 'Send for verification' }).click();

  await atStep(page, 'step-pass');
  const code = (await page.locator('#pass-code').textContent()) ?? '';
  const [tap] = entra.graph.state.taps('ana.garcia@example.test');
  expect(code).toBe(tap!.code);
  expect(await page.locator('#pass-external').isVisible()).toBe(true);
  expect(await page.locator('#pass-external').textContent()).toMatch(/mysignins\.microsoft\.com.*passkey rules/s);
  expect(await page.locator('#pass-continue').getAttribute('href')).toBe('https://mysignins.microsoft.com/security-info');
  expect(await page.evaluate(() => sessionStorage.getItem('enroll-prefill'))).toBeNull();
  await screenshot(page, '20-entra-access-pass');

  // The person registers a passkey at Security info; the watch notices (asked now, not in 5 s).
  entra.graph.controls.addFido2Method('ana.garcia@example.test', {
    aaGuid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd',
    displayName: 'iPhone',
    model: 'iCloud Keychain',
    attestationLevel: 'notAttested',
  });
  const recoveryId = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('recovery') ?? '{}') as { id?: string }).id ?? '');
  const watch = await h.ctx.queues.timers.getJob(jobIds.timer({ type: 'enrollment-watch', recoveryId, dueAt: 0, since: 0, methodId: '', round: 0 }));
  await watch?.promote().catch(() => undefined);
  await atStep(page, 'result');
  expect(await page.locator('#result').getAttribute('data-status')).toBe('completed');
  await screenshot(page, '21-entra-recovered');
});
