/** The store implementations behind services/store.port.ts, for the composition root to choose from. */
export { createMemoryStore, type MemoryStoreConfig } from './memory.store.js';
export { createFileStore, type FileStoreConfig } from './file.store.js';
export { createCosmosStore, type CosmosRequestInfo, type CosmosStoreConfig } from './cosmos.store.js';
export { isSafeId, safeId } from './ids.js';
