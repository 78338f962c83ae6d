import { z } from 'zod';
import type { ConversationAddress } from '../../dialogs/channel.types.js';
import type { AdaptiveCard } from '../../dialogs/reply.js';
import { StoreConflictError } from '../../services/errors.js';
import type { RecordStore } from '../../services/store.port.js';
import { BoundedMap } from './bounded-map.js';

const DAY_S = 86_400;
/** A group's 1:1 link lives as long as a purchase with a pause; a later 1:1 chat then starts its own conversation. */
const LINK_TTL_S = DAY_S;
/** A 1:1 chat's reference and a member id do not change; kept a month so a returning person is reached at once. */
const REFERENCE_TTL_S = 30 * DAY_S;
/** Cards are refreshed when pressed, usually within minutes; an older press refreshes to the small "chosen" card. */
const CARD_TTL_S = DAY_S;
/** Cards kept per chat: the recent questions are the ones people press. */
const CARDS_PER_CHAT = 20;
/** Chats kept per conversation (its own, the 1:1 one of a group conversation), for "forget me". */
const CHATS_PER_CONVERSATION = 4;

const addressSchema = z.looseObject({ channel: z.string(), id: z.string(), group: z.boolean().optional() });
const cardsSchema = z.object({ cards: z.array(z.object({ id: z.string(), card: z.looseObject({ type: z.literal('AdaptiveCard') }) })) });
const chatsSchema = z.object({ user: z.string(), chats: z.array(z.string()) });

/**
 * What a later activity of a Teams conversation needs, in the shared store so that any instance has it: the 1:1 chat
 * that continues a group conversation (both ways), each person's 1:1 chat reference and member id (29:...), the cards
 * sent in a chat (refreshed when pressed) and the chats of each conversation ("forget me"). References and member ids
 * never change once known, so a bounded copy in memory spares re-reading them; everything else is read each time.
 */
export interface TeamsMemory {
  groupOfChat(chatId: string): Promise<ConversationAddress | undefined>;
  chatOfGroup(groupKey: string): Promise<string | undefined>;
  link(groupKey: string, chatId: string, group: ConversationAddress): Promise<void>;
  unlink(groupKey: string): Promise<void>;
  /** The stored 1:1 chat reference (unvalidated: the sender checks its shape). */
  personalChat(key: string): Promise<unknown>;
  savePersonalChat(key: string, reference: unknown): Promise<void>;
  memberId(userId: string): Promise<string | undefined>;
  saveMemberId(userId: string, memberId: string): Promise<void>;
  card(chatId: string, activityId: string): Promise<AdaptiveCard | undefined>;
  saveCard(chatId: string, activityId: string, card: AdaptiveCard): Promise<void>;
  /** Notes that a conversation uses a chat, so "forget me" finds its cards. */
  noteChat(conversationId: string, userId: string, chatId: string): Promise<void>;
  /** "Forget me": the conversation's chats lose their cards and links; returns the conversation's user, if known. */
  forget(conversationId: string): Promise<string | undefined>;
  footprint(): Record<string, number>;
}

