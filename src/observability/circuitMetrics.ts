/**
 * Circuit-breaker state per vendor, read from the breakers at scrape time. Read rather than pushed
 * on change: a breaker turns from open to half-open by the passing of time alone, with no event
 * that could push it.
 */
import { Gauge } from 'prom-client';
import type { CircuitState } from '../resilience/circuitBreaker';
import type { Metrics } from './metrics';

const STATES: readonly CircuitState[] = ['closed', 'open', 'half_open'];

export interface CircuitLike {
  state(): CircuitState;
}

export function registerCircuitStates(metrics: Metrics, circuits: Partial<Record<string, CircuitLike>>): void {
  new Gauge({
    name: 'idv_circuit_state',
    help: 'Circuit breaker per vendor in this process: 1 for its current state (closed, open, half_open), 0 for the others.',
    labelNames: ['provider', 'state'],
    registers: [metrics.registry],
    collect() {
      for (const [provider, circuit] of Object.entries(circuits)) {
        const current = circuit?.state();
        for (const state of STATES) this.set({ provider, state }, state === current ? 1 : 0);
      }
    },
  });
}
