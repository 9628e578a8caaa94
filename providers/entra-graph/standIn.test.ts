import { ClientCertificateCredential, ClientSecretCredential } from '@azure/identity';
import { fixtureGroups, fixturePeople } from '../../test/support/directoryFixture';
import { manualClock } from '../../test/support/testClock';
import { startTrustedStandIn, type TrustedStandIn } from './testKit';
import { makeClientCertificate } from '../vendor-http/tlsMaterial';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const ODATA_JSON = /^application\/json;odata\.metadata=minimal;odata\.streaming=true;IEEE754Compatible=false;charset=utf-8$/;

describe('Graph stand-in: token endpoint', () => {
  let s: TrustedStandIn;
  let client: { certPem: string; keyPem: string };
  beforeAll(async () => {
    client = await makeClientCertificate();
    s = await startTrustedStandIn({ seed: { people: fixturePeople, groups: fixtureGroups }, clientCertificatePem: client.certPem });
  });
  afterAll(() => s.graph.close());
  const options = () => ({ authorityHost: s.graph.authorityHost, disableInstanceDiscovery: true });

  it('issues a Graph token to ClientSecretCredential, valid for 3599 s', async () => {
    const token = await s.credential.getToken(GRAPH_SCOPE);
    expect(token.expiresOnTimestamp - Date.now()).toBeGreaterThan(3_500_000);
    expect((await s.call('/users/ana.garcia@example.test', { token: token.token })).status).toBe(200);
    const [discovery, tokenCall] = s.graph.state.requests();
    expect(discovery?.url).toBe(`/${s.graph.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(tokenCall?.url).toMatch(new RegExp(`^/${s.graph.tenantId}/oauth2/v2.0/token\\?client-request-id=`));
  });

  it('refuses a wrong client secret with an AADSTS 401', async () => {
    const wrong = new ClientSecretCredential(s.graph.tenantId, s.graph.clientId, 'not-the-secret', options());
    await expect(wrong.getToken(GRAPH_SCOPE)).rejects.toThrow(/invalid_client.*AADSTS7000215/);
  });

  it('answers the raw token endpoint like Entra, ignoring unknown fields', async () => {
    const post = (form: Record<string, string>) =>
      fetch(`${s.graph.authorityHost}/${s.graph.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams(form),
      });
    const base = { client_id: s.graph.clientId, client_secret: s.graph.clientSecret, grant_type: 'client_credentials', 'x-client-SKU': 'test' };
    const ok = await post({ ...base, scope: GRAPH_SCOPE });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: expect.any(String) });
    const badScope = await post({ ...base, scope: 'User.Read' });
    expect(badScope.status).toBe(400);
    expect(await badScope.json()).toMatchObject({
      error: 'invalid_scope',
      error_codes: [1002012],
      trace_id: expect.any(String),
      correlation_id: expect.any(String),
    });
    const otherTenant = await fetch(`${s.graph.authorityHost}/not-our-tenant/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({ ...base, scope: GRAPH_SCOPE }),
    });
    expect(await otherTenant.json()).toMatchObject({ error: 'invalid_request', error_codes: [90002] });
  });

  it('accepts a client assertion signed with the registered certificate and refuses another', async () => {
    const good = new ClientCertificateCredential(s.graph.tenantId, s.graph.clientId, { certificate: client.keyPem + client.certPem }, options());
    expect((await good.getToken(GRAPH_SCOPE)).token).toMatch(/^ey/);
    const stranger = await makeClientCertificate('someone-else');
    const bad = new ClientCertificateCredential(s.graph.tenantId, s.graph.clientId, { certificate: stranger.keyPem + stranger.certPem }, options());
    await expect(bad.getToken(GRAPH_SCOPE)).rejects.toThrow(/AADSTS700027/);
  });
});

describe('Graph stand-in: users, groups, faults', () => {
  let s: TrustedStandIn;
  const clock = manualClock();
  beforeAll(async () => {
    s = await startTrustedStandIn({ seed: { people: fixturePeople, groups: fixtureGroups }, clock: () => clock.now() });
  });
  afterAll(() => s.graph.close());
  const eventual = { ConsistencyLevel: 'eventual' };

  it('answers 401 InvalidAuthenticationToken without a bearer token, in the Graph envelope', async () => {
    const res = await s.call('/users', { token: null, headers: { 'client-request-id': 'c0ffee00-0000-4000-8000-000000000001' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(ODATA_JSON);
    expect(res.headers.get('client-request-id')).toBe('c0ffee00-0000-4000-8000-000000000001');
    const requestId = res.headers.get('request-id');
    expect(res.body).toEqual({
      error: {
        code: 'InvalidAuthenticationToken',
        message: 'Access token is empty.',
        innerError: {
          date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
          'request-id': requestId,
          'client-request-id': 'c0ffee00-0000-4000-8000-000000000001',
        },
      },
    });
    expect((await s.call('/users', { token: 'ey.not.valid' })).status).toBe(401);
  });

  it('returns the default property set, and the rest only when selected', async () => {
    const plain = await s.call('/users/ANA.GARCIA@example.test');
    expect(plain.body).toMatchObject({
      '@odata.context': `${s.graph.graphBaseUrl}/$metadata#users/$entity`,
      userPrincipalName: 'ana.garcia@example.test',
      givenName: 'Ana',
      surname: 'Garcia Nunez',
      mail: 'ana.garcia@example.com',
    });
    expect(plain.body).not.toHaveProperty('accountEnabled');
    expect(plain.body).not.toHaveProperty(s.graph.birthDateAttribute);
    const selected = await s.call(
      `/users/${plain.body.id}?$select=id,accountEnabled,otherMails,employeeId,onPremisesSamAccountName,${s.graph.birthDateAttribute}`,
    );
    expect(selected.body).toEqual({
      '@odata.context': `${s.graph.graphBaseUrl}/$metadata#users(id,accountEnabled,otherMails,employeeId,onPremisesSamAccountName,${s.graph.birthDateAttribute})/$entity`,
      id: plain.body.id,
      accountEnabled: true,
      otherMails: ['ana.personal@example.org'],
      employeeId: 'E1001',
      onPremisesSamAccountName: 'ana.garcia',
      [s.graph.birthDateAttribute]: '1990-04-12',
    });
    expect(s.graph.birthDateAttribute).toBe(`extension_${s.graph.clientId.replace(/-/g, '')}_dateOfBirth`);
    expect((await s.call('/users/ana.garcia@example.test?$select=nonsense')).body.error.code).toBe('Request_BadRequest');
    const missing = await s.call('/users/nobody@example.test');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({
      code: 'Request_ResourceNotFound',
      message: "Resource 'nobody@example.test' does not exist or one of its queried reference-property objects are not present.",
    });
  });

  it('filters by name case-insensitively, with OData quote doubling, and refuses what it cannot parse', async () => {
    const q = (filter: string, headers?: Record<string, string>) =>
      s.call(`/users?$filter=${encodeURIComponent(filter)}&$select=userPrincipalName`, { headers });
    expect((await q("givenName eq 'john' and surname eq 'DOE'")).body.value).toEqual([{ userPrincipalName: 'john.doe@example.test' }]);
    expect((await q("mail eq 'JOHN.DOE2@example.com'")).body.value).toEqual([{ userPrincipalName: 'john.doe2@example.test' }]);
    expect((await q("userPrincipalName eq 'x'' or givenName eq ''Ana'")).body.value).toEqual([]);
    expect((await q("givenName eq 'Ana' or")).body.error.code).toBe('Request_BadRequest');
    expect((await q("givenName ne 'Ana'")).status).toBe(400);
    const sam = "onPremisesSamAccountName eq 'dana.kowalski'";
    expect((await q(sam)).body.error.code).toBe('Request_UnsupportedQuery');
    expect((await q(sam, eventual)).body.error.code).toBe('Request_UnsupportedQuery'); // $count=true missing
    const advanced = await s.call(`/users?$filter=${encodeURIComponent(sam)}&$count=true&$select=id`, { headers: eventual });
    expect(advanced.body).toMatchObject({ '@odata.count': 1, value: [{ id: expect.any(String) }] });
  });

  it('pages with an opaque $skiptoken in @odata.nextLink and caps $top at 999', async () => {
    const seen: string[] = [];
    let next: string | undefined = '/users?$top=999&$select=userPrincipalName';
    while (next !== undefined) {
      const page = await s.call(next);
      expect(page.body.value.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.value.map((u: { userPrincipalName: string }) => u.userPrincipalName));
      next = page.body['@odata.nextLink'];
      if (next !== undefined) expect(next).toMatch(/\$skiptoken=/);
    }
    expect(seen).toHaveLength(fixturePeople.length);
    expect((await s.call('/users?$top=1000')).status).toBe(400);
    expect((await s.call('/users?$skip=2')).status).toBe(400);
    expect((await s.call('/users?$skiptoken=made-up')).status).toBe(400);
  });

  it('lists transitive groups through the cast only as an advanced query', async () => {
    const path = '/users/dana.kowalski@example.test/transitiveMemberOf/microsoft.graph.group?$select=id,displayName&$count=true';
    expect((await s.call(path)).body.error.code).toBe('Request_UnsupportedQuery');
    const names: string[] = [];
    let next: string | undefined = path;
    while (next !== undefined) {
      const page = await s.call(next, { headers: eventual });
      expect(page.body['@odata.count']).toBe(3);
      names.push(...page.body.value.map((g: { displayName: string }) => g.displayName));
      next = page.body['@odata.nextLink'];
    }
    expect(names.sort()).toEqual(['admins', 'all-staff', 'tier0-admins']);
  });

  it('serves injected 429 (with fractional Retry-After), 503 and 504, then recovers', async () => {
    s.graph.controls.failNext(/\/users\/john\.doe@/, { status: 429, retryAfter: '2.128', count: 1 });
    s.graph.controls.failNext('/users/john\\.doe@', { status: 503 });
    s.graph.controls.failNext('/users/john\\.doe@', { status: 504 });
    const throttled = await s.call('/users/john.doe@example.test');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('2.128');
    expect(throttled.body.error).toMatchObject({ code: 'TooManyRequests', innerError: { code: '429', status: '429', 'request-id': expect.any(String) } });
    expect((await s.call('/users/john.doe@example.test')).status).toBe(503);
    expect((await s.call('/users/john.doe@example.test')).status).toBe(504);
    expect((await s.call('/users/john.doe@example.test')).status).toBe(200);
  });

  it("answers an unknown segment with Graph's 400", async () => {
    expect((await s.call('/nonsense')).body.error).toMatchObject({ code: 'BadRequest', message: "Resource not found for the segment 'nonsense'." });
  });
});
