import {
  ActivityTypes,
  CloudAdapter,
  TeamsInfo,
  TurnContext,
} from 'botbuilder';
import restify from 'restify';
import type { Request, RequestHandler, Response, Server } from 'restify';
import type { ChannelSender, Inbound } from '../../dialogs/channel.types.js';
import type { TurnEngine } from '../../dialogs/engine.types.js';
import { conversationKey } from '../../dialogs/snapshot.js';
import type { Footprint } from '../../services/metrics.js';
import { createSystemClock } from '../../services/clock.js';
import { createMemoryStore } from '../../services/store/memory.store.js';
import type { RecordStore } from '../../services/store.port.js';
import {
  checkActivity,
  executeActionOf,
  isGroup,
  toInbound,
  type TeamsActivity,
} from './teams.activity.js';
import { createTeamsAccess } from './teams.access.js';
import { CachingBotFrameworkAuthentication } from './teams.auth.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, refreshedCard } from './teams.render.js';
import { BoundedMap } from './bounded-map.js';
import { createTeamsMemory } from './teams-memory.js';
import { TeamsSender, type TeamsLogger } from './teams.sender.js';
import type { TeamsSalesChannel } from './teams-sales.js';

export type TeamsAppType = 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';

export interface TeamsAdapterConfig {
  /** MicrosoftAppId; empty = local emulator mode, requests are not authenticated. */
  appId: string;
  /** MicrosoftAppPassword (client secret); not used with UserAssignedMSI. */
  appPassword?: string;
  /** MicrosoftAppType; new registrations are SingleTenant (multi-tenant creation ended 2025-07-31). */
  appType?: TeamsAppType;
  /** MicrosoftAppTenantId; required for SingleTenant. */
  tenantId?: string;
  /** Route for Bot Connector activities. */
  path?: string;
  /** How long a turn may run before the user sees "typing…", and how often it is renewed. */
  typingDelayMs?: number;
  typingIntervalMs?: number;
  /** Look up the sender's email (UPN) in the roster once per user, so the core can prefill it. */
  lookupEmail?: boolean;
  /** Larger request bodies are refused with 413 before they are parsed (default 256 KB). */
  maxBodyBytes?: number;
  /** With an app id, the hosts a serviceUrl may name (TEAMS_SERVICE_URL_HOSTS; default DEFAULT_SERVICE_URL_HOSTS). */
  serviceUrlHosts?: readonly string[];
  /** Tenant ids accepted (TEAMS_TENANTS); undefined or `*`: any. */
  tenants?: readonly string[];
}

export interface TeamsAdapterDeps {
  engine: TurnEngine;
  logger?: TeamsLogger;
  /** The sales channel: its activities go to the sales desk instead of the customer engine. */
  sales?: TeamsSalesChannel;
  /** Where links, references, member ids and cards are kept for every instance (the store); in memory by default. */
  records?: RecordStore;
}

export interface TeamsAdapter {
  /** True without an app id: the bot accepts unauthenticated requests (Bot Framework Emulator, tests). */
  readonly emulatorMode: boolean;
  /** Delivers replies in-turn or proactively; registered with the engine as the 'teams' channel. */
  readonly sender: ChannelSender;
  /** Adds POST {path} (default /api/messages) to the server. */
  mount(server: Server): void;
  /** Entries its caches hold in memory. */
  footprint(): Footprint;
  /** "Forget me": the cards sent in the conversation's chats, its 1:1 link and the sender's email from the roster are dropped. */
  forget(conversationId: string): Promise<void>;
}

const DEFAULT_PATH = '/api/messages';
const TYPING_DELAY_MS = 1_000;
/** Teams shows a typing indicator for about three seconds; renew a little before it lapses. */
const TYPING_INTERVAL_MS = 2_500;

const silentLogger: TeamsLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function isParsedObject(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Buffer.isBuffer(body);
}

/** restify's JSON parser, skipped when a server-wide body parser already produced an object. */
function jsonBodyOnce(maxBodySize: number): RequestHandler[] {
  // jsonBodyParser hands its options to bodyReader, which answers 413 past maxBodySize (not in the typings).
  const options: restify.plugins.JsonBodyParserOptions & { maxBodySize: number } = { maxBodySize };
  return restify.plugins.jsonBodyParser(options).map(
    (handler: RequestHandler): RequestHandler =>
      (req, res, next) =>
        isParsedObject(req.body) ? next() : handler(req, res, next),
  );
}

