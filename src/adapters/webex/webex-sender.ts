import { createHash } from 'node:crypto';
import type { ChannelSender, ConversationAddress, UserRef } from '../../dialogs/channel.types.js';
import type { Reply } from '../../dialogs/reply.js';
import { AppError } from '../../services/errors.js';
import type { WebexApi } from './webex-api.js';
import { KeyedQueue, TtlMap, type PersonalLinkStore } from './webex-memory.js';
import { renderReply } from './webex-render.js';
import type { WebexAddressRef, WebexLogger, WebexMessage, WebexMessageBody, WebexMessageDraft, WebexTarget } from './webex.types.js';

export interface WebexSenderDeps {
  api: WebexApi;
  links: PersonalLinkStore;
  logger: WebexLogger;
  /** What the group is told once when a person's personal steps move to a 1:1 space. */
  groupNotice?: (mention: string, language: 'en' | 'ru') => string;
  /** The bot's person id (for reading its own posts back in `redeliver`); GET /people/me once by default. */
  botId?: () => Promise<string>;
}

/** How far a Webex `created` time may run behind the clock that queued the reply, for `redeliver`. */
export const HISTORY_CLOCK_SKEW_MS = 1_000;
/** How many of a room's latest messages `redeliver` reads. */
const HISTORY_MAX = 50;

export interface WebexSender extends ChannelSender {
  redeliver: NonNullable<ChannelSender['redeliver']>;
  /** Resolves when all queued deliveries have finished. */
  idle(): Promise<void>;
}

const defaultGroupNotice = (mention: string, language: 'en' | 'ru'): string => (language === 'ru'
  ? `${mention}, я написал вам в личные сообщения: личные данные продолжим там.`
  : `${mention}, I've sent you a direct message: we'll continue with your personal details there.`);

export function readRef(address: ConversationAddress): WebexAddressRef {
  const ref = address.ref;
  if (typeof ref === 'object' && ref !== null && 'roomId' in ref && typeof ref.roomId === 'string') {
    return ref as WebexAddressRef;
  }
  // An address stored without a ref (e.g. created by hand): its id is the room.
  return { roomId: address.id, roomType: address.group === true ? 'group' : 'direct' };
}

const fingerprint = (target: WebexTarget, d: WebexMessageDraft): string =>
  createHash('sha256').update(JSON.stringify([target, d])).digest('base64url');

/**
 * Renders replies and posts them, one conversation at a time and in order. When a delivery fails half-way, the
 * messages already posted are remembered so the engine's retry of the same replies does not post them twice.
 */
