/**
 * The credential-target contract: where the recovered person's new sign-in lives. The target
 * issues the temporary access credential, says where the person enrolls a passkey with it, tells
 * whether they have, and carries out the hygiene after completion (end the account's sessions,
 * remove its earlier passkeys per PASSKEY_REVOKE_OLDER).
 *
 * Implementations: `builtin` (the service's own access pass and `/enroll` page, its own passkey
 * store) and `entra` (a Microsoft Entra Temporary Access Pass through Microsoft Graph; the person
 * enrolls at Entra's Security info page, under Entra's passkey profiles). One conformance suite
 * runs over both (src/connectors/credentials.conformance.test.ts); docs/connectors.md.
 */
import type { DirectoryAccount } from './directory';
import type { IssuedCredential, RecoveryOutcome } from '../stores/issuedCredentialStore';

export const credentialKinds = ['builtin', 'entra'] as const;
export type CredentialKind = (typeof credentialKinds)[number];

export interface CredentialRequest {
  /** The recovery the credential is for: it names the credential in logs and audit. */
  recoveryId: string;
  lifetimeMinutes: number;
  oneTimeUse: boolean;
}

// Declared with their store (it seals and keeps them), which imports nothing above it.
export type { IssuedCredential, RecoveryOutcome };

export interface Enrollment {
  /** A passkey registered after the credential was issued, or null while none has been. */
  passkeyId: string | null;
}

export interface Hygiene {
  sessionsRevoked: boolean;
  /** Ids of the earlier passkeys removed. */
  passkeysRemoved: string[];
}

export interface Undone {
  accessPassWithdrawn: boolean;
  passkeysRemoved: string[];
  sessionsRevoked: boolean;
}

export interface CredentialTarget {
  readonly kind: CredentialKind;
  /** Where the person goes with the credential (`next.enrollmentUrl` of the recovery status). */
  readonly enrollmentUrl: string;
  /**
   * Issues the temporary access credential for the account. Repeating it (a retried job) never
   * leaves two: an earlier credential of the account is removed first. Throws
   * CredentialUnavailableError (try later) or CredentialRefusedError (never for this account).
   */
  issue(account: DirectoryAccount, request: CredentialRequest): Promise<IssuedCredential>;
  /** Withdraws a credential that will not be shown after all (the recovery closed meanwhile). */
  withdraw(account: DirectoryAccount, methodId: string): Promise<void>;
  /** Has the person registered a passkey since `since` (ms)? */
  enrollment(account: DirectoryAccount, since: number): Promise<Enrollment>;
  /** After completion: end the account's sessions and, with `removeOlderThan`, remove its passkeys created before it. */
  hygiene(account: DirectoryAccount, options: { keepPasskeyId: string | null; removeOlderThan: number | null }): Promise<Hygiene>;
  /**
   * The owner says "this wasn't me": withdraw the recovery's pass, remove the passkey it enrolled
   * and end the account's sessions (NIST SP 800-63B-4 §4.3: invalidate a compromised authenticator
   * promptly). Idempotent: what is already gone is skipped.
   */
  undo(account: DirectoryAccount, outcome: RecoveryOutcome): Promise<Undone>;
  /** Start-up check: reachable, the service's credentials work, the pass settings fit the target's policy. Throws CredentialConfigError if not. */
  check(): Promise<void>;
}

/** The target could not answer now (down, throttled); `retryAfterMs` is its own hint. */
export class CredentialUnavailableError extends Error {
  readonly code = 'credentials.unavailable';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CredentialUnavailableError';
  }
}

/** The target refuses the service itself (credentials, permissions, a pass policy the settings do not fit): a deployment error. */
export class CredentialConfigError extends Error {
  readonly code = 'credentials.misconfigured';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CredentialConfigError';
  }
}

/** Why a target refuses an account for good: the stable `reason` the recovery ends with. */
export type RefusalReason = 'credential_policy_blocked' | 'account_disabled';

export class CredentialRefusedError extends Error {
  readonly code = 'credentials.refused';
  constructor(
    readonly reason: RefusalReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CredentialRefusedError';
  }
}
