/**
 * Errors with a stable code, an HTTP status and a message safe to show (jose/Logto style): callers
 * branch on `code`, never on the message. Rendered as RFC 9457 problem+json by http/problem.ts.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly extra: { retryAfterSeconds?: number; errors?: unknown[] } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const errors = {
  validation: (detail: string, issues?: unknown[]) => new AppError('request.invalid', 400, detail, { errors: issues }),
  malformedJson: () => new AppError('request.malformed_json', 400, 'The request body is not valid JSON.'),
  bodyTooLarge: () => new AppError('request.too_large', 413, 'The request body is too large.'),
  // Refused by Node's HTTP parser, below express (http/serverErrors.ts).
  malformedHttp: () => new AppError('request.malformed', 400, 'The request is not valid HTTP/1.1.'),
  headersTooLarge: () => new AppError('request.headers_too_large', 431, 'The request headers are too large.'),
  expectationFailed: () => new AppError('request.expectation_failed', 417, 'The only expectation supported is "Expect: 100-continue".'),
  requestTimeout: () => new AppError('request.timeout', 408, 'The request was not received in time.'),
  unsupportedMedia: (expected: string) => new AppError('request.unsupported_media_type', 415, `Expected ${expected}.`),
  notFound: () => new AppError('request.not_found', 404, 'No such endpoint.'),
  unauthorized: () => new AppError('auth.unauthorized', 401, 'Missing or invalid credentials.'),
  recoveryNotFound: () => new AppError('recovery.not_found', 404, 'No such recovery.'),
  recoveryToken: () => new AppError('recovery.invalid_token', 401, 'The recovery token is missing or wrong.'),
  notAwaitingEvidence: (status: string) =>
    new AppError('recovery.not_awaiting_evidence', 409, `This recovery is ${status}; it does not accept evidence now.`),
  linkInvalid: () => new AppError('recovery.link_invalid', 400, 'This recovery link is not valid.'),
  linkUsed: () => new AppError('recovery.link_used', 410, 'This recovery link has already been used.'),
  linkExpired: () => new AppError('recovery.link_expired', 410, 'This recovery link has expired.'),
  linkPendingApproval: () => new AppError('recovery.link_pending_approval', 409,
    'This recovery link is for a privileged account and works once a second help-desk member has approved it; try again later.'),
  linkSameApprover: () => new AppError('helpdesk.same_approver', 403, 'A link must be approved by another staff member than the one who created it.'),
  linkApprovalNotRequired: () => new AppError('helpdesk.approval_not_required', 409, 'This link needs no approval.'),
  linkNotFound: () => new AppError('helpdesk.link_not_found', 404, 'No such recovery link.'),
  linkOwnerRepudiated: () =>
    new AppError('helpdesk.owner_repudiated', 409, 'The account owner said a recovery "wasn\'t me": no recovery link can be sent until an admin has reviewed it and cleared the lock.'),
  consentRequired: () =>
    new AppError('evidence.consent_required', 400, 'Explicit biometric consent (consent=true) is required before evidence is processed.'),
  evidenceMissing: (part: string) => new AppError('evidence.missing_file', 400, `The file "${part}" is required.`),
  evidenceEmpty: (part: string) => new AppError('evidence.empty_file', 400, `The file "${part}" is empty.`),
  evidenceNotImage: (part: string) =>
    new AppError('evidence.not_an_image', 415, `The file "${part}" is not a JPEG, PNG or WebP image.`),
  evidenceUndecodable: (part: string) =>
    new AppError('evidence.undecodable', 422, `The file "${part}" could not be decoded as an image.`),
  evidenceTooSmall: (part: string, min: number) =>
    new AppError('evidence.too_small', 422, `The image "${part}" must be at least ${min}×${min} pixels.`),
  selfieUploadRefused: () => new AppError('evidence.selfie_upload_refused', 422,
    'This service accepts only a selfie taken live with the camera on the recovery page; an uploaded photo is refused.'),
  evidenceTooLarge: (max: number) => new AppError('evidence.too_large', 413, `Each file may be at most ${max} bytes.`),
  evidenceUnexpectedPart: (part: string) =>
    new AppError('evidence.unexpected_field', 400, `Unexpected multipart field "${part}".`),
  userExists: () => new AppError('directory.user_exists', 409, 'A user with this username already exists.'),
  userNotFound: () => new AppError('directory.user_not_found', 404, 'No such user.'),
  credentialsUnavailable: (retryAfterMs?: number) => new AppError('credentials.unavailable', 503,
    'The sign-in system cannot issue the access pass right now; nothing was changed, try again shortly.',
    { retryAfterSeconds: Math.max(1, Math.ceil((retryAfterMs ?? 5000) / 1000)) }),
  directoryExternal: (kind: string) => new AppError('directory.external', 409,
    `Accounts live in the ${kind} directory (DIRECTORY=${kind}); manage them there. The built-in directory is not in use.`),
  accessPassInvalid: () => new AppError('access_pass.invalid', 401, 'The access pass is not valid.'),
  webhookRejected: () => new AppError('webhook.rejected', 401, 'The webhook signature could not be verified.'),
  unknownProvider: () => new AppError('webhook.unknown_provider', 404, 'No such provider.'),
  unavailable: (what: string) => new AppError('service.unavailable', 503, `${what} is not available right now; try again.`),
  // Trust and safety (issue 4). One message for every limit, so a 429 never says which key (an account?) hit it.
  rateLimited: (retryAfterSeconds: number) =>
    new AppError('request.rate_limited', 429, 'Too many requests; try again later.', { retryAfterSeconds }),
  tooManyStreams: () => new AppError('request.too_many_streams', 429,
    'Too many live-progress streams are open for this recovery or from this network; close one and try again.', { retryAfterSeconds: 10 }),
  crossSite: () => new AppError('request.cross_site', 403, 'Cross-site requests are not accepted.'),
  cookieAuth: () =>
    new AppError('request.cookie_auth_refused', 403, 'This API authenticates with the Authorization header only, never with cookies.'),
  notInReview: (status: string) => new AppError('review.not_pending', 409, `This recovery is ${status}; it is not waiting for review.`),
  evidenceGone: () => new AppError('review.evidence_unavailable', 404, 'The evidence was deleted under the retention policy.'),
  repudiationInvalid: () => new AppError('repudiation.invalid', 400, 'This link is not valid.'),
  repudiationUsed: () => new AppError('repudiation.used', 410, 'This link has already been used.'),
  repudiationExpired: () => new AppError('repudiation.expired', 410, 'This link has expired.'),
  apiKeyNameTaken: () =>
    new AppError('api_key.name_taken', 409, 'An active key of this role already has that name; revoke it first or choose another name.'),
  apiKeyNotFound: () => new AppError('api_key.not_found', 404, 'No such API key.'),
  lockNotFound: () => new AppError('lockout.not_found', 404, 'Self-service recovery is not locked for this username.'),
  // Staff sign-in with the organisation's OpenID Provider (src/staff).
  forbidden: () => new AppError('auth.forbidden', 403, 'You are signed in, but your account does not have the role this needs.'),
  csrfGuardMissing: () => new AppError('request.csrf_guard_missing', 403,
    'A request signed in with the staff session cookie must come from this service\'s own pages (X-Requested-By: staff-console).'),
  staffOidcDisabled: () => new AppError('staff.oidc_disabled', 404, 'Staff sign-in with an organisation account is not configured here; use an API key.'),
  staffProviderUnavailable: () => new AppError('staff.provider_unavailable', 503,
    'Your organisation\'s sign-in service cannot be reached right now; try again in a minute.', { retryAfterSeconds: 30 }),
  staffReturnInvalid: () => new AppError('staff.return_invalid', 400, 'The return address must be a path on this service (e.g. /helpdesk).'),
  staffLoginExpired: () => new AppError('staff.login_expired', 400,
    'This sign-in has expired, was already used, or was started in another browser. Start again from the sign-in button.'),
  staffStateMismatch: () => new AppError('staff.state_mismatch', 400, 'The sign-in response does not belong to the sign-in this browser started. Start again.'),
  staffSignInRefused: () => new AppError('staff.sign_in_refused', 401, 'Your organisation\'s sign-in service did not sign you in.'),
  staffCodeRejected: () => new AppError('staff.code_rejected', 400, 'Your organisation\'s sign-in service refused to complete this sign-in. Start again.'),
  staffIdTokenInvalid: () => new AppError('staff.id_token_invalid', 401, 'The sign-in response from your organisation could not be verified.'),
  staffNoRole: () => new AppError('staff.no_role', 403,
    'You signed in, but none of your groups gives you a role here (admin, help desk or reviewer). Ask your administrator for access.'),
  staffIdentityConflict: () => new AppError('staff.identity_conflict', 403,
    'Another person already signs in here under your e-mail address or username. Ask your administrator to check the accounts at the identity provider.'),
  staffSessionNotFound: () => new AppError('staff.session_not_found', 404, 'No such staff session (it may have ended already).'),
};
