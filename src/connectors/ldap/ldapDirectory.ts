/**
 * The `ldap` directory: OpenLDAP or Active Directory, read with ldapts as a bound service account.
 * The typed name enters the configured filter only escaped (RFC 4515 §3), so `*)(uid=*` is a
 * name like any other and matches nothing.
 */
import { AndFilter, EqualityFilter, Filter, OrFilter, type Client, type Entry } from 'ldapts';
import { foldName, stripMarks } from '../../text/foldName';
import type { DirectoryAccount, DirectoryConnector } from '../directory';
import { accountAttributes, toAccount } from './ldapEntry';
import { groupsOf } from './ldapGroups';
import { withLdapSession } from './ldapSession';
import type { LdapSettings } from './ldapSettings';

export function createLdapDirectory(settings: LdapSettings, log: (msg: string) => void = () => undefined): DirectoryConnector {
  const toAccountWithGroups = async (client: Client, entry: Entry): Promise<DirectoryAccount | null> =>
    toAccount(entry, settings, await groupsOf(client, settings, entry.dn));

  return {
    kind: 'ldap',
    async findAccount(name) {
      const trimmed = name.trim();
      if (trimmed.length === 0) return null;
      return withLdapSession(settings, async (client) => {
        // A replacer function: a string replacement would expand `$'`, `$&`... in the typed name.
        const filter = settings.userFilter.replaceAll('{username}', () => Filter.escape(trimmed));
        // Two entries are enough to know the name is ambiguous; the server says so with result 4
        // (sizeLimitExceeded) rather than return them.
        const entries = await client.search(settings.baseDn, { scope: 'sub', filter, attributes: accountAttributes(settings), sizeLimit: 2 }).then(
          ({ searchEntries }) => searchEntries,
          (err: unknown) => {
            if ((err as { code?: unknown } | null)?.code !== 4) throw err;
            return null;
          },
        );
        if (entries === null || entries.length > 1) {
          log(`LDAP: "${settings.userFilter}" matches more than one entry for a typed name; no account is chosen`);
          return null;
        }
        return entries[0] ? toAccountWithGroups(client, entries[0]) : null;
      });
    },
    async sameName(account) {
      return withLdapSession(settings, async (client) => {
        const { searchEntries } = await client.search(settings.baseDn, {
          scope: 'sub',
          filter: sameNameFilter(settings, account),
          attributes: accountAttributes(settings),
          paged: { pageSize: 200 },
        });
        const folded = `${foldName(account.givenName)}\n${foldName(account.familyName)}`;
        const others: DirectoryAccount[] = [];
        for (const entry of searchEntries) {
          const other = toAccount(entry, settings, []);
          if (!other || other.id === account.id || other.username.toLowerCase() === account.username.toLowerCase()) continue;
          if (`${foldName(other.givenName)}\n${foldName(other.familyName)}` !== folded) continue;
          others.push({ ...other, groups: await groupsOf(client, settings, entry.dn) });
        }
        return others;
      });
    },
    async check() {
      if (settings.url.startsWith('ldap://') && !settings.startTls) {
        log(
          "LDAP over plain ldap:// without StartTLS: the service account's password and every answer cross the network in clear; use ldaps:// or LDAP_STARTTLS=true",
        );
      }
      await withLdapSession(settings, async (client) => {
        // The base DNs must exist and be readable by the service account, and the filter must parse.
        await client.search(settings.baseDn, { scope: 'base', attributes: ['1.1'] });
        if (settings.groupBaseDn !== settings.baseDn) await client.search(settings.groupBaseDn, { scope: 'base', attributes: ['1.1'] });
        await client.search(settings.baseDn, {
          scope: 'sub',
          filter: settings.userFilter.replaceAll('{username}', () => 'recovery-start-up-check'),
          attributes: ['1.1'],
          sizeLimit: 1,
        });
      });
    },
    async close() {
      /* no connection outlives a read */
    },
  };
}

/**
 * The account's own spelling and its spelling without accents: LDAP equality ignores case but not
 * accents (caseIgnoreMatch, RFC 4517 §4.2.11). The results are folded and compared in code.
 */
function sameNameFilter(settings: LdapSettings, account: DirectoryAccount): Filter {
  const person = new EqualityFilter({ attribute: 'objectClass', value: settings.personClass });
  const spellings = new Set([`${account.givenName}\n${account.familyName}`, `${stripMarks(account.givenName)}\n${stripMarks(account.familyName)}`]);
  const byName = [...spellings].map((s) => {
    const [given, family] = s.split('\n');
    return new AndFilter({ filters: [new EqualityFilter({ attribute: 'givenName', value: given }), new EqualityFilter({ attribute: 'sn', value: family })] });
  });
  return new AndFilter({ filters: [person, new OrFilter({ filters: byName })] });
}
