import type { AppContext } from '../context';
import { newSecretToken } from '../crypto/secrets';

/**
 * A single-use recovery link for a username. The URL is built from PUBLIC_BASE_URL, never from the
 * request's Host header (OWASP Forgot Password Cheat Sheet). Created whether or not the account
 * exists, so the help-desk API is no oracle for account names either.
 */
export async function createLink(ctx: AppContext, input: { username: string; ttlMinutes?: number; agent: string }) {
  const token = newSecretToken();
  const now = ctx.clock.now();
  const expiresAt = now + (input.ttlMinutes ?? ctx.config.LINK_TTL_MINUTES) * 60_000;
  await ctx.links.create(token, { username: input.username, createdBy: input.agent, createdAt: now, expiresAt }, now);
  return { url: `${ctx.config.PUBLIC_BASE_URL}/recover?link=${token}`, expiresAt: new Date(expiresAt).toISOString() };
}
