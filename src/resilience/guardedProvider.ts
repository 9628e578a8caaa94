/**
 * Wraps an IDV adapter with its circuit breaker: transient failures count against the vendor,
 * definitive answers (a vendor's clear "no") and successes do not. A call refused by an open
 * circuit fails fast with a transient `idv.circuit_open` error, so the caller can fail over.
 */
import { ProviderError, type IdvProvider } from '../../providers/contract';
import type { CircuitBreaker } from './circuitBreaker';

export function guardProvider(provider: IdvProvider, breaker: CircuitBreaker): IdvProvider {
  async function guarded<T>(call: () => Promise<T>): Promise<T> {
    if (!breaker.allow()) throw new ProviderError('idv.circuit_open', `${provider.name}: circuit open`, { transient: true, delivery: 'not_sent' });
    try {
      const result = await call();
      breaker.success();
      return result;
    } catch (err) {
      if (err instanceof ProviderError && err.transient) breaker.failure();
      else breaker.success();
      throw err;
    }
  }
  return {
    name: provider.name,
    submit: (input) => guarded(() => provider.submit(input)),
    fetchResult: (ref) => guarded(() => provider.fetchResult(ref)),
    verifyWebhook: (input) => provider.verifyWebhook(input),
    purge: (ref) => provider.purge(ref),
    // A look-up before a re-submission (workers/submitOnce.ts) is a vendor call like any other.
    ...(provider.findSubmission ? { findSubmission: (key: string) => guarded(() => provider.findSubmission!(key)) } : {}),
  };
}
