/** LexisNexis TrueID ("RDP" REST variant) adapter configuration (docs/references.md, "Vendor APIs: LexisNexis TrueID"). */
import { z } from 'zod';

export const LexisNexisConfigSchema = z.object({
  /** Host only; the adapter adds `/restws/identity/v3/accounts/{accountId}/...`. */
  baseUrl: z.url().describe('TrueID RDP base URL'),
  accountId: z.string().min(1),
  /** HTTP Basic credentials (docs/references.md, "Vendor APIs: LexisNexis TrueID"). */
  username: z.string().min(1),
  password: z.string().min(1),
  /** The liveness workflow: we always send a selfie, so the no-liveness workflow is never used. */
  workflow: z.string().min(1).default('trueid.liveness.workflow'),
  /** `Settings.Mode`, e.g. `production` or `testing`, set per account by LexisNexis. */
  mode: z.string().default('production'),
  locale: z.string().default('en'),
  venue: z.string().default('online'),
  documentType: z.string().default('DriversLicense'),
  /** TrueID answers synchronously after analysing the images, so allow more than a plain GET. */
  timeoutMs: z.number().int().positive().default(30_000).describe('Per-request time-out, ms'),
  /** Unused by the adapter (TrueID is synchronous); kept so every vendor block has the same keys. */
  pollIntervalMs: z.number().int().positive().default(1_000),
});
export type LexisNexisConfig = z.output<typeof LexisNexisConfigSchema>;
