/**
 * The directory contract: where the organisation's accounts live. The service only reads it.
 * Implementations: `builtin` (the service's own Redis directory, filled by the admin API), `ldap`
 * (OpenLDAP or Active Directory through ldapts) and `entra` (Microsoft Entra ID through Microsoft
 * Graph). One conformance suite runs over all of them (src/connectors/directory.conformance.test.ts);
 * docs/connectors.md explains how to connect each.
 *
 * Every connector answers in the same shape, whatever its attribute names: what account matching
 * compares (names, and the strong attributes the directory holds), what passkey profiles target
 * (transitive group names), who is told about a recovery (contact addresses), and whether the
 * account may sign in at all.
 */
import { z } from 'zod';
import type { IdpRiskSource } from './idpRisk';

export const directoryKinds = ['builtin', 'ldap', 'entra'] as const;
export type DirectoryKind = (typeof directoryKinds)[number];

export const DirectoryAccountSchema = z.object({
  /** The directory's stable identifier: entryUUID, objectGUID, Entra's object id; the username for `builtin`. */
  id: z.string().min(1).max(256),
  /** The sign-in name as the directory spells it (uid, sAMAccountName, userPrincipalName). */
  username: z.string().min(1).max(256),
  givenName: z.string().min(1).max(256),
  familyName: z.string().min(1).max(256),
  /** YYYY-MM-DD, where the directory holds it. A strong attribute for account matching. */
  birthDate: z.iso.date().optional(),
  /** The HR employee number, where the directory holds it. A strong attribute when the claimant gives theirs. */
  employeeId: z.string().min(1).max(64).optional(),
  /** The number of the person's government ID, where the organisation holds it (built-in directory). */
  documentNumber: z.string().trim().min(1).max(64).optional(),
  /** Names of every group the account belongs to, nested memberships included (LDAP `cn`, Entra `displayName`). */
  groups: z.array(z.string().min(1).max(256)).max(1000),
  /** Where owner notifications go: the account's mail addresses. */
  emails: z.array(z.string().min(3).max(320)).max(20),
  /** Disabled in the directory: never recovered. */
  disabled: z.boolean(),
});
export type DirectoryAccount = z.infer<typeof DirectoryAccountSchema>;
/** What account matching reads of an account. */
export type MatchableAccount = Pick<DirectoryAccount, 'username' | 'givenName' | 'familyName' | 'birthDate' | 'documentNumber' | 'employeeId' | 'disabled'>;

export interface DirectoryConnector {
  readonly kind: DirectoryKind;
  /**
   * The account the person named (username, UPN or mail, as the connector is configured), or
   * null when the directory holds none. The name is untrusted input: it never becomes part of a
   * query unescaped. Throws DirectoryUnavailableError when the directory cannot say.
   */
  findAccount(name: string): Promise<DirectoryAccount | null>;
  /**
   * The other accounts whose given and family names are this account's (case and accents
   * folded), for same-name handling. Never includes `account` itself.
   */
  sameName(account: DirectoryAccount): Promise<DirectoryAccount[]>;
  /** The identity provider's risk verdicts (Entra ID Protection), where it has them and RISK_FROM_ENTRA is on; docs/risk.md. */
  readonly risk?: IdpRiskSource;
  /** Start-up check: reachable and the configured credentials work. Throws a DirectoryError if not. */
  check(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The directory could not answer (down, timed out, throttled). Recoveries wait and retry; this
 * never rejects anyone. `retryAfterMs` is the directory's own hint (Graph's Retry-After).
 */
export class DirectoryUnavailableError extends Error {
  readonly code = 'directory.unavailable';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DirectoryUnavailableError';
  }
}

/** The directory answered, but refuses the service (bad credentials, missing permission, bad base DN): a deployment error. */
export class DirectoryConfigError extends Error {
  readonly code = 'directory.misconfigured';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DirectoryConfigError';
  }
}
