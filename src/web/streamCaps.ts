/**
 * Caps on the live-progress streams one process holds open: per key (a recovery) and per client
 * network. The counts are of this process's own open sockets, which is what a cap protects (its
 * file descriptors and memory), so they live in the process, not in Redis: a crashed process
 * takes its sockets and its counts with it.
 */
export class StreamCaps {
  private readonly open = new Map<string, number>();

  constructor(
    private readonly perKey: number,
    private readonly perClient: number,
  ) {}

  /** A release function when the stream may open, or null when a cap is reached. */
  acquire(key: string | null, client: string): (() => void) | null {
    const names = [...(key ? [[`key:${key}`, this.perKey] as const] : []), [`client:${client}`, this.perClient] as const];
    if (names.some(([name, cap]) => (this.open.get(name) ?? 0) >= cap)) return null;
    for (const [name] of names) this.open.set(name, (this.open.get(name) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const [name] of names) {
        const left = (this.open.get(name) ?? 1) - 1;
        if (left <= 0) this.open.delete(name);
        else this.open.set(name, left);
      }
    };
  }
}
