import type { AppContext } from '../context';
import { view } from '../../flows/transition';
import { readVerdictSummary } from './verificationRecord';

/** What an agent may see of a recovery: status and reasons, never secrets or evidence. */
export async function helpdeskView(ctx: AppContext, id: string) {
  const record = await ctx.recoveries.get(id);
  if (!record) return null;
  const v = view(record.snapshot);
  const verdict = await readVerdictSummary(ctx, id);
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id, username: record.meta.username, status: v.status, ...(v.context.reason ? { reason: v.context.reason } : {}),
    vendor: verdict ? { provider: verdict.provider, decision: verdict.decision, reasonCodes: verdict.reasonCodes, attempt: verdict.attempt } : null,
    origin: record.meta.origin, initiatedBy: record.meta.initiatedBy, attempts: v.context.attempt,
    createdAt: iso(record.meta.createdAt), updatedAt: iso(record.updatedAt || record.meta.createdAt), expiresAt: iso(record.meta.expiresAt),
  };
}
