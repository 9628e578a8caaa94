/**
 * The shape of a directory that a local stand-in is seeded with (the private slapd, the
 * Graph-shaped stand-in) and that the connectors' conformance suites use: people with their direct
 * group memberships, and groups that may themselves be members of groups (nesting).
 */
export interface SeedPerson {
  username: string;
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD. */
  birthDate?: string;
  employeeId?: string;
  emails: string[];
  /** Names of the groups the person is a direct member of. */
  groups: string[];
  disabled: boolean;
}

export interface SeedGroup {
  name: string;
  /** Names of the groups this group is itself a member of. */
  memberOf: string[];
}

export interface DirectorySeed {
  people: SeedPerson[];
  groups: SeedGroup[];
}
