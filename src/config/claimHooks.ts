/**
 * Claim-validation hooks (docs/claim-hooks.md): the file listing them. The file itself is read and
 * validated at start-up by src/claimHooks/loadClaimHooks.ts; it names the variables holding secrets.
 */
import { z } from 'zod';

export const ClaimHooksEnv = z.object({
  /** JSON file with the ordered hook list (config/claim-hooks.example.json). Unset: no hooks are called. */
  CLAIM_HOOKS_FILE: z.string().min(1).optional(),
});
