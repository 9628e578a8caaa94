/**
 * The admin console (/admin) in Chromium, signed in with the admin key: passkey profiles created
 * (a bad edit refused before it is sent, and one the service refuses shown with its fields),
 * edited, moved up (priorities rewritten) and deleted; recovery profiles likewise once that API
 * exists; the funnel drawn with the numbers the API gives; the audit trail searched and exported
 * as a file. Each view is saved as a screenshot (test-artifacts/screenshots/4x-admin-*.png; the
 * copies in docs/screenshots/admin/ illustrate docs/admin-console.md).
 */
import { readFileSync } from 'node:fs';
import request from 'supertest';
import type { Browser, Locator, Page } from 'playwright-core';
import { ADMIN_KEY, createHarness, type Harness } from '../support/harness';
import { recover, seedDirectory, status } from '../support/journey';
import { audit } from '../support/trustAndSafety';
import { TEST_EPOCH } from '../support/testClock';
import { loadIdentity } from '../fixtures/identities';
import { atStep, buildBrowserBundles, launchChromium, openTab, screenshot, type Tab } from './support/browser';

let h: Harness;
let browser: Browser;
let tab: Tab;
let page: Page;
let approvedId: string;
/** What Chromium reports of the page breaking its Content-Security-Policy (an inline style or script). */
const cspViolations: string[] = [];

const api = (path: string) => request(h.baseUrl).get(path).set('Authorization', `Bearer ${ADMIN_KEY}`);
const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

beforeAll(async () => {
  buildBrowserBundles();
  browser = await launchChromium();
  h = await createHarness();
  await seedDirectory(h);
  // The funnel's material: one recovery that got an access pass, one whose ID named someone else.
  const approved = await recover(h, 'ben.okafor', loadIdentity('ben-okafor'));
  expect((await status(h, approved.id, approved.token)).body.status).toBe('access_pass_issued');
  approvedId = approved.id;
  await recover(h, 'ben.okafor', loadIdentity('erik-lindqvist'));
  tab = await openTab(browser);
  page = tab.page;
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  await page.goto(`${h.baseUrl}/admin`);
  await atStep(page, 'step-key');
  await page.getByLabel('Admin key').fill(ADMIN_KEY);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await atStep(page, 'step-admin');
});
afterAll(async () => {
  await tab?.context.close();
  await browser?.close();
  await h?.close();
});

async function openTabNamed(name: string, panelId: string): Promise<Locator> {
  await page.getByRole('tab', { name }).click();
  const panel = page.locator(`#${panelId}`);
  await panel.waitFor({ state: 'visible' });
  return panel;
}

const rowNames = (panel: Locator, prefix: string) => panel.locator(`#${prefix}-body tr td:nth-child(2)`).allTextContents();

async function editJson(panel: Locator, value: unknown): Promise<void> {
  await panel.getByLabel('Settings (JSON)').fill(typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  await panel.getByRole('button', { name: 'Save', exact: true }).click();
}

it('passkey profiles: listed by priority, created, refused with reasons, edited, moved up and deleted', async () => {
  const panel = await openTabNamed('Passkey profiles', 'panel-passkey-profiles');
  await panel.locator('#pp-body tr').nth(2).waitFor();
  expect(await rowNames(panel, 'pp')).toEqual(['tier0-admins', 'standard-users', 'default']);
  expect(await panel.getByRole('button', { name: 'Delete default' }).count()).toBe(0);
  await panel.locator('#pp-compliance-summary').waitFor({ state: 'visible' });

  // Refused before it is sent: the console's own check lists the fields.
  await panel.getByRole('button', { name: 'New passkey profile' }).click();
  await panel.getByLabel('Name', { exact: true }).fill('contractors');
  await editJson(panel, {
    passkeyTypes: ['deviceBound'],
    attestationEnforcement: 'disabled',
    keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids: [] },
    priority: 20_000,
  });
  const issues = panel.locator('#pp-issues');
  await issues.waitFor({ state: 'visible' });
  expect(await issues.textContent()).toMatch(/^Not sent; correct these first:.*priority.*attestationEnforcement/s);
  await screenshot(page, '41-admin-passkey-profile-refused');
  await api('/v1/admin/passkey-profiles/contractors').expect(404);

  // Refused by the service (a PEM block that is no certificate): its problem's fields are shown.
  const roots = ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'];
  await editJson(panel, { passkeyTypes: ['deviceBound'], attestationEnforcement: 'disabled', attestationRoots: roots, groups: ['contractors'], priority: 500 });
  await panel.locator('#pp-issues', { hasText: 'The service refused it:' }).waitFor();
  expect(await issues.locator('li').first().textContent()).toMatch(/^body\.attestationRoots\.0: a certificate that parses/);

  await editJson(panel, { passkeyTypes: ['deviceBound'], attestationEnforcement: 'disabled', groups: ['contractors'], priority: 500 });
  await panel.locator('#pp-status', { hasText: 'Created passkey profile contractors.' }).waitFor();
  expect(await rowNames(panel, 'pp')).toEqual(['tier0-admins', 'standard-users', 'contractors', 'default']);

  await panel.getByRole('button', { name: 'Edit contractors' }).click();
  expect(JSON.parse(await panel.getByLabel('Settings (JSON)').inputValue())).toMatchObject({ passkeyTypes: ['deviceBound'], priority: 500 });
  await editJson(panel, { passkeyTypes: ['deviceBound', 'synced'], attestationEnforcement: 'disabled', groups: ['contractors'], priority: 500 });
  await panel.locator('#pp-status', { hasText: 'Saved passkey profile contractors.' }).waitFor();
  expect((await api('/v1/admin/passkey-profiles/contractors').expect(200)).body.passkeyTypes).toEqual(['deviceBound', 'synced']);

  // Up one place: the two profiles swap priorities, nothing else is written.
  await panel.getByRole('button', { name: 'Move contractors up' }).click();
  await panel.locator('#pp-status', { hasText: 'Moved contractors up.' }).waitFor();
  expect(await rowNames(panel, 'pp')).toEqual(['tier0-admins', 'contractors', 'standard-users', 'default']);
  const priorities = Object.fromEntries(
    (await api('/v1/admin/passkey-profiles').expect(200)).body.items.map((p: { name: string; priority: number }) => [p.name, p.priority]),
  );
  expect(priorities).toEqual({ 'tier0-admins': 10, contractors: 100, 'standard-users': 500, default: 1000 });
  await screenshot(page, '40-admin-passkey-profiles');

  await panel.getByRole('button', { name: 'Delete contractors' }).click();
  await panel.getByRole('button', { name: 'Yes, delete it' }).click();
  await panel.locator('#pp-status', { hasText: 'Deleted passkey profile contractors.' }).waitFor();
  expect(await rowNames(panel, 'pp')).toEqual(['tier0-admins', 'standard-users', 'default']);
  await api('/v1/admin/passkey-profiles/contractors').expect(404);
  const changes = await audit(h, { type: 'admin.profile_changed' });
  expect(changes.filter((e) => e.data.name === 'contractors')).toHaveLength(4); // created, edited, moved, deleted (the refused ones wrote nothing)
});

