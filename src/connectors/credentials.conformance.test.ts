/**
 * One conformance suite over every credential target: the built-in one (its own access pass and
 * passkey store, on the run's private Redis) and Entra (a Temporary Access Pass through Microsoft
 * Graph, against the Graph-shaped stand-in in providers/entra-graph). Each must issue a pass that
 * works at the target, leave exactly one pass per account however often it is asked, withdraw it,
 * see a passkey registered after the pass, and clean up after completion.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { ManualClock } from '../clock';
import { TEST_EPOCH } from '../../test/support/testClock';
import { fixtureGroups, fixturePeople } from '../../test/support/directoryFixture';
import { AccessPassStore } from '../stores/accessPassStore';
import { PasskeyStore } from '../stores/passkeyStore';
import { redisKeys } from '../stores/keys';
import { accessPassMatches } from '../policies/accessPass';
import { startTrustedStandIn } from '../../providers/entra-graph/testKit';
import { createBuiltinCredentials } from './builtin/builtinCredentials';
import { createEntraCredentials } from './entra/entraCredentials';
import { createGraphClient } from './entra/graphClient';
import { createEntraCredential } from './entra/credential';
import { CredentialRefusedError, CredentialUnavailableError, type CredentialTarget } from './credentials';
import type { DirectoryAccount } from './directory';

const MINUTE = 60_000;

interface Subject {
  target: CredentialTarget;
  clock: ManualClock;
  account(username: string): DirectoryAccount;
  /** Is this code a live pass for the account at the target right now? (Does not spend it.) */
  live(username: string, code: string): Promise<boolean>;
  /** How many passes the account holds at the target. */
  passCount(username: string): Promise<number>;
  /** The person registers a passkey at the target; its id. */
  registerPasskey(username: string): Promise<string>;
  activePasskeys(username: string): Promise<string[]>;
  /** Makes the target refuse passes for the account by policy, when it has such a policy. */
  blockByPolicy?(): void;
  /** Makes the target refuse a second pass instead of replacing the first, when it can. */
  refuseSecondPass?(): void;
  /** The next call to the target is throttled, when it can be. */
  throttleNext?(): void;
  sessionsRevoked?(username: string): number;
  close(): Promise<void>;
}

function accountOf(username: string, id = username): DirectoryAccount {
  const p = fixturePeople.find((x) => x.username === username)!;
  return { id, username: p.username, givenName: p.givenName, familyName: p.familyName, groups: p.groups, emails: p.emails, disabled: p.disabled };
}

async function builtin(): Promise<Subject> {
  const redis = new Redis(process.env.TEST_REDIS_URL as string);
  const prefix = `cred-${randomUUID()}`;
  const clock = new ManualClock(TEST_EPOCH);
  const accessPasses = new AccessPassStore(redis, redisKeys(prefix));
  const passkeys = new PasskeyStore(redis, redisKeys(prefix));
  const target = createBuiltinCredentials({ accessPasses, passkeys, clock, publicBaseUrl: 'http://localhost:8080', passLength: 12, maxAttempts: 5 });
  const add = async (username: string) => {
    const id = randomUUID();
    const record = {
      credentialId: id,
      username,
      publicKey: 'AA',
      counter: 0,
      backupEligible: true,
      backedUp: true,
      aaguid: '00000000-0000-0000-0000-000000000000',
      attestationFormat: 'none',
      attestationAnchor: null,
      transports: ['internal'],
      profile: 'default',
      recoveryId: null,
      status: 'pending' as const,
      createdAt: clock.now(),
      confirmedAt: null,
      lastUsedAt: null,
      revokedAt: null,
      revokedReason: null,
      revokedBy: null,
    };
    // As /enroll does: registered pending, then confirmed by the sign-in.
    await passkeys.createPending(record, 60 * MINUTE);
    await passkeys.save({ ...record, status: 'active', confirmedAt: clock.now() });
    return id;
  };
  return {
    target,
    clock,
    account: (u) => accountOf(u),
    async live(username, code) {
      const pass = await accessPasses.get(username);
      return !!pass && pass.expiresAt > clock.now() && (await accessPassMatches(code, pass.salt, pass.hash));
    },
    passCount: async (username) => ((await accessPasses.get(username)) ? 1 : 0),
    registerPasskey: add,
    activePasskeys: async (username) => (await passkeys.listForUser(username)).filter((p) => p.status === 'active').map((p) => p.credentialId),
    close: async () => {
      redis.disconnect();
    },
  };
}

