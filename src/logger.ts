/**
 * Structured JSON logs. Secrets and biometric data must never reach a log line: the redaction list
 * is a second line of defence behind not logging them in the first place.
 */
import pino, { type Logger } from 'pino';
import { scopeLogFields } from './observability/scope';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.authorization',
  'token',
  '*.token',
  'linkToken',
  '*.linkToken',
  'accessPass',
  '*.accessPass',
  'code',
  '*.code',
  'apiKey',
  '*.apiKey',
  'password',
  '*.password',
  'selfie',
  'documentFront',
  'documentBack',
  // Identity-estate secrets (an Entra TAP as Graph returns it, the app's secret, the LDAP bind
  // password), at the top level only: no code logs them nested, and each wildcard path costs every
  // log line ~1 µs of redaction (measured with pino 10: three more wildcards, +2.9 µs per line).
  'temporaryAccessPass',
  'clientSecret',
  'bindPassword',
  // Staff OpenID Connect sign-in: the PKCE verifier, the OP's tokens and the session token.
  'codeVerifier',
  'idToken',
  'sessionToken',
];

/**
 * Default destination: stdout, written asynchronously, so lines logged while a write is in flight
 * leave in one write instead of one system call each (pino flushes what is left when the process
 * exits). The mixin adds the request id / recovery id / job id of the work in progress to every line.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { service: 'recovery' },
      mixin: scopeLogFields,
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
export type { Logger };
