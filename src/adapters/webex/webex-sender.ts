import { createHash } from 'node:crypto';
import type { ChannelSender, ConversationAddress, UserRef } from '../../dialogs/channel.types.js';
import type { Reply } from '../../dialogs/reply.js';
import { AppError } from '../../services/errors.js';
import type { WebexApi } from './webex-api.js';
import { KeyedQueue, TtlMap, type PersonalLinkStore } from './webex-memory.js';
import { renderReply } from './webex-render.js';
import type { WebexAddressRef, WebexLogger, WebexMessageBody, WebexMessageDraft, WebexTarget } from './webex.types.js';

export interface WebexSenderDeps {
  api: WebexApi;
  links: PersonalLinkStore;
  logger: WebexLogger;
  /** What the group is told once when a person's personal steps move to a 1:1 space. */
  groupNotice?: (mention: string, language: 'en' | 'ru') => string;
}

export interface WebexSender extends ChannelSender {
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

  async function deliverNow(address: ConversationAddress, replies: Reply[], user?: UserRef): Promise<void> {
    const ref = readRef(address);
    const plan: { target: WebexTarget; draft: WebexMessageDraft }[] = [];
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

  return {
    deliver: (address, replies, user) => queue.run(address.id, () => deliverNow(address, replies, user)),
    idle: () => queue.idle(),
  };
}
