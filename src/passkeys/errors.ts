/**
 * Error codes of passkey enrollment and profiles. Messages are sentences the web pages show as-is.
 */
import { AppError } from '../errors';
import type { RuleFailure } from './evaluateProfiles';
import { describeFailures } from './evaluateProfiles';

export const passkeyErrors = {
  enrollmentNotFound: () => new AppError('enrollment.not_found', 404, 'This passkey enrollment does not exist or has expired; sign in with your access pass again.'),
  enrollmentToken: () => new AppError('enrollment.invalid_token', 401, 'The enrollment token is missing or wrong.'),
  wrongStep: (expected: string) =>
    new AppError('enrollment.wrong_step', 409, `This enrollment cannot do that now: ${expected}.`),
  noChallenge: () =>
    new AppError('enrollment.no_challenge', 409, 'This passkey request was already used or has expired; ask for new options and try again.'),
  verificationFailed: (why: string) =>
    new AppError('passkey.verification_failed', 400, `The passkey response could not be verified: ${why}`),
  profileViolation: (failures: RuleFailure[]) =>
    new AppError('passkey.profile_violation', 422, describeFailures(failures), { errors: failures }),
  modelDistrusted: (model: string, status: string) =>
    new AppError('passkey.model_distrusted', 422, `This authenticator model (${model}) is no longer trusted (FIDO status ${status}); use another security key or passkey.`),
  alreadyRegistered: () => new AppError('passkey.already_registered', 409, 'This passkey is already registered.'),
  recoveryClosed: () =>
    new AppError('enrollment.recovery_closed', 409, 'This recovery is no longer open (it expired or was cancelled); start a new recovery.'),
  profileNotFound: () => new AppError('passkey_profile.not_found', 404, 'No such passkey profile.'),
  defaultProfileRequired: () =>
    new AppError('passkey_profile.default_required', 409, 'The default passkey profile can be changed but not deleted.'),
};
