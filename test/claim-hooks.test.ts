/**
 * Claim-validation hooks end to end (docs/claim-hooks.md): a real HTTP hook in this process,
 * called by the worker after the vendor approved and the account matched. Each case starts the
 * service with its own CLAIM_HOOKS_FILE, as a deployment would.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHarness, type Harness } from './support/harness';
import { recover, seedDirectory, status } from './support/journey';
import { audit, type AuditItem } from './support/trustAndSafety';
import { loadIdentity } from './fixtures/identities';
import { HOOK_SECRET, startHookServer, type HookServer } from './support/hookServer';
import { freePort } from '../src/embedded/freePort';
import { loadClaimHooks } from '../src/claimHooks/loadClaimHooks';
import { ConfigError } from '../src/config';

const SECRET_ENV = 'CLAIM_HOOK_TEST_SECRET';
const dir = mkdtempSync(path.join(os.tmpdir(), 'claim-hooks-'));
let hooks: HookServer;
let h: Harness | undefined;

beforeAll(async () => {
  process.env[SECRET_ENV] = HOOK_SECRET;
  process.env.CLAIM_HOOK_TEST_CLIENT_SECRET = 'client-secret';
  hooks = await startHookServer();
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  hooks.seen.length = 0;
});
afterAll(() => hooks.close());

type Hook = { name: string; path?: string; url?: string } & Record<string, unknown>;

/** The service with these hooks, its directory seeded; fast retries so the slow cases stay short. */
async function serviceWith(list: Hook[]): Promise<Harness> {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      totalBudgetMs: 5000,
      hooks: list.map(({ path: p, url, ...rest }) => ({ url: url ?? `${hooks.url}${p}`, secretEnv: SECRET_ENV, timeoutMs: 300, retryBackoffMs: 0, ...rest })),
    }),
  );
  h = await createHarness({ env: { CLAIM_HOOKS_FILE: file } });
  hooks.now = () => h!.ctx.clock.now();
  await seedDirectory(h);
  return h;
}

async function recoverBen(service: Harness) {
  const { id, token } = await recover(service, 'ben.okafor', loadIdentity('ben-okafor'));
  return { id, body: (await status(service, id, token)).body as Record<string, unknown> };
}

const calls = (service: Harness, id: string): Promise<AuditItem[]> => audit(service, { recoveryId: id, type: 'claim_hook.called' });

it('pass: the hook sees a signed request with the claims and the directory record, and the access pass is issued', async () => {
  const service = await serviceWith([{ name: 'hr', path: '/pass' }]);
  const { id, body } = await recoverBen(service);
  expect(body.status).toBe('access_pass_issued');
  expect(hooks.seen).toHaveLength(1);
  const [seen] = hooks.seen;
  expect(seen?.signature).toBe('valid');
  expect(seen?.body).toMatchObject({
    type: 'recovery.claim_validation',
    recoveryId: id,
    attempt: 1,
    hook: 'hr',
    verifiedClaims: { givenName: expect.any(String), familyName: 'Okafor', birthDate: '1985-11-03' },
    directoryAccount: { username: 'ben.okafor', givenName: 'Benjamin', familyName: 'Okafor', birthDate: '1985-11-03', groups: ['staff'] },
  });
  // Data minimisation: the hook gets what it checks, not the account's mail addresses.
  expect(JSON.stringify(seen?.body)).not.toContain('@example.com');
  const [call] = await calls(service, id);
  expect(call?.data).toMatchObject({ hook: 'hr', outcome: 'pass', effect: 'passed', status: 200, tries: 1, requestId: seen?.body.requestId });
  expect(typeof call?.data.durationMs).toBe('number');
});

