/** What the memory and file stores share: a tiny keyed document backend with per-document exclusive sections. */
export type KvCollection = 'conversations' | 'orders' | 'timers' | 'transcripts' | 'cases' | 'limits' | 'records';
export const KV_COLLECTIONS: readonly KvCollection[] = ['conversations', 'orders', 'timers', 'transcripts', 'cases', 'limits', 'records'];

export interface KvEntry {
  /** The caller's id, unchanged (backends map it to keys or file names themselves). */
  id: string;
  etag: string;
  /** Store clock at the last write: TTL counts from here. */
  writtenAt: number;
  ttlSeconds?: number;
  doc: unknown;
}

export interface KvBackend {
  /**
   * True when this collection's entries are serialised on write and parsed afresh on every read and list (the file
   * backend; the memory backend for conversations): what it hands out is never shared with the caller or with
   * stored state, so the store need not copy it.
   */
  serialises(collection: KvCollection): boolean;
  /** Runs `fn` with exclusive access to one document among everything sharing the backend (read-compare-write). */
  exclusive<R>(collection: KvCollection, id: string, fn: () => Promise<R>): Promise<R>;
  read(collection: KvCollection, id: string): Promise<KvEntry | undefined>;
  /** The entry's etag and times without its document, where the backend can give them cheaper than `read`. */
  head?(collection: KvCollection, id: string): Promise<Omit<KvEntry, 'doc'> | undefined>;
  write(collection: KvCollection, entry: KvEntry): Promise<void>;
  /** Removes the document; absent is fine. */
  remove(collection: KvCollection, id: string): Promise<void>;
  /** Every document of a collection (the embedded stores are small enough to scan). */
  list(collection: KvCollection): Promise<KvEntry[]>;
  /** A fresh etag, never reused (so a delete and re-create cannot revive an old etag). */
  newEtag(): string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function isKvEntry(v: unknown): v is KvEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return typeof e.id === 'string' && typeof e.etag === 'string' && typeof e.writtenAt === 'number'
    && (e.ttlSeconds === undefined || typeof e.ttlSeconds === 'number') && 'doc' in e;
}
