/**
 * One Redis pub/sub subscriber per process for live progress (SSE). It subscribes to every
 * recovery's change channel (stores/changeNoticeStore.ts, published by recovery/transitions.ts
 * after each transition) once, lazily, and fans notices out to in-process listeners by recovery
 * id. A notice only says "something changed": listeners re-read the recovery, which is the truth.
 */
import type { ChangeNoticeStore, ChangeSubscription } from '../stores/changeNoticeStore';

export type ChangeListener = (recoveryId: string) => void;

/** Listen to every recovery (the help-desk console). */
export const ALL_RECOVERIES = '*';

export class ChangeFeed {
  private subscriber: Promise<ChangeSubscription> | null = null;
  private readonly listeners = new Map<string, Set<ChangeListener>>();
  private readonly openStreams = new Set<() => void>();

  constructor(private readonly notices: ChangeNoticeStore) {}

  /** Resolves once the subscription is live, so a read made afterwards cannot miss a change. */
  async listen(recoveryId: string, listener: ChangeListener): Promise<() => void> {
    await this.connect();
    const set = this.listeners.get(recoveryId) ?? new Set<ChangeListener>();
    set.add(listener);
    this.listeners.set(recoveryId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(recoveryId) === set) this.listeners.delete(recoveryId);
    };
  }

  /** Registers an open stream so `close()` can end it (a server drains only once streams end). */
  track(end: () => void): () => void {
    this.openStreams.add(end);
    return () => this.openStreams.delete(end);
  }

  /** Ends every open stream and the subscriber connection. */
  async close(): Promise<void> {
    for (const end of [...this.openStreams]) end();
    this.openStreams.clear();
    const pending = this.subscriber;
    this.subscriber = null;
    if (pending) (await pending.catch(() => null))?.close();
  }

  private connect(): Promise<ChangeSubscription> {
    this.subscriber ??= this.notices
      .subscribeAll((recoveryId) => this.dispatch(recoveryId))
      .catch((err: unknown) => {
        this.subscriber = null;
        throw err;
      });
    return this.subscriber;
  }

  private dispatch(recoveryId: string): void {
    for (const key of [recoveryId, ALL_RECOVERIES]) {
      for (const listener of this.listeners.get(key) ?? []) listener(recoveryId);
    }
  }
}
