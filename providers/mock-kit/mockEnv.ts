/**
 * The variables of the mock vendors `npm start` runs when no vendor is configured. Part of the
 * service's one configuration schema (src/config/vendors.ts); the standalone start in
 * startMocks.ts parses them with the same schema.
 */
import { z } from 'zod';

export const MockVendorEnv = z.object({
  /** How long asynchronous mocks stay "processing", ms. */
  MOCK_VENDOR_PROCESSING_MS: z.coerce.number().int().min(0).max(600_000).default(1500),
  /**
   * The day the mocks judge document expiry on (YYYY-MM-DD), or `today` for the wall clock. Unset:
   * the fixture roster's reference day, so the README's walk-through works in any year.
   */
  MOCK_VENDOR_DOCUMENT_DATE: z
    .string()
    .regex(/^(\d{4}-\d{2}-\d{2}|today)$/, 'must be YYYY-MM-DD or "today"')
    .refine((v) => v === 'today' || !Number.isNaN(new Date(`${v}T12:00:00Z`).getTime()), 'not a calendar day')
    .optional(),
});
export type MockVendorEnvConfig = z.infer<typeof MockVendorEnv>;
