import type { ConversationStore, StoredConversation, Versioned } from '../services/store.port.js';
import type { Snapshot } from './snapshot.js';

/** Conversations whose last written document and live snapshot one process keeps. */
const KEPT_MAX = 2_000;
export interface Kept { etag: string; value: StoredConversation; snapshot: Snapshot }

/**
 * The document this process wrote last per conversation, with the live snapshot it came from (most recent last, at
 * most KEPT_MAX). Used only while the store says the etag is still the one written (`etagOf`, for a store that can
 * tell without reading): the next turn then neither parses the document nor restores the snapshot. Any other write
 * (another instance, a sweep, a deferred mark) changes the etag, and the stored document is read. A store without
 * `etagOf` is read every time and nothing is kept.
 */
export function createKeptDocuments(conversations: ConversationStore) {
  const kept = new Map<string, Kept>();
  const etagOf = conversations.etagOf?.bind(conversations);
  return {
    async read(conv: string): Promise<(Versioned<StoredConversation> & { live?: Snapshot }) | undefined> {
      const k = kept.get(conv);
      if (k !== undefined) {
        kept.delete(conv);
        if (etagOf && await etagOf(conv) === k.etag) {
          kept.set(conv, k); // most recently used last
          return { value: k.value, etag: k.etag, live: k.snapshot };
        }
      }
      return conversations.get(conv);
    },
    keep(conv: string, k: Kept): void {
      if (!etagOf) return;
      kept.delete(conv);
      kept.set(conv, k);
      if (kept.size > KEPT_MAX) kept.delete(kept.keys().next().value ?? '');
    },
    /** The kept document was rewritten by this process with only its outbox changed (a "sent" mark). */
    marked(from: string, written: Versioned<StoredConversation>): void {
      const k = kept.get(written.value.id);
      if (k !== undefined && k.etag === from) kept.set(written.value.id, { ...k, etag: written.etag, value: written.value });
    },
    forget(conv: string): void { kept.delete(conv); },
    size: (): number => kept.size,
  };
}
