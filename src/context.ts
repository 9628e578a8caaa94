/**
 * The one context object every route and worker receives (Logto style): routes and workers call
 * library functions with it and never construct storage themselves.
 */
import type { Redis } from 'ioredis';
import type { AppConfig } from './config';
import type { Clock } from './clock';
import type { Logger } from './logger';
import type { ProviderSet } from './runtime/providers';
import type { RedisKeys } from './stores/keys';
import type { RecoveryStore } from './stores/recoveryStore';
import type { DirectoryStore } from './stores/directoryStore';
import type { LinkStore } from './stores/linkStore';
import type { AccessPassStore } from './stores/accessPassStore';
import type { EvidenceStore } from './stores/evidenceStore';
import type { Queues } from './workers/queues';
import type { TransitionListener } from './recovery/transitionTypes';
import type { CircuitBreaker } from './resilience/circuitBreaker';
import type { ProviderName } from '../providers/contract';

export interface AppContext {
  config: AppConfig;
  clock: Clock;
  logger: Logger;
  redis: Redis;
  keys: RedisKeys;
  recoveries: RecoveryStore;
  directory: DirectoryStore;
  links: LinkStore;
  accessPasses: AccessPassStore;
  evidence: EvidenceStore;
  queues: Queues;
  /** Adapters behind their circuit breakers. */
  providers: ProviderSet;
  circuits: Partial<Record<ProviderName, CircuitBreaker>>;
  /** In-process reactions to state changes (metrics, notifications); best-effort, after the write. */
  transitionListeners: TransitionListener[];
}
