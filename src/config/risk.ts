/**
 * Risky-account settings (docs/risk.md): the level at which a risk flag makes an account risky,
 * whether the identity provider's own verdict is read (Microsoft Entra ID Protection), and what a
 * remediation removes besides the risk. Every variable is listed with its default in `.env.example`.
 */
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const riskLevels = ['low', 'medium', 'high'] as const;

export const RiskEnv = z.object({
  /**
   * A flag (local, or Entra's `riskLevel`) at or above this level makes the account risky. Entra's
   * own risk-based Conditional Access policies default to `high` for user risk; `medium` here also
   * keeps medium-risk accounts off shortcuts and help-desk links without a second approver.
   */
  RISK_LEVEL_THRESHOLD: z.enum(riskLevels).default('medium'),
  /**
   * With DIRECTORY=entra: read each account's risk from Entra ID Protection (`riskyUsers`; Entra ID
   * P2, permission IdentityRiskyUser.ReadWrite.All) and dismiss it there on remediation. `false`
   * for tenants without ID Protection: then only the service's own flags count.
   */
  RISK_FROM_ENTRA: bool.default(true),
  /** A completed remediation also removes the passkeys registered before it (NIST SP 800-63B-4 §4.3: invalidate what may be compromised). */
  REMEDIATION_REMOVE_PASSKEYS: bool.default(true),
});
