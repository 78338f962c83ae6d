import type { Clock } from '../clock.port.js';
import type { LimitCount } from '../store.port.js';

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

/** One counted event of a limit key. */
export interface LimitHit { id: string; at: number }

/**
 * The LimitStore rule on a key's stored hits, shared by every backend: what `take` answers and the hits to store
 * (`next`: undefined when nothing changes). Only hits inside the window are kept, so a document stays small.
 */
export function countLimit(stored: LimitHit[], id: string | undefined, now: number, windowMs: number, max: number):
  { result: LimitCount; next?: LimitHit[] } {
  // Hits "after" now (another instance's clock a little ahead) still count: dropping them would let skew lift a limit.
  const inWindow = stored.filter((h) => h.at > now - windowMs).sort((a, b) => a.at - b.at);
  const freeAt = (hits: LimitHit[]) => (hits[0] === undefined ? undefined : hits[0].at + windowMs);
  const answer = (allowed: boolean, hits: LimitHit[]): LimitCount =>
    ({ allowed, count: hits.length, ...(freeAt(hits) === undefined ? {} : { freeAt: freeAt(hits) }) });
  if (id === undefined) return { result: answer(inWindow.length < max, inWindow) };
  if (inWindow.some((h) => h.id === id)) return { result: answer(true, inWindow) };
  if (inWindow.length >= max) return { result: answer(false, inWindow) };
  const next = [...inWindow, { id, at: now }];
  return { result: answer(true, next), next };
}

/** Seconds from `writtenAt` until the newest hit leaves the window: then nothing in the document counts. */
export function limitTtlSeconds(hits: LimitHit[], windowMs: number, writtenAt: number): number {
  const newest = Math.max(writtenAt, ...hits.map((h) => h.at));
  return Math.max(1, Math.ceil((newest + windowMs - writtenAt) / 1000));
}
