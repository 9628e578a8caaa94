/** The LDAP connector's settings and entry mapping, without a server (the conformance suite runs against slapd). */
import type { Entry } from 'ldapts';
import { ConfigError } from '../../src/config';
import { ldapSettings } from '../../src/connectors/ldap/ldapSettings';
import { birthDateOf, toAccount } from '../../src/connectors/ldap/ldapEntry';

const base = {
  LDAP_URL: 'ldap://dc.example.test',
  LDAP_STARTTLS: true,
  LDAP_BIND_DN: 'cn=svc,dc=example,dc=test',
  LDAP_BIND_PASSWORD: 'secret',
  LDAP_BASE_DN: 'dc=example,dc=test',
  LDAP_GROUP_BASE_DN: undefined,
  LDAP_SCHEMA: 'openldap' as const,
  LDAP_USER_FILTER: undefined,
  LDAP_ATTR_BIRTH_DATE: undefined,
  LDAP_ATTR_EMPLOYEE_ID: undefined,
  LDAP_NESTED_GROUPS: undefined,
  LDAP_TIMEOUT_MS: 5000,
};

describe('LDAP settings', () => {
  it('names every missing variable', () => {
    expect(() => ldapSettings({ ...base, LDAP_URL: undefined, LDAP_BIND_PASSWORD: undefined })).toThrow(/LDAP_URL, LDAP_BIND_PASSWORD/);
  });

  it('refuses a user filter that is not a filter, and StartTLS on ldaps://', () => {
    expect(() => ldapSettings({ ...base, LDAP_USER_FILTER: '(uid={username}))' })).toThrow(ConfigError);
    expect(() => ldapSettings({ ...base, LDAP_USER_FILTER: '((uid={username})' })).toThrow(/not an LDAP filter/);
    expect(() => ldapSettings({ ...base, LDAP_URL: 'ldaps://dc.example.test' })).toThrow('LDAP_STARTTLS applies to ldap:// URLs');
  });

  it('gives each preset its attributes, disabled marker and group resolution', () => {
    expect(ldapSettings(base)).toMatchObject({
      personClass: 'inetOrgPerson',
      groupClass: 'groupOfNames',
      disabledBy: 'ppolicy',
      nestedGroups: 'walk',
      attributes: { username: 'uid', employeeId: 'employeeNumber' },
    });
    expect(ldapSettings({ ...base, LDAP_SCHEMA: 'ad' })).toMatchObject({
      personClass: 'user',
      groupClass: 'group',
      disabledBy: 'uac',
      nestedGroups: 'in_chain',
      attributes: { username: 'sAMAccountName', employeeId: 'employeeID' },
    });
  });
});

describe('LDAP entries as accounts', () => {
  const settings = ldapSettings({ ...base, LDAP_ATTR_BIRTH_DATE: 'birthDate' });
  const ad = ldapSettings({ ...base, LDAP_SCHEMA: 'ad' });
  const person = (extra: Record<string, unknown>): Entry => ({
    dn: 'uid=ana,ou=people,dc=example,dc=test',
    uid: 'ana',
    givenName: 'Ana',
    sn: 'Garcia',
    mail: [],
    ...extra,
  });

  it('reads birth dates as YYYY-MM-DD or generalized time, and nothing else', () => {
    expect(birthDateOf('1990-04-12')).toBe('1990-04-12');
    expect(birthDateOf('19900412000000.0Z')).toBe('1990-04-12');
    expect(birthDateOf('19900412000000Z')).toBe('1990-04-12');
    expect(birthDateOf('2023-02-30')).toBeUndefined();
    expect(birthDateOf('12/04/1990')).toBeUndefined();
  });

  it("counts only an administrator's lock as disabled, not a lock-out after failed passwords", () => {
    expect(toAccount(person({ pwdAccountLockedTime: '000001010000Z' }), settings, [])?.disabled).toBe(true);
    expect(toAccount(person({ pwdAccountLockedTime: '20261205101500Z' }), settings, [])?.disabled).toBe(false);
    expect(toAccount(person({}), settings, [])?.disabled).toBe(false);
  });

  it('reads userAccountControl bit 0x2 and the binary objectGUID of Active Directory', () => {
    const guid = Buffer.from('b7c1e5a03b7d4c49a12f0e6a6d0f1c2e', 'hex');
    const entry = {
      dn: 'CN=Ana Garcia,OU=users,DC=example,DC=test',
      sAMAccountName: 'ana',
      givenName: 'Ana',
      sn: 'Garcia',
      userAccountControl: '514',
      objectGUID: guid,
    } as unknown as Entry;
    // The first three fields of a GUID are stored little-endian (MS-DTYP §2.3.4).
    expect(toAccount(entry, ad, [])).toMatchObject({ id: 'a0e5c1b7-7d3b-494c-a12f-0e6a6d0f1c2e', username: 'ana', disabled: true });
    expect(toAccount({ ...entry, userAccountControl: '512' }, ad, [])?.disabled).toBe(false);
  });

  it('is no account without a login name, given name and family name', () => {
    expect(toAccount(person({ sn: [] }), settings, [])).toBeNull();
  });
});
