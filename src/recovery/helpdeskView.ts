import type { AppContext } from '../context';
import { view } from '../../flows/transition';
import { readVerdictSummary } from './verificationRecord';

/**
 * A verification-only recovery (the OpenID Provider's identity verification) is stored as
 * self-service, so the self-service safety rules still apply to it; agents see it for what it is.
 */
function helpdeskOrigin(meta: { origin: 'self_service' | 'helpdesk_link'; purpose: string }) {
  return meta.purpose === 'verification' ? ('oidc_verification' as const) : meta.origin;
}

/** What an agent may see of a recovery: status and reasons, never secrets or evidence. */
export async function helpdeskView(ctx: AppContext, id: string) {
  const record = await ctx.recoveries.get(id);
  if (!record) return null;
  const v = view(record.snapshot);
  const [verdict, applied] = await Promise.all([readVerdictSummary(ctx, id), ctx.recoveryProfiles.applied(id)]);
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id,
    username: record.meta.username,
    status: v.status,
    ...(v.context.reason ? { reason: v.context.reason } : {}),
    vendor: verdict ? { provider: verdict.provider, decision: verdict.decision, reasonCodes: verdict.reasonCodes, attempt: verdict.attempt } : null,
    origin: helpdeskOrigin(record.meta),
    initiatedBy: record.meta.initiatedBy,
    attempts: v.context.attempt,
    profile: applied ? { name: applied.profile, mode: applied.mode, why: applied.why } : null,
    createdAt: iso(record.meta.createdAt),
    updatedAt: iso(record.updatedAt || record.meta.createdAt),
    expiresAt: iso(record.meta.expiresAt),
  };
}
