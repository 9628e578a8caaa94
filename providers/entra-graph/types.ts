/**
 * What the Graph stand-in is started with and what its controls accept. The seed has the shape of
 * the directory every connector's conformance suite uses: people with direct group memberships,
 * and groups that nest.
 */
import type { RiskDetail } from '@microsoft/microsoft-graph-types';
import type { DirectorySeed } from '../mock-kit/directorySeed';

/**
 * People (username → `onPremisesSamAccountName` and the UPN `<username>@example.test`, familyName →
 * `surname`, birthDate → the schema extension `extension_<appId>_dateOfBirth`, the first email →
 * `mail` and the rest `otherMails`, disabled → `accountEnabled: false`) and nesting groups.
 */
export type { SeedPerson, SeedGroup } from '../mock-kit/directorySeed';
export type GraphSeed = DirectorySeed;

/** The tenant's Temporary Access Pass policy (authentication methods policy, `temporaryAccessPass`). */
export interface TapPolicy {
  state: 'enabled' | 'disabled';
  minimumLifetimeInMinutes: number;
  maximumLifetimeInMinutes: number;
  defaultLifetimeInMinutes: number;
  /** 8..48 characters. */
  defaultLength: number;
  /** When true every pass is one-time, and a request for a multi-use pass is refused. */
  isUsableOnce: boolean;
  /** Group names or object ids in scope; `all_users` (the default) puts everyone in scope. */
  includeGroups: string[];
}

/**
 * What a second create does while the user already holds a pass. The v1.0 docs say the old pass
 * is replaced; several production integrations report a refusal instead, so clients must work
 * either way (list, delete, then create).
 */
export type ExistingTapBehaviour = 'replace' | 'reject';

export interface Fido2Input {
  aaGuid: string;
  displayName: string;
  model: string;
  attestationLevel: 'attested' | 'notAttested';
}

/** A user's risk as a test sets it (Entra ID Protection's riskyUser; the rest is derived). */
export interface RiskInput {
  riskLevel: 'low' | 'medium' | 'high' | 'hidden' | 'none';
  /** Default `atRisk`. */
  riskState?: 'none' | 'confirmedSafe' | 'remediated' | 'dismissed' | 'atRisk' | 'confirmedCompromised';
  /** Default `none`. */
  riskDetail?: RiskDetail;
}

/** A fault served instead of the next matching request(s). */
export interface FaultSpec {
  status: 429 | 503 | 504;
  /** The `Retry-After` header, verbatim (seconds, may be fractional). Omitted: no header, as Identity Protection's 429s. */
  retryAfter?: string;
  /** How many matching requests fail. Default 1. */
  count?: number;
}

export interface GraphStandInOptions {
  seed: GraphSeed;
  /** Default: a random GUID. */
  tenantId?: string;
  /** The application (client) id the service signs in as. Default: a random GUID. */
  clientId?: string;
  /** Default: a random string. */
  clientSecret?: string;
  /** PEM of the app's public certificate, accepted for `client_assertion` JWTs. */
  clientCertificatePem?: string;
  /** Directory time (timestamps, TAP validity), ms since the epoch. Default `Date.now`. */
  clock?: () => number;
  /** Default 0: any free port. */
  port?: number;
  /**
   * The largest page the stand-in serves, whatever `$top` asks for (OData lets a server return
   * fewer; Graph does). Default 2, so every client has to follow `@odata.nextLink`.
   */
  maxPageSize?: number;
}
