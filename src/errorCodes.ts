/**
 * Every error code the service answers with (the `code` of its RFC 9457 problem+json), with the
 * HTTP status that code always has and the title shown when an error carries no message of its
 * own. This table is the one list: `ErrorCode` is its keys, `AppError` (errors.ts) looks status
 * and title up here, and openapi.yaml's `Problem.code` enum lists the same codes
 * (test/unit/errorCodes.test.ts keeps the two in step).
 *
 * Adding a code: one line here, in its family (`profile.`, `risk.`, `oidc.` …), and one entry in
 * the enum in openapi.yaml.
 */
export interface ErrorSpec {
  readonly status: number;
  /** A sentence safe to show to the person; an error may carry a more specific message instead. */
  readonly title: string;
}

const table = {
  'request.invalid': { status: 400, title: 'The request could not be read.' },
  'request.malformed_json': { status: 400, title: 'The request body is not valid JSON.' },
  'request.too_large': { status: 413, title: 'The request body is too large.' },
  'request.malformed': { status: 400, title: 'The request is not valid HTTP/1.1.' },
  'request.headers_too_large': { status: 431, title: 'The request headers are too large.' },
  'request.expectation_failed': { status: 417, title: 'The only expectation supported is "Expect: 100-continue".' },
  'request.timeout': { status: 408, title: 'The request was not received in time.' },
  'request.unsupported_media_type': { status: 415, title: 'The request body has an unsupported media type.' },
  'request.not_found': { status: 404, title: 'No such endpoint.' },
  'request.rate_limited': { status: 429, title: 'Too many requests; try again later.' },
  'request.too_many_streams': {
    status: 429,
    title: 'Too many live-progress streams are open for this recovery or from this network; close one and try again.',
  },
  'request.cross_site': { status: 403, title: 'Cross-site requests are not accepted.' },
  'request.cookie_auth_refused': { status: 403, title: 'This API authenticates with the Authorization header only, never with cookies.' },
  'request.csrf_guard_missing': {
    status: 403,
    title: "A request signed in with the staff session cookie must come from this service's own pages (X-Requested-By: staff-console).",
  },
  'request.malformed_multipart': { status: 400, title: 'The multipart body is malformed or truncated.' },
  'request.unsupported_encoding': { status: 415, title: 'Unsupported body encoding.' },
  'auth.unauthorized': { status: 401, title: 'Missing or invalid credentials.' },
  'auth.forbidden': { status: 403, title: 'You are signed in, but your account does not have the role this needs.' },
  'recovery.not_found': { status: 404, title: 'No such recovery.' },
  'recovery.invalid_token': { status: 401, title: 'The recovery token is missing or wrong.' },
  'recovery.not_awaiting_evidence': { status: 409, title: 'This recovery does not accept evidence now.' },
  'recovery.link_invalid': { status: 400, title: 'This recovery link is not valid.' },
  'recovery.link_used': { status: 410, title: 'This recovery link has already been used.' },
  'recovery.link_expired': { status: 410, title: 'This recovery link has expired.' },
  'recovery.link_pending_approval': {
    status: 409,
    title: 'This recovery link is for a privileged account and works once a second help-desk member has approved it; try again later.',
  },
  'helpdesk.same_approver': { status: 403, title: 'A link must be approved by another staff member than the one who created it.' },
  'helpdesk.approval_not_required': { status: 409, title: 'This link needs no approval.' },
  'helpdesk.link_not_found': { status: 404, title: 'No such recovery link.' },
  'helpdesk.links_not_allowed': {
    status: 403,
    title: 'The recovery profile that covers this account does not allow help-desk recovery links; an admin can change that profile.',
  },
  'helpdesk.owner_repudiated': {
    status: 409,
    title: 'The account owner said a recovery "wasn\'t me": no recovery link can be sent until an admin has reviewed it and cleared the lock.',
  },
  'evidence.consent_required': { status: 400, title: 'Explicit biometric consent (consent=true) is required before evidence is processed.' },
  'evidence.missing_file': { status: 400, title: 'A required file is missing.' },
  'evidence.empty_file': { status: 400, title: 'A file is empty.' },
  'evidence.not_an_image': { status: 415, title: 'A file is not a JPEG, PNG or WebP image.' },
  'evidence.undecodable': { status: 422, title: 'A file could not be decoded as an image.' },
  'evidence.too_small': { status: 422, title: 'An image is too small.' },
  'evidence.selfie_upload_refused': {
    status: 422,
    title: 'This service accepts only a selfie taken live with the camera on the recovery page; an uploaded photo is refused.',
  },
  'evidence.too_large': { status: 413, title: 'A file is too large.' },
  'evidence.unexpected_field': { status: 400, title: 'Unexpected multipart field.' },
  'directory.user_exists': { status: 409, title: 'A user with this username already exists.' },
  'directory.user_not_found': { status: 404, title: 'No such user.' },
  'directory.external': { status: 409, title: 'Accounts live in an external directory; manage them there.' },
  'directory.unavailable': { status: 503, title: 'The directory cannot be read right now; try again shortly.' },
  'credentials.unavailable': { status: 503, title: 'The sign-in system cannot issue the access pass right now; nothing was changed, try again shortly.' },
  'access_pass.invalid': { status: 401, title: 'The access pass is not valid.' },
  'webhook.rejected': { status: 401, title: 'The webhook signature could not be verified.' },
  'webhook.unknown_provider': { status: 404, title: 'No such provider.' },
  'service.unavailable': { status: 503, title: 'The service is briefly unavailable; try again shortly.' },
  'service.busy': { status: 503, title: 'Too many uploads are being processed; try again shortly.' },
  'review.not_pending': { status: 409, title: 'This recovery is not waiting for review.' },
  'review.evidence_unavailable': { status: 404, title: 'The evidence was deleted under the retention policy.' },
  'repudiation.invalid': { status: 400, title: 'This link is not valid.' },
  'repudiation.used': { status: 410, title: 'This link has already been used.' },
  'repudiation.expired': { status: 410, title: 'This link has expired.' },
  'api_key.name_taken': { status: 409, title: 'An active key of this role already has that name; revoke it first or choose another name.' },
  'api_key.not_found': { status: 404, title: 'No such API key.' },
  'lockout.not_found': { status: 404, title: 'Self-service recovery is not locked for this username.' },
  'staff.oidc_disabled': { status: 404, title: 'Staff sign-in with an organisation account is not configured here; use an API key.' },
  'staff.provider_unavailable': { status: 503, title: "Your organisation's sign-in service cannot be reached right now; try again in a minute." },
  'staff.return_invalid': { status: 400, title: 'The return address must be a path on this service (e.g. /helpdesk).' },
  'staff.login_expired': {
    status: 400,
    title: 'This sign-in has expired, was already used, or was started in another browser. Start again from the sign-in button.',
  },
  'staff.state_mismatch': { status: 400, title: 'The sign-in response does not belong to the sign-in this browser started. Start again.' },
  'staff.sign_in_refused': { status: 401, title: "Your organisation's sign-in service did not sign you in." },
  'staff.code_rejected': { status: 400, title: "Your organisation's sign-in service refused to complete this sign-in. Start again." },
  'staff.id_token_invalid': { status: 401, title: 'The sign-in response from your organisation could not be verified.' },
  'staff.no_role': {
    status: 403,
    title: 'You signed in, but none of your groups gives you a role here (admin, help desk or reviewer). Ask your administrator for access.',
  },
  'staff.identity_conflict': {
    status: 403,
    title: 'Another person already signs in here under your e-mail address or username. Ask your administrator to check the accounts at the identity provider.',
  },
  'staff.session_not_found': { status: 404, title: 'No such staff session (it may have ended already).' },
  'enrollment.not_found': { status: 404, title: 'This passkey enrollment does not exist or has expired; sign in with your access pass again.' },
  'enrollment.invalid_token': { status: 401, title: 'The enrollment token is missing or wrong.' },
  'enrollment.wrong_step': { status: 409, title: 'This enrollment cannot do that now.' },
  'enrollment.no_challenge': { status: 409, title: 'This passkey request was already used or has expired; ask for new options and try again.' },
  'enrollment.recovery_closed': { status: 409, title: 'This recovery is no longer open (it expired or was cancelled); start a new recovery.' },
  'passkey.verification_failed': { status: 400, title: 'The passkey response could not be verified.' },
  'passkey.profile_violation': { status: 422, title: 'This passkey does not meet the passkey profile of the account.' },
  'passkey.model_distrusted': { status: 422, title: 'This authenticator model is no longer trusted; use another security key or passkey.' },
  'passkey.already_registered': { status: 409, title: 'This passkey is already registered.' },
  'passkey_profile.not_found': { status: 404, title: 'No such passkey profile.' },
  'passkey_profile.default_required': { status: 409, title: 'The default passkey profile can be changed but not deleted.' },
  'profile.not_found': { status: 404, title: 'No such recovery profile.' },
  'profile.default_required': { status: 409, title: 'The default recovery profile can be changed (or turned off) but not deleted.' },
  'profile.order_mismatch': { status: 422, title: 'A reorder must name every recovery profile exactly once.' },
  'profile.unknown_hook': { status: 422, title: 'The profile names a claim-validation hook that CLAIM_HOOKS_FILE does not define.' },
  'profile.unknown_provider': { status: 422, title: 'The profile names an identity-verification vendor that is not configured in this deployment.' },
  'risk.not_flagged': { status: 404, title: 'This account has no local risk flag to dismiss.' },
  'oidc.disabled': { status: 404, title: 'The OpenID Provider is not enabled (OIDC_PROVIDER_ENABLED).' },
  'oidc.interaction_not_found': { status: 404, title: 'This sign-in has expired or was already finished; go back to the application and start again.' },
  'oidc.wrong_interaction': { status: 409, title: 'This sign-in asks for another step.' },
  'oidc.no_challenge': { status: 409, title: 'This passkey request was already used or has expired; try again.' },
  'oidc.passkey_unknown': { status: 401, title: 'This passkey is not registered here, or it was revoked.' },
  'oidc.passkey_invalid': { status: 401, title: 'The passkey response could not be verified.' },
  'oidc.account_mismatch': { status: 403, title: 'This passkey belongs to another account than the one the application asked for.' },
  'oidc.account_locked': {
    status: 403,
    title: 'Sign-in to this account is locked after a report that a recovery was not made by its owner; contact your help desk.',
  },
  'oidc.account_risky': {
    status: 403,
    title: 'This account is flagged as at risk; recover it (re-proof your identity) to clear the risk before signing in with a passkey.',
  },
  'oidc.account_disabled': { status: 403, title: "This account is disabled in your organisation's directory, or no longer in it; contact your help desk." },
  'oidc.verification_started': {
    status: 409,
    title:
      'An identity verification was already started for this sign-in; continue it in the window that started it, or go back to the application and start again.',
  },
  'oidc.no_verification': { status: 409, title: 'No identity verification was started for this sign-in yet.' },
  'oidc.verification_pending': { status: 409, title: 'The identity verification has not finished yet.' },
  'oidc.client_exists': { status: 409, title: 'A client with this id already exists.' },
  'oidc.client_not_found': { status: 404, title: 'No such client registered through the admin API.' },
  'oidc.client_from_file': { status: 409, title: 'This client is defined in OIDC_CLIENTS_FILE; change it there.' },
  'oidc.rotation_busy': { status: 409, title: 'Another process is rotating the signing keys; try again in a moment.' },
  internal: { status: 500, title: 'Something went wrong on our side; nothing was changed by this request.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof table;
export const errorTable: { readonly [C in ErrorCode]: ErrorSpec } = table;
/** Every code, in the table's order. */
export const errorCodes = Object.keys(table) as readonly ErrorCode[];

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(table, value);
}