export function createTeamsAdapter(config: TeamsAdapterConfig, deps: TeamsAdapterDeps): TeamsAdapter {
  const logger = deps.logger ?? silentLogger;
  const appId = config.appId.trim();
  const appType = config.appType ?? 'SingleTenant';
  const emulatorMode = appId === '';
  if (!emulatorMode && appType === 'SingleTenant' && !config.tenantId) {
    throw new Error('teams: MicrosoftAppTenantId is required for a SingleTenant bot');
  }
  const access = createTeamsAccess({ emulatorMode, serviceUrlHosts: config.serviceUrlHosts, tenants: config.tenants });
  const auth = new CachingBotFrameworkAuthentication({
    MicrosoftAppId: appId,
    MicrosoftAppPassword: config.appPassword ?? '',
    MicrosoftAppType: emulatorMode ? '' : appType,
    MicrosoftAppTenantId: config.tenantId ?? '',
  }, (serviceUrl) => access.refuseServiceUrl(serviceUrl));
  const adapter = new CloudAdapter(auth);
  const memory = createTeamsMemory(deps.records ?? createMemoryStore({ clock: createSystemClock() }).records);
  const sender = new TeamsSender({ adapter, appId, logger, memory });
  deps.sales?.attach(adapter, appId);
  /** Roster emails by user (null: looked up, none); bounded like the sender's maps. */
  const emails = new BoundedMap<string | null>(10_000);
  /** Notes the conversation's Teams chats (its own, and the 1:1 one of a group conversation): what "forget me" drops. */
  const remember = async (inbound: Inbound, chat: string): Promise<void> => {
    if (inbound.kind === 'unsupported' || !inbound.address) return;
    // Only "forget me" needs the note: a store fault here costs that, not the person's turn.
    await memory.noteChat(conversationKey(inbound.address, inbound.user), inbound.user.id, chat)
      .catch((err: unknown) => logger.warn({ err, chat }, 'teams: chat of the conversation not noted'));
  };
  const typingDelayMs = config.typingDelayMs ?? TYPING_DELAY_MS;
  const typingIntervalMs = config.typingIntervalMs ?? TYPING_INTERVAL_MS;
  deps.engine.registerChannel('teams', sender);


  /** Email is not on Teams activities; the roster has it. A failed lookup only costs the prefill. */
  async function withEmail(context: TurnContext, inbound: Inbound): Promise<Inbound> {
    if (config.lookupEmail === false || inbound.kind === 'unsupported') return inbound;
    let email = emails.get(inbound.user.id);
    if (email === undefined) {
      try {
        const member = await TeamsInfo.getMember(context, context.activity.from.id);
        email = member.email ?? member.userPrincipalName ?? null;
      } catch (err) {
        logger.warn({ err, user: inbound.user.id }, 'teams: roster lookup failed');
        email = null;
      }
      emails.set(inbound.user.id, email);
    }
    return email ? { ...inbound, user: { ...inbound.user, email } } : inbound;
  }

  /** Shows "typing…" when a turn is slow, until its first reply goes out. */
  function startTyping(context: TurnContext): { stop(): void } {
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const tick = (): void => {
      if (stopped) return;
      context.sendActivity({ type: ActivityTypes.Typing }).catch((err: unknown) => {
        logger.warn({ err }, 'teams: typing indicator failed');
      });
      timer = setTimeout(tick, typingIntervalMs);
    };
    timer = setTimeout(tick, typingDelayMs);
    return {
      stop: () => {
        stopped = true;
        clearTimeout(timer);
      },
    };
  }

  async function runTurn(context: TurnContext, inbound: Inbound, typing: boolean): Promise<void> {
    const indicator = typing ? startTyping(context) : undefined;
    await remember(inbound, context.activity.conversation.id);
    const release = sender.enterTurn(context.activity.conversation.id, {
      context,
      onDelivery: () => indicator?.stop(),
    });
    try {
      const outcome = await deps.engine.handle(await withEmail(context, inbound));
      if (outcome.duplicate) logger.info({ id: inbound.id }, 'teams: duplicate activity, nothing re-sent');
    } finally {
      indicator?.stop();
      release();
    }
  }

  async function answerInvoke(context: TurnContext, status: number, body: unknown): Promise<void> {
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status, body } });
  }

  async function onExecute(context: TurnContext, activity: TeamsActivity, inbound: Inbound): Promise<void> {
    const action = executeActionOf(activity);
    try {
      await runTurn(context, inbound, false);
    } catch (err) {
      logger.error({ err, id: activity.id }, 'teams: card action failed');
      // The card stays usable: an error answer leaves it as it was, so the person can press again.
      await answerInvoke(context, 200, {
        statusCode: 500,
        type: 'application/vnd.microsoft.error',
        value: { code: 'InternalError', message: 'The action could not be completed. Please try again.' },
      });
      return;
    }
    const chat = activity.conversation.id;
    const original = activity.replyToId ? await memory.card(chat, activity.replyToId) : undefined;
    const card = refreshedCard(original, action?.data ?? {}, action?.title);
    if (activity.replyToId) await memory.saveCard(chat, activity.replyToId, card).catch((err: unknown) => logger.warn({ err }, 'teams: used card not kept'));
    await answerInvoke(context, 200, { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card });
  }

  /** Clients without Universal Actions send Action.Submit: the used card is replaced in place instead. */
  async function retireSubmittedCard(context: TurnContext, inbound: Inbound): Promise<void> {
    if (inbound.kind !== 'submit' || !inbound.cardId) return;
    const chat = context.activity.conversation.id;
    const original = await memory.card(chat, inbound.cardId);
    if (!original) return;
    const card = refreshedCard(original, inbound.value);
    try {
      await context.updateActivity({
        id: inbound.cardId,
        type: ActivityTypes.Message,
        attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
      });
      await memory.saveCard(chat, inbound.cardId, card);
    } catch (err) {
      logger.warn({ err, card: inbound.cardId }, 'teams: could not update the used card');
    }
  }

  async function onTurn(context: TurnContext): Promise<void> {
    // The request body was checked before botbuilder saw it; it is checked once more (below) as the turn reads it.
    if ((context.activity.conversation?.conversationType ?? 'personal') !== 'personal' && typeof context.activity.text === 'string') {
      TurnContext.removeRecipientMention(context.activity);
    }
    const checked = checkActivity(context.activity);
    if (!checked.ok) throw new Error(`teams: activity changed shape during the turn: ${checked.reason}`);
    const activity = checked.activity;
    // The member id opens the person's 1:1 chat for a group conversation: only group activities need it kept.
    if (activity.from.aadObjectId && isGroup(activity)) {
      // Without it a 1:1 chat is opened by the AAD object id: a store fault here must not fail the turn.
      await memory.saveMemberId(activity.from.aadObjectId, activity.from.id)
        .catch((err: unknown) => logger.warn({ err }, 'teams: member id not kept'));
    }

    const rosterEmail = async (): Promise<string | undefined> => {
      try {
        const member = await TeamsInfo.getMember(context, activity.from.id);
        return member.email ?? member.userPrincipalName;
      } catch (err) {
        logger.warn({ err }, 'teams: roster lookup for the sales channel failed');
        return undefined;
      }
    };
    if (deps.sales && await deps.sales.route(activity, TurnContext.getConversationReference(context.activity), rosterEmail)) {
      if (activity.type === ActivityTypes.Invoke) await answerInvoke(context, 200, { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'OK' });
      return;
    }
    const parsed = toInbound(activity, TurnContext.getConversationReference(context.activity));
    // An answer in a 1:1 chat the bot opened for a group conversation continues that conversation.
    const group = isGroup(activity) ? undefined : await sender.linkedGroup(activity.conversation.id);
    const linked = parsed && parsed.kind !== 'unsupported' && group ? { ...parsed, address: group } : parsed;
    // Unauthenticated, user ids are whatever the caller writes: the per-user limit counts all emulator traffic as one.
    const inbound = linked && linked.kind !== 'unsupported' && emulatorMode ? { ...linked, rateKey: 'emulator' } : linked;
    if (activity.type === ActivityTypes.Invoke && (!inbound || inbound.kind === 'unsupported')) {
      // Same answer botbuilder's ActivityHandler gives invokes it does not know.
      await answerInvoke(context, 501, undefined);
      return;
    }
    if (!inbound) return;
    if (inbound.kind === 'unsupported') {
      logger.info({ id: inbound.id, reason: inbound.reason }, 'teams: unsupported activity');
      await deps.engine.handle(inbound);
      return;
    }
    if (executeActionOf(activity)) {
      await onExecute(context, activity, inbound);
      return;
    }
    await runTurn(context, inbound, inbound.kind !== 'joined');
    await retireSubmittedCard(context, inbound);
  }

  function mount(server: Server): void {
    // Said where the endpoint is mounted: without it (a Webex-only or local run) Teams is off, not unauthenticated.
    if (emulatorMode) {
      logger.warn({}, 'teams: no MicrosoftAppId, running in local emulator mode (requests are not authenticated)');
    } else {
      logger.info({ appType }, 'teams: Bot Connector authentication on');
    }
    const path = config.path ?? DEFAULT_PATH;
    server.post(path, ...jsonBodyOnce(config.maxBodyBytes ?? 262_144), async (req: Request, res: Response) => {
      const check = checkActivity(req.body);
      if (!check.ok) {
        logger.warn({ reason: check.reason }, 'teams: malformed activity refused');
        res.send(400, { error: 'BadRequest', message: check.reason });
        return;
      }
      // Before botbuilder: an activity refused here causes no outbound call at all (not even a token request).
      const refused = access.refuseServiceUrl(check.activity.serviceUrl) ?? access.refuseTenant(check.activity);
      if (refused !== undefined) {
        logger.warn({ reason: refused, id: check.activity.id }, 'teams: activity refused');
        res.send(403, { error: 'Forbidden', message: refused });
        return;
      }
      try {
        await adapter.process(req, res, onTurn);
      } catch (err) {
        logger.error({ err }, 'teams: request failed outside the turn');
        if (!res.headersSent) res.send(500, { error: 'InternalError' });
      }
    });
  }

  const forget = async (conversationId: string): Promise<void> => {
    // The roster email is a cache of this process; the stored chats, cards and links go for every instance.
    const user = await memory.forget(conversationId);
    if (user !== undefined) emails.delete(user);
  };
  return { emulatorMode, sender, mount, forget, footprint: () => ({ ...sender.footprint(), 'teams.emails': emails.size }) };
}
