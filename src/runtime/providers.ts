import type { IdvProvider, ProviderName } from '../../providers/contract';
import { createProvider, providerNames, type ProvidersConfig } from '../../providers/registry';
import { instrumentProvider } from '../observability/instrumentProvider';

export type ProviderSet = Partial<Record<ProviderName, IdvProvider>>;

/** One adapter per configured vendor; which one a recovery uses is chosen per recovery (IDV_PROVIDER). */
export function createProviders(config: ProvidersConfig): ProviderSet {
  return Object.fromEntries(providerNames.filter((name) => config[name]).map((name) => [name, instrumentProvider(createProvider(name, config))]));
}