export function createTeamsMemory(records: RecordStore): TeamsMemory {
  const references = new BoundedMap<unknown>(10_000);
  const members = new BoundedMap<string>(10_000);
  /** Chats this process already noted per conversation: a note is one write per conversation and chat. */
  const noted = new BoundedMap<string[]>(10_000);
  const k = {
    group: (chat: string) => `teams-group-of:${chat}`, chat: (group: string) => `teams-chat-of:${group}`,
    personal: (key: string) => `teams-1to1:${key}`, member: (user: string) => `teams-member:${user}`,
    cards: (chat: string) => `teams-cards:${chat}`, chats: (conv: string) => `teams-chats:${conv}`,
  };
  const str = async (key: string): Promise<string | undefined> => {
    const v = (await records.get(key))?.value;
    return typeof v === 'string' ? v : undefined;
  };
  /** Read, change, write back if nobody wrote meanwhile; a lost race re-reads (two turns of one chat at once are rare). */
  async function update(key: string, change: (current: unknown) => unknown, ttlSeconds: number): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const cur = await records.get(key);
      try {
        await records.put(key, change(cur?.value), cur ? { ifEtag: cur.etag, ttlSeconds } : { ifAbsent: true, ttlSeconds });
        return;
      } catch (err) {
        if (attempt >= 3 || !(err instanceof StoreConflictError)) throw err;
      }
    }
  }

  return {
    async groupOfChat(chatId) {
      const parsed = addressSchema.safeParse((await records.get(k.group(chatId)))?.value);
      return parsed.success ? parsed.data as ConversationAddress : undefined;
    },
    chatOfGroup: (groupKey) => str(k.chat(groupKey)),
    async link(groupKey, chatId, group) {
      await records.put(k.group(chatId), group, { ttlSeconds: LINK_TTL_S });
      await records.put(k.chat(groupKey), chatId, { ttlSeconds: LINK_TTL_S });
    },
    async unlink(groupKey) {
      const chatId = await str(k.chat(groupKey));
      if (chatId === undefined) return;
      await records.delete(k.group(chatId));
      await records.delete(k.chat(groupKey));
    },
    async personalChat(key) {
      const known = references.get(key);
      if (known !== undefined) return known;
      const stored = (await records.get(k.personal(key)))?.value;
      if (stored !== undefined) references.set(key, stored);
      return stored;
    },
    async savePersonalChat(key, reference) {
      await records.put(k.personal(key), reference, { ttlSeconds: REFERENCE_TTL_S });
      references.set(key, reference);
    },
    async memberId(userId) {
      const known = members.get(userId);
      if (known !== undefined) return known;
      const stored = await str(k.member(userId));
      if (stored !== undefined) members.set(userId, stored);
      return stored;
    },
    async saveMemberId(userId, memberId) {
      if (members.get(userId) === memberId) return;
      await records.put(k.member(userId), memberId, { ttlSeconds: REFERENCE_TTL_S });
      members.set(userId, memberId);
    },
    async card(chatId, activityId) {
      const parsed = cardsSchema.safeParse((await records.get(k.cards(chatId)))?.value);
      return parsed.success ? parsed.data.cards.find((c) => c.id === activityId)?.card as AdaptiveCard | undefined : undefined;
    },
    async saveCard(chatId, activityId, card) {
      await update(k.cards(chatId), (cur) => {
        const parsed = cardsSchema.safeParse(cur);
        const kept = (parsed.success ? parsed.data.cards : []).filter((c) => c.id !== activityId);
        return { cards: [...kept, { id: activityId, card }].slice(-CARDS_PER_CHAT) };
      }, CARD_TTL_S);
    },
    async noteChat(conversationId, userId, chatId) {
      if (noted.get(conversationId)?.includes(chatId)) return;
      let chats: string[] = [];
      await update(k.chats(conversationId), (cur) => {
        const parsed = chatsSchema.safeParse(cur);
        const known = parsed.success ? parsed.data.chats : [];
        chats = known.includes(chatId) ? known : [...known, chatId].slice(-CHATS_PER_CONVERSATION);
        return { user: userId, chats };
      }, REFERENCE_TTL_S);
      noted.set(conversationId, chats);
    },
    async forget(conversationId) {
      const parsed = chatsSchema.safeParse((await records.get(k.chats(conversationId)))?.value);
      noted.delete(conversationId);
      if (!parsed.success) return undefined;
      for (const chat of parsed.data.chats) {
        await records.delete(k.cards(chat));
        await records.delete(k.group(chat));
      }
      await records.delete(k.chats(conversationId));
      return parsed.data.user;
    },
    footprint: () => ({ 'teams.references': references.size, 'teams.memberIds': members.size, 'teams.notedChats': noted.size }),
  };
}
