import { createHash } from 'node:crypto';

/**
 * Small LRU of derived results keyed by the SHA-256 of the image bytes: the same upload analysed
 * again (a retry, a second vendor, a benchmark) skips decoding. The key is the content, so a hit
 * is still "from the pixels"; nothing is keyed by a name or a person.
 */
export class EvidenceCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  /** @param capacity most entries kept (default 128); the least recently used goes first. */
  constructor(private readonly capacity = 128) {}

  get(image: Buffer, compute: (image: Buffer) => Promise<T>): Promise<T> {
    const key = createHash('sha256').update(image).digest('hex');
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const pending = compute(image);
    this.entries.set(key, pending);
    // A failed decode is not remembered: the caller sees the error, the next call retries.
    pending.catch(() => this.entries.delete(key));
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return pending;
  }
}
