/**
 * What a status read starts from: the recovery's metadata and its summary fields (status, reason,
 * access-pass flag), read in one HMGET without parsing the snapshot or restoring the machine. A
 * record written before the summary fields existed is read whole and viewed through the machine.
 */
import { z } from 'zod';
import type { AppContext } from '../context';
import { recoveryStatuses, type RecoveryReason } from '../../flows/recoveryMachine';
import { view } from '../../flows/transition';
import type { RecoveryMeta } from '../stores/recoveryStore';

const SummarySchema = z.object({
  status: z.enum(recoveryStatuses),
  reason: z
    .string()
    .nullable()
    .transform((r) => r as RecoveryReason | null),
  accessPass: z.enum(['none', 'pending', 'revealed']),
});

export type StatusSource = z.infer<typeof SummarySchema> & { meta: RecoveryMeta };

export async function loadStatusSource(ctx: AppContext, id: string): Promise<StatusSource | null> {
  const stored = await ctx.recoveries.getSummary(id);
  const parsed = stored ? SummarySchema.safeParse(stored.summary) : null;
  if (stored && parsed?.success) return { meta: stored.meta, ...parsed.data };
  const record = await ctx.recoveries.get(id);
  if (!record) return null;
  const current = view(record.snapshot);
  return { meta: record.meta, status: current.status, reason: current.context.reason, accessPass: current.context.accessPass };
}
