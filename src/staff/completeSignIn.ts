/**
 * The callback of a staff sign-in (OpenID Connect Core 1.0 §3.1.2.5–§3.1.3.7), as a checklist:
 * 1. the login this browser started exists and is taken (single use: a replayed callback finds none);
 * 2. the response's `state` is that login's (RFC 6749 §10.12);
 * 3. openid-client exchanges the code with the PKCE verifier (RFC 7636 §4.5) and validates the ID
 *    token: signature, `iss`, `aud`, `exp`/`iat`, and the `nonce` we sent (Core §3.1.3.7);
 * 4. the groups claim maps to at least one role;
 * 5. the person's actor name is theirs alone (stores/staffIdentityStore.ts).
 * Then a server-side session is created and the sign-in audited. No token from the OP is kept.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import * as oidc from 'openid-client';
import type { AppContext } from '../context';
import { AppError, errors } from '../errors';
import { appendAudit } from '../audit/auditLog';
import type { StaffSession } from '../stores/staffSessionStore';
import { displayName, rolesFromClaims, staffNameFromClaims } from './roles';
import { sessionTtlMs } from './staffSessions';

export interface SignedIn {
  token: string;
  session: StaffSession;
  returnTo: string;
  ttlMs: number;
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** openid-client's failures as stable codes; a network failure is the OP's outage, not the person's fault. */
function grantError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof oidc.AuthorizationResponseError) return errors.staffSignInRefused();
  if (err instanceof oidc.ResponseBodyError) return errors.staffCodeRejected();
  if (err instanceof oidc.ClientError) return errors.staffIdTokenInvalid();
  if (err instanceof Error && ['TypeError', 'AbortError', 'TimeoutError'].includes(err.name)) return errors.staffProviderUnavailable();
  throw err;
}

export async function completeSignIn(ctx: AppContext, loginToken: string | null, query: URLSearchParams): Promise<SignedIn> {
  const client = ctx.staffOidc;
  if (!client) throw errors.staffOidcDisabled();
  const login = loginToken ? await ctx.staffLogins.take(loginToken) : null;
  if (!login) throw errors.staffLoginExpired();
  const state = query.get('state');
  if (!state || !same(state, login.state)) throw errors.staffStateMismatch();

  // The URL the OP redirected to, rebuilt from the registered redirect URI (never the Host header).
  const callbackUrl = new URL(client.settings.redirectUri);
  callbackUrl.search = query.toString();
  const tokens = await oidc
    .authorizationCodeGrant(await client.configuration(), callbackUrl, {
      pkceCodeVerifier: login.codeVerifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    })
    .catch((err: unknown) => {
      throw grantError(err);
    });
  const claims = tokens.claims();
  if (!claims) throw errors.staffIdTokenInvalid();

  const roles = rolesFromClaims(claims, ctx.config);
  if (roles.length === 0) {
    await appendAudit(ctx, { type: 'staff.sign_in_refused', actor: `oidc:${staffNameFromClaims(claims)}`, data: { reason: 'no_role', subject: claims.sub } });
    throw errors.staffNoRole();
  }
  const named = await ctx.staffIdentities.claim(claims.iss, claims.sub, staffNameFromClaims(claims));
  if (!named.ok) {
    await appendAudit(ctx, {
      type: 'staff.sign_in_refused',
      actor: `oidc:${staffNameFromClaims(claims)}`,
      data: { reason: 'identity_conflict', subject: claims.sub },
    });
    throw errors.staffIdentityConflict();
  }

  const now = ctx.clock.now();
  const session: StaffSession = {
    id: randomUUID(),
    actor: `staff:${named.name}`,
    issuer: claims.iss,
    subject: claims.sub,
    name: displayName(claims),
    email: typeof claims.email === 'string' ? claims.email : null,
    roles,
    createdAt: now,
    expiresAt: now + ctx.config.STAFF_SESSION_MINUTES * 60_000,
    lastSeenAt: now,
  };
  const ttlMs = sessionTtlMs(ctx.config, session, now);
  const token = await ctx.staffSessions.create(session, ttlMs);
  await appendAudit(ctx, { type: 'staff.signed_in', actor: session.actor, data: { sessionId: session.id, subject: session.subject, roles } });
  return { token, session, returnTo: login.returnTo, ttlMs };
}
