/**
 * Error codes of the OpenID Provider's own pages and admin API (RFC 9457 problem+json). Errors a
 * relying party sees are OAuth errors, produced by oidc-provider.
 */
import { AppError } from '../errors';

export const oidcErrors = {
  disabled: () => new AppError('oidc.disabled'),
  interactionNotFound: () => new AppError('oidc.interaction_not_found'),
  wrongInteraction: (expected: string) => new AppError('oidc.wrong_interaction', { message: `This sign-in asks for ${expected}.` }),
  noChallenge: () => new AppError('oidc.no_challenge'),
  passkeyUnknown: () => new AppError('oidc.passkey_unknown'),
  passkeyInvalid: (why: string) => new AppError('oidc.passkey_invalid', { message: `The passkey response could not be verified: ${why}` }),
  accountMismatch: () => new AppError('oidc.account_mismatch'),
  accountLocked: () => new AppError('oidc.account_locked'),
  accountDisabled: () => new AppError('oidc.account_disabled'),
  accountRisky: () => new AppError('oidc.account_risky'),
  verificationStarted: () => new AppError('oidc.verification_started'),
  noVerification: () => new AppError('oidc.no_verification'),
  verificationPending: (status: string) =>
    new AppError('oidc.verification_pending', { message: `The identity verification has not finished yet (${status}).` }),
  clientExists: () => new AppError('oidc.client_exists'),
  clientNotFound: () => new AppError('oidc.client_not_found'),
  clientFromFile: () => new AppError('oidc.client_from_file'),
  rotationBusy: () => new AppError('oidc.rotation_busy'),
};
