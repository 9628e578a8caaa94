/**
 * The stand-in's directory: users, nested groups, and the authentication methods Graph keeps per
 * user. Object ids are fresh GUIDs at every start, as they would be in another tenant, so tests
 * address people by UPN.
 */
import { randomUUID } from 'node:crypto';
import type { RiskDetail, RiskLevel, RiskState } from '@microsoft/microsoft-graph-types';
import type { GraphSeed } from './types';

export const UPN_DOMAIN = 'example.test';

export interface UserRecord {
  id: string;
  userPrincipalName: string;
  givenName: string;
  surname: string;
  displayName: string;
  mail: string | null;
  otherMails: string[];
  employeeId: string | null;
  accountEnabled: boolean;
  onPremisesSamAccountName: string;
  /** YYYY-MM-DD or null; served under the tenant's extension attribute name. */
  dateOfBirth: string | null;
  createdDateTime: string;
  signInSessionsValidFromDateTime: string;
  directGroupIds: string[];
}

export interface GroupRecord {
  id: string;
  displayName: string;
  parentIds: string[];
}

export interface TapRecord {
  id: string;
  /** Kept in clear for tests (a test double); the real Graph never returns it after creation. */
  code: string;
  createdDateTime: string;
  startDateTime: string;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
  used: boolean;
}

export interface Fido2Record {
  id: string;
  displayName: string;
  createdDateTime: string;
  aaGuid: string;
  model: string;
  attestationCertificates: string[];
  attestationLevel: 'attested' | 'notAttested';
}

/** Entra ID Protection's record of a user's risk; a user never at risk has none (Graph then answers 404). */
export interface RiskRecord {
  riskLevel: RiskLevel;
  riskState: RiskState;
  riskDetail: RiskDetail;
  riskLastUpdatedDateTime: string;
}

export class Tenant {
  readonly users: UserRecord[] = [];
  readonly groups: GroupRecord[] = [];
  readonly taps = new Map<string, TapRecord>();
  readonly fido2 = new Map<string, Fido2Record[]>();
  readonly revocations: { userId: string; at: number }[] = [];
  /** ID Protection's risk records, by user object id. */
  readonly risks = new Map<string, RiskRecord>();
  /** Every `riskyUsers/dismiss` call, with the directory time it was made. */
  readonly dismissals: { userIds: string[]; at: number }[] = [];

  constructor(seed: GraphSeed, now: number) {
    const created = new Date(now).toISOString();
    for (const g of seed.groups) this.groups.push({ id: randomUUID(), displayName: g.name, parentIds: [] });
    for (const g of seed.groups) this.groupByName(g.name).parentIds = g.memberOf.map((name) => this.groupByName(name).id);
    for (const p of seed.people) {
      this.users.push({
        id: randomUUID(),
        userPrincipalName: `${p.username}@${UPN_DOMAIN}`,
        givenName: p.givenName,
        surname: p.familyName,
        displayName: `${p.givenName} ${p.familyName}`,
        mail: p.emails[0] ?? null,
        otherMails: p.emails.slice(1),
        employeeId: p.employeeId ?? null,
        accountEnabled: !p.disabled,
        onPremisesSamAccountName: p.username,
        dateOfBirth: p.birthDate ?? null,
        createdDateTime: created,
        signInSessionsValidFromDateTime: created,
        directGroupIds: p.groups.map((name) => this.groupByName(name).id),
      });
    }
  }

  /** By object id or UPN; UPNs compare case-insensitively, as in Entra. */
  findUser(idOrUpn: string): UserRecord | undefined {
    const key = idOrUpn.toLowerCase();
    return this.users.find((u) => u.id === key || u.userPrincipalName.toLowerCase() === key);
  }

  /** Direct and nested memberships, each group once, in the order they were created. */
  transitiveGroups(user: UserRecord): GroupRecord[] {
    const seen = new Set<string>();
    const visit = (id: string): void => {
      if (seen.has(id)) return;
      seen.add(id);
      this.groups.find((g) => g.id === id)?.parentIds.forEach(visit);
    };
    user.directGroupIds.forEach(visit);
    return this.groups.filter((g) => seen.has(g.id));
  }

  private groupByName(name: string): GroupRecord {
    const group = this.groups.find((g) => g.displayName === name);
    if (!group) throw new Error(`Seed names an unknown group "${name}"`);
    return group;
  }
}
