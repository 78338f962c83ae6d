import type { Locale } from '../domain/types.js';
import type { ConversationAddress, Inbound, UserRef } from './channel.types.js';
import type { Reply } from './reply.js';
import type { StoredConversation } from '../services/store.port.js';

type Delivered = Exclude<Inbound, { kind: 'unsupported' }>;

/** What late deliveries need of the engine: the conversation a message belongs to, and its stored document. */
export interface LateDeliveryEngine {
  conversationIdFor(address: ConversationAddress, user: UserRef): string;
  peek(conversationId: string): Promise<{ doc: StoredConversation; snapshot: unknown } | undefined>;
}

const NOTES: Record<Locale, string> = {
  en: 'Sorry, I could not answer one of your earlier messages in time because of a technical problem, and our '
    + 'conversation has moved on since. If it still matters, please send it again.',
  ru: 'Извините, из-за технической неполадки я не успел ответить на одно из ваших прошлых сообщений, а разговор '
    + 'с тех пор ушёл вперёд. Если оно ещё актуально, отправьте его, пожалуйста, ещё раз.',
};

/**
 * A message answered late (kept while the store was down) is run as a turn unless its conversation moved on after it
 * was kept (another instance answered a later message, an outside event came): then the user gets a note instead of
 * an answer to a question no longer asked. A message the conversation already processed is never "moved on": the
 * engine's own duplicate handling re-sends what that turn wrote.
 */
export function lateDeliveries(engine: LateDeliveryEngine, defaultLocale: Locale) {
  const peek = (inbound: Delivered) => engine.peek(engine.conversationIdFor(inbound.address, inbound.user));
  return {
    async movedOnSince(inbound: Delivered, since: number): Promise<boolean> {
      const cur = await peek(inbound);
      return cur !== undefined && !cur.doc.seen.includes(inbound.id) && cur.doc.updatedAt > since;
    },
    async notice(inbound: Delivered): Promise<Reply> {
      const cur = await peek(inbound);
      const locale = (cur?.snapshot as { context?: { locale?: Locale } } | undefined)?.context?.locale ?? defaultLocale;
      return { text: NOTES[locale] ?? NOTES[defaultLocale], kind: 'notice' };
    },
  };
}
