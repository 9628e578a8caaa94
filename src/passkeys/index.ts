/** Passkey re-enrollment: what other parts of the service may call. */
export { revokePasskeysCreatedBy } from './revokePasskeys';
export { reinstatePasskeysRevokedBy } from './reinstatePasskeys';
export { startEnrollment } from './startEnrollment';
export { registrationOptions } from './registrationOptions';
export { registerPasskey } from './registerPasskey';
export { assertionOptions, confirmSignIn } from './confirmSignIn';
export { authorizeEnrollment } from './enrollmentAccess';
