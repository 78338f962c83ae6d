import { createMemoryStore } from '../../src/services/store/memory.store.js';
import { storeContract } from './store.contract.js';

// One process, one map: "another instance" is the same store, so concurrency runs through its per-id queue.
storeContract('memory', async ({ clock, defaultTtlSeconds }) => {
  const store = createMemoryStore({ clock, defaultTtlSeconds });
  return { store, open: async () => store, cleanup: () => store.close() };
});