export function createWebexSender(deps: WebexSenderDeps): WebexSender {
  const queue = new KeyedQueue();
  const notice = deps.groupNotice ?? defaultGroupNotice;
  /** conversation id -> fingerprints of the messages a failed delivery had already posted, in order. */
  const partial = new TtlMap<string[]>(60 * 60 * 1000, 10_000);

  async function personalTarget(
    address: ConversationAddress, ref: WebexAddressRef, user: UserRef | undefined, reply: Reply,
  ): Promise<{ target: WebexTarget; announce?: string }> {
    const personId = user?.id ?? ref.personId;
    const email = user?.email ?? ref.personEmail;
    if (personId === undefined && email === undefined) {
      throw new AppError('BAD_INPUT', `personal reply for group ${address.id} without a person to send it to`);
    }
    const target: WebexTarget = email !== undefined ? { toPersonEmail: email } : { toPersonId: personId ?? '' };
    const key = personId ?? email ?? '';
    const link = await deps.links.get(key);
    if (link?.groupRoomId === address.id) return { target };
    const mention = email !== undefined ? `<@personEmail:${email}>` : `<@personId:${personId ?? ''}>`;
    const language = /[\u0400-\u04FF]/.test(reply.text) ? 'ru' : 'en';
    const link2 = { groupRoomId: address.id, ...(email === undefined ? {} : { personEmail: email }) };
    await deps.links.set(key, link2);
    return { target, announce: notice(mention, language) };
  }

  type Plan = { target: WebexTarget; draft: WebexMessageDraft }[];

  async function planOf(address: ConversationAddress, replies: Reply[], user: UserRef | undefined): Promise<Plan> {
    const ref = readRef(address);
    const plan: Plan = [];
    for (const reply of replies) {
      let target: WebexTarget = { roomId: ref.roomId };
      if (ref.directRoomId !== undefined) {
        // The person is talking to us in their 1:1 space: everything of this turn goes there.
        target = { roomId: ref.directRoomId };
      } else if (address.group === true && reply.personal === true) {
        const p = await personalTarget(address, ref, user, reply);
        target = p.target;
        if (p.announce !== undefined) plan.push({ target: { roomId: ref.roomId }, draft: { markdown: p.announce, text: p.announce } });
      }
      for (const draft of renderReply(reply)) plan.push({ target, draft });
    }
    return plan;
  }

  async function post(address: ConversationAddress, plan: Plan): Promise<void> {
    const done = partial.get(address.id) ?? [];
    partial.delete(address.id);
    const posted: string[] = [];
    let seenUpTo = 0;
    for (const { target, draft } of plan) {
      const fp = fingerprint(target, draft);
      const at = done.indexOf(fp, seenUpTo);
      if (at !== -1) {
        // Posted by an earlier delivery that failed after it: the engine is retrying the same replies.
        seenUpTo = at + 1;
        posted.push(fp);
        continue;
      }
      try {
        const body: WebexMessageBody = { ...draft, ...target };
        await deps.api.createMessage(body);
      } catch (e) {
        if (posted.length > 0) partial.set(address.id, posted);
        deps.logger.error({ err: e, conversation: address.id, posted: posted.length, of: plan.length }, 'webex delivery failed');
        throw e;
      }
      posted.push(fp);
    }
  }

  async function deliverNow(address: ConversationAddress, replies: Reply[], user?: UserRef): Promise<void> {
    await post(address, await planOf(address, replies, user));
  }

  let me: Promise<string> | undefined;
  const botId = deps.botId ?? (() => {
    me ??= deps.api.me().then((p) => p.id, (e: unknown) => { me = undefined; throw e; });
    return me;
  });

  /**
   * The bot's own posts to a target since `since`, oldest first, or undefined where a bot cannot read them: in a
   * group room Webex lists to bots only the messages that mention them (mentionedPeople=me is required).
   */
  async function historyOf(address: ConversationAddress, target: WebexTarget, since: number): Promise<WebexMessage[] | undefined> {
    const ref = readRef(address);
    let items: WebexMessage[];
    if ('toPersonEmail' in target) items = await deps.api.listDirectMessages({ personEmail: target.toPersonEmail });
    else if ('toPersonId' in target) items = await deps.api.listDirectMessages({ personId: target.toPersonId });
    else if (target.roomId === ref.directRoomId || (address.group !== true && ref.roomType === 'direct')) {
      items = await deps.api.listMessages(target.roomId, HISTORY_MAX);
    } else return undefined;
    const id = await botId();
    return items.filter((m) => m.personId === id && Date.parse(m.created ?? '') >= since - HISTORY_CLOCK_SKEW_MS).reverse();
  }

  const samePost = (m: WebexMessage, d: WebexMessageDraft): boolean =>
    (m.markdown !== undefined ? m.markdown === d.markdown : m.text === d.text) && (m.attachments?.length ?? 0) === (d.attachments?.length ?? 0);

  /**
   * Posts what of the replies the room's history does not show yet. Matching keeps order: a post found consumes
   * it and everything before it, so the same text twice needs two posts. Where the history cannot be read (a
   * group room, or the listing fails), the replies are posted: at-least-once there.
   */
  async function redeliverNow(address: ConversationAddress, replies: Reply[], user: UserRef | undefined, since: number): Promise<void> {
    const plan = await planOf(address, replies, user);
    const histories = new Map<string, WebexMessage[] | undefined>();
    const missing: Plan = [];
    let found = 0;
    for (const step of plan) {
      const key = JSON.stringify(step.target);
      if (!histories.has(key)) {
        histories.set(key, await historyOf(address, step.target, since).catch((err: unknown) => {
          deps.logger.warn({ err, conversation: address.id }, 'webex history not readable; replies posted again');
          return undefined;
        }));
      }
      const history = histories.get(key);
      const at = history?.findIndex((m) => samePost(m, step.draft)) ?? -1;
      if (history !== undefined && at !== -1) {
        history.splice(0, at + 1);
        found++;
        continue;
      }
      missing.push(step);
    }
    deps.logger.info({ conversation: address.id, found, posting: missing.length }, 'webex replies of a lapsed lease reconciled with the room');
    await post(address, missing);
  }

  return {
    deliver: (address, replies, user) => queue.run(address.id, () => deliverNow(address, replies, user)),
    redeliver: (address, replies, user, since) => queue.run(address.id, () => redeliverNow(address, replies, user, since)),
    idle: () => queue.idle(),
  };
}