function entra(accountsFromEntra: boolean): () => Promise<Subject> {
  return async () => {
    const clock = new ManualClock(TEST_EPOCH);
    const standIn = await startTrustedStandIn({ seed: { people: fixturePeople, groups: fixtureGroups }, clock: () => clock.now() });
    const g = standIn.graph;
    const graph = createGraphClient({
      baseUrl: g.graphBaseUrl,
      credential: createEntraCredential({ tenantId: g.tenantId, clientId: g.clientId, clientSecret: g.clientSecret, authorityHost: g.authorityHost }),
    });
    const upn = (username: string) => `${username}@example.test`;
    const target = createEntraCredentials({
      graph,
      clock,
      enrollmentUrl: 'https://mysignins.microsoft.com/security-info',
      accountsFromEntra,
      passSettings: { lifetimeMinutes: 60, oneTimeUse: true },
    });
    return {
      target,
      clock,
      // From Entra: the object id. From Active Directory (hybrid): the sAMAccountName, found by its synchronised copy.
      account: (u) => (accountsFromEntra ? accountOf(u, g.state.user(upn(u))!.id) : accountOf(u, `CN=${u},OU=users`)),
      live: async (username, code) => g.state.taps(upn(username)).some((t) => t.code === code && t.isUsable),
      passCount: async (username) => g.state.taps(upn(username)).length,
      registerPasskey: async (username) =>
        g.controls.addFido2Method(upn(username), {
          aaGuid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd',
          displayName: 'iPhone',
          model: 'iCloud Keychain',
          attestationLevel: 'notAttested',
        }).id,
      activePasskeys: async (username) => g.state.fido2Methods(upn(username)).map((m) => m.id),
      blockByPolicy: () => g.controls.setTapPolicy({ includeGroups: ['tier0-admins'] }),
      refuseSecondPass: () => g.controls.setExistingTapBehaviour('reject'),
      throttleNext: () => g.controls.failNext(/temporaryAccessPassMethods/, { status: 429, retryAfter: '2.5', count: 1 }),
      sessionsRevoked: (username) => g.state.revocations().filter((r) => r.userId === g.state.user(upn(username))!.id).length,
      close: () => g.close(),
    };
  };
}

const subjects: Array<[string, () => Promise<Subject>]> = [
  ['builtin', builtin],
  ['entra (accounts in Entra)', entra(true)],
  ['entra (accounts in Active Directory, sign-in at Entra)', entra(false)],
];

