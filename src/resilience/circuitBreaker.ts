/**
 * A circuit breaker per vendor and process: after `failureThreshold` consecutive transient
 * failures the circuit opens and the vendor is skipped (failover) for `openMs`; then one trial
 * request is let through (half-open) and its outcome closes or re-opens the circuit.
 *
 * Per process on purpose: it protects this process's requests and needs no coordination; the
 * recovery state itself lives in Redis.
 */
import type { Clock } from '../clock';

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface BreakerSettings {
  failureThreshold: number;
  openMs: number;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;

  constructor(
    private readonly settings: BreakerSettings,
    private readonly clock: Clock,
    private readonly onChange: (s: CircuitState) => void = () => undefined,
  ) {}

  state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.clock.now() - this.openedAt >= this.settings.openMs ? 'half_open' : 'open';
  }

  /** True if a request may go to the vendor now (claims the single half-open trial). */
  allow(): boolean {
    const state = this.state();
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  success(): void {
    const was = this.state();
    this.failures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
    if (was !== 'closed') this.onChange('closed');
  }

  failure(): void {
    this.failures += 1;
    const reopen = this.trialInFlight;
    this.trialInFlight = false;
    if (reopen || (this.openedAt === null && this.failures >= this.settings.failureThreshold)) {
      this.openedAt = this.clock.now();
      this.onChange('open');
    }
  }
}
