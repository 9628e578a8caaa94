/**
 * A decorator around an IDV adapter that times every vendor call and counts its errors.
 *
 * Providers are built before the context (and its metrics) exists, so the decorator records into
 * the metrics of the unit of work making the call (see scope.ts): verification jobs and webhook
 * requests always run in one. Keep it the innermost wrapper (right around the adapter): a circuit
 * breaker outside it then rejects without the rejection being counted as a vendor error.
 */
import { ProviderError, type IdvProvider, type WebhookInput, type WebhookNotice } from '../../providers/contract';
import { currentScope } from './scope';

type Outcome = 'ok' | 'pending' | 'error';

function errorCode(err: unknown): string {
  if (err instanceof ProviderError) return err.code;
  return err instanceof Error && err.name === 'TimeoutError' ? 'timeout' : 'unexpected';
}

function record(provider: string, operation: string, outcome: Outcome, seconds: number, err?: unknown): void {
  const metrics = currentScope()?.metrics;
  if (!metrics) return;
  metrics.vendorDuration.observe({ provider, operation, outcome }, seconds);
  if (outcome === 'error') metrics.vendorErrors.inc({ provider, operation, code: errorCode(err) });
}

async function timed<T>(provider: string, operation: string, call: () => Promise<T>, pending?: (value: T) => boolean): Promise<T> {
  const startedAt = performance.now();
  try {
    const value = await call();
    record(provider, operation, pending?.(value) ? 'pending' : 'ok', (performance.now() - startedAt) / 1000);
    return value;
  } catch (err) {
    record(provider, operation, 'error', (performance.now() - startedAt) / 1000, err);
    throw err;
  }
}

export function instrumentProvider(provider: IdvProvider): IdvProvider {
  const name = provider.name;
  return {
    name,
    submit: (input) => timed(name, 'submit', () => provider.submit(input)),
    fetchResult: (vendorRef) =>
      timed(
        name,
        'fetchResult',
        () => provider.fetchResult(vendorRef),
        (result) => result === null,
      ),
    purge: (vendorRef) => timed(name, 'purge', () => provider.purge(vendorRef)),
    ...(provider.findSubmission ? { findSubmission: (key: string) => timed(name, 'findSubmission', () => provider.findSubmission!(key)) } : {}),
    // Synchronous and local (a signature check): only rejections are worth counting.
    verifyWebhook: (input: WebhookInput): WebhookNotice => {
      try {
        return provider.verifyWebhook(input);
      } catch (err) {
        currentScope()?.metrics.vendorErrors.inc({ provider: name, operation: 'verifyWebhook', code: errorCode(err) });
        throw err;
      }
    },
  };
}
