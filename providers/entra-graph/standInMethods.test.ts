import { fixtureGroups, fixturePeople } from '../../test/support/directoryFixture';
import { manualClock } from '../../test/support/testClock';
import { POLICY_REFUSAL, DEFAULT_TAP_POLICY } from './taps';
import { startTrustedStandIn, type TrustedStandIn } from './testKit';

const MINUTE = 60_000;
const TAPS = (upn: string) => `/users/${upn}/authentication/temporaryAccessPassMethods`;

describe('Graph stand-in: Temporary Access Pass, passkeys, sessions', () => {
  let s: TrustedStandIn;
  const clock = manualClock();
  beforeAll(async () => {
    s = await startTrustedStandIn({ seed: { people: fixturePeople, groups: fixtureGroups }, clock: () => clock.now() });
  });
  afterAll(() => s.graph.close());
  afterEach(() => {
    s.graph.controls.setTapPolicy(DEFAULT_TAP_POLICY);
    s.graph.controls.setExistingTapBehaviour('replace');
  });

  it('shows the code only in the create response, and usability on the directory clock', async () => {
    const created = await s.call(TAPS('john.doe@example.test'), { method: 'POST', body: { lifetimeInMinutes: 60 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethod',
      lifetimeInMinutes: 60,
      isUsableOnce: false,
      isUsable: true,
      methodUsabilityReason: 'EnabledByPolicy',
      startDateTime: new Date(clock.now()).toISOString(),
    });
    expect(created.body.temporaryAccessPass).toMatch(/^[A-Za-z0-9!@#$%&*+=?]{8}$/);
    const listed = await s.call(TAPS('john.doe@example.test'));
    expect(listed.body.value).toEqual([expect.objectContaining({ id: created.body.id, temporaryAccessPass: null })]);
    expect((await s.call(`${TAPS('john.doe@example.test')}/${created.body.id}`)).body.temporaryAccessPass).toBeNull();
    expect(s.graph.state.taps('john.doe@example.test')[0]?.code).toBe(created.body.temporaryAccessPass);
    clock.advance(60 * MINUTE);
    expect((await s.call(TAPS('john.doe@example.test'))).body.value[0]).toMatchObject({ isUsable: false, methodUsabilityReason: 'Expired' });
  });

  it('reports a pass that starts later as NotYetValid, and a spent one-time pass as OneTimeUsed', async () => {
    const start = new Date(clock.now() + 30 * MINUTE).toISOString();
    const later = await s.call(TAPS('ana.garcia@example.test'), { method: 'POST', body: { startDateTime: start, isUsableOnce: true } });
    expect(later.body).toMatchObject({ isUsable: false, methodUsabilityReason: 'NotYetValid', isUsableOnce: true, lifetimeInMinutes: 60 });
    expect(s.graph.controls.signInWithTap('ana.garcia@example.test', later.body.temporaryAccessPass)).toBe(false);
    clock.advance(31 * MINUTE);
    expect(s.graph.controls.signInWithTap('ana.garcia@example.test', later.body.temporaryAccessPass)).toBe(true);
    expect(s.graph.state.taps('ana.garcia@example.test')[0]).toMatchObject({ isUsable: false, methodUsabilityReason: 'OneTimeUsed' });
  });

  it('replaces or refuses a second pass, as configured', async () => {
    const first = await s.call(TAPS('dana.kowalski@example.test'), { method: 'POST', body: {} });
    const second = await s.call(TAPS('dana.kowalski@example.test'), { method: 'POST', body: {} });
    expect(second.status).toBe(201);
    expect((await s.call(TAPS('dana.kowalski@example.test'))).body.value.map((t: { id: string }) => t.id)).toEqual([second.body.id]);
    expect(second.body.id).not.toBe(first.body.id);
    s.graph.controls.setExistingTapBehaviour('reject');
    const third = await s.call(TAPS('dana.kowalski@example.test'), { method: 'POST', body: {} });
    expect(third.status).toBe(400);
    expect(third.body.error.message).toMatch(/already exists/);
    expect((await s.call(`${TAPS('dana.kowalski@example.test')}/${second.body.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await s.call(`${TAPS('dana.kowalski@example.test')}/${second.body.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await s.call(TAPS('dana.kowalski@example.test'), { method: 'POST', body: {} })).status).toBe(201);
  });

  it('enforces lifetime bounds, the one-time policy, scope and disabled accounts', async () => {
    const create = (upn: string, body: object) => s.call(TAPS(upn), { method: 'POST', body });
    expect((await create('no.extras@example.test', { lifetimeInMinutes: 5 })).status).toBe(400);
    expect((await create('no.extras@example.test', { lifetimeInMinutes: 481 })).body.error.message).toMatch(/policy's range 60\.\.480/);
    expect((await create('no.extras@example.test', { lifetimeInMinutes: 60, unexpected: 1 })).status).toBe(400);
    s.graph.controls.setTapPolicy({ isUsableOnce: true });
    expect((await create('no.extras@example.test', { isUsableOnce: false })).status).toBe(400);
    expect((await create('no.extras@example.test', {})).body.isUsableOnce).toBe(true);
    s.graph.controls.setTapPolicy({ includeGroups: ['admins'] });
    const outOfScope = await create('john.doe@example.test', {});
    expect(outOfScope.status).toBe(400);
    expect(outOfScope.body.error.message).toBe(POLICY_REFUSAL);
    expect((await create('dana.kowalski@example.test', {})).status).toBe(201); // tier0-admins is inside admins
    s.graph.controls.setTapPolicy({ includeGroups: ['all_users'], state: 'disabled' });
    expect((await create('john.doe@example.test', {})).body.error.message).toBe(POLICY_REFUSAL);
    s.graph.controls.setTapPolicy({ state: 'enabled' });
    expect((await create('gone.away@example.test', {})).body.error).toMatchObject({ code: 'badRequest', message: expect.stringMatching(/disabled/) });
  });

  it('serves the TAP policy with group targets', async () => {
    s.graph.controls.setTapPolicy({ includeGroups: ['staff'], maximumLifetimeInMinutes: 600 });
    const policy = await s.call('/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass');
    const staffId = s.graph.state.groups().find((g) => g.displayName === 'staff')?.id;
    expect(policy.body).toMatchObject({
      '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration',
      id: 'TemporaryAccessPass',
      state: 'enabled',
      maximumLifetimeInMinutes: 600,
      defaultLength: 8,
      includeTargets: [{ targetType: 'group', id: staffId, isRegistrationRequired: false }],
    });
  });

  it('lists and deletes passkeys registered at Security info', async () => {
    const added = s.graph.controls.addFido2Method('john.doe2@example.test', {
      aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8',
      displayName: 'YubiKey',
      model: 'YubiKey 5',
      attestationLevel: 'attested',
    });
    const path = '/users/john.doe2@example.test/authentication/fido2Methods';
    const listed = await s.call(path);
    expect(listed.body.value).toEqual([
      expect.objectContaining({
        '@odata.type': '#microsoft.graph.fido2AuthenticationMethod',
        id: added.id,
        aaGuid: added.aaGuid,
        model: 'YubiKey 5',
        attestationLevel: 'attested',
        createdDateTime: new Date(clock.now()).toISOString(),
      }),
    ]);
    expect((await s.call(`${path}/${added.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await s.call(path)).body.value).toEqual([]);
    expect((await s.call(`${path}/${added.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('answers revokeSignInSessions with 200 and a boolean, and records when', async () => {
    const res = await s.call('/users/john.doe@example.test/revokeSignInSessions', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ '@odata.context': `${s.graph.graphBaseUrl}/$metadata#Edm.Boolean`, value: true });
    const userId = s.graph.state.user('john.doe@example.test')?.id;
    expect(s.graph.state.revocations()).toEqual([{ userId, at: clock.now() }]);
  });
});
