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

function createMemoryBackend(): KvBackend {
  const data = new Map<KvCollection, Map<string, KvEntry>>(KV_COLLECTIONS.map((c) => [c, new Map()]));
  const mutex = new KeyedMutex();
  // A process-wide counter: etags are never reused, even after a delete and re-create of the same id.
  let etagCounter = 0;
  let closed = false;
  const table = (c: KvCollection): Map<string, KvEntry> => {
    if (closed) throw new AppError('UNAVAILABLE', 'memory store is closed');
    const t = data.get(c);
    if (!t) throw new AppError('INTERNAL', `unknown collection ${c}`);
    return t;
  };
  return {
    serialises: false,
    exclusive: (c, id, fn) => mutex.run(`${c}/${id}`, fn),
    read: async (c, id) => table(c).get(id),
    write: async (c, entry) => { table(c).set(entry.id, entry); },
    remove: async (c, id) => { table(c).delete(id); },
    list: async (c) => [...table(c).values()],
    newEtag: () => `m${++etagCounter}`,
    ping: async () => { table('conversations'); },
    close: async () => { closed = true; },
  };
}
