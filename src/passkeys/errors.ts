/**
 * Error codes of passkey enrollment and profiles. Messages are sentences the web pages show as-is.
 */
import { AppError } from '../errors';
import type { RuleFailure } from './evaluateProfiles';
import { describeFailures } from './evaluateProfiles';

export const passkeyErrors = {
  enrollmentNotFound: () => new AppError('enrollment.not_found'),
  enrollmentToken: () => new AppError('enrollment.invalid_token'),
  wrongStep: (expected: string) => new AppError('enrollment.wrong_step', { message: `This enrollment cannot do that now: ${expected}.` }),
  noChallenge: () => new AppError('enrollment.no_challenge'),
  verificationFailed: (why: string) => new AppError('passkey.verification_failed', { message: `The passkey response could not be verified: ${why}` }),
  profileViolation: (failures: RuleFailure[]) => new AppError('passkey.profile_violation', { message: describeFailures(failures), errors: failures }),
  modelDistrusted: (model: string, status: string) =>
    new AppError('passkey.model_distrusted', {
      message: `This authenticator model (${model}) is no longer trusted (FIDO status ${status}); use another security key or passkey.`,
    }),
  alreadyRegistered: () => new AppError('passkey.already_registered'),
  recoveryClosed: () => new AppError('enrollment.recovery_closed'),
  profileNotFound: () => new AppError('passkey_profile.not_found'),
  defaultProfileRequired: () => new AppError('passkey_profile.default_required'),
};
