/**
 * The second staff member's approval of a recovery link to a privileged account (four-eyes).
 * The approver must be another named person or key than the link's creator; both names are
 * audited. Approving twice is harmless (the first approval stands).
 */
import type { AppContext } from '../context';
import { errors } from '../errors';
import { appendAudit } from '../audit/auditLog';

export async function approveLink(ctx: AppContext, id: string, approver: string): Promise<{ id: string; approvedBy: string; expiresAt: string }> {
  const result = await ctx.links.approve(id, approver, ctx.clock.now());
  if (!result.ok) {
    switch (result.error) {
      case 'same_person':
        throw errors.linkSameApprover();
      case 'not_required':
        throw errors.linkApprovalNotRequired();
      case 'used':
        throw errors.linkUsed();
      case 'expired':
        throw errors.linkExpired();
      default:
        throw errors.linkNotFound();
    }
  }
  const { link } = result;
  const approvedBy = link.approval?.approvedBy ?? approver;
  if (!result.already) {
    await appendAudit(ctx, {
      type: 'helpdesk.link_approved',
      username: link.username,
      actor: approver,
      data: { linkId: id, createdBy: link.createdBy, approvedBy, expiresAt: link.expiresAt },
    });
  }
  return { id, approvedBy, expiresAt: new Date(link.expiresAt).toISOString() };
}
