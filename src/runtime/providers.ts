import type { IdvProvider, ProviderName } from '../../providers/contract';
import type { ProviderDeps } from '../../providers/descriptor';
import { createProvider, providerNames, type ProvidersConfig } from '../../providers/registry';
import { instrumentProvider } from '../observability/instrumentProvider';

export type ProviderSet = Partial<Record<ProviderName, IdvProvider>>;

/**
 * One adapter per configured vendor; which one a recovery uses is chosen per recovery
 * (IDV_PROVIDER). `deps.now` is the clock their protocol work runs on (token lifetimes, signed
 * assertions): the wall clock in production, the test clock against mocks that share it.
 */
export function createProviders(config: ProvidersConfig, deps: ProviderDeps = {}): ProviderSet {
  return Object.fromEntries(providerNames.filter((name) => config[name]).map((name) => [name, instrumentProvider(createProvider(name, config, deps))]));
}
