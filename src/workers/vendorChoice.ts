/**
 * Which vendor a verification goes to: the document country's route, the primary, then the
 * fallbacks, skipping vendors whose circuit is open (resilience/providerChain.ts).
 */
import type { AppContext } from '../context';
import { ProviderError, type ProviderName } from '../../providers/contract';
import { pickProvider, providerChain } from '../resilience/providerChain';

/** Primary, country route and fallbacks, skipping open circuits (resilience/providerChain.ts). */
export function chooseProvider(ctx: AppContext, primary: ProviderName, country: string | null, attemptsMade: number): ProviderName {
  const settings = { fallbacks: ctx.config.IDV_FALLBACK_PROVIDERS, routes: ctx.config.IDV_ROUTES, failoverAfter: ctx.config.IDV_FAILOVER_AFTER };
  const chain = providerChain(primary, country, settings).filter((p) => ctx.providers[p]);
  const name = pickProvider(chain, attemptsMade, settings, (p) => ctx.circuits[p]?.state() === 'open');
  if (!name) throw new ProviderError('idv.all_circuits_open', 'every configured vendor is failing; retrying later', true);
  return name;
}

export function requireProvider(ctx: AppContext, name: string) {
  const provider = ctx.providers[name as ProviderName];
  if (!provider) throw new ProviderError('idv.provider_not_configured', `${name} is not configured`, false);
  return provider;
}
