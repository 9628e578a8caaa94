/**
 * Which vendor a verification goes to: the document country's route, the primary, then the
 * fallbacks, skipping vendors whose circuit is open (resilience/providerChain.ts). A recovery
 * profile that names its vendors (docs/recovery-profiles.md) confines the choice to them: a
 * country route may reorder them but never add one the profile did not name.
 */
import type { AppContext } from '../context';
import { ProviderError, type ProviderName } from '../../providers/contract';
import { pickProvider, providerChain } from '../resilience/providerChain';
import type { EffectivePolicy } from '../recoveryProfiles/effectivePolicy';

export function chooseProvider(ctx: AppContext, vendors: EffectivePolicy['vendors'], country: string | null, attemptsMade: number): ProviderName {
  const allowed = new Set([vendors.primary, ...vendors.fallbacks]);
  const routes = vendors.restricted
    ? Object.fromEntries(Object.entries(ctx.config.IDV_ROUTES).map(([c, list]) => [c, list.filter((p) => allowed.has(p))]))
    : ctx.config.IDV_ROUTES;
  const settings = { fallbacks: vendors.fallbacks, routes, failoverAfter: ctx.config.IDV_FAILOVER_AFTER };
  const chain = providerChain(vendors.primary, country, settings).filter((p) => ctx.providers[p]);
  const name = pickProvider(chain, attemptsMade, settings, (p) => ctx.circuits[p]?.state() === 'open');
  if (!name) throw new ProviderError('idv.all_circuits_open', 'every configured vendor is failing; retrying later', { transient: true });
  return name;
}

export function requireProvider(ctx: AppContext, name: string) {
  const provider = ctx.providers[name];
  if (!provider) throw new ProviderError('idv.provider_not_configured', `${name} is not configured`, { transient: false });
  return provider;
}
