import { randomUUID } from 'node:crypto';
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
 * A link to a privileged account needs a second staff member's approval (approveLink.ts).
 */
export async function createLink(ctx: AppContext, input: { username: string; ttlMinutes?: number; agent: string }) {
  if ((await readLock(ctx, input.username))?.reason === 'owner_repudiated') throw errors.linkOwnerRepudiated();
  const approvalRequired = await isPrivileged(ctx, input.username);
  const token = newSecretToken();
  const id = randomUUID();
  const now = ctx.clock.now();
  const expiresAt = now + (input.ttlMinutes ?? ctx.config.LINK_TTL_MINUTES) * 60_000;
  await ctx.links.create(token, {
    id, username: input.username, createdBy: input.agent, createdAt: now, expiresAt,
    ...(approvalRequired ? { approval: { required: true, approvedBy: null, approvedAt: null } } : {}),
  }, now);
  return { id, url: `${ctx.config.PUBLIC_BASE_URL}/recover?link=${token}`, expiresAt: new Date(expiresAt).toISOString(), approvalRequired };
}

/**
 * A member of a privileged group (PRIVILEGED_GROUPS, nested memberships included) gets a link
 * that works only once a second staff member approves it: one talked-into agent is not enough
 * for an administrator's account (NIST SP 800-53 AC-5, separation of duties). The directory is
 * read here, on the help desk's request, never on a claimant's; if it cannot be read, no link.
 */
async function isPrivileged(ctx: AppContext, username: string): Promise<boolean> {
  if (ctx.config.PRIVILEGED_GROUPS.length === 0) return false;
  const account = await ctx.directory.findAccount(username);
  return account !== null && account.groups.some((g) => ctx.config.PRIVILEGED_GROUPS.includes(g));
}
