/** The funnel report's query and response (GET /v1/admin/reports/funnel), parsed at the edge both ways. */
import { z } from 'zod';

const time = z.iso.datetime({ offset: true }).transform((v) => Date.parse(v));

export const FunnelQuerySchema = z
  .object({
    from: time.optional(),
    to: time.optional(),
    /** A recovery profile's name; recoveries started before profiles existed are in `default`. */
    profile: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/)
      .optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });

const count = z.number().int().min(0);

export const FunnelStagesSchema = z.strictObject({
  started: count,
  evidenceSubmitted: count,
  vendorVerdict: count,
  accountMatched: count,
  credentialIssued: count,
  enrolled: count,
  completed: count,
});
export type FunnelStages = z.infer<typeof FunnelStagesSchema>;

export const FunnelReportSchema = z.strictObject({
  from: z.string().nullable(),
  to: z.string().nullable(),
  profile: z.string().nullable(),
  providers: z.array(
    z.strictObject({
      provider: z.string(),
      stages: FunnelStagesSchema,
      dropOffs: z.array(z.strictObject({ from: z.string(), reason: z.string(), count })),
    }),
  ),
  /** Audit entries read. */
  scanned: count,
  /** False when the trail holds more than the report reads (FUNNEL_MAX_SCAN): the counts are then a lower bound. */
  complete: z.boolean(),
});
export type FunnelReport = z.infer<typeof FunnelReportSchema>;
