import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';
import type { SalesSpace, SpaceInput, SpacePost } from '../../services/sales/sales-space.port.js';
import { SALES_ACTION_KEY } from '../../services/sales/sales-space.port.js';
import { executeActionOf, type TeamsActivity } from './teams.activity.js';
import { ADAPTIVE_CARD_CONTENT_TYPE } from './teams.render.js';

export interface TeamsSalesChannelConfig {
  /** The channel's id (19:...@thread.tacv2), when configured; otherwise a command in the channel marks it. */
  channelId?: string;
  /** The Bot Connector serviceUrl of the team's region, needed with a configured channel. */
  serviceUrl?: string;
  tenantId?: string;
}

/**
 * The sales space as a Teams channel: each case is a new post in the channel (a new conversation there), and the
 * case thread is that post's reply chain (`<channel>;messageid=<post id>`). Everyone who can write in the channel
 * is a member of its team; SALES_AGENTS narrows that down.
 */
export interface TeamsSalesChannel extends SalesSpace {
  /** Called by the Teams adapter with its CloudAdapter: proactive posts need it. */
  attach(adapter: CloudAdapter, appId: string): void;
  /** Where the desk's inputs go. */
  setHandler(handle: (input: SpaceInput) => Promise<void>): void;
  /** Takes the activity when it belongs to the sales channel (or marks it); false: it is the customer engine's. */
  route(activity: TeamsActivity, ref: Partial<ConversationReference>): Promise<boolean>;
  /** The channel id in use, if any. */
  channel(): string | undefined;
}

/** "@Bot use this channel for sales" marks the channel the command is written in. */
const MARK_COMMAND = /^\s*(use this channel for sales|sales channel here)\s*[.!]?\s*$/i;
const baseId = (conversationId: string): string => conversationId.split(';')[0] ?? conversationId;
const threadOf = (conversationId: string): string | undefined => /;messageid=([^;]+)/.exec(conversationId)?.[1];

export function createTeamsSalesChannel(config: TeamsSalesChannelConfig): TeamsSalesChannel {
  let cloud: { adapter: CloudAdapter; appId: string } | undefined;
  let handler: ((input: SpaceInput) => Promise<void>) | undefined;
  let reference: Partial<ConversationReference> | undefined;

  function channelRef(threadId?: string): Partial<ConversationReference> {
    const base = reference ?? (config.channelId && config.serviceUrl && cloud ? {
      serviceUrl: config.serviceUrl, channelId: 'msteams', bot: { id: `28:${cloud.appId}`, name: '' },
      conversation: { id: config.channelId, isGroup: true, conversationType: 'channel', name: '', ...(config.tenantId ? { tenantId: config.tenantId } : {}) },
    } : undefined);
    if (!base?.conversation) throw new Error('teams sales channel: no channel is configured or marked yet');
    const id = baseId(base.conversation.id);
    return { ...base, conversation: { ...base.conversation, id: threadId ? `${id};messageid=${threadId}` : id } };
  }

  async function send(ref: Partial<ConversationReference>, post: SpacePost): Promise<string> {
    if (!cloud) throw new Error('teams sales channel: the Teams adapter is not attached');
    const activity: Partial<Activity> = {
      type: 'message', text: post.markdown, textFormat: 'markdown',
      ...(post.card ? { attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: post.card }] } : {}),
    };
    let id = '';
    await cloud.adapter.continueConversationAsync(cloud.appId, ref, async (ctx) => {
      id = (await ctx.sendActivity(activity))?.id ?? '';
    });
    return id;
  }

  const current = (): string | undefined => (reference?.conversation ? baseId(reference.conversation.id) : config.channelId);

  return {
    get name() { return `teams:${current() ?? 'unset'}`; },
    attach(adapter, appId) { cloud = { adapter, appId }; },
    setHandler(handle) { handler = handle; },
    channel: current,
    post: (post) => send(channelRef(), post),
    async reply(threadId, post) { await send(channelRef(threadId), post); },
    isMember: async () => true,
    async route(activity, ref) {
      if ((activity.conversation.conversationType ?? 'personal') !== 'channel') return false;
      const text = (activity.text ?? '').replace(/<at>.*?<\/at>/g, '').trim();
      if (activity.type === 'message' && MARK_COMMAND.test(text)) {
        reference = { ...ref, conversation: { ...(ref.conversation ?? { isGroup: true, id: '', name: '', conversationType: 'channel' }), id: baseId(activity.conversation.id) } };
        await send(channelRef(threadOf(activity.conversation.id)), { markdown: 'This channel now receives the sales cases of the upgrade bot.' });
        return true;
      }
      const channel = current();
      if (channel === undefined || baseId(activity.conversation.id) !== channel || !handler) return false;
      const person = { id: activity.from.aadObjectId ?? activity.from.id, ...(activity.from.name ? { name: activity.from.name } : {}) };
      const id = activity.id ?? '';
      const threadId = threadOf(activity.conversation.id) ?? activity.replyToId;
      const action = executeActionOf(activity);
      const value = action?.data ?? (typeof activity.value === 'object' && activity.value !== null ? activity.value as Record<string, unknown> : undefined);
      if (value && SALES_ACTION_KEY in value) {
        await handler({ kind: 'action', id, person, value, ...(threadId ? { threadId } : {}) });
      } else if (activity.type === 'message' && text) {
        await handler({ kind: 'message', id, person, text, ...(threadId ? { threadId } : {}) });
      }
      return true;
    },
  };
}
