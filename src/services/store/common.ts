import type { Clock } from '../clock.port.js';

/** Options every store backend takes. */
export interface StoreCommonConfig {
  clock: Clock;
  /**
   * Seconds a conversation lives after its last write when the document names no `ttlSeconds`, and how long
   * transcript entries live. Undefined: they never expire.
   */
  defaultTtlSeconds?: number;
}

/** Expiry counts from the last write, as Cosmos DB's per-item `ttl` does. */
export function isExpired(writtenAt: number, ttlSeconds: number | undefined, now: number): boolean {
  return ttlSeconds !== undefined && ttlSeconds > 0 && writtenAt + ttlSeconds * 1000 <= now;
}

/** Conversations: the document's own TTL wins over the store default. */
export function conversationTtl(docTtl: number | undefined, defaultTtl: number | undefined): number | undefined {
  return docTtl ?? defaultTtl;
}

/**
 * Stores hand out copies so a caller mutating a result can never change stored state behind the etag. Stored
 * documents are JSON (the file and Cosmos stores keep them as JSON text), so a JSON round trip is the faithful
 * copy: the same result the other stores give (undefined fields dropped), at a fraction of structuredClone's cost.
 */
export function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value)) as T;
}

/** Serialises async work per key inside one process (one turn's read-compare-write at a time per document). */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<R>(key: string, fn: () => Promise<R>): Promise<R> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const current = new Promise<void>((resolve) => { release = resolve; });
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      // Drop the entry once nobody queued behind us, so the map does not grow with every id ever touched.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
