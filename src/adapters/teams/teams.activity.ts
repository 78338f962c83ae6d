import { z } from 'zod';
import type { ConversationAddress, Inbound, UserRef } from '../../dialogs/channel.types.js';

/**
 * The part of a Bot Framework activity this adapter relies on, checked before botbuilder sees it: botbuilder
 * itself only checks `type`, and an activity without `conversation` or `serviceUrl` would crash deep inside a
 * turn (a 500) instead of being refused (a 400).
 */
const account = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
});

const activitySchema = z
  .looseObject({
    type: z.string().min(1),
    id: z.string().min(1).optional(),
    channelId: z.string().min(1),
    serviceUrl: z.url(),
    from: account,
    recipient: account,
    conversation: z.looseObject({
      id: z.string().min(1),
      conversationType: z.string().optional(),
      tenantId: z.string().optional(),
    }),
    text: z.string().optional(),
    value: z.unknown().optional(),
    name: z.string().optional(),
    locale: z.string().optional(),
    replyToId: z.string().optional(),
    membersAdded: z.array(account).optional(),
    // Bot Framework entities always carry a type, and a mention names who is mentioned: botbuilder's mention
    // removal reads both without checking, so an entity without them is refused here (400), not a crash (500).
    entities: z.array(z.looseObject({ type: z.string(), mentioned: z.looseObject({ id: z.string() }).optional() })
      .refine((e) => e.type.toLowerCase() !== 'mention' || e.mentioned !== undefined, { message: 'a mention entity needs mentioned.id' })).optional(),
    channelData: z.looseObject({ tenant: z.looseObject({ id: z.string() }).optional() }).optional(),
  })
  // Turns are idempotent on the activity id, so the kinds that start a turn must carry one.
  .refine((a) => a.id !== undefined || !['message', 'invoke', 'conversationUpdate'].includes(a.type), {
    message: 'activity id is required',
    path: ['id'],
  });

export type TeamsActivity = z.infer<typeof activitySchema>;

export type ActivityCheck = { ok: true; activity: TeamsActivity } | { ok: false; reason: string };

export function checkActivity(body: unknown): ActivityCheck {
  const parsed = activitySchema.safeParse(body);
  if (parsed.success) return { ok: true, activity: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid activity' };
}

export const ADAPTIVE_CARD_ACTION_INVOKE = 'adaptiveCard/action';

/** Personal chats are 1:1; channels and group chats deliver only @mentions and are shared spaces. */
export function isGroup(activity: TeamsActivity): boolean {
  return (activity.conversation.conversationType ?? 'personal') !== 'personal';
}

/** Teams puts the locale on the activity; conversationUpdate may carry it only in the clientInfo entity. */
export function localeOf(activity: TeamsActivity): string | undefined {
  if (activity.locale) return activity.locale;
  const clientInfo = activity.entities?.find((e) => e.type === 'clientInfo');
  const locale = clientInfo?.['locale'];
  return typeof locale === 'string' && locale ? locale : undefined;
}

export function userOf(activity: TeamsActivity): UserRef {
  const user: UserRef = { id: activity.from.aadObjectId ?? activity.from.id };
  if (activity.from.name) user.name = activity.from.name;
  return user;
}

export function addressOf(activity: TeamsActivity, ref: unknown): ConversationAddress {
  return { channel: 'teams', id: activity.conversation.id, ref, group: isGroup(activity) };
}

/** Other people's mentions stay as their names; Teams escapes spaces in some clients as &nbsp;. */
function cleanText(text: string): string {
  return text
    // A mention never holds another <at>: a lazy `.*?` from every unclosed "<at>" would scan to the end (quadratic).
    .replace(/<at>((?:(?!<\/?at>).)*)<\/at>/g, '$1')
    .replace(/&nbsp;/g, ' ')
    .trim();
}

function recordOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Submitted card data without the Teams-only `msteams` hints a card may carry. */
function submittedData(data: Record<string, unknown>): Record<string, unknown> {
  const { msteams: _hints, ...rest } = data;
  return rest;
}

/** The data of an `adaptiveCard/action` invoke (Universal Actions), if that is what the activity is. */
export function executeActionOf(
  activity: TeamsActivity,
): { verb?: string; title?: string; data: Record<string, unknown> } | undefined {
  if (activity.type !== 'invoke' || activity.name !== ADAPTIVE_CARD_ACTION_INVOKE) return undefined;
  const action = recordOf(recordOf(activity.value)?.['action']);
  if (!action || action['type'] !== 'Action.Execute') return undefined;
  const out: { verb?: string; title?: string; data: Record<string, unknown> } = {
    data: submittedData(recordOf(action['data']) ?? {}),
  };
  if (typeof action['verb'] === 'string') out.verb = action['verb'];
  if (typeof action['title'] === 'string') out.title = action['title'];
  return out;
}

/**
 * Activity -> Inbound. Expects mentions of the bot already removed (botbuilder's removeRecipientMention).
 * Returns undefined for activities that are not turns at all (typing, reactions, other members joining).
 */
export function toInbound(activity: TeamsActivity, ref: unknown): Inbound | undefined {
  const id = activity.id ?? '';
  const address = addressOf(activity, ref);
  const base = { id, address, user: userOf(activity), raw: activity };
  const locale = localeOf(activity);
  const withLocale = locale ? { ...base, locale } : base;

  if (activity.type === 'message') {
    const value = recordOf(activity.value);
    const text = cleanText(activity.text ?? '');
    // Action.Submit arrives as a message with the card's data in `value` and usually no text.
    if (value && !text) {
      const submit = { ...withLocale, kind: 'submit' as const, value: submittedData(value) };
      return activity.replyToId ? { ...submit, cardId: activity.replyToId } : submit;
    }
    if (text) return { ...withLocale, kind: 'message', text };
    return { kind: 'unsupported', id, reason: 'message without text or card data', address, raw: activity };
  }
  if (activity.type === 'invoke') {
    const action = executeActionOf(activity);
    if (!action) return { kind: 'unsupported', id, reason: `invoke ${activity.name ?? ''}`, address, raw: activity };
    const submit = { ...withLocale, kind: 'submit' as const, value: action.data };
    return activity.replyToId ? { ...submit, cardId: activity.replyToId } : submit;
  }
  if (activity.type === 'conversationUpdate') {
    const botAdded = activity.membersAdded?.some((m) => m.id === activity.recipient.id) ?? false;
    return botAdded ? { ...withLocale, kind: 'joined' } : undefined;
  }
  return undefined;
}
