/**
 * The directory contract over Microsoft Entra ID (Microsoft Graph v1.0, app-only; needs
 * `User.Read.All` and `GroupMember.Read.All`).
 *
 * How `findAccount(name)` finds the person from what they typed:
 * 1. The name is trimmed; an empty name or one over 256 characters finds nobody (Graph is not asked).
 * 2. The attributes the name could be are tried one at a time, `loginAttribute` first, then
 *    `userPrincipalName`, `mail`, `onPremisesSamAccountName`. A name with '@' can be a UPN or a
 *    mail address; a name without one can be an `onPremisesSamAccountName` (hybrid tenants synced
 *    from Active Directory, where '@' is not allowed in it; an advanced query), or, when
 *    `upnDomain` is set, the UPN `<name>@<upnDomain>`.
 * 3. The first attribute, in that order, that matches exactly one account decides (so a UPN wins
 *    over another account's mail address). Several matches of one attribute find nobody: the
 *    service never guesses whose account it is.
 * The name only ever appears as an OData string literal (quotes doubled), so it cannot add a clause.
 * https://learn.microsoft.com/en-us/graph/aad-advanced-queries
 */
import { DirectoryConfigError, DirectoryUnavailableError, type DirectoryAccount, type DirectoryConnector } from '../directory';
import { foldName, stripMarks } from '../../text/foldName';
import type { GraphClient } from './graphClient';
import { GraphError } from './graphError';
import type { GraphUser } from './graphSchemas';
import { odataString } from './odataString';
import { ACCOUNT_PROPERTIES, toDirectoryAccount } from './toDirectoryAccount';
import { createEntraRisk } from './entraRisk';

export type LoginAttribute = 'userPrincipalName' | 'mail' | 'onPremisesSamAccountName';

export interface EntraDirectoryOptions {
  graph: GraphClient;
  /** The user property holding birth dates, e.g. `extension_<appId without hyphens>_dateOfBirth`. Default: none held. */
  birthDateAttribute?: string;
  /** The attribute people sign in with, tried first. Default `userPrincipalName`. */
  loginAttribute?: LoginAttribute;
  /** Lets a bare name be tried as the UPN `<name>@<upnDomain>`. Default: unset. */
  upnDomain?: string;
  /** Read and dismiss accounts' risk at Entra ID Protection (RISK_FROM_ENTRA; docs/risk.md). Default: off. */
  riskSignals?: boolean;
}

const ATTRIBUTES: LoginAttribute[] = ['userPrincipalName', 'mail', 'onPremisesSamAccountName'];
const MAX_NAME = 256;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Transient Graph failures mean "cannot say now"; refusals (401, 403, a rejected query) are deployment errors. */
function directoryError(error: unknown, what: string): unknown {
  if (!(error instanceof GraphError)) return error;
  const ref = error.requestId ? ` (request-id ${error.requestId})` : '';
  if (error.transient) return new DirectoryUnavailableError(`Entra ID could not ${what}: ${error.message}${ref}`, error.retryAfterMs, { cause: error });
  return new DirectoryConfigError(`Entra ID refused to ${what}: ${error.status} ${error.code}: ${error.message}${ref}`, { cause: error });
}

async function guarded<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw directoryError(error, what);
  }
}

export function createEntraDirectory(options: EntraDirectoryOptions): DirectoryConnector {
  const { graph, birthDateAttribute } = options;
  const select = birthDateAttribute === undefined ? [...ACCOUNT_PROPERTIES] : [...ACCOUNT_PROPERTIES, birthDateAttribute];
  const order = [options.loginAttribute ?? 'userPrincipalName', ...ATTRIBUTES.filter((a) => a !== options.loginAttribute)];

  /** The value to compare `attribute` with, or null when a name of this shape cannot be one. */
  const valueFor = (attribute: LoginAttribute, name: string): string | null => {
    const hasAt = name.includes('@');
    if (attribute === 'onPremisesSamAccountName') return hasAt ? null : name;
    if (hasAt) return name;
    return attribute === 'userPrincipalName' && options.upnDomain ? `${name}@${options.upnDomain}` : null;
  };

  const toAccount = async (user: GraphUser): Promise<DirectoryAccount | null> =>
    toDirectoryAccount(user, await graph.transitiveGroups(user.id), birthDateAttribute);

  const findAccount = (typed: string) =>
    guarded('look up an account', async () => {
      const name = typed.trim();
      // Not well-formed UTF-16 (a lone surrogate) cannot be a name, nor be percent-encoded into a URL.
      if (name === '' || name.length > MAX_NAME || LONE_SURROGATE.test(name)) return null;
      for (const attribute of order) {
        const value = valueFor(attribute, name);
        if (value === null) continue;
        const advanced = attribute === 'onPremisesSamAccountName';
        const users = await graph.findUsers(`${attribute} eq ${odataString(value)}`, select, { advanced });
        if (users.length > 1) return null;
        if (users[0]) return toAccount(users[0]);
      }
      return null;
    });

  // Graph compares names ignoring case, but accents are not promised to fold; so each name is asked
  // for as written and without accents, and the fold decides, here.
  const sameName = (account: DirectoryAccount) =>
    guarded('list accounts with the same name', async () => {
      const anyOf = (property: string, value: string) =>
        `(${[...new Set([value, stripMarks(value)])].map((v) => `${property} eq ${odataString(v)}`).join(' or ')})`;
      const users = await graph.findUsers(`${anyOf('givenName', account.givenName)} and ${anyOf('surname', account.familyName)}`, select);
      const given = foldName(account.givenName);
      const family = foldName(account.familyName);
      const same = users.filter((u) => u.id !== account.id && foldName(u.givenName ?? '') === given && foldName(u.surname ?? '') === family);
      const accounts = await Promise.all(same.map(toAccount));
      return accounts.filter((a): a is DirectoryAccount => a !== null);
    });

  return {
    kind: 'entra',
    findAccount,
    sameName,
    // A token, then one page of one user with the configured properties: proves credentials, the
    // `User.Read.All` permission and (where Graph checks it) the birth-date attribute's name.
    check: () => guarded('answer the start-up check', () => graph.probe(select)),
    close: async () => undefined,
    ...(options.riskSignals ? { risk: createEntraRisk(graph) } : {}),
  };
}