it('recovery profiles: each mode shown, created, edited, reordered and deleted', async () => {
  const panel = await openTabNamed('Recovery profiles', 'panel-recovery-profiles');
  await panel.locator('#rp-body tr').first().waitFor();
  const create = async (name: string, body: unknown, done: string) => {
    await panel.getByRole('button', { name: 'New recovery profile' }).click();
    await panel.getByLabel('Name', { exact: true }).fill(name);
    await editJson(panel, body);
    await panel.locator('#rp-status', { hasText: done }).waitFor();
  };
  await create('finance-trial', { groups: ['finance'], priority: 50, mode: 'evaluation' }, 'Created recovery profile finance-trial.');
  await create('contractors', { groups: ['contractors'], priority: 60, mode: 'off' }, 'Created recovery profile contractors.');
  const row = (name: string) => panel.locator('#rp-body tr', { has: page.locator('td:nth-child(2)', { hasText: new RegExp(`^${name}`) }) });
  expect(await row('finance-trial').locator('.badge').textContent()).toBe('Evaluation');
  expect(await row('contractors').locator('.badge').textContent()).toBe('Off');
  expect(await row('default').locator('.badge').textContent()).toBe('Production');

  await panel.getByRole('button', { name: 'Edit finance-trial' }).click();
  await editJson(panel, { groups: ['finance'], priority: 50, mode: 'production', faceMatchThreshold: 92 });
  await panel.locator('#rp-status', { hasText: 'Saved recovery profile finance-trial.' }).waitFor();
  await row('finance-trial').locator('.badge', { hasText: 'Production' }).waitFor();

  await panel.getByRole('button', { name: 'Move contractors up' }).click();
  await panel.locator('#rp-status', { hasText: 'Moved contractors up.' }).waitFor();
  const names = (await api('/v1/admin/recovery-profiles').expect(200)).body.items.map((p: { name: string }) => p.name);
  expect(names.indexOf('contractors')).toBeLessThan(names.indexOf('finance-trial'));
  await screenshot(page, '42-admin-recovery-profiles');

  for (const name of ['contractors', 'finance-trial']) {
    await panel.getByRole('button', { name: `Delete ${name}` }).click();
    await panel.getByRole('button', { name: 'Yes, delete it' }).click();
    await panel.locator('#rp-status', { hasText: `Deleted recovery profile ${name}.` }).waitFor();
  }
  expect(await panel.getByRole('button', { name: 'Delete default' }).count()).toBe(0);
});

