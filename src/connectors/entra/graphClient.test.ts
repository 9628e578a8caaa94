import { fixtureGroups, fixturePeople } from '../../../test/support/directoryFixture';
import { manualClock } from '../../../test/support/testClock';
import { startTrustedStandIn, type TrustedStandIn } from '../../../providers/entra-graph/testKit';
import { POLICY_REFUSAL } from '../../../providers/entra-graph/taps';
import { createEntraCredential } from './credential';
import { createGraphClient, type GraphClient } from './graphClient';
import { GraphError } from './graphError';
import { odataString } from './odataString';

describe('Graph client against the Graph stand-in', () => {
  let s: TrustedStandIn;
  let graph: GraphClient;
  const clock = manualClock();
  const idOf = (username: string) => s.graph.state.user(`${username}@example.test`)?.id as string;

  beforeAll(async () => {
    s = await startTrustedStandIn({ seed: { people: fixturePeople, groups: fixtureGroups }, clock: () => clock.now() });
    const credential = createEntraCredential({
      tenantId: s.graph.tenantId,
      clientId: s.graph.clientId,
      clientSecret: s.graph.clientSecret,
      authorityHost: s.graph.authorityHost,
    });
    graph = createGraphClient({ baseUrl: s.graph.graphBaseUrl, credential });
  });
  afterAll(() => s.graph.close());
  afterEach(() => s.graph.controls.setExistingTapBehaviour('replace'));

  it('creates a pass whose code is shown once, and lists it without the code', async () => {
    const tap = await graph.createTap(idOf('john.doe'), { lifetimeInMinutes: 60, isUsableOnce: true });
    expect(tap.temporaryAccessPass).toEqual(expect.any(String));
    expect(tap).toMatchObject({ lifetimeInMinutes: 60, isUsableOnce: true, isUsable: true, methodUsabilityReason: 'EnabledByPolicy' });
    const listed = await graph.listTaps(idOf('john.doe'));
    expect(listed).toEqual([expect.objectContaining({ id: tap.id, temporaryAccessPass: null })]);
    expect(s.graph.controls.signInWithTap('john.doe@example.test', tap.temporaryAccessPass as string)).toBe(true);
  });

  it('replaces or refuses a second pass, depending on the tenant', async () => {
    const first = await graph.createTap(idOf('ana.garcia'), {});
    const second = await graph.createTap(idOf('ana.garcia'), {});
    expect((await graph.listTaps(idOf('ana.garcia'))).map((t) => t.id)).toEqual([second.id]);
    expect(second.id).not.toBe(first.id);
    s.graph.controls.setExistingTapBehaviour('reject');
    const refused = await graph.createTap(idOf('ana.garcia'), {}).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GraphError);
    expect(refused).toMatchObject({ status: 400, transient: false, requestId: expect.any(String) });
    expect(await graph.deleteTap(idOf('ana.garcia'), second.id)).toBe(true);
    expect(await graph.deleteTap(idOf('ana.garcia'), second.id)).toBe(false);
    expect((await graph.createTap(idOf('ana.garcia'), {})).temporaryAccessPass).toEqual(expect.any(String));
  });

  it("surfaces a policy refusal as a permanent GraphError with Graph's message", async () => {
    s.graph.controls.setTapPolicy({ includeGroups: ['contractors'] });
    try {
      await expect(graph.createTap(idOf('dana.kowalski'), {})).rejects.toMatchObject({
        name: 'GraphError',
        status: 400,
        transient: false,
        message: POLICY_REFUSAL,
      });
      expect(await graph.getTapPolicy()).toMatchObject({ id: 'TemporaryAccessPass', state: 'enabled', includeTargets: [{ targetType: 'group' }] });
    } finally {
      s.graph.controls.setTapPolicy({ includeGroups: ['all_users'] });
    }
  });

  it('lists and deletes passkeys, and revokes sessions', async () => {
    const key = s.graph.controls.addFido2Method('no.extras@example.test', {
      aaGuid: 'ee882879-721c-4913-9775-3dfcce97072a',
      displayName: 'Key',
      model: 'YubiKey 5 NFC',
      attestationLevel: 'attested',
    });
    expect(await graph.listFido2Methods(idOf('no.extras'))).toEqual([
      expect.objectContaining({ id: key.id, aaGuid: key.aaGuid, attestationLevel: 'attested' }),
    ]);
    expect(await graph.deleteFido2Method(idOf('no.extras'), key.id)).toBe(true);
    expect(await graph.listFido2Methods(idOf('no.extras'))).toEqual([]);
    expect(await graph.revokeSignInSessions(idOf('no.extras'))).toBe(true);
    expect(s.graph.state.revocations()).toEqual([{ userId: idOf('no.extras'), at: clock.now() }]);
  });

  it('follows @odata.nextLink to the end and answers null for an unknown user', async () => {
    const mark = s.graph.state.requests().length;
    const everyone = await graph.findUsers(`accountEnabled eq true or accountEnabled eq false`, ['id']);
    expect(everyone).toHaveLength(fixturePeople.length);
    expect(
      s.graph.state
        .requests()
        .slice(mark)
        .filter((r) => r.url.includes('$skiptoken=')).length,
    ).toBeGreaterThanOrEqual(2);
    expect(await graph.getUser('nobody@example.test', ['id'])).toBeNull();
    expect(await graph.findUsers(`surname eq ${odataString("O'Brien")}`, ['id'])).toEqual([]);
    expect((await graph.transitiveGroups(idOf('dana.kowalski'))).map((g) => g.displayName).sort()).toEqual(['admins', 'all-staff', 'tier0-admins']);
  });

  it("turns Graph's throttling envelope into a transient GraphError with retryAfterMs", async () => {
    s.graph.controls.failNext(/\/users\//, { status: 429, retryAfter: '2.128' });
    await expect(graph.getUser(idOf('john.doe'), ['id'])).rejects.toMatchObject({ status: 429, code: 'TooManyRequests', transient: true, retryAfterMs: 2128 });
    s.graph.controls.failNext(/\/users\//, { status: 504 });
    await expect(graph.getUser(idOf('john.doe'), ['id'])).rejects.toMatchObject({ status: 504, transient: true, retryAfterMs: undefined });
  });
});
