/**
 * A user as Graph returns it: without `$select` only the default set; with it, exactly the
 * selected properties (unknown ones are a 400). `accountEnabled`, `employeeId`, `otherMails`,
 * `onPremises*` and schema extensions come back only when selected.
 * https://learn.microsoft.com/en-us/graph/api/resources/user
 */
import type { User } from '@microsoft/microsoft-graph-types';
import { GraphProblem } from './graphResponse';
import type { UserRecord } from './tenant';

const DEFAULT_SET = [
  'businessPhones',
  'displayName',
  'givenName',
  'id',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
];

/** Properties the stand-in can filter on without advanced query parameters, and those that need them. */
export const FILTERABLE = ['id', 'userPrincipalName', 'mail', 'givenName', 'surname', 'displayName', 'employeeId', 'accountEnabled'];
export const ADVANCED_FILTERABLE = ['onPremisesSamAccountName'];
const SELECTABLE = [
  ...DEFAULT_SET,
  'otherMails',
  'employeeId',
  'accountEnabled',
  'onPremisesSamAccountName',
  'userType',
  'createdDateTime',
  'signInSessionsValidFromDateTime',
];

export class UserView {
  /** `extension_<appId without hyphens>_dateOfBirth`: a directory schema extension registered by the app. */
  readonly birthDateAttribute: string;

  constructor(appId: string) {
    this.birthDateAttribute = `extension_${appId.replace(/-/g, '')}_dateOfBirth`;
  }

  /** Every property the stand-in knows, by its canonical name. */
  all(user: UserRecord): Record<string, unknown> {
    const full: User = {
      id: user.id,
      userPrincipalName: user.userPrincipalName,
      givenName: user.givenName,
      surname: user.surname,
      displayName: user.displayName,
      mail: user.mail,
      otherMails: user.otherMails,
      employeeId: user.employeeId,
      accountEnabled: user.accountEnabled,
      onPremisesSamAccountName: user.onPremisesSamAccountName,
      businessPhones: [],
      jobTitle: null,
      mobilePhone: null,
      officeLocation: null,
      preferredLanguage: null,
      userType: 'Member',
      createdDateTime: user.createdDateTime,
      signInSessionsValidFromDateTime: user.signInSessionsValidFromDateTime,
    };
    return { ...full, [this.birthDateAttribute]: user.dateOfBirth };
  }

  /** Canonical names for a `$select` list (Graph matches property names case-insensitively). */
  resolveSelect(select: string[] | null): string[] {
    if (select === null) return DEFAULT_SET;
    const known = [...SELECTABLE, this.birthDateAttribute];
    return select.map((name) => {
      const canonical = known.find((k) => k.toLowerCase() === name.toLowerCase());
      if (!canonical) throw new GraphProblem(400, 'Request_BadRequest', `Could not find a property named '${name}' on type 'microsoft.graph.user'.`);
      return canonical;
    });
  }

  project(user: UserRecord, properties: string[]): Record<string, unknown> {
    const full = this.all(user);
    return Object.fromEntries(properties.map((p) => [p, full[p] ?? null]));
  }
}

/** `…/$metadata#users(id,displayName)` — the select list appears only when one was given. */
export function usersContext(graphBase: string, select: string[] | null, entity: boolean): string {
  const shape = select === null ? 'users' : `users(${select.join(',')})`;
  return `${graphBase}/$metadata#${shape}${entity ? '/$entity' : ''}`;
}
