/**
 * Real Chromium for the browser tests (Debian's /usr/bin/chromium through playwright-core, which
 * downloads no browser), with a CDP virtual authenticator standing in for a passkey provider
 * (docs/references.md, "Local stand-ins: headless Chromium"). A missing Chromium FAILS the tests with the fix named; it never skips them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Chromium's virtual authenticator model id (AAGUID). */
export const VIRTUAL_AAGUID = '01020304-0506-0708-0102-030405060708';
const ROOT = path.resolve(__dirname, '..', '..', '..');
const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');

/** The pages load dist/web/*.js: build them from the current sources (esbuild, well under a second). */
export function buildBrowserBundles(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-web.js')], { stdio: 'inherit' });
}

export interface LaunchOptions {
  /** A Y4M clip the fake camera plays (support/fakeCamera.ts); default: Chromium's synthetic pattern. */
  cameraFile?: string;
}

export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The browser tests need Chromium at ${CHROMIUM}. Install it with \`bash scripts/bootstrap.sh\` (apt-get install chromium).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      // A synthetic camera, so the getUserMedia capture path runs too.
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      ...(options.cameraFile ? [`--use-file-for-fake-video-capture=${options.cameraFile}`] : []),
    ],
  });
}

export interface Tab {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
}

export async function openTab(browser: Browser): Promise<Tab> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  return { context, page, cdp };
}

/**
 * A platform authenticator with UV. `synced` = backup eligible and backed up (BE=1 BS=1),
 * `deviceBound` = BE=0 BS=0. Returns its id (for removeVirtualAuthenticator).
 */
export async function addAuthenticator(tab: Tab, kind: 'synced' | 'deviceBound'): Promise<string> {
  const synced = kind === 'synced';
  const { authenticatorId } = await tab.cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      ctap2Version: 'ctap2_1',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
      defaultBackupEligibility: synced,
      defaultBackupState: synced,
    },
  });
  return authenticatorId;
}

export async function removeAuthenticator(tab: Tab, authenticatorId: string): Promise<void> {
  await tab.cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
}

/** Saves the whole page as test-artifacts/screenshots/<name>.png for reviewers. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * The recovery page's camera path for the selfie: "Use camera", the live preview, "Take photo".
 * The page then declares `selfieSource=camera`, which the service requires by default.
 */
export async function takeSelfie(page: Page, slotId = 'slot-selfie'): Promise<void> {
  const slot = page.locator(`#${slotId}`);
  await slot.getByRole('button', { name: 'Use camera' }).click();
  await slot.locator('video').waitFor({ state: 'visible' });
  // A frame must have arrived before it can be drawn.
  await page.waitForFunction((id) => (document.querySelector<HTMLVideoElement>(`#${id} video`)?.videoWidth ?? 0) > 0, slotId);
  await slot.getByRole('button', { name: 'Take photo' }).click();
  await slot.getByRole('img', { name: 'Your selfie' }).waitFor({ state: 'visible' });
}

/** Waits until the page shows the step (`<section class="step" id=…>`). */
export async function atStep(page: Page, id: string): Promise<void> {
  await page.locator(`section.step#${id}`).waitFor({ state: 'visible' });
}
