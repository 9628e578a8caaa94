import type { AppContext } from '../context';
import { newSecretToken } from '../crypto/secrets';
import { errors } from '../errors';
import { readLock } from '../safety/lockout';

/**
 * A single-use recovery link for a username. The URL is built from PUBLIC_BASE_URL, never from the
 * request's Host header (OWASP Forgot Password Cheat Sheet). Created whether or not the account
 * exists, so the help-desk API is no oracle for account names either.
 *
 * Refused while the owner's "this wasn't me" lock stands: the help desk is the way back in from a
 * lock that failed attempts caused, never from the owner's own report (an admin clears that).
 */
export async function createLink(ctx: AppContext, input: { username: string; ttlMinutes?: number; agent: string }) {
  if ((await readLock(ctx, input.username))?.reason === 'owner_repudiated') throw errors.linkOwnerRepudiated();
  const token = newSecretToken();
  const now = ctx.clock.now();
  const expiresAt = now + (input.ttlMinutes ?? ctx.config.LINK_TTL_MINUTES) * 60_000;
  await ctx.links.create(token, { username: input.username, createdBy: input.agent, createdAt: now, expiresAt }, now);
  return { url: `${ctx.config.PUBLIC_BASE_URL}/recover?link=${token}`, expiresAt: new Date(expiresAt).toISOString() };
}
