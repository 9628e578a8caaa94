import { CircuitBreaker } from '../../src/resilience/circuitBreaker';
import { parseRoutes, pickProvider, providerChain } from '../../src/resilience/providerChain';
import { providerNames } from '../../providers/registry';
import { manualClock } from '../support/testClock';

describe('circuit breaker', () => {
  it('opens after consecutive transient failures, half-opens after the cool-down, closes on a good trial', () => {
    const clock = manualClock();
    const changes: string[] = [];
    const b = new CircuitBreaker({ failureThreshold: 3, openMs: 10_000 }, clock, (s) => changes.push(s));
    b.failure();
    b.failure();
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.state()).toBe('open');
    expect(b.allow()).toBe(false);
    clock.advance(10_000);
    expect(b.state()).toBe('half_open');
    expect(b.allow()).toBe(true);
    expect(b.allow()).toBe(false); // a single trial at a time
    b.success();
    expect(b.state()).toBe('closed');
    expect(changes).toEqual(['open', 'closed']);
  });

  it('re-opens at once when the half-open trial fails', () => {
    const clock = manualClock();
    const b = new CircuitBreaker({ failureThreshold: 1, openMs: 1000 }, clock);
    b.failure();
    clock.advance(1000);
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.state()).toBe('open');
  });
});

describe('provider chain', () => {
  const settings = { fallbacks: ['lexisnexis', 'au10tix'] as const, routes: parseRoutes('USA=au10tix', providerNames), failoverAfter: 2 };
  const s = { ...settings, fallbacks: [...settings.fallbacks] };

  it('orders the country route first, then the primary and fallbacks, without repeats', () => {
    expect(providerChain('idemia', null, s)).toEqual(['idemia', 'lexisnexis', 'au10tix']);
    expect(providerChain('idemia', 'usa', s)).toEqual(['au10tix', 'idemia', 'lexisnexis']);
  });

  it('moves down the chain every `failoverAfter` tries, and skips open circuits', () => {
    const chain = providerChain('idemia', null, s);
    expect([0, 1, 2, 3, 4, 9].map((n) => pickProvider(chain, n, s, () => false))).toEqual([
      'idemia',
      'idemia',
      'lexisnexis',
      'lexisnexis',
      'au10tix',
      'au10tix',
    ]);
    expect(pickProvider(chain, 0, s, (p) => p === 'idemia')).toBe('lexisnexis');
    expect(pickProvider(chain, 0, s, () => true)).toBeNull();
  });

  it('rejects malformed routes', () => {
    expect(() => parseRoutes('US=idemia', providerNames)).toThrow();
    expect(() => parseRoutes('USA=acme', providerNames)).toThrow();
  });
});
