import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';
import type { SalesSpace, SpaceInput, SpacePerson, SpacePost } from '../../services/sales/sales-space.port.js';
import { SALES_ACTION_KEY } from '../../services/sales/sales-space.port.js';
import type { AllowedAgent } from '../../services/sales/agent-command.js';
import type { SalesChannelMarks } from './teams-sales-mark.js';
import { executeActionOf, type TeamsActivity } from './teams.activity.js';
import { ADAPTIVE_CARD_CONTENT_TYPE } from './teams.render.js';

export interface TeamsSalesChannelConfig {
  /** The channel's id (19:...@thread.tacv2), when configured; otherwise a command in the channel marks it. */
  channelId?: string;
  /** The Bot Connector serviceUrl of the team's region, needed with a configured channel. */
  serviceUrl?: string;
  tenantId?: string;
  /**
   * SALES_AGENTS: only they may mark a channel (by Entra object id, Teams id or email from the team roster). Anyone
   * in a team can write in its channels, so without it no channel can be marked.
   */
  agents?: AllowedAgent[];
  /** Keeps the mark (the store): it survives a restart. Without it the mark lasts as long as the process. */
  marks?: SalesChannelMarks;
}

/** The sender's email from the team roster (Teams activities carry none); undefined when the lookup fails. */
export type EmailLookup = () => Promise<string | undefined>;

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
  route(activity: TeamsActivity, ref: Partial<ConversationReference>, lookupEmail?: EmailLookup): Promise<boolean>;
  /** The channel id in use, if any. */
  channel(): string | undefined;
}

/** "@Bot use this channel for sales" marks the channel the command is written in. */
const MARK_COMMAND = /^\s*(use this channel for sales|sales channel here)\s*[.!]?\s*$/i;
const EMAILS_MAX = 1_000;
const baseId = (conversationId: string): string => conversationId.split(';')[0] ?? conversationId;
const threadOf = (conversationId: string): string | undefined => /;messageid=([^;]+)/.exec(conversationId)?.[1];

export function createTeamsSalesChannel(config: TeamsSalesChannelConfig): TeamsSalesChannel {
  let cloud: { adapter: CloudAdapter; appId: string } | undefined;
  let handler: ((input: SpaceInput) => Promise<void>) | undefined;
  let reference: Partial<ConversationReference> | undefined;
  /** A read of the stored mark in flight (concurrent callers share it). */
  let loading: Promise<void> | undefined;
  /** Roster emails by Teams id (null: none), looked up once per person. */
  const emails = new Map<string, string | null>();
  const agents = new Map((config.agents ?? []).map((a) => [a.key.toLowerCase(), a]));

  /**
   * Reads the stored mark again where another instance may have moved it: before each case post, and when a channel
   * other than the current one writes to the bot (both rare: one read each).
   */
  async function refresh(): Promise<void> {
    if (config.channelId || !config.marks) return;
    const marks = config.marks;
    loading ??= marks.load().then((ref) => { if (ref) reference = ref; }).finally(() => { loading = undefined; });
    await loading;
  }

  /** Who wrote the activity, with the roster email when SALES_AGENTS needs it to tell. */
  async function personOf(activity: TeamsActivity, lookupEmail?: EmailLookup): Promise<SpacePerson> {
    const person: SpacePerson = { id: activity.from.aadObjectId ?? activity.from.id, ...(activity.from.name ? { name: activity.from.name } : {}) };
    const known = agents.has(person.id.toLowerCase()) || agents.has(activity.from.id.toLowerCase());
    if (known || !lookupEmail || agents.size === 0) return person;
    let email = emails.get(activity.from.id);
    if (email === undefined) {
      email = (await lookupEmail()) ?? null;
      if (emails.size >= EMAILS_MAX) emails.clear();
      emails.set(activity.from.id, email);
    }
    return email ? { ...person, email } : person;
  }

  const isAgent = (p: SpacePerson, teamsId: string): boolean =>
    agents.has(p.id.toLowerCase()) || agents.has(teamsId.toLowerCase()) || (p.email !== undefined && agents.has(p.email.toLowerCase()));

  /** "use this channel for sales": refused with a configured channel, and from anyone not on SALES_AGENTS. */
  async function mark(activity: TeamsActivity, ref: Partial<ConversationReference>, lookupEmail?: EmailLookup): Promise<void> {
    const here = { ...ref, conversation: { ...(ref.conversation ?? { isGroup: true, name: '', conversationType: 'channel' }), id: activity.conversation.id } };
    if (config.channelId) {
      await send(here, { markdown: 'The sales channel is set in the bot\'s settings (SALES_TEAMS_CHANNEL_ID) and cannot be changed from Teams.' });
      return;
    }
    const person = await personOf(activity, lookupEmail);
    if (!isAgent(person, activity.from.id)) {
      await send(here, { markdown: agents.size === 0 ? 'No sales agents are set (SALES_AGENTS), so no channel can be made the sales channel.'
        : 'Only sales agents (SALES_AGENTS) can make this the sales channel.' });
      return;
    }
    const marked = { ...ref, conversation: { ...here.conversation, id: baseId(activity.conversation.id) } };
    await config.marks?.save(marked, person);
    reference = marked;
    await send(channelRef(threadOf(activity.conversation.id)), { markdown: 'This channel now receives the sales cases of the upgrade bot.' });
  }

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
    async post(post) { await refresh(); return send(channelRef(), post); },
    async reply(threadId, post) { if (!reference) await refresh(); await send(channelRef(threadId), post); },
    // Everyone in the team can write in its channels: only SALES_AGENTS (required for a Teams sales space) act.
    isMember: async () => false,
    async route(activity, ref, lookupEmail) {
      if ((activity.conversation.conversationType ?? 'personal') !== 'channel') return false;
      const text = (activity.text ?? '').replace(/<at>.*?<\/at>/g, '').trim();
      if (activity.type === 'message' && MARK_COMMAND.test(text)) {
        await mark(activity, ref, lookupEmail);
        return true;
      }
      if (baseId(activity.conversation.id) !== current()) await refresh();
      const channel = current();
      if (channel === undefined || baseId(activity.conversation.id) !== channel || !handler) return false;
      const person = await personOf(activity, lookupEmail);
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
