/**
 * The admin console's parsers for the funnel report and audit pages. The service's own schemas
 * (reports/funnelSchema.ts, audit/auditEntry.ts) hold `import { z }`, which makes esbuild keep
 * all of zod, every locale included (over 400 kB), in the page's bundle; these use the namespace
 * import, which it trims. Each is declared as a parser of the service's type, so tsc fails when
 * the two drift apart.
 */
import * as z from 'zod';
import type { FunnelReport } from '../../reports/funnelSchema';
import type { AuditRecord } from '../../audit/auditEntry';

const count = z.number().int().min(0);

export const FunnelReportSchema: z.ZodType<FunnelReport> = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  profile: z.string().nullable(),
  providers: z.array(
    z.object({
      provider: z.string(),
      stages: z.object({
        started: count,
        evidenceSubmitted: count,
        vendorVerdict: count,
        accountMatched: count,
        credentialIssued: count,
        enrolled: count,
        completed: count,
      }),
      dropOffs: z.array(z.object({ from: z.string(), reason: z.string(), count })),
    }),
  ),
  scanned: count,
  complete: z.boolean(),
});

const AuditRecordSchema: z.ZodType<AuditRecord> = z.object({
  id: z.string(),
  type: z.string(),
  at: z.string(),
  actor: z.string(),
  recoveryId: z.string().nullable(),
  username: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  seq: z.number().nullable(),
  prev: z.string().nullable(),
  hash: z.string().nullable(),
});

export const AuditPageSchema = z.object({ items: z.array(AuditRecordSchema), nextCursor: z.string().nullable() });
