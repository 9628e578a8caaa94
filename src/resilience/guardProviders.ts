import type { AppConfig } from '../config';
import type { Clock } from '../clock';
import type { IdvProvider, ProviderName } from '../../providers/contract';
import { CircuitBreaker, type CircuitState } from './circuitBreaker';
import { guardProvider } from './guardedProvider';

/** The vendors by name (runtime/providers.ts builds them). */
type ProviderSet = Partial<Record<ProviderName, IdvProvider>>;

/** Called when a vendor's circuit changes state (metrics hook it). */
export type CircuitListener = (provider: ProviderName, state: CircuitState) => void;

export function guardProviders(providers: ProviderSet, config: AppConfig, clock: Clock, onChange: CircuitListener = () => undefined) {
  const circuits: Partial<Record<ProviderName, CircuitBreaker>> = {};
  const guarded: ProviderSet = {};
  for (const [name, provider] of Object.entries(providers) as Array<[ProviderName, NonNullable<ProviderSet[ProviderName]>]>) {
    const breaker = new CircuitBreaker({ failureThreshold: config.CIRCUIT_FAILURE_THRESHOLD, openMs: config.CIRCUIT_OPEN_SECONDS * 1000 }, clock, (s) =>
      onChange(name, s),
    );
    circuits[name] = breaker;
    guarded[name] = guardProvider(provider, breaker);
  }
  return { providers: guarded, circuits };
}
