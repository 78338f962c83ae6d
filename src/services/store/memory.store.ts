import { AppError } from '../errors.js';
import type { Store } from '../store.port.js';
import { KeyedMutex, type StoreCommonConfig } from './common.js';
import { KV_COLLECTIONS, type KvBackend, type KvCollection, type KvEntry } from './kv.backend.js';
import { createKvStore } from './kv.store.js';

export type MemoryStoreConfig = StoreCommonConfig;

/** A working in-memory store for tests and `STORE=memory`: same semantics as the file and Cosmos stores. */
export function createMemoryStore(config: MemoryStoreConfig): Store {
  return createKvStore(createMemoryBackend(), config);
}

/**
 * Conversations, written every turn and read every turn, are kept as JSON text: a write is one stringify and a read
 * one parse, where keeping objects would need a copy each way (stringify and parse both times) so that no caller
 * shares stored state; the text is also smaller than the object graph. The other collections are read in scans
 * (timers, orders by conversation) and kept as objects, copied by the store.
 */
const AS_TEXT: ReadonlySet<KvCollection> = new Set(['conversations']);
interface TextEntry extends Omit<KvEntry, 'doc'> { text: string }
const toText = (e: KvEntry): TextEntry => ({ id: e.id, etag: e.etag, writtenAt: e.writtenAt, ttlSeconds: e.ttlSeconds, text: JSON.stringify(e.doc) });
const fromText = (e: TextEntry): KvEntry => ({ id: e.id, etag: e.etag, writtenAt: e.writtenAt, ttlSeconds: e.ttlSeconds, doc: JSON.parse(e.text) as unknown });
const isText = (e: KvEntry | TextEntry): e is TextEntry => 'text' in e;

function createMemoryBackend(): KvBackend {
  const data = new Map<KvCollection, Map<string, KvEntry | TextEntry>>(KV_COLLECTIONS.map((c) => [c, new Map()]));
  const mutex = new KeyedMutex();
  // A process-wide counter: etags are never reused, even after a delete and re-create of the same id.
  let etagCounter = 0;
  let closed = false;
  const table = (c: KvCollection): Map<string, KvEntry | TextEntry> => {
    if (closed) throw new AppError('UNAVAILABLE', 'memory store is closed');
    const t = data.get(c);
    if (!t) throw new AppError('INTERNAL', `unknown collection ${c}`);
    return t;
  };
  return {
    serialises: (c) => AS_TEXT.has(c),
    exclusive: (c, id, fn) => mutex.run(`${c}/${id}`, fn),
    read: async (c, id) => {
      const e = table(c).get(id);
      return e === undefined || !isText(e) ? e : fromText(e);
    },
    head: async (c, id) => {
      const e = table(c).get(id);
      return e === undefined ? undefined : { id: e.id, etag: e.etag, writtenAt: e.writtenAt, ttlSeconds: e.ttlSeconds };
    },
    write: async (c, entry) => { table(c).set(entry.id, AS_TEXT.has(c) ? toText(entry) : entry); },
    remove: async (c, id) => { table(c).delete(id); },
    list: async (c) => [...table(c).values()].map((e) => (isText(e) ? fromText(e) : e)),
    newEtag: () => `m${++etagCounter}`,
    ping: async () => { table('conversations'); },
    close: async () => { closed = true; },
  };
}
