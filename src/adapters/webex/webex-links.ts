import { z } from 'zod';
import type { RecordStore } from '../../services/store.port.js';
import { PERSONAL_LINK_TTL_MS, type PersonalLinkStore } from './webex-memory.js';

const linkSchema = z.object({ groupRoomId: z.string(), directRoomId: z.string().optional(), personEmail: z.string().optional() });

/**
 * The 1:1 links in the shared store, so the person's next message in the 1:1 space continues the group's
 * conversation whichever instance receives it (and after a restart). Each link lives a day from its last write.
 */
export function storedPersonalLinks(records: RecordStore, ttlMs = PERSONAL_LINK_TTL_MS): PersonalLinkStore {
  const key = (personId: string): string => `webex-link:${personId}`;
  return {
    async get(personId) {
      const parsed = linkSchema.safeParse((await records.get(key(personId)))?.value);
      return parsed.success ? parsed.data : undefined;
    },
    async set(personId, link) {
      await records.put(key(personId), link, { ttlSeconds: Math.ceil(ttlMs / 1000) });
    },
    delete: (personId) => records.delete(key(personId)),
  };
}