describe.each(subjects)('%s credential target conformance', (_name, factory) => {
  let s: Subject;
  beforeAll(async () => {
    s = await factory();
  });
  afterAll(async () => {
    await s?.close();
  });

  const request = { recoveryId: 'r-1', lifetimeMinutes: 60, oneTimeUse: true };

  it('issues a pass that works at the target, with the lifetime and use asked for', async () => {
    const issued = await s.target.issue(s.account('ana.garcia'), request);
    expect(issued.code.length).toBeGreaterThanOrEqual(8);
    expect(issued.expiresAt - issued.createdAt).toBe(60 * MINUTE);
    expect(issued.oneTimeUse).toBe(true);
    expect(await s.live('ana.garcia', issued.code)).toBe(true);
  });

  it('leaves exactly one pass per account however often it is asked', async () => {
    const first = await s.target.issue(s.account('john.doe'), request);
    const second = await s.target.issue(s.account('john.doe'), request);
    expect(second.code).not.toBe(first.code);
    expect(await s.passCount('john.doe')).toBe(1);
    expect(await s.live('john.doe', first.code)).toBe(false);
    expect(await s.live('john.doe', second.code)).toBe(true);
  });

  it('replaces a pass however the target treats a second one (replace, or refuse while one exists)', async () => {
    if (!s.refuseSecondPass) return;
    s.refuseSecondPass();
    const first = await s.target.issue(s.account('john.doe'), request);
    const second = await s.target.issue(s.account('john.doe'), request);
    expect(await s.passCount('john.doe')).toBe(1);
    expect([await s.live('john.doe', first.code), await s.live('john.doe', second.code)]).toEqual([false, true]);
  });

  it('withdraws a pass', async () => {
    const issued = await s.target.issue(s.account('john.doe2'), request);
    await s.target.withdraw(s.account('john.doe2'), issued.methodId);
    expect(await s.live('john.doe2', issued.code)).toBe(false);
    await expect(s.target.withdraw(s.account('john.doe2'), issued.methodId)).resolves.toBeUndefined(); // already gone: fine
  });

  it('sees a passkey registered after the pass, not one from before; the hygiene removes the earlier ones', async () => {
    const older = await s.registerPasskey('dana.kowalski');
    s.clock.advance(MINUTE);
    const issued = await s.target.issue(s.account('dana.kowalski'), request);
    expect(await s.target.enrollment(s.account('dana.kowalski'), issued.createdAt)).toEqual({ passkeyId: null });
    s.clock.advance(MINUTE);
    const fresh = await s.registerPasskey('dana.kowalski');
    expect(await s.target.enrollment(s.account('dana.kowalski'), issued.createdAt)).toEqual({ passkeyId: fresh });
    const done = await s.target.hygiene(s.account('dana.kowalski'), { keepPasskeyId: fresh, removeOlderThan: issued.createdAt });
    expect(done.passkeysRemoved).toEqual([older]);
    expect(await s.activePasskeys('dana.kowalski')).toEqual([fresh]);
    if (s.sessionsRevoked) {
      expect(done.sessionsRevoked).toBe(true);
      expect(s.sessionsRevoked('dana.kowalski')).toBe(1);
    }
  });

  it('keeps the earlier passkeys when the policy says so', async () => {
    const older = await s.registerPasskey('no.extras');
    s.clock.advance(MINUTE);
    const fresh = await s.registerPasskey('no.extras');
    const done = await s.target.hygiene(s.account('no.extras'), { keepPasskeyId: fresh, removeOlderThan: null });
    expect(done.passkeysRemoved).toEqual([]);
    expect((await s.activePasskeys('no.extras')).sort()).toEqual([older, fresh].sort());
  });

  it('undoes a recovery the owner disowns: its pass withdrawn, its passkey removed, others kept', async () => {
    const kept = await s.registerPasskey('ana.garcia');
    const issued = await s.target.issue(s.account('ana.garcia'), request);
    s.clock.advance(MINUTE);
    const intruders = await s.registerPasskey('ana.garcia');
    const undone = await s.target.undo(s.account('ana.garcia'), { methodId: issued.methodId, passkeyId: intruders });
    expect(undone).toMatchObject({ accessPassWithdrawn: true, passkeysRemoved: [intruders] });
    expect(await s.live('ana.garcia', issued.code)).toBe(false);
    expect(await s.activePasskeys('ana.garcia')).toContain(kept);
    expect(await s.activePasskeys('ana.garcia')).not.toContain(intruders);
    // Again: nothing left to undo, and no error.
    expect(await s.target.undo(s.account('ana.garcia'), { methodId: issued.methodId, passkeyId: intruders })).toMatchObject({
      accessPassWithdrawn: false,
      passkeysRemoved: [],
    });
  });

  it('refuses a disabled account for good', async () => {
    if (s.target.kind === 'builtin') return; // the built-in target trusts the decision that already checked it
    await expect(s.target.issue(s.account('gone.away'), request)).rejects.toMatchObject({ reason: 'account_disabled' });
  });

  it('says "later" when throttled, and issues once the throttling has passed', async () => {
    if (!s.throttleNext) return;
    s.throttleNext();
    const err = await s.target.issue(s.account('ana.garcia'), request).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialUnavailableError);
    expect((err as CredentialUnavailableError).retryAfterMs).toBe(2500);
    const issued = await s.target.issue(s.account('ana.garcia'), request);
    expect(await s.live('ana.garcia', issued.code)).toBe(true);
  });

  it('refuses an account outside the pass policy for good, with credential_policy_blocked', async () => {
    if (!s.blockByPolicy) return;
    s.blockByPolicy();
    const err = await s.target.issue(s.account('ana.garcia'), request).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialRefusedError);
    expect(err).toMatchObject({ reason: 'credential_policy_blocked' });
  });

  it('passes its start-up check', async () => {
    await expect(s.target.check()).resolves.toBeUndefined();
  });
});