it("the funnel: one chart per vendor whose bars carry the API's numbers, and the drop-offs listed", async () => {
  const panel = await openTabNamed('Funnel', 'panel-funnel');
  await panel.locator('#funnel-summary').waitFor({ state: 'visible' }); // the default period (the browser's last 30 days) is drawn first
  // Whole days around the test clock's day (the browser's time zone may move an entry a day either way).
  await panel.getByLabel('First day').fill(isoDay(TEST_EPOCH - DAY_MS));
  await panel.getByLabel('Last day').fill(isoDay(TEST_EPOCH + DAY_MS));
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/v1/admin/reports/funnel?')),
    panel.getByRole('button', { name: 'Show the funnel' }).click(),
  ]);
  const query = Object.fromEntries(new URL(response.url()).searchParams);
  const report = (await api('/v1/admin/reports/funnel').query(query).expect(200)).body as {
    providers: Array<{ provider: string; stages: Record<string, number>; dropOffs: Array<{ from: string; reason: string; count: number }> }>;
  };
  expect(report.providers.length).toBeGreaterThan(0);
  await panel
    .locator('svg.funnel-chart')
    .nth(report.providers.length - 1)
    .waitFor();
  for (const p of report.providers) {
    const chart = panel.locator(`svg.funnel-chart[data-provider="${p.provider}"]`);
    const bars = await chart.locator('rect.funnel-bar').evaluateAll((rects) =>
      rects.map((r) => ({
        stage: r.getAttribute('data-stage') ?? '',
        count: Number(r.getAttribute('data-count')),
        width: Number(r.getAttribute('width')),
      })),
    );
    expect(Object.fromEntries(bars.map((b) => [b.stage, b.count]))).toEqual(p.stages);
    const labels = await chart.locator('text.funnel-count').allTextContents();
    expect(labels.map((l) => Number(/^\d+/.exec(l)?.[0]))).toEqual(bars.map((b) => b.count));
    const max = Math.max(...bars.map((b) => b.count));
    for (const b of bars) expect(b.width).toBe(Math.round((b.count / max) * 360));
  }
  expect(report.providers[0]!.stages.started).toBeGreaterThanOrEqual(2);
  const drops = await panel
    .locator('#funnel-dropoffs-body tr')
    .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent ?? '')));
  expect(drops).toEqual(report.providers.flatMap((p) => p.dropOffs.map((d) => [p.provider, d.from, d.reason.replaceAll('_', ' '), String(d.count)])));
  expect(drops.some(([, , reason]) => reason === 'account mismatch')).toBe(true);
  await screenshot(page, '43-admin-funnel');

  // A profile no recovery ran under: nothing to draw, and the page says so.
  await panel.getByLabel('Recovery profile (optional)').fill('nobody-here');
  await panel.getByRole('button', { name: 'Show the funnel' }).click();
  await panel.locator('#funnel-summary', { hasText: 'No recovery moved in this period under the profile nobody-here.' }).waitFor();
  expect(await panel.locator('svg.funnel-chart').count()).toBe(0);
});

it('the audit trail: searched by account and type, by recovery, and exported as a file', async () => {
  const panel = await openTabNamed('Audit trail', 'panel-audit');
  await panel.locator('#audit-summary').waitFor({ state: 'visible' }); // the whole trail, oldest first

  await panel.getByLabel('Account username').fill('ben.okafor');
  await panel.getByLabel('Entry types (comma-separated)').fill('recovery.started');
  await panel.getByRole('button', { name: 'Search' }).click();
  const expected = await audit(h, { username: 'ben.okafor', type: 'recovery.started' });
  expect(expected).toHaveLength(2);
  await panel.locator('#audit-summary', { hasText: '2 entries shown.' }).waitFor();
  const rows = await panel
    .locator('#audit-body tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')));
  expect(rows.map((r) => [r[1], r[3], r[4]])).toEqual(expected.map((e) => ['recovery.started', e.recoveryId, 'ben.okafor']));

  await panel.getByLabel('Account username').fill('');
  await panel.getByLabel('Entry types (comma-separated)').fill('');
  await panel.getByLabel('Recovery id').fill(approvedId);
  await panel.getByRole('button', { name: 'Search' }).click();
  const trail = await audit(h, { recoveryId: approvedId });
  await panel.locator('#audit-summary', { hasText: `${trail.length} entries shown.` }).waitFor();
  expect(await panel.locator('#audit-body tr td:nth-child(2)').allTextContents()).toEqual(trail.map((e) => e.type));
  await panel.locator('#audit-body tr', { hasText: 'access_pass.issued' }).locator('summary').click();
  await screenshot(page, '44-admin-audit');

  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Export as a file' }).click()]);
  expect(download.suggestedFilename()).toBe('audit.jsonl');
  const lines = readFileSync(await download.path(), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; recoveryId: string });
  expect(lines.map((l) => l.id)).toEqual(trail.map((e) => e.id));
  expect(new Set(lines.map((l) => l.recoveryId))).toEqual(new Set([approvedId]));
  await panel.locator('#audit-summary', { hasText: /^Exported \d+ bytes as audit\.jsonl/ }).waitFor();
});

it("no view broke the page's Content-Security-Policy (no inline style or script)", () => {
  expect(cspViolations).toEqual([]);
});
