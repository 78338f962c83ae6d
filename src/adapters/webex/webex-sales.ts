import type { SalesSpace, SpaceInput, SpacePerson, SpacePost } from '../../services/sales/sales-space.port.js';
import type { WebexApi } from './webex-api.js';
import { stripBotMention, type BotIdentity } from './webex-inbound.js';
import { markdownToPlain, splitText } from './webex-text.js';
import { WEBEX_CARD_CONTENT_TYPE, WEBEX_MAX_TEXT_BYTES, type WebexMessageBody, type WebhookEnvelope } from './webex.types.js';

export interface WebexSalesRoomConfig {
  api: WebexApi;
  /** SALES_WEBEX_ROOM_ID: the group space sales works in (the bot must be a member). */
  roomId: string;
}

/** A case thread post: Webex threads a message under `parentId`, the root message of the case. */
type ThreadedBody = WebexMessageBody & { parentId?: string };

function bodies(roomId: string, post: SpacePost, parentId?: string): ThreadedBody[] {
  const chunks = splitText(post.markdown, WEBEX_MAX_TEXT_BYTES);
  return chunks.map((markdown, i) => {
    const body: ThreadedBody = { roomId, markdown, text: markdownToPlain(markdown) };
    if (parentId !== undefined) body.parentId = parentId;
    // One card per message, on the last chunk, like the customer-facing renderer.
    if (post.card !== undefined && i === chunks.length - 1) body.attachments = [{ contentType: WEBEX_CARD_CONTENT_TYPE, content: post.card }];
    return body;
  });
}

/**
 * The sales space as a Webex group space: cases are top-level posts with a Claim card, everything about a case
 * goes in its thread. Webex shows a space's messages and cards to its members only, so whoever writes or presses
 * there is a member; SALES_AGENTS narrows that down.
 */
export function createWebexSalesSpace(config: WebexSalesRoomConfig): SalesSpace {
  const { api, roomId } = config;
  return {
    name: `webex:${roomId}`,
    async post(post) {
      let first: string | undefined;
      for (const body of bodies(roomId, post)) first ??= (await api.createMessage(body)).id;
      if (first === undefined) throw new Error('webex sales space: nothing to post');
      return first;
    },
    async reply(threadId, post) {
      for (const body of bodies(roomId, post, threadId)) await api.createMessage(body);
    },
    isMember: async () => true,
  };
}

/** Whether a webhook delivery happened in the sales space (its deliveries go to the desk, not the customer engine). */
export function isSalesDelivery(env: WebhookEnvelope, roomId: string | undefined): boolean {
  return roomId !== undefined && env.data.roomId === roomId;
}

/**
 * A delivery from the sales space as the desk's input: a message (an agent in a case thread, or at the top) or a
 * card action (Claim). Undefined for the bot's own posts. Group spaces deliver only messages that mention the bot.
 */
export async function webexSalesInput(
  env: WebhookEnvelope, api: WebexApi, me: BotIdentity, people: Map<string, SpacePerson> = new Map(),
): Promise<SpaceInput | undefined> {
  if (env.resource === 'messages') {
    const msg = await api.getMessage(env.data.id);
    if (msg.personId === me.id) return undefined;
    const person = await personOf(api, people, msg.personId, msg.personEmail);
    const text = stripBotMention({ ...msg, roomType: 'group' }, me);
    return { kind: 'message', id: msg.id, person, text, ...(msg.parentId !== undefined ? { threadId: msg.parentId } : {}) };
  }
  const action = await api.getAttachmentAction(env.data.id);
  return {
    kind: 'action', id: action.id, person: await personOf(api, people, action.personId, env.data.personEmail),
    value: { ...(action.inputs ?? {}) }, threadId: action.messageId,
  };
}

const PEOPLE_CACHE_MAX = 1_000;

/** Email and display name of an agent (for the allow-list and for "Alex from sales has joined"), looked up once. */
async function personOf(api: WebexApi, people: Map<string, SpacePerson>, id: string, email?: string): Promise<SpacePerson> {
  const known = people.get(id);
  if (known) return known;
  const p = await api.getPerson(id);
  const person: SpacePerson = {
    id, ...(p.displayName ? { name: p.displayName } : {}), ...((email ?? p.emails?.[0]) ? { email: email ?? p.emails?.[0] } : {}),
  };
  if (people.size >= PEOPLE_CACHE_MAX) people.clear();
  people.set(id, person);
  return person;
}
