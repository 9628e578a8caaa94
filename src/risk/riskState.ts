/**
 * Is this account risky, and says who? One answer from every source (docs/risk.md):
 * - `admin`: an admin flagged it (PUT /v1/admin/risky-users/{username});
 * - `service`: this service's own signals flagged it (a repudiation, a recovery rejected for a spoof);
 * - `idp`: the identity provider says so (Entra ID Protection's `riskyUser`, DIRECTORY=entra with
 *   RISK_FROM_ENTRA): state `atRisk` or `confirmedCompromised`.
 * A source counts when its level is at or above RISK_LEVEL_THRESHOLD. An Entra risk whose level is
 * `hidden` or unknown counts (the level is not shown to this tenant, the risk is still there), and
 * so does `confirmedCompromised` at any level: an unreadable level never makes an account safe.
 * Entra's levels and states: https://learn.microsoft.com/en-us/graph/api/resources/riskyuser
 */
import type { AppContext } from '../context';
import type { DirectoryAccount } from '../connectors/directory';
import type { IdpRiskReading } from '../connectors/idpRisk';
import type { RiskFlag } from '../stores/riskStore';
import type { riskLevels } from '../config/risk';

export type RiskSource = 'admin' | 'idp' | 'service';
export type RiskLevel = (typeof riskLevels)[number];

export interface AccountRisk {
  risky: boolean;
  /** The sources whose verdict counts (at or above the threshold), each once. */
  sources: RiskSource[];
  /** The highest level among the sources that count; null when none does. */
  level: RiskLevel | null;
  /** The local flags standing, whatever their level. */
  flags: RiskFlag[];
  /** What the identity provider said; null when it was not asked (no account, no provider) or holds no record. */
  idp: IdpRiskReading | null;
}

export const RANK: Record<RiskLevel, number> = { low: 1, medium: 2, high: 3 };

/** The spellings an account's local flags may stand under: the directory's own name, and the name as typed. */
export function spellingsOf(username: string, account: DirectoryAccount | null): string[] {
  return account ? [account.username, username] : [username];
}

/** The provider holds an active risk for the account (not dismissed, remediated or confirmed safe). */
export function idpRiskActive(reading: IdpRiskReading | null): reading is IdpRiskReading {
  return reading !== null && (reading.state === 'atRisk' || reading.state === 'confirmedCompromised');
}

/** The level an active provider risk counts as: its own, or `high` when the provider does not show one. */
function idpLevel(reading: IdpRiskReading): RiskLevel | null {
  if (reading.state === 'confirmedCompromised') return 'high';
  if (reading.level === 'low' || reading.level === 'medium' || reading.level === 'high') return reading.level;
  return reading.level === 'none' ? null : 'high';
}

/**
 * Throws DirectoryUnavailableError / DirectoryConfigError when the provider cannot be read: a
 * risk that cannot be read is never taken for "no risk".
 */
export async function accountRisk(ctx: AppContext, username: string, account: DirectoryAccount | null): Promise<AccountRisk> {
  const [flags, idp] = await Promise.all([
    ctx.riskFlags.flagsOf(spellingsOf(username, account)),
    account && ctx.directory.risk ? ctx.directory.risk.read(account) : Promise.resolve(null),
  ]);
  const counted: Array<{ source: RiskSource; level: RiskLevel }> = flags.map((f) => ({ source: f.source, level: f.level }));
  const fromIdp = idpRiskActive(idp) ? idpLevel(idp) : null;
  if (fromIdp) counted.push({ source: 'idp', level: fromIdp });
  const threshold = RANK[ctx.config.RISK_LEVEL_THRESHOLD];
  const counting = counted.filter((c) => RANK[c.level] >= threshold);
  const level = counting.reduce<RiskLevel | null>((top, c) => (top === null || RANK[c.level] > RANK[top] ? c.level : top), null);
  return { risky: counting.length > 0, sources: [...new Set(counting.map((c) => c.source))], level, flags, idp };
}
