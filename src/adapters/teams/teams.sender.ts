import { TurnContext } from 'botbuilder';
import type { Activity, CloudAdapter, ConversationParameters, ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { ChannelSender, ConversationAddress, UserRef } from '../../dialogs/channel.types.js';
import type { AdaptiveCard, Reply } from '../../dialogs/reply.js';
import type { Footprint } from '../../services/metrics.js';
import { cardOf, renderReply } from './teams.render.js';
import type { TeamsMemory } from './teams-memory.js';

export { BoundedMap } from './bounded-map.js';

/** Public-cloud Bot Connector audience, used when the bot starts a 1:1 chat itself. */
const BOT_CONNECTOR_AUDIENCE = 'https://api.botframework.com';

export interface TeamsLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const referenceSchema = z.looseObject({
  serviceUrl: z.string().min(1),
  channelId: z.string().min(1),
  conversation: z.looseObject({ id: z.string().min(1), conversationType: z.string().optional(), tenantId: z.string().optional() }),
  bot: z.looseObject({ id: z.string().min(1), name: z.string().optional() }),
  user: z.looseObject({ id: z.string(), aadObjectId: z.string().optional(), name: z.string().optional() }).optional(),
  locale: z.string().optional(),
});

type StoredReference = z.infer<typeof referenceSchema>;

function referenceOf(address: ConversationAddress): StoredReference {
  const parsed = referenceSchema.safeParse(address.ref);
  if (!parsed.success) throw new Error(`teams: address ${address.id} has no usable conversation reference`);
  return parsed.data;
}

/** Back to botbuilder's shape, keeping every stored field (Teams needs e.g. conversation.tenantId). */
function asBotbuilderReference(ref: StoredReference): Partial<ConversationReference> {
  const conversationType = ref.conversation.conversationType ?? 'personal';
  const out: Partial<ConversationReference> = {
    serviceUrl: ref.serviceUrl,
    channelId: ref.channelId,
    conversation: { ...ref.conversation, isGroup: conversationType !== 'personal', conversationType, name: '' },
    bot: { ...ref.bot, name: ref.bot.name ?? '' },
  };
  if (ref.user) out.user = { ...ref.user, name: ref.user.name ?? '' };
  if (ref.locale) out.locale = ref.locale;
  return out;
}

const NOTICE = {
  en: {
    movedToPrivate: 'I have sent you a private message to continue: personal details stay between us.',
    privateFailed: 'I could not message you privately. Please open a chat with me and write there.',
  },
  ru: {
    movedToPrivate: 'Я написал вам в личный чат, продолжим там: личные данные останутся между нами.',
    privateFailed: 'Не получилось написать вам лично. Откройте чат со мной и напишите там.',
  },
} as const;

function notices(locale: string | undefined): (typeof NOTICE)['en'] | (typeof NOTICE)['ru'] {
  return locale?.toLowerCase().startsWith('ru') ? NOTICE.ru : NOTICE.en;
}

/** A turn in progress: replies for its conversation go through its context instead of a new proactive call. */
export interface LiveTurn {
  context: TurnContext;
  onDelivery(): void;
}

export interface TeamsSenderOptions {
  adapter: CloudAdapter;
  appId: string;
  logger: TeamsLogger;
  /** Links, references, member ids and cards, shared by every instance (teams-memory.ts). */
  memory: TeamsMemory;
}

/**
 * Delivers replies to Teams. During a turn, replies for that turn's conversation go through the turn's own
 * context (already authenticated, threaded under the message). Everything else — outside events, timers, the
 * outbox re-sends, 1:1 chats — goes proactively through the stored reference with continueConversationAsync.
 */
export class TeamsSender implements ChannelSender {
  private readonly live = new Map<string, LiveTurn[]>();

  constructor(private readonly options: TeamsSenderOptions) {}

  /** Entries held in memory: turns in progress, and the memory's copies of references and member ids. */
  footprint(): Footprint {
    return { ...this.options.memory.footprint(), 'teams.liveTurns': this.live.size };
  }

  /** Marks a turn as running so its replies use its context; returns the release. */
  enterTurn(conversationId: string, turn: LiveTurn): () => void {
    const turns = this.live.get(conversationId) ?? [];
    turns.push(turn);
    this.live.set(conversationId, turns);
    return () => {
      const rest = (this.live.get(conversationId) ?? []).filter((t) => t !== turn);
      if (rest.length > 0) this.live.set(conversationId, rest);
      else this.live.delete(conversationId);
    };
  }

  /**
   * The group conversation a message in this 1:1 chat answers, if the bot asked there on its behalf. While a group
   * conversation waits for personal answers the person's 1:1 chat continues it; a shared reply in the group ends that.
   */
  linkedGroup(chatId: string): Promise<ConversationAddress | undefined> {
    return this.options.memory.groupOfChat(chatId);
  }

  async deliver(address: ConversationAddress, replies: Reply[], user?: UserRef): Promise<void> {
    if (replies.length === 0) return;
    const ref = referenceOf(address);
    const group = address.group ?? (ref.conversation.conversationType ?? 'personal') !== 'personal';
    if (!group) {
      await this.sendTo(ref, replies.map((r) => renderReply(r, { personalChat: true })));
      return;
    }
    const shared = replies.filter((r) => !r.personal);
    const personal = replies.filter((r) => r.personal);
    const groupKey = `${address.id}|${user?.id ?? ''}`;
    if (shared.length > 0) {
      await this.sendTo(ref, shared.map((r) => renderReply(r, { personalChat: false })));
      await this.options.memory.unlink(groupKey);
    }
    if (personal.length === 0) return;
    const words = notices(ref.locale);
    let chatId: string;
    try {
      chatId = await this.sendPersonally(ref, user, personal);
    } catch (err) {
      // Usually the app is not installed for that user; the group hears so instead of the turn failing forever.
      this.options.logger.warn({ err, conversation: ref.conversation.id }, 'teams: could not open a 1:1 chat');
      await this.sendTo(ref, [{ type: 'message', text: words.privateFailed }]);
      return;
    }
    const alreadyThere = await this.options.memory.chatOfGroup(groupKey) === chatId;
    if (!alreadyThere) await this.options.memory.link(groupKey, chatId, address);
    // The engine delivers one reply at a time: tell the group once per move, not once per question.
    if (!alreadyThere) await this.sendTo(ref, [{ type: 'message', text: words.movedToPrivate }]);
  }

  private async sendTo(ref: StoredReference, activities: Partial<Activity>[]): Promise<void> {
    const turn = this.live.get(ref.conversation.id)?.[0];
    if (turn) {
      turn.onDelivery();
      await this.sendWith(turn.context, activities);
      return;
    }
    await this.options.adapter.continueConversationAsync(this.options.appId, asBotbuilderReference(ref), (ctx) =>
      this.sendWith(ctx, activities),
    );
  }

  private async sendWith(context: TurnContext, activities: Partial<Activity>[]): Promise<void> {
    const sent = await context.sendActivities(activities);
    const chat = context.activity.conversation?.id;
    for (const [i, activity] of activities.entries()) {
      const card = cardOf(activity);
      const id = sent[i]?.id;
      // Sent already: a store fault may cost the card's refresh on a press, never a second send of the reply.
      if (card && id && chat) {
        await this.options.memory.saveCard(chat, id, card)
          .catch((err: unknown) => this.options.logger.warn({ err, chat }, 'teams: sent card not kept for its refresh'));
      }
    }
  }

  /** Sends in the person's 1:1 chat (opening it the first time) and returns that chat's id. */
  private async sendPersonally(groupRef: StoredReference, user: UserRef | undefined, replies: Reply[]): Promise<string> {
    const activities = replies.map((r) => renderReply(r, { personalChat: true }));
    const member = await this.memberIdFor(groupRef, user);
    const tenantId = groupRef.conversation.tenantId;
    const key = `${tenantId ?? ''}/${member.id}`;
    const stored = referenceSchema.safeParse(await this.options.memory.personalChat(key));
    const known = stored.success ? stored.data : undefined;
    if (known) {
      await this.sendTo(known, activities);
      return known.conversation.id;
    }
    const parameters: ConversationParameters = {
      isGroup: false,
      bot: { id: groupRef.bot.id, name: groupRef.bot.name ?? '' },
      members: [{ id: member.id, name: member.name }],
      channelData: tenantId ? { tenant: { id: tenantId } } : {},
    };
    if (tenantId) parameters.tenantId = tenantId;
    let chatId = '';
    await this.options.adapter.createConversationAsync(
      this.options.appId,
      groupRef.channelId,
      groupRef.serviceUrl,
      BOT_CONNECTOR_AUDIENCE,
      parameters,
      async (ctx) => {
        const created = referenceSchema.parse({
          ...TurnContext.getConversationReference(ctx.activity),
          // The create activity has no sender; the chat's other member is the person it was opened for.
          user: { id: member.id, name: member.name },
          locale: groupRef.locale,
        });
        created.conversation.conversationType = 'personal';
        if (tenantId) created.conversation.tenantId = tenantId;
        await this.options.memory.savePersonalChat(key, created);
        chatId = created.conversation.id;
        await this.sendWith(ctx, activities);
      },
    );
    return chatId;
  }

  /** Teams opens 1:1 chats by member id (29:...); the core knows people by their AAD object id. */
  private async memberIdFor(ref: StoredReference, user: UserRef | undefined): Promise<{ id: string; name: string }> {
    const fallback = ref.user;
    const userId = user?.id ?? fallback?.aadObjectId ?? fallback?.id;
    if (!userId) throw new Error(`teams: no user to message privately in ${ref.conversation.id}`);
    const name = user?.name ?? fallback?.name ?? '';
    const known = await this.options.memory.memberId(userId);
    if (known) return { id: known, name };
    if (fallback && (fallback.aadObjectId === userId || fallback.id === userId)) return { id: fallback.id, name };
    return { id: userId, name };
  }
}
