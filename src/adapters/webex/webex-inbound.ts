import type { ConversationAddress, Inbound, UserRef } from '../../dialogs/channel.types.js';
import type { WebexAddressRef, WebexAttachmentAction, WebexMessage, WebexPerson } from './webex.types.js';

/** Who the bot is, from GET /people/me. */
export interface BotIdentity {
  id: string;
  emails: string[];
  /** Names a mention of the bot may be written with (display name, nickname, first name). */
  names: string[];
}

export function botIdentity(me: WebexPerson): BotIdentity {
  const names = [me.displayName, me.nickName, me.firstName].filter((n): n is string => n !== undefined && n !== '');
  return { id: me.id, emails: me.emails ?? [], names: [...new Set(names)] };
}

/**
 * Webex ids are base64 of "ciscospark://<cluster>/<TYPE>/<uuid>"; the html of a mention carries either form,
 * so both are compared.
 */
export function webexUuid(id: string): string | undefined {
  // Buffer.from ignores characters outside base64 rather than throwing; a non-matching decode yields undefined.
  const decoded = Buffer.from(id, 'base64').toString('utf8');
  return /^ciscospark:\/\/[^/]+\/[A-Z_]+\/(.+)$/.exec(decoded)?.[1];
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const decodeEntities = (s: string): string =>
  s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

/** The words the bot's mention shows as in this message: from the html's spark-mention, else the bot's names. */
function mentionTexts(msg: WebexMessage, bot: BotIdentity): string[] {
  const ids = new Set([bot.id, webexUuid(bot.id)].filter((x): x is string => x !== undefined));
  const found: string[] = [];
  const re = /<spark-mention[^>]*data-object-id="([^"]+)"[^>]*>([\s\S]*?)<\/spark-mention>/g;
  for (const m of (msg.html ?? '').matchAll(re)) {
    const [, objectId, inner] = m;
    if (objectId !== undefined && inner !== undefined && ids.has(objectId)) found.push(decodeEntities(inner.replace(/<[^>]+>/g, '')));
  }
  return found.length > 0 ? found : bot.names;
}

/**
 * The message text without the bot's @mention. Group messages reach the bot only when they mention it; the
 * mention is the bot's name in `text` (and `<@personId:…>` / `<@personEmail:…>` in markdown).
 */
export function stripBotMention(msg: WebexMessage, bot: BotIdentity): string {
  let text = msg.text ?? '';
  if (text === '' && msg.markdown !== undefined) text = msg.markdown;
  text = text.replace(/<@(?:personId|personEmail):([^>|]+)(?:\|([^>]*))?>/g, (whole, who: string) =>
    (who === bot.id || bot.emails.includes(who) ? '' : whole));
  const mentioned = msg.roomType === 'group' || (msg.mentionedPeople ?? []).includes(bot.id);
  if (mentioned) {
    for (const name of mentionTexts(msg, bot).sort((a, b) => b.length - a.length)) {
      if (name.trim() === '') continue;
      // The first occurrence only: the bot's name may also appear later in what the person says.
      const re = new RegExp(`(^|[\\s,(])@?${escapeRe(name.trim())}(?=$|[\\s,.:;!?)])[,:]?`, 'i');
      if (re.test(text)) { text = text.replace(re, '$1'); break; }
    }
  }
  return text.replace(/[ \t]{2,}/g, ' ').trim();
}

export function addressFor(ref: WebexAddressRef, conversationRoomId: string): ConversationAddress {
  return { channel: 'webex', id: conversationRoomId, ref, group: ref.roomType === 'group' };
}

export function messageInbound(
  deliveryId: string, msg: WebexMessage, bot: BotIdentity, address: ConversationAddress,
): Inbound {
  const user: UserRef = { id: msg.personId };
  if (msg.personEmail !== undefined) user.email = msg.personEmail;
  const text = stripBotMention(msg, bot);
  return { kind: 'message', id: deliveryId, address, user, text, raw: msg };
}

/** Card inputs arrive as strings; empty optional inputs are dropped so the understanding sees only answers. */
export function submitInbound(action: WebexAttachmentAction, address: ConversationAddress, email?: string): Inbound {
  const value: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(action.inputs ?? {})) {
    if (v === '' || v === undefined || v === null) continue;
    value[k] = v;
  }
  const user: UserRef = { id: action.personId };
  if (email !== undefined) user.email = email;
  return { kind: 'submit', id: action.id, address, user, value, cardId: action.messageId, raw: action };
}
