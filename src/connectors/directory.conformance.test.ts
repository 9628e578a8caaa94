/**
 * One conformance suite over every directory connector (as providers/conformance.test.ts is for
 * IDV adapters): each is seeded with the same people (test/support/directoryFixture.ts) and must
 * answer the same way. `ldap` runs against a real OpenLDAP slapd in both attribute shapes, `entra`
 * against the Graph-shaped stand-in (providers/entra-graph).
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { DirectoryStore } from '../stores/directoryStore';
import { redisKeys } from '../stores/keys';
import { startSlapdChild, type SlapdChild } from '../embedded/slapdChild';
import { fixtureGroups, fixturePeople, transitiveGroups } from '../../test/support/directoryFixture';
import { createBuiltinDirectory } from './builtin/builtinDirectory';
import { createLdapDirectory } from './ldap/ldapDirectory';
import { ldapSettings } from './ldap/ldapSettings';
import { startTrustedStandIn } from '../../providers/entra-graph/testKit';
import { createEntraDirectory } from './entra/entraDirectory';
import { createGraphClient } from './entra/graphClient';
import { createEntraCredential } from './entra/credential';
import { DirectoryAccountSchema, DirectoryConfigError, DirectoryUnavailableError, type DirectoryConnector } from './directory';

interface Subject {
  directory: DirectoryConnector;
  /** Builds the same connector with a wrong service password. */
  withWrongPassword?: () => DirectoryConnector;
  /** Takes the directory server down and brings it back. */
  outage?: { down(): Promise<void>; up(): Promise<void> };
  close(): Promise<void>;
}

type Factory = () => Promise<Subject>;

async function builtin(): Promise<Subject> {
  const redis = new Redis(process.env.TEST_REDIS_URL as string);
  const store = new DirectoryStore(redis, redisKeys(`conf-${randomUUID()}`));
  // The built-in directory has no nesting: an admin lists every group the account is in.
  for (const p of fixturePeople) {
    const { employeeId, birthDate, ...rest } = p;
    await store.create({ ...rest, ...(birthDate ? { birthDate } : {}), ...(employeeId ? { employeeId } : {}), groups: transitiveGroups(p) });
  }
  return {
    directory: createBuiltinDirectory(store),
    close: async () => {
      redis.disconnect();
    },
  };
}

function ldap(shape: 'openldap' | 'ad', transport: 'starttls' | 'ldaps'): Factory {
  return async () => {
    const slapd: SlapdChild = await startSlapdChild({ shape, seed: { people: fixturePeople, groups: fixtureGroups }, tls: true });
    const config = (password: string) =>
      ldapSettings({
        LDAP_URL: transport === 'ldaps' ? slapd.ldapsUrl : slapd.url,
        LDAP_STARTTLS: transport === 'starttls',
        LDAP_BIND_DN: slapd.bindDn,
        LDAP_BIND_PASSWORD: password,
        LDAP_BASE_DN: slapd.baseDn,
        LDAP_GROUP_BASE_DN: undefined,
        LDAP_SCHEMA: shape,
        LDAP_USER_FILTER: undefined,
        LDAP_ATTR_BIRTH_DATE: 'birthDate',
        LDAP_ATTR_EMPLOYEE_ID: undefined,
        // slapd implements no LDAP_MATCHING_RULE_IN_CHAIN: the AD shape is walked here (docs/connectors.md).
        LDAP_NESTED_GROUPS: 'walk',
        LDAP_TIMEOUT_MS: 2000,
      });
    trustForTest(slapd.caPem as string);
    return {
      directory: createLdapDirectory(config(slapd.bindPassword)),
      withWrongPassword: () => createLdapDirectory(config(`${slapd.bindPassword}-wrong`)),
      outage: { down: () => slapd.down(), up: () => slapd.up() },
      close: () => slapd.stop(),
    };
  };
}

/** Microsoft Entra ID through Graph, against the Graph-shaped stand-in (providers/entra-graph). */
async function entra(): Promise<Subject> {
  const { graph: g } = await startTrustedStandIn({ seed: { people: fixturePeople, groups: fixtureGroups } });
  const directory = (secret: string) =>
    createEntraDirectory({
      graph: createGraphClient({
        baseUrl: g.graphBaseUrl,
        credential: createEntraCredential({ tenantId: g.tenantId, clientId: g.clientId, clientSecret: secret, authorityHost: g.authorityHost }),
      }),
      birthDateAttribute: g.birthDateAttribute,
    });
  return {
    directory: directory(g.clientSecret),
    withWrongPassword: () => directory(`${g.clientSecret}-wrong`),
    // Graph "down": every call answers 503 until the fault is cleared.
    outage: { down: async () => g.controls.failNext(/./, { status: 503, count: 1_000 }), up: async () => g.controls.clearFaults() },
    close: () => g.close(),
  };
}

