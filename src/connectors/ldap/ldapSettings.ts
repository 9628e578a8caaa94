/**
 * LDAP connection and attribute mapping: the two presets (OpenLDAP `inetOrgPerson` +
 * `groupOfNames`, Active Directory `user` + `group`) over the variables of docs/connectors.md.
 */
import { FilterParser } from 'ldapts';
import { ConfigError } from '../../config';
import type { DirectoryEnvConfig } from '../../config/connectors';

export interface LdapSettings {
  url: string;
  startTls: boolean;
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  groupBaseDn: string;
  /** Search filter with `{username}`, replaced by the RFC 4515-escaped typed name. */
  userFilter: string;
  /** objectClass of people and of groups, for same-name and group searches. */
  personClass: string;
  groupClass: string;
  attributes: {
    username: string;
    employeeId: string;
    birthDate?: string;
    /** Stable identifiers, first present wins (AD objectGUID is binary). */
    ids: string[];
  };
  /** `ppolicy`: locked by `pwdAccountLockedTime` (OpenLDAP); `uac`: userAccountControl bit 0x2 (AD). */
  disabledBy: 'ppolicy' | 'uac';
  nestedGroups: 'in_chain' | 'walk';
  timeoutMs: number;
}

type LdapConfig = Pick<
  DirectoryEnvConfig,
  | 'LDAP_URL'
  | 'LDAP_STARTTLS'
  | 'LDAP_BIND_DN'
  | 'LDAP_BIND_PASSWORD'
  | 'LDAP_BASE_DN'
  | 'LDAP_GROUP_BASE_DN'
  | 'LDAP_SCHEMA'
  | 'LDAP_USER_FILTER'
  | 'LDAP_ATTR_BIRTH_DATE'
  | 'LDAP_ATTR_EMPLOYEE_ID'
  | 'LDAP_NESTED_GROUPS'
  | 'LDAP_TIMEOUT_MS'
>;

export function ldapSettings(config: LdapConfig): LdapSettings {
  const missing = (['LDAP_URL', 'LDAP_BIND_DN', 'LDAP_BIND_PASSWORD', 'LDAP_BASE_DN'] as const).filter((k) => !config[k]);
  if (missing.length > 0) throw new ConfigError(`DIRECTORY=ldap needs ${missing.join(', ')} (docs/connectors.md)`);
  const url = config.LDAP_URL as string;
  if (config.LDAP_STARTTLS && url.startsWith('ldaps://')) throw new ConfigError('LDAP_STARTTLS applies to ldap:// URLs; ldaps:// is TLS already');
  const ad = config.LDAP_SCHEMA === 'ad';
  if (config.LDAP_USER_FILTER) {
    try {
      FilterParser.parseString(config.LDAP_USER_FILTER.replaceAll('{username}', () => 'x'));
    } catch (err) {
      throw new ConfigError(`LDAP_USER_FILTER is not an LDAP filter (RFC 4515): ${(err as Error).message}`);
    }
  }
  const baseDn = config.LDAP_BASE_DN as string;
  return {
    url,
    startTls: config.LDAP_STARTTLS,
    bindDn: config.LDAP_BIND_DN as string,
    bindPassword: config.LDAP_BIND_PASSWORD as string,
    baseDn,
    groupBaseDn: config.LDAP_GROUP_BASE_DN ?? baseDn,
    // AD: the pre-Windows 2000 name or the UPN, whichever the person types.
    userFilter:
      config.LDAP_USER_FILTER ??
      (ad ? '(&(objectClass=user)(|(sAMAccountName={username})(userPrincipalName={username})))' : '(&(objectClass=inetOrgPerson)(uid={username}))'),
    personClass: ad ? 'user' : 'inetOrgPerson',
    groupClass: ad ? 'group' : 'groupOfNames',
    attributes: {
      username: ad ? 'sAMAccountName' : 'uid',
      employeeId: config.LDAP_ATTR_EMPLOYEE_ID ?? (ad ? 'employeeID' : 'employeeNumber'),
      birthDate: config.LDAP_ATTR_BIRTH_DATE,
      ids: ad ? ['objectGUID', 'entryUUID'] : ['entryUUID'],
    },
    disabledBy: ad ? 'uac' : 'ppolicy',
    nestedGroups: config.LDAP_NESTED_GROUPS ?? (ad ? 'in_chain' : 'walk'),
    timeoutMs: config.LDAP_TIMEOUT_MS,
  };
}
