/**
 * Errors with a stable code, an HTTP status and a message safe to show (jose/Logto style): callers
 * branch on `code`, never on the message. Rendered as RFC 9457 problem+json by http/problem.ts.
 * The code decides the status and the default message (errorCodes.ts, the one table of codes).
 */
import { type ErrorCode, errorTable } from './errorCodes';

export type { ErrorCode } from './errorCodes';

export interface AppErrorOptions {
  /** A more specific sentence than the code's title (which file, which state). */
  message?: string;
  retryAfterSeconds?: number;
  /** Itemised problems (`errors` in the problem document). */
  errors?: unknown[];
  /** Only where a framework already decided the 4xx (http/problem.ts); otherwise the table's. */
  status?: number;
}

export class AppError extends Error {
  readonly status: number;
  readonly extra: { retryAfterSeconds?: number; errors?: unknown[] };

  constructor(
    readonly code: ErrorCode,
    options: AppErrorOptions = {},
  ) {
    const spec = errorTable[code];
    super(options.message ?? spec.title);
    this.name = 'AppError';
    this.status = options.status ?? spec.status;
    this.extra = { retryAfterSeconds: options.retryAfterSeconds, errors: options.errors };
  }
}

export const errors = {
  linksNotAllowed: () => new AppError('helpdesk.links_not_allowed'),
  validation: (detail: string, issues?: unknown[]) => new AppError('request.invalid', { message: detail, errors: issues }),
  malformedJson: () => new AppError('request.malformed_json'),
  bodyTooLarge: () => new AppError('request.too_large'),
  // Refused by Node's HTTP parser, below express (http/serverErrors.ts).
  malformedHttp: () => new AppError('request.malformed'),
  headersTooLarge: () => new AppError('request.headers_too_large'),
  expectationFailed: () => new AppError('request.expectation_failed'),
  requestTimeout: () => new AppError('request.timeout'),
  unsupportedMedia: (expected: string) => new AppError('request.unsupported_media_type', { message: `Expected ${expected}.` }),
  notFound: () => new AppError('request.not_found'),
  unauthorized: () => new AppError('auth.unauthorized'),
  recoveryNotFound: () => new AppError('recovery.not_found'),
  recoveryToken: () => new AppError('recovery.invalid_token'),
  notAwaitingEvidence: (status: string) =>
    new AppError('recovery.not_awaiting_evidence', { message: `This recovery is ${status}; it does not accept evidence now.` }),
  linkInvalid: () => new AppError('recovery.link_invalid'),
  linkUsed: () => new AppError('recovery.link_used'),
  linkExpired: () => new AppError('recovery.link_expired'),
  linkPendingApproval: () => new AppError('recovery.link_pending_approval'),
  linkSameApprover: () => new AppError('helpdesk.same_approver'),
  linkApprovalNotRequired: () => new AppError('helpdesk.approval_not_required'),
  linkNotFound: () => new AppError('helpdesk.link_not_found'),
  linkOwnerRepudiated: () => new AppError('helpdesk.owner_repudiated'),
  consentRequired: () => new AppError('evidence.consent_required'),
  evidenceMissing: (part: string) => new AppError('evidence.missing_file', { message: `The file "${part}" is required.` }),
  evidenceEmpty: (part: string) => new AppError('evidence.empty_file', { message: `The file "${part}" is empty.` }),
  evidenceNotImage: (part: string) => new AppError('evidence.not_an_image', { message: `The file "${part}" is not a JPEG, PNG or WebP image.` }),
  evidenceUndecodable: (part: string) => new AppError('evidence.undecodable', { message: `The file "${part}" could not be decoded as an image.` }),
  evidenceTooSmall: (part: string, min: number) =>
    new AppError('evidence.too_small', { message: `The image "${part}" must be at least ${min}×${min} pixels.` }),
  selfieUploadRefused: () => new AppError('evidence.selfie_upload_refused'),
  evidenceTooLarge: (max: number) => new AppError('evidence.too_large', { message: `Each file may be at most ${max} bytes.` }),
  evidenceUnexpectedPart: (part: string) => new AppError('evidence.unexpected_field', { message: `Unexpected multipart field "${part}".` }),
  userExists: () => new AppError('directory.user_exists'),
  userNotFound: () => new AppError('directory.user_not_found'),
  credentialsUnavailable: (retryAfterMs?: number) =>
    new AppError('credentials.unavailable', { retryAfterSeconds: Math.max(1, Math.ceil((retryAfterMs ?? 5000) / 1000)) }),
  directoryExternal: (kind: string) =>
    new AppError('directory.external', {
      message: `Accounts live in the ${kind} directory (DIRECTORY=${kind}); manage them there. The built-in directory is not in use.`,
    }),
  accessPassInvalid: () => new AppError('access_pass.invalid'),
  webhookRejected: () => new AppError('webhook.rejected'),
  unknownProvider: () => new AppError('webhook.unknown_provider'),
  unavailable: (what: string) => new AppError('service.unavailable', { message: `${what} is not available right now; try again.` }),
  // Trust and safety. One message for every limit, so a 429 never says which key (an account?) hit it.
  rateLimited: (retryAfterSeconds: number) => new AppError('request.rate_limited', { retryAfterSeconds }),
  tooManyStreams: () => new AppError('request.too_many_streams', { retryAfterSeconds: 10 }),
  crossSite: () => new AppError('request.cross_site'),
  cookieAuth: () => new AppError('request.cookie_auth_refused'),
  notInReview: (status: string) => new AppError('review.not_pending', { message: `This recovery is ${status}; it is not waiting for review.` }),
  evidenceGone: () => new AppError('review.evidence_unavailable'),
  repudiationInvalid: () => new AppError('repudiation.invalid'),
  repudiationUsed: () => new AppError('repudiation.used'),
  repudiationExpired: () => new AppError('repudiation.expired'),
  apiKeyNameTaken: () => new AppError('api_key.name_taken'),
  apiKeyNotFound: () => new AppError('api_key.not_found'),
  lockNotFound: () => new AppError('lockout.not_found'),
  riskNotFlagged: () => new AppError('risk.not_flagged'),
  // Staff sign-in with the organisation's OpenID Provider (src/staff).
  forbidden: () => new AppError('auth.forbidden'),
  csrfGuardMissing: () => new AppError('request.csrf_guard_missing'),
  staffOidcDisabled: () => new AppError('staff.oidc_disabled'),
  staffProviderUnavailable: () => new AppError('staff.provider_unavailable', { retryAfterSeconds: 30 }),
  staffReturnInvalid: () => new AppError('staff.return_invalid'),
  staffLoginExpired: () => new AppError('staff.login_expired'),
  staffStateMismatch: () => new AppError('staff.state_mismatch'),
  staffSignInRefused: () => new AppError('staff.sign_in_refused'),
  staffCodeRejected: () => new AppError('staff.code_rejected'),
  staffIdTokenInvalid: () => new AppError('staff.id_token_invalid'),
  staffNoRole: () => new AppError('staff.no_role'),
  staffIdentityConflict: () => new AppError('staff.identity_conflict'),
  staffSessionNotFound: () => new AppError('staff.session_not_found'),
};
