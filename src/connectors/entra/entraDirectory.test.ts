import { fixtureGroups, fixturePeople, transitiveGroups, type FixturePerson } from '../../../test/support/directoryFixture';
import { startTrustedStandIn, type TrustedStandIn } from '../../../providers/entra-graph/testKit';
import { DirectoryConfigError, DirectoryUnavailableError, type DirectoryConnector } from '../directory';
import { createEntraCredential } from './credential';
import { createEntraDirectory, type EntraDirectoryOptions } from './entraDirectory';
import { createGraphClient } from './graphClient';

describe('Entra directory connector against the Graph stand-in', () => {
  let s: TrustedStandIn;
  let directory: DirectoryConnector;
  const connect = (overrides: Partial<EntraDirectoryOptions> = {}, secret = s.graph.clientSecret): DirectoryConnector => {
    const credential = createEntraCredential({
      tenantId: s.graph.tenantId,
      clientId: s.graph.clientId,
      clientSecret: secret,
      authorityHost: s.graph.authorityHost,
    });
    const graph = createGraphClient({ baseUrl: s.graph.graphBaseUrl, credential });
    return createEntraDirectory({ graph, birthDateAttribute: s.graph.birthDateAttribute, ...overrides });
  };
  const expected = (p: FixturePerson) => ({
    id: s.graph.state.user(`${p.username}@example.test`)?.id,
    username: `${p.username}@example.test`,
    givenName: p.givenName,
    familyName: p.familyName,
    birthDate: p.birthDate,
    employeeId: p.employeeId,
    groups: transitiveGroups(p),
    emails: p.emails,
    disabled: p.disabled,
  });
  const person = (username: string) => fixturePeople.find((p) => p.username === username) as FixturePerson;
  const graphRequestsSince = (mark: number) =>
    s.graph.state
      .requests()
      .slice(mark)
      .filter((r) => r.url.startsWith('/v1.0/'));

  beforeAll(async () => {
    s = await startTrustedStandIn({ seed: { people: fixturePeople, groups: fixtureGroups } });
    directory = connect();
  });
  afterAll(() => s.graph.close());
  afterEach(() => s.graph.controls.clearFaults());

  it.each(fixturePeople.map((p) => p.username))('finds %s by username, with every attribute and nested group', async (username) => {
    const account = await directory.findAccount(username);
    expect(account).toEqual(JSON.parse(JSON.stringify(expected(person(username)))));
  });

  it('finds by UPN in any case, and by mail', async () => {
    expect((await directory.findAccount('  JOHN.DOE@EXAMPLE.TEST '))?.username).toBe('john.doe@example.test');
    expect((await directory.findAccount('john.doe2@example.com'))?.username).toBe('john.doe2@example.test');
    expect(await directory.findAccount('dana.kowalski@example.test')).toMatchObject({ groups: ['admins', 'all-staff', 'tier0-admins'] });
    expect(await directory.findAccount('gone.away')).toMatchObject({ disabled: true });
  });

  it('finds nobody for unknown, empty, oversized and hostile names, without a Graph error', async () => {
    const mark = s.graph.state.requests().length;
    for (const name of [
      'nobody',
      'nobody@example.test',
      '',
      '   ',
      'a'.repeat(257),
      '*)(uid=*))(|(uid=*',
      "x' or givenName eq 'Ana",
      "x@y' or givenName eq 'Ana",
    ]) {
      expect(await directory.findAccount(name)).toBeNull();
    }
    const calls = graphRequestsSince(mark);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((r) => r.status === 200)).toBe(true);
  });

  it('tries the login attribute first, and a bare name as <name>@upnDomain', async () => {
    const byUpn = connect({ loginAttribute: 'userPrincipalName', upnDomain: 'example.test' });
    const mark = s.graph.state.requests().length;
    expect((await byUpn.findAccount('ana.garcia'))?.username).toBe('ana.garcia@example.test');
    const filters = graphRequestsSince(mark)
      .map((r) => decodeURIComponent(r.url))
      .filter((u) => u.includes('$filter='));
    expect(filters).toHaveLength(1);
    expect(filters[0]).toContain("userPrincipalName eq 'ana.garcia@example.test'");
  });

  it('finds same-name accounts across case and accents, never the account itself', async () => {
    const john = await directory.findAccount('john.doe');
    const john2 = await directory.findAccount('john.doe2');
    // "JOHN Doé" asks for its spelling and its spelling without accents, so it finds "John Doe".
    // "John Doe" finds "Doé" only where Graph folds accents itself (docs/connectors.md).
    expect(await directory.sameName(john2!)).toEqual([john]);
    expect(await directory.sameName((await directory.findAccount('ana.garcia'))!)).toEqual([]);
  });

  it('reports throttling with its Retry-After, and 503, as unavailable; then recovers', async () => {
    s.graph.controls.failNext(/\/v1\.0\/users\?/, { status: 429, retryAfter: '2.5' });
    await expect(directory.findAccount('ana.garcia')).rejects.toMatchObject({ name: 'DirectoryUnavailableError', retryAfterMs: 2500 });
    s.graph.controls.failNext(/transitiveMemberOf/, { status: 503 });
    const unavailable = await directory.findAccount('ana.garcia').catch((e: unknown) => e);
    expect(unavailable).toBeInstanceOf(DirectoryUnavailableError);
    expect((unavailable as DirectoryUnavailableError).retryAfterMs).toBeUndefined();
    expect((await directory.findAccount('ana.garcia'))?.username).toBe('ana.garcia@example.test');
  });

  it('check() passes with the right credentials and is a config error with a wrong secret', async () => {
    await expect(directory.check()).resolves.toBeUndefined();
    await expect(connect({}, 'wrong-secret').check()).rejects.toBeInstanceOf(DirectoryConfigError);
  });

  it('check() is "unavailable" when the token endpoint or Graph cannot be reached', async () => {
    s.graph.controls.failNext(/oauth2\/v2\.0\/token/, { status: 503 });
    await expect(connect().check()).rejects.toBeInstanceOf(DirectoryUnavailableError);
    const credential = createEntraCredential({
      tenantId: s.graph.tenantId,
      clientId: s.graph.clientId,
      clientSecret: s.graph.clientSecret,
      authorityHost: s.graph.authorityHost,
    });
    const nowhere = createEntraDirectory({ graph: createGraphClient({ baseUrl: 'https://localhost:1/v1.0', credential }) });
    await expect(nowhere.check()).rejects.toBeInstanceOf(DirectoryUnavailableError);
  });

  it('is a config error when Graph rejects the configured birth-date attribute', async () => {
    await expect(connect({ birthDateAttribute: 'extension_nope_dateOfBirth' }).check()).rejects.toBeInstanceOf(DirectoryConfigError);
  });
});
