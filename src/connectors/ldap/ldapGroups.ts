/**
 * Every group an LDAP account belongs to, nested memberships included: what passkey profiles
 * target. Active Directory answers in one search with LDAP_MATCHING_RULE_IN_CHAIN
 * (1.2.840.113556.1.4.1941, "Search Filter Syntax", Microsoft Learn); other servers (OpenLDAP
 * implements no such rule, and its memberOf lists direct groups only) are walked level by level
 * over `member`, one search per nesting level.
 */
import { AndFilter, EqualityFilter, ExtensibleFilter, OrFilter, type Client, type Filter } from 'ldapts';
import { values } from './ldapEntry';
import type { LdapSettings } from './ldapSettings';

const IN_CHAIN = '1.2.840.113556.1.4.1941';
/** Deeper nesting than this is a loop or a mistake; stop rather than search forever. */
const MAX_DEPTH = 16;
/** DNs per OR filter, so a wide level becomes a few searches rather than one enormous filter. */
const CHUNK = 100;
/** Below AD's MaxPageSize (1000) and OpenLDAP's default size limit (500). */
const PAGE_SIZE = 200;

export async function groupsOf(client: Client, settings: LdapSettings, userDn: string): Promise<string[]> {
  const names =
    settings.nestedGroups === 'in_chain'
      ? await search(client, settings, new ExtensibleFilter({ matchType: 'member', rule: IN_CHAIN, value: userDn }))
      : await walk(client, settings, userDn);
  return [...new Set(names.map((g) => g.name))].sort();
}

interface Group {
  dn: string;
  name: string;
}

async function walk(client: Client, settings: LdapSettings, userDn: string): Promise<Group[]> {
  const found = new Map<string, Group>();
  let level = [userDn];
  for (let depth = 0; depth < MAX_DEPTH && level.length > 0; depth += 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += CHUNK) {
      const members = level.slice(i, i + CHUNK).map((dn) => new EqualityFilter({ attribute: 'member', value: dn }));
      const membership = members.length === 1 && members[0] ? members[0] : new OrFilter({ filters: members });
      for (const group of await search(client, settings, membership)) {
        const key = group.dn.toLowerCase();
        if (found.has(key)) continue; // a cycle, or reached twice
        found.set(key, group);
        next.push(group.dn);
      }
    }
    level = next;
  }
  return [...found.values()];
}

async function search(client: Client, settings: LdapSettings, membership: Filter): Promise<Group[]> {
  const filter = new AndFilter({ filters: [new EqualityFilter({ attribute: 'objectClass', value: settings.groupClass }), membership] });
  const { searchEntries } = await client.search(settings.groupBaseDn, { scope: 'sub', filter, attributes: ['cn'], paged: { pageSize: PAGE_SIZE } });
  return searchEntries.flatMap((e) => {
    const name = values(e, 'cn')[0];
    return name ? [{ dn: e.dn, name }] : [];
  });
}
