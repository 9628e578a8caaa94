/**
 * The private slapd (src/embedded/slapdChild.ts) in both attribute shapes, seeded with the
 * connector fixture directory: what the LDAP connector's tests and the demo rely on.
 */
import { existsSync } from 'node:fs';
import { Attribute, Change, Client, EqualityFilter, InsufficientAccessError, type Entry } from 'ldapts';
import { demoLdapSeed } from '../src/demo/ldapDemo';
import { groupDn, LOCKED_BY_ADMIN, personDns, type LdapSeed } from '../src/embedded/ldapSeed';
import { startSlapdChild, type LdapSchemaShape, type SlapdChild } from '../src/embedded/slapdChild';
import { fixtureGroups, fixturePeople, transitiveGroups } from './support/directoryFixture';

const seed: LdapSeed = {
  people: fixturePeople.map((p) => ({ ...p, emails: [...p.emails], groups: [...p.groups] })),
  groups: fixtureGroups.map((g) => ({ name: g.name, memberOf: [...g.memberOf] })),
};

const instances = {} as Record<LdapSchemaShape, SlapdChild>;

beforeAll(async () => {
  [instances.openldap, instances.ad] = await Promise.all([startSlapdChild({ shape: 'openldap', seed, tls: true }), startSlapdChild({ shape: 'ad', seed })]);
});

afterAll(async () => {
  await Promise.all(Object.values(instances).map((instance) => instance.stop()));
});

