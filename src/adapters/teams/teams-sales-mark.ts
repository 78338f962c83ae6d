import type { ConversationReference } from 'botbuilder';
import type { SpacePerson } from '../../services/sales/sales-space.port.js';
import { StoreConflictError } from '../../services/errors.js';
import type { ConversationStore, StoredConversation } from '../../services/store.port.js';

/** Where the channel marked with "use this channel for sales" is kept, so a restart (or another instance) finds it. */
export interface SalesChannelMarks {
  load(): Promise<Partial<ConversationReference> | undefined>;
  save(ref: Partial<ConversationReference>, by: SpacePerson): Promise<void>;
}

/**
 * The mark is the channel's conversation (its address and reference) in the conversation store, under an id no
 * customer conversation can have (theirs start with a channel name), and without expiry (`ttlSeconds: 0`).
 */
export const SALES_CHANNEL_MARK_ID = 'sales-space.teams';

export function storedSalesChannelMarks(conversations: ConversationStore, now: () => number): SalesChannelMarks {
  return {
    async load() {
      const doc = (await conversations.get(SALES_CHANNEL_MARK_ID))?.value;
      const ref = doc?.address.channel === 'teams' ? doc.address.ref : undefined;
      return typeof ref === 'object' && ref !== null ? ref as Partial<ConversationReference> : undefined;
    },
    async save(ref, by) {
      for (let attempt = 0; ; attempt++) {
        const cur = await conversations.get(SALES_CHANNEL_MARK_ID);
        const at = now();
        const doc: StoredConversation = {
          id: SALES_CHANNEL_MARK_ID, machineVersion: 0, snapshot: { salesChannelMarkedAt: at },
          address: { channel: 'teams', id: ref.conversation?.id ?? '', ref, group: true },
          user: { id: by.id, ...(by.name ? { name: by.name } : {}) }, outbox: [], seen: [],
          createdAt: cur?.value.createdAt ?? at, updatedAt: at, ttlSeconds: 0,
        };
        try {
          await conversations.save(doc, cur?.etag);
          return;
        } catch (err) {
          // Two marks at once: the later write wins, as the later command would.
          if (!(err instanceof StoreConflictError) || attempt >= 3) throw err;
        }
      }
    },
  };
}