/** The test process trusts the instance's CA the way a deployment would with NODE_EXTRA_CA_CERTS. */
function trustForTest(caPem: string): void {
  const tls = require('node:tls') as typeof import('node:tls');
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), caPem]);
}

const subjects: Array<[string, Factory]> = [
  ['builtin', builtin],
  ['ldap (OpenLDAP shape, StartTLS)', ldap('openldap', 'starttls')],
  ['ldap (Active Directory shape, LDAPS)', ldap('ad', 'ldaps')],
  ['entra (Graph-shaped stand-in)', entra],
];

describe.each(subjects)('%s directory conformance', (_name, factory) => {
  let subject: Subject;
  beforeAll(async () => {
    subject = await factory();
  });
  afterAll(async () => {
    await subject?.close();
  });

  const person = (username: string) => fixturePeople.find((p) => p.username === username)!;
  /** Entra spells the sign-in name as a UPN (`ana.garcia@example.test`); LDAP and builtin as the bare name. */
  const bare = (username: string | undefined) => username?.split('@')[0]?.toLowerCase();

  it('finds an account by the name the person types, with its matching attributes', async () => {
    const account = await subject.directory.findAccount('ana.garcia');
    expect(bare(account?.username)).toBe('ana.garcia');
    expect(DirectoryAccountSchema.parse(account)).toMatchObject({
      givenName: 'Ana',
      familyName: 'Garcia Nunez',
      birthDate: '1990-04-12',
      employeeId: 'E1001',
      disabled: false,
    });
    expect(account!.id.length).toBeGreaterThan(0);
    expect([...account!.emails].sort()).toEqual([...person('ana.garcia').emails].sort());
  });

  it('ignores case in the typed name, as directories do', async () => {
    expect(bare((await subject.directory.findAccount('ANA.Garcia'))?.username)).toBe('ana.garcia');
  });

  it('lists every group, nested memberships included', async () => {
    expect((await subject.directory.findAccount('dana.kowalski'))!.groups.sort()).toEqual(['admins', 'all-staff', 'tier0-admins']);
    expect((await subject.directory.findAccount('ana.garcia'))!.groups.sort()).toEqual(transitiveGroups(person('ana.garcia')));
    expect((await subject.directory.findAccount('no.extras'))!.groups).toEqual([]);
  });

  it('reports a disabled account as disabled', async () => {
    const account = await subject.directory.findAccount('gone.away');
    expect([bare(account?.username), account?.disabled]).toEqual(['gone.away', true]);
  });

  it('leaves out attributes the directory does not hold', async () => {
    const account = await subject.directory.findAccount('no.extras');
    expect(account).toMatchObject({ givenName: 'Noor', familyName: 'Extras', emails: [] });
    expect(account!.birthDate).toBeUndefined();
    expect(account!.employeeId).toBeUndefined();
  });

  it.each(['nobody.here', '', '   '])('answers null for an unknown name (%j)', async (name) => {
    expect(await subject.directory.findAccount(name)).toBeNull();
  });

  // `ana.garci*` and `ana.garcia)(uid=*` would find exactly Ana if they reached a filter unescaped;
  // `$'` would splice the filter template into itself through a string replacement.
  it.each(['*)(uid=*))(|(uid=*', '*', 'ana.garci*', 'ana.garcia)(uid=*', '\\2a', "x' or givenName eq 'Ana", "$'", 'ana.garcia$&', '\uD83D'])(
    'a hostile name matches nothing (%j)',
    async (name) => {
      expect(await subject.directory.findAccount(name)).toBeNull();
    },
  );

  it('finds the other accounts with the same name, folded, never the account itself', async () => {
    const doe2 = (await subject.directory.findAccount('john.doe2'))!;
    expect((await subject.directory.sameName(doe2)).map((a) => bare(a.username))).toEqual(['john.doe']);
    const ana = (await subject.directory.findAccount('ana.garcia'))!;
    expect(await subject.directory.sameName(ana)).toEqual([]);
  });

  it('passes its start-up check, and fails it with a wrong service password', async () => {
    await expect(subject.directory.check()).resolves.toBeUndefined();
    if (subject.withWrongPassword) await expect(subject.withWrongPassword().check()).rejects.toBeInstanceOf(DirectoryConfigError);
  });

  it('says the directory is unavailable while it is down, and answers again once it is back', async () => {
    if (!subject.outage) return; // the built-in directory is the service's own Redis (test/redis-outage.test.ts)
    await subject.outage.down();
    await expect(subject.directory.findAccount('ana.garcia')).rejects.toBeInstanceOf(DirectoryUnavailableError);
    await subject.outage.up();
    expect(bare((await subject.directory.findAccount('ana.garcia'))?.username)).toBe('ana.garcia');
  });
});