it("fail: the recovery ends account_mismatch, with the hook's reason code and failed claim names on the trail", async () => {
  const service = await serviceWith([{ name: 'hr', path: '/fail' }]);
  const { id, body } = await recoverBen(service);
  expect(body).toEqual({ id, status: 'rejected', reason: 'account_mismatch' });
  const [call] = await calls(service, id);
  expect(call?.data).toMatchObject({ hook: 'hr', outcome: 'fail', reasonCode: 'hr_leaver', failedClaims: ['employeeId'] });
  const [decided] = await audit(service, { recoveryId: id, type: 'claim_check.decided' });
  expect(decided?.data).toMatchObject({ result: 'fail', hook: 'hr', reasonCode: 'hr_leaver' });
  const [notMatched] = await audit(service, { recoveryId: id, type: 'account.not_matched' });
  expect(notMatched?.data.failures).toEqual(['claim_hook']);
  // Names of claims only: never a claim's value.
  expect(JSON.stringify([call, decided])).not.toContain('1985-11-03');
});

it('two hooks run in order: the first passes, the second fails and decides', async () => {
  const service = await serviceWith([
    { name: 'namesakes', path: '/pass' },
    { name: 'leavers', path: '/fail' },
  ]);
  const { id, body } = await recoverBen(service);
  expect(body).toMatchObject({ status: 'rejected', reason: 'account_mismatch' });
  expect(hooks.seen.map((s) => s.path)).toEqual(['/pass', '/fail']);
  expect((await calls(service, id)).map((c) => [c.data.hook, c.data.outcome])).toEqual([
    ['namesakes', 'pass'],
    ['leavers', 'fail'],
  ]);
});

describe('a slow hook (beyond its time-out)', () => {
  it('deny: retried once with the same request id, then the attempt ends unverified (vendor_unavailable), never approved', async () => {
    const service = await serviceWith([{ name: 'hr', path: '/slow', maxRetries: 1, behaviorOnError: 'deny' }]);
    const { id, body } = await recoverBen(service);
    expect(body).toEqual({ id, status: 'awaiting_evidence', reason: 'vendor_unavailable' });
    expect(hooks.seen).toHaveLength(2);
    expect(hooks.seen[0]?.body.requestId).toBe(hooks.seen[1]?.body.requestId);
    const [call] = await calls(service, id);
    expect(call?.data).toMatchObject({ outcome: 'timeout', effect: 'denied', tries: 2, status: null });
    const [decided] = await audit(service, { recoveryId: id, type: 'claim_check.decided' });
    expect(decided?.data).toMatchObject({ result: 'unavailable', reason: 'claim_check_unavailable', hook: 'hr', error: 'timeout' });
    expect(await service.ctx.accessPasses.get('ben.okafor')).toBeNull();
  });

  it('fallThrough: skipped, and the next hook (here none) decides: approved', async () => {
    const service = await serviceWith([{ name: 'hr', path: '/slow', maxRetries: 0, behaviorOnError: 'fallThrough' }]);
    const { id, body } = await recoverBen(service);
    expect(body.status).toBe('access_pass_issued');
    expect((await calls(service, id))[0]?.data).toMatchObject({ outcome: 'timeout', effect: 'skipped', tries: 1 });
  });
});

describe('a hook that is down (connection refused)', () => {
  it('deny: vendor_unavailable after its retries', async () => {
    const service = await serviceWith([{ name: 'hr', url: `http://127.0.0.1:${await freePort()}/hook`, maxRetries: 2, behaviorOnError: 'deny' }]);
    const { id, body } = await recoverBen(service);
    expect(body).toEqual({ id, status: 'awaiting_evidence', reason: 'vendor_unavailable' });
    expect((await calls(service, id))[0]?.data).toMatchObject({ outcome: 'unreachable', effect: 'denied', tries: 3 });
  });

  it('fallThrough: the next hook is asked, and its fail still decides', async () => {
    const service = await serviceWith([
      { name: 'hr', url: `http://127.0.0.1:${await freePort()}/hook`, maxRetries: 0, behaviorOnError: 'fallThrough' },
      { name: 'leavers', path: '/fail' },
    ]);
    const { id, body } = await recoverBen(service);
    expect(body).toMatchObject({ status: 'rejected', reason: 'account_mismatch' });
    expect((await calls(service, id)).map((c) => [c.data.hook, c.data.effect])).toEqual([
      ['hr', 'skipped'],
      ['leavers', 'failed'],
    ]);
  });
});

