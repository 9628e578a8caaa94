import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context';
import { newSecretToken } from '../crypto/secrets';
import { errors } from '../errors';
import { readLock } from '../safety/lockout';
import { linkPolicyFor } from '../recoveryProfiles/linkPolicy';
import { riskyLinkNeedsApproval } from '../risk/linkApproval';

/**
 * A single-use recovery link for a username. The URL is built from PUBLIC_BASE_URL, never from the
 * request's Host header (OWASP Forgot Password Cheat Sheet). Created whether or not the account
 * exists, so the help-desk API is no oracle for account names either.
 *
 * Refused while the owner's "this wasn't me" lock stands: the help desk is the way back in from a
 * lock that failed attempts caused, never from the owner's own report (an admin clears that).
 * The recovery profile covering the account decides whether links may be sent at all and whether
 * one needs a second staff member's approval (approveLink.ts); a privileged account's always does
 * (recoveryProfiles/linkPolicy.ts).
 */
export async function createLink(ctx: AppContext, input: { username: string; ttlMinutes?: number; agent: string }) {
  if ((await readLock(ctx, input.username))?.reason === 'owner_repudiated') throw errors.linkOwnerRepudiated();
  const policy = await linkPolicyFor(ctx, input.username);
  if (!policy.allowed) throw errors.linksNotAllowed();
  // A risky account's link needs a second approver too (risk/linkApproval.ts audits why); checked first so it always is.
  const approvalRequired = (await riskyLinkNeedsApproval(ctx, input.username, policy.account, input.agent)) || policy.approvalRequired;
  const token = newSecretToken();
  const id = randomUUID();
  const now = ctx.clock.now();
  const expiresAt = now + (input.ttlMinutes ?? ctx.config.LINK_TTL_MINUTES) * 60_000;
  await ctx.links.create(
    token,
    {
      id,
      username: input.username,
      createdBy: input.agent,
      createdAt: now,
      expiresAt,
      ...(approvalRequired ? { approval: { required: true, approvedBy: null, approvedAt: null } } : {}),
    },
    now,
  );
  return { id, url: `${ctx.config.PUBLIC_BASE_URL}/recover?link=${token}`, expiresAt: new Date(expiresAt).toISOString(), approvalRequired };
}
