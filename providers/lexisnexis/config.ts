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
  /**
   * The workflow for a selfie declared as an uploaded file (`selfieSource: file`). TrueID's request
   * has no field saying how an image was captured; the one capture-dependent choice a public
   * integration makes is the workflow (Login.gov picks its "cropping" workflows for images not
   * captured by the vendor's SDK, docs/references.md, "Vendor APIs: capture source"). Ask
   * LexisNexis for a workflow for uploaded selfies and name it here; unset, uploads go to
   * `workflow` and TrueID cannot tell them apart (documented gap).
   */
  fileWorkflow: z.string().min(1).optional(),
  /** `Settings.Mode`, e.g. `production` or `testing`, set per account by LexisNexis. */
  mode: z.string().default('production'),
  locale: z.string().default('en'),
  venue: z.string().default('online'),
  documentType: z.string().default('DriversLicense'),
  /** TrueID answers synchronously after analysing the images, so allow more than a plain GET. */
  timeoutMs: z.number().int().positive().default(30_000).describe('Per-request time-out, ms'),
});
export type LexisNexisConfig = z.output<typeof LexisNexisConfigSchema>;