it('a reply with a bad signature is no answer: the error path (deny) applies, even though it says pass', async () => {
  const service = await serviceWith([{ name: 'hr', path: '/badsig', maxRetries: 1, behaviorOnError: 'deny' }]);
  const { id, body } = await recoverBen(service);
  expect(body).toEqual({ id, status: 'awaiting_evidence', reason: 'vendor_unavailable' });
  // Not retried: a wrong signature is a configuration or an attack, not a hiccup.
  expect((await calls(service, id))[0]?.data).toMatchObject({ outcome: 'bad_signature', tries: 1, status: 200 });
});

it('an OAuth2 client-credentials bearer is fetched once and reused for the next call', async () => {
  const service = await serviceWith([
    {
      name: 'hr',
      path: '/bearer',
      oauth2: { tokenUrl: `${hooks.url}/token`, clientId: 'recovery', clientSecretEnv: 'CLAIM_HOOK_TEST_CLIENT_SECRET', scope: 'hr.read' },
    },
  ]);
  const before = hooks.tokensIssued;
  expect((await recoverBen(service)).body.status).toBe('access_pass_issued');
  expect((await recover(service, 'ana.garcia', loadIdentity('ana-garcia'))).id).toBeTruthy();
  expect(hooks.seen.map((s) => s.authorization)).toEqual(['Bearer token-for-tests-0123', 'Bearer token-for-tests-0123']);
  expect(hooks.tokensIssued - before).toBe(1);
});

describe('the hooks file (start-up)', () => {
  const write = (content: unknown) => {
    const file = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(content));
    return file;
  };
  const hook = { name: 'hr', url: 'https://hr.example.com/hook', secretEnv: SECRET_ENV };

  it('resolves secrets from the variables it names, with documented defaults', () => {
    const list = loadClaimHooks(write({ hooks: [hook] }));
    expect(list).toEqual({
      totalBudgetMs: 10_000,
      hooks: [{ name: 'hr', url: hook.url, secret: HOOK_SECRET, timeoutMs: 2000, maxRetries: 1, retryBackoffMs: 250, behaviorOnError: 'deny' }],
    });
  });

  it('accepts the shipped example once its variables are set', () => {
    const env = { CLAIM_HOOK_HR_SECRET: HOOK_SECRET, CLAIM_HOOK_HR_CLIENT_SECRET: 'x', CLAIM_HOOK_LEAVERS_SECRET: HOOK_SECRET };
    expect(loadClaimHooks('config/claim-hooks.example.json', env).hooks.map((x) => [x.name, x.behaviorOnError])).toEqual([
      ['hr-namesakes', 'deny'],
      ['leavers', 'fallThrough'],
    ]);
  });

  it('refuses an inline secret, an unset or short secret variable, plain http off loopback, and duplicate names', () => {
    expect(() => loadClaimHooks(write({ hooks: [{ ...hook, secret: 'inline' }] }))).toThrow(ConfigError);
    expect(() => loadClaimHooks(write({ hooks: [{ ...hook, secretEnv: 'CLAIM_HOOK_UNSET_VARIABLE' }] }))).toThrow(/CLAIM_HOOK_UNSET_VARIABLE/);
    expect(() => loadClaimHooks(write({ hooks: [hook] }), { [SECRET_ENV]: 'short' })).toThrow(/at least 32/);
    expect(() => loadClaimHooks(write({ hooks: [{ ...hook, url: 'http://hr.example.com/hook' }] }))).toThrow(/https/);
    expect(() => loadClaimHooks(write({ hooks: [hook, hook] }))).toThrow(/unique/);
  });
});
