/**
 * Error codes of the OpenID Provider's own pages and admin API (RFC 9457 problem+json). Errors a
 * relying party sees are OAuth errors, produced by oidc-provider.
 */
import { AppError } from '../errors';

export const oidcErrors = {
  disabled: () => new AppError('oidc.disabled', 404, 'The OpenID Provider is not enabled (OIDC_PROVIDER_ENABLED).'),
  interactionNotFound: () => new AppError('oidc.interaction_not_found', 404, 'This sign-in has expired or was already finished; go back to the application and start again.'),
  wrongInteraction: (expected: string) => new AppError('oidc.wrong_interaction', 409, `This sign-in asks for ${expected}.`),
  noChallenge: () => new AppError('oidc.no_challenge', 409, 'This passkey request was already used or has expired; try again.'),
  passkeyUnknown: () => new AppError('oidc.passkey_unknown', 401, 'This passkey is not registered here, or it was revoked.'),
  passkeyInvalid: (why: string) => new AppError('oidc.passkey_invalid', 401, `The passkey response could not be verified: ${why}`),
  accountMismatch: () => new AppError('oidc.account_mismatch', 403, 'This passkey belongs to another account than the one the application asked for.'),
  accountLocked: () => new AppError('oidc.account_locked', 403,
    'Sign-in to this account is locked after a report that a recovery was not made by its owner; contact your help desk.'),
  accountDisabled: () => new AppError('oidc.account_disabled', 403,
    'This account is disabled in your organisation\'s directory, or no longer in it; contact your help desk.'),
  verificationStarted: () => new AppError('oidc.verification_started', 409,
    'An identity verification was already started for this sign-in; continue it in the window that started it, or go back to the application and start again.'),
  noVerification: () => new AppError('oidc.no_verification', 409, 'No identity verification was started for this sign-in yet.'),
  verificationPending: (status: string) => new AppError('oidc.verification_pending', 409, `The identity verification has not finished yet (${status}).`),
  clientExists: () => new AppError('oidc.client_exists', 409, 'A client with this id already exists.'),
  clientNotFound: () => new AppError('oidc.client_not_found', 404, 'No such client registered through the admin API.'),
  clientFromFile: () => new AppError('oidc.client_from_file', 409, 'This client is defined in OIDC_CLIENTS_FILE; change it there.'),
  rotationBusy: () => new AppError('oidc.rotation_busy', 409, 'Another process is rotating the signing keys; try again in a moment.'),
};
