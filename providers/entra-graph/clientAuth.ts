/**
 * How the token endpoint decides the caller is the registered app: a client secret (form field or
 * HTTP Basic, RFC 6749 §2.3.1), or a `client_assertion` JWT signed with the key of the app's
 * registered certificate (RS256 or PS256; `x5t` / `x5t#S256` naming it; `aud` = this token
 * endpoint; `iss` = `sub` = client id; unexpired). The AADSTS codes are the ones Entra answers with.
 * https://learn.microsoft.com/en-us/entra/identity-platform/certificate-credentials
 */
import type { X509Certificate } from 'node:crypto';
import { createHash, timingSafeEqual } from 'node:crypto';
import { decodeProtectedHeader, errors, jwtVerify } from 'jose';

export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
  certificate: X509Certificate | null;
}

export type ClientAuthOutcome = { ok: true } | { ok: false; status: 400 | 401; error: string; aadsts: number; description: string };

const CLOCK_SKEW_SECONDS = 300;
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const refuse = (status: 400 | 401, error: string, aadsts: number, description: string): ClientAuthOutcome => ({
  ok: false,
  status,
  error,
  aadsts,
  description,
});

function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** `Authorization: Basic base64(urlencode(id):urlencode(secret))`, per RFC 6749 §2.3.1. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const [id, secret] = Buffer.from(match[1], 'base64').toString('utf8').split(':');
  if (id === undefined || secret === undefined) return null;
  return { id: decodeURIComponent(id), secret: decodeURIComponent(secret) };
}

export async function authenticateClient(
  form: Record<string, string | undefined>,
  authorization: string | undefined,
  app: ClientRegistration,
  tokenEndpoint: string,
): Promise<ClientAuthOutcome> {
  const basic = basicCredentials(authorization);
  const secret = form.client_secret ?? basic?.secret;
  if (secret !== undefined) {
    if (sameSecret(secret, app.clientSecret)) return { ok: true };
    return refuse(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
    );
  }
  if (form.client_assertion === undefined) {
    return refuse(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  if (form.client_assertion_type !== JWT_BEARER) {
    return refuse(400, 'invalid_request', 7000219, "'client_assertion_type' is missing or has an unsupported value.");
  }
  return verifyAssertion(form.client_assertion, app, tokenEndpoint);
}

async function verifyAssertion(assertion: string, app: ClientRegistration, tokenEndpoint: string): Promise<ClientAuthOutcome> {
  const notFound = refuse(401, 'invalid_client', 700027, 'Client assertion failed signature validation. [Reason - The key was not found.]');
  if (!app.certificate) return notFound;
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    return refuse(401, 'invalid_client', 50027, 'JWT token is invalid or malformed.');
  }
  const raw = app.certificate.raw;
  const named =
    header['x5t#S256'] === createHash('sha256').update(raw).digest('base64url') || header.x5t === createHash('sha1').update(raw).digest('base64url');
  if (!named) return notFound;
  try {
    await jwtVerify(assertion, app.certificate.publicKey, {
      algorithms: ['RS256', 'PS256'],
      audience: tokenEndpoint,
      issuer: app.clientId,
      subject: app.clientId,
      requiredClaims: ['exp'],
      // Clock skew between client and server; MSAL also rounds its `nbf` up to the nearest second.
      clockTolerance: CLOCK_SKEW_SECONDS,
    });
    return { ok: true };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return refuse(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.');
    if (error instanceof errors.JWTClaimValidationFailed) {
      return refuse(401, 'invalid_client', 700021, `Client assertion claim '${error.claim}' is not valid for this application and token endpoint.`);
    }
    return refuse(401, 'invalid_client', 700027, 'Client assertion failed signature validation.');
  }
}