async function withClient<T>(url: string, run: (client: Client) => Promise<T>, tlsOptions?: { ca: string[] }): Promise<T> {
  const client = new Client({ url, timeout: 5_000, connectTimeout: 2_000, ...(tlsOptions ? { tlsOptions } : {}) });
  try {
    return await run(client);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

function asService<T>(instance: SlapdChild, run: (client: Client) => Promise<T>): Promise<T> {
  return withClient(instance.url, async (client) => {
    await client.bind(instance.bindDn, instance.bindPassword);
    return run(client);
  });
}

function values(entry: Entry | undefined, attribute: string): string[] {
  const value = entry?.[attribute];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => v.toString());
}

const lower = (dns: string[]) => dns.map((dn) => dn.toLowerCase()).sort();
const byUsername: Record<LdapSchemaShape, string> = { openldap: 'uid', ad: 'sAMAccountName' };

async function findPerson(client: Client, instance: SlapdChild, shape: LdapSchemaShape, username: string, attributes: string[]): Promise<Entry> {
  const { searchEntries } = await client.search(instance.baseDn, {
    filter: new EqualityFilter({ attribute: byUsername[shape], value: username }),
    attributes,
  });
  expect(searchEntries).toHaveLength(1);
  return searchEntries[0] as Entry;
}

/** Group names from the DNs the seed gave them. */
function groupNames(dns: string[], baseDn: string): string[] {
  const byDn = new Map(fixtureGroups.map((g) => [groupDn(g.name, baseDn).toLowerCase(), g.name]));
  return dns.map((dn) => byDn.get(dn.toLowerCase()) ?? `?${dn}`).sort();
}

describe.each(['openldap', 'ad'] as const)('%s shape', (shape) => {
  const instance = () => instances[shape];

  test('the service account binds and reads a person, memberOf included when named', async () => {
    await asService(instance(), async (client) => {
      const attributes =
        shape === 'openldap'
          ? ['uid', 'cn', 'sn', 'givenName', 'mail', 'employeeNumber', 'birthDate', 'memberOf']
          : ['sAMAccountName', 'userPrincipalName', 'cn', 'sn', 'givenName', 'mail', 'employeeID', 'birthDate', 'memberOf'];
      const ana = await findPerson(client, instance(), shape, 'ana.garcia', attributes);
      expect(values(ana, 'givenName')).toEqual(['Ana']);
      expect(values(ana, 'sn')).toEqual(['Garcia Nunez']);
      expect(values(ana, 'cn')).toEqual(['Ana Garcia Nunez']);
      expect(values(ana, 'mail').sort()).toEqual(['ana.garcia@example.com', 'ana.personal@example.org']);
      expect(lower(values(ana, 'memberOf'))).toEqual([groupDn('staff', instance().baseDn).toLowerCase()]);
      if (shape === 'openldap') {
        expect(values(ana, 'employeeNumber')).toEqual(['E1001']);
        expect(values(ana, 'birthDate')).toEqual(['1990-04-12']);
      } else {
        expect(values(ana, 'userPrincipalName')).toEqual(['ana.garcia@example.test']);
        expect(values(ana, 'employeeID')).toEqual(['E1001']);
        expect(values(ana, 'birthDate')).toEqual(['19900412000000.0Z']);
      }
      // memberOf is operational: not returned for '*'.
      expect(values(await findPerson(client, instance(), shape, 'ana.garcia', ['*']), 'memberOf')).toEqual([]);

      const accented = await findPerson(client, instance(), shape, 'john.doe2', ['givenName', 'sn']);
      expect([values(accented, 'givenName'), values(accented, 'sn')]).toEqual([['JOHN'], ['Doé']]);
      const bare = await findPerson(client, instance(), shape, 'no.extras', ['mail', 'birthDate', 'memberOf']);
      expect([values(bare, 'mail'), values(bare, 'birthDate'), values(bare, 'memberOf')]).toEqual([[], [], []]);
    });
  });

  test('nested membership is visible walking memberOf up and member down', async () => {
    const dns = personDns(seed, shape, instance().baseDn);
    await asService(instance(), async (client) => {
      const memberOf = async (dn: string) => values((await client.search(dn, { scope: 'base', attributes: ['memberOf'] })).searchEntries[0], 'memberOf');
      const groupsOf = async (dn: string) =>
        (
          await client.search(`ou=groups,${instance().baseDn}`, {
            filter: new EqualityFilter({ attribute: 'member', value: dn }),
            attributes: ['1.1'],
          })
        ).searchEntries.map((e) => e.dn);
      const walk = async (start: string, step: (dn: string) => Promise<string[]>) => {
        const seen = new Set<string>();
        const queue = [start];
        for (let dn = queue.shift(); dn !== undefined; dn = queue.shift()) {
          for (const group of await step(dn)) {
            if (!seen.has(group.toLowerCase())) {
              seen.add(group.toLowerCase());
              queue.push(group);
            }
          }
        }
        return groupNames([...seen], instance().baseDn);
      };
      for (const person of fixturePeople) {
        const dn = dns.get(person.username) ?? '';
        expect({ person: person.username, up: await walk(dn, memberOf) }).toEqual({ person: person.username, up: transitiveGroups(person) });
        expect({ person: person.username, down: await walk(dn, groupsOf) }).toEqual({ person: person.username, down: transitiveGroups(person) });
      }
      // Direct only, as in OpenLDAP generally: nesting is the reader's job.
      expect(groupNames(await memberOf(dns.get('dana.kowalski') ?? ''), instance().baseDn)).toEqual(['tier0-admins']);
    });
  });

  test('a disabled person carries the disabled marker, and only they do', async () => {
    await asService(instance(), async (client) => {
      if (shape === 'openldap') {
        const { searchEntries } = await client.search(instance().baseDn, { filter: '(pwdAccountLockedTime=*)', attributes: ['uid', 'pwdAccountLockedTime'] });
        expect(searchEntries.map((e) => [values(e, 'uid'), values(e, 'pwdAccountLockedTime')])).toEqual([[['gone.away'], [LOCKED_BY_ADMIN]]]);
      } else {
        // AD's bitwise-AND matching rule on ACCOUNTDISABLE (0x2), as AD clients query it.
        const { searchEntries } = await client.search(instance().baseDn, {
          filter: '(userAccountControl:1.2.840.113556.1.4.803:=2)',
          attributes: ['sAMAccountName', 'userAccountControl'],
        });
        expect(searchEntries.map((e) => [values(e, 'sAMAccountName'), values(e, 'userAccountControl')])).toEqual([[['gone.away'], ['514']]]);
        expect(values(await findPerson(client, instance(), shape, 'john.doe', ['userAccountControl']), 'userAccountControl')).toEqual(['512']);
      }
    });
  });

  test('the service account cannot write; the admin can', async () => {
    const dn = personDns(seed, shape, instance().baseDn).get('john.doe') ?? '';
    const change = new Change({ operation: 'add', modification: new Attribute({ type: 'description', values: ['touched'] }) });
    await expect(asService(instance(), (client) => client.modify(dn, change))).rejects.toBeInstanceOf(InsufficientAccessError);
    await withClient(instance().url, async (client) => {
      await client.bind(instance().adminDn, instance().adminPassword);
      await client.modify(dn, change);
      await client.modify(dn, new Change({ operation: 'delete', modification: new Attribute({ type: 'description', values: ['touched'] }) }));
    });
  });
});

test('TLS: ldaps with the instance CA, StartTLS on the plain port, and the CA is really checked', async () => {
  const instance = instances.openldap;
  const ca = [instance.caPem ?? ''];
  expect(instance.ldapsUrl).toMatch(/^ldaps:\/\/localhost:\d+$/);
  const readDana = async (client: Client) => {
    await client.bind(instance.bindDn, instance.bindPassword);
    return values(await findPerson(client, instance, 'openldap', 'dana.kowalski', ['mail']), 'mail');
  };
  await expect(withClient(instance.ldapsUrl ?? '', readDana, { ca })).resolves.toEqual(['dana.kowalski@example.com']);
  await expect(
    withClient(instance.url, async (client) => {
      await client.startTLS({ ca });
      return readDana(client);
    }),
  ).resolves.toEqual(['dana.kowalski@example.com']);
  // Without the CA the chain does not verify.
  await expect(withClient(instance.ldapsUrl ?? '', readDana)).rejects.toThrow(/certificate/i);
  // The instance without tls has no certificate and offers no StartTLS.
  expect(instances.ad.caPem).toBeUndefined();
  await expect(withClient(instances.ad.url, (client) => client.startTLS({ ca }))).rejects.toThrow();
});

test('down() refuses connections; up() brings the same port and data back', async () => {
  const instance = instances.ad;
  const dn = personDns(seed, 'ad', instance.baseDn).get('ana.garcia') ?? '';
  // A write made through the server before it goes down must survive the restart.
  await withClient(instance.url, async (client) => {
    await client.bind(instance.adminDn, instance.adminPassword);
    await client.modify(dn, new Change({ operation: 'add', modification: new Attribute({ type: 'mail', values: ['ana.new@example.com'] }) }));
  });
  const read = () =>
    asService(instance, async (client) => {
      const entry = await findPerson(client, instance, 'ad', 'ana.garcia', ['mail', 'memberOf']);
      return { mail: values(entry, 'mail').sort(), memberOf: groupNames(values(entry, 'memberOf'), instance.baseDn) };
    });

  await instance.down();
  await expect(read()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  await instance.down(); // idempotent

  await instance.up();
  await instance.up(); // idempotent
  expect(instance.url).toBe(`ldap://127.0.0.1:${instance.port}`);
  await expect(read()).resolves.toEqual({
    mail: ['ana.garcia@example.com', 'ana.new@example.com', 'ana.personal@example.org'],
    memberOf: ['staff'],
  });
});

test('the demo seed nests tier0-admins in admins; stop() removes the temp dir, even after down()', async () => {
  const demo = await startSlapdChild({ shape: 'openldap', seed: demoLdapSeed() });
  try {
    expect(existsSync(demo.dir)).toBe(true);
    await asService(demo, async (client) => {
      const dana = await findPerson(client, demo, 'openldap', 'dana.kowalski', ['memberOf']);
      expect(lower(values(dana, 'memberOf'))).toEqual([groupDn('tier0-admins', demo.baseDn)]);
      const tier0 = await client.search(groupDn('tier0-admins', demo.baseDn), { scope: 'base', attributes: ['memberOf'] });
      expect(lower(values(tier0.searchEntries[0], 'memberOf'))).toEqual([groupDn('admins', demo.baseDn)]);
    });
    await demo.down();
    expect(existsSync(demo.dir)).toBe(true);
  } finally {
    await demo.stop();
  }
  expect(existsSync(demo.dir)).toBe(false);
  await demo.stop(); // idempotent

  const plain = await startSlapdChild({ shape: 'ad', seed: { people: [], groups: [] } });
  await plain.stop();
  expect(existsSync(plain.dir)).toBe(false);
});
