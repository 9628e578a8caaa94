/**
 * The identity provider's own verdict on an account's risk, for directories whose provider keeps
 * one (Microsoft Entra ID Protection's `riskyUser`). Optional on the directory contract: the
 * built-in and LDAP directories have none, and then only the service's local flags count
 * (docs/risk.md). Both calls throw DirectoryUnavailableError (try later) or DirectoryConfigError
 * (the provider refuses the service: licence or permission missing), like every directory read.
 */

/** The account, by the directory's id for it (a DirectoryAccount is one). */
export interface RiskSubject {
  readonly id: string;
}

/** Entra's `riskLevel`, with values added later read as `unknown`. */
export type IdpRiskLevel = 'none' | 'low' | 'medium' | 'high' | 'hidden' | 'unknown';
/** Entra's `riskState`, likewise. */
export type IdpRiskState = 'none' | 'confirmedSafe' | 'remediated' | 'dismissed' | 'atRisk' | 'confirmedCompromised' | 'unknown';

export interface IdpRiskReading {
  level: IdpRiskLevel;
  state: IdpRiskState;
  /** Why the state last changed (Entra's `riskDetail`), as the provider spells it. */
  detail: string | null;
  /** ISO 8601, as the provider gave it. */
  updatedAt: string | null;
}

export interface IdpRiskSource {
  readonly provider: 'entra';
  /** The account's risk, or null when the provider holds no risk record for it. */
  read(account: RiskSubject): Promise<IdpRiskReading | null>;
  /** Clears the account's risk at the provider; idempotent (an account with no record is not an error). */
  dismiss(account: RiskSubject): Promise<void>;
}
