import type { Request, Response, Server } from 'restify';
import type { ConversationAddress, Inbound } from '../../dialogs/channel.types.js';
import type { TurnEngine } from '../../dialogs/engine.types.js';
import type { SpaceInput, SpacePerson } from '../../services/sales/sales-space.port.js';
import type { Footprint } from '../../services/metrics.js';
import { AppError, isAppError } from '../../services/errors.js';
import { retryUntilDone, unrefDelay, DEFAULT_BACKOFF, type RetryLoop } from '../../services/retry-loop.js';
import type { Reply } from '../../dialogs/reply.js';
import { createWebexApi, WebexApiError, type WebexApi } from './webex-api.js';
import { createDeliverySpool, roomKeyOf } from './webex-spool.js';
import { addressFor, botIdentity, messageInbound, submitInbound, type BotIdentity } from './webex-inbound.js';
import { KeyedQueue, TtlMap, memoryPersonalLinks, type PersonalLinkStore } from './webex-memory.js';
import { readRawBody } from './webex-receive.js';
import { isSalesDelivery, webexSalesInput } from './webex-sales.js';
import { createWebexSender, type WebexSender } from './webex-sender.js';
import { verifyWebexSignature } from './webex-signature.js';
import { DEFAULT_WEBHOOK_NAME, ensureWebhooks } from './webex-webhooks.js';
import {
  WEBEX_WEBHOOK_PATH, silentLogger, webhookEnvelopeSchema,
  type WebexAdapterConfig, type WebexAddressRef, type WebexLogger, type WebhookEnvelope,
} from './webex.types.js';

export interface WebexAdapterDeps {
  engine: TurnEngine;
  logger?: WebexLogger;
  /** Where group conversations continue in 1:1 spaces; in memory by default. */
  links?: PersonalLinkStore;
  groupNotice?: (mention: string, language: 'en' | 'ru') => string;
  /** The sales space (SALES_WEBEX_ROOM_ID): its deliveries go to the sales desk instead of the customer engine. */
  sales?: { roomId: string; handle(input: SpaceInput): Promise<void> };
  /** Most entries each of the adapter's caches (delivery ids, room types, emails) keeps; 50,000 by default. */
  cacheEntries?: number;
  /** Hears whether Webex answers (every API call's outcome), for /healthz and the metrics. */
  onHealth?: (up: boolean, err?: unknown) => void;
  /** The bot's clock (spooled deliveries are compared with the conversation's last turn on it). */
  now?: () => number;
  /**
   * For deliveries answered late (from the spool): whether the conversation moved on after `since` without them, and
   * the note that then goes instead of a turn that no longer fits.
   */
  late?: { movedOnSince(inbound: Exclude<Inbound, { kind: 'unsupported' }>, since: number): Promise<boolean>; notice(inbound: Exclude<Inbound, { kind: 'unsupported' }>): Promise<Reply> };
}

export interface WebexAdapter {
  /** Adds POST /api/webex. The route reads the raw body itself (see readRawBody). */
  mount(server: Server): void;
  /** Registered with the engine as the 'webex' channel by the factory. */
  readonly sender: WebexSender;
  readonly api: WebexApi;
  /**
   * Checks the token (GET /people/me) and, with publicUrl, makes the webhooks point here and keeps them active. A
   * token Webex rejects (401) throws; Webex not answering does not: it is retried in the background until it does.
   */
  start(): Promise<void>;
  /** Resolves once the token was checked and the webhooks set up (tests). */
  ready(): Promise<void>;
  /** Stops the webhook check and waits for turns and deliveries under way. */
  stop(): Promise<void>;
  /** Resolves when every accepted delivery has been processed and its replies sent (tests, graceful stop). */
  idle(): Promise<void>;
  /** Entries its caches and queues hold in memory. */
  footprint(): Footprint;
}

/** Five minutes: Webex deactivates a failing webhook; this bounds how long the bot stays deaf after recovery. */
export const DEFAULT_WEBHOOK_CHECK_MS = 5 * 60 * 1000;
/** Webex may deliver an event more than once; an hour of ids covers its redeliveries. */
const SEEN_TTL_MS = 60 * 60 * 1000;
const FINISHED_STEPS = new Set(['done', 'cancelled']);
const RETRIED_CODES = new Set(['UNAVAILABLE', 'TIMEOUT', 'THROTTLED', 'CONFLICT', 'UNAUTHORIZED']);

/** A failure for want of an answer (store or Webex down, throttled, a token refused): worth keeping to retry. */
const outage = (e: unknown): boolean =>
  (e instanceof WebexApiError && (e.status === 0 || e.status === 429 || e.status >= 500)) || (isAppError(e) && RETRIED_CODES.has(e.code));

export function createWebexAdapter(config: WebexAdapterConfig, deps: WebexAdapterDeps): WebexAdapter {
  const log = deps.logger ?? silentLogger;
  const api = createWebexApi({
    token: config.token, apiUrl: config.apiUrl, retry: config.retry, logger: log,
    onHealth: (up, err) => {
      deps.onHealth?.(up, err);
      // Webex answers again: set the webhooks up now rather than at the end of the current wait.
      if (up && setup !== undefined && !setup.succeeded) setup.poke();
    },
  });
  const now = deps.now ?? Date.now;
  const outageRetry = config.outageRetry ?? DEFAULT_BACKOFF;
  const spool = createDeliverySpool({ file: config.spoolFile, max: config.spoolMax ?? 10_000, logger: log });
  let drainer: RetryLoop | undefined;
  let setup: RetryLoop | undefined;
  let stopped = false;
  const links = deps.links ?? memoryPersonalLinks();
  const sender = createWebexSender({ api, links, logger: log, groupNotice: deps.groupNotice, botId: async () => (await bot()).id });
  deps.engine.registerChannel('webex', sender);
  const secrets = [config.webhookSecret, config.previousWebhookSecret].filter((s): s is string => s !== undefined && s !== '');
  const cacheEntries = deps.cacheEntries ?? 50_000;
  const seen = new TtlMap<true>(SEEN_TTL_MS, cacheEntries);
  const roomTypes = new TtlMap<'direct' | 'group'>(SEEN_TTL_MS * 24, cacheEntries);
  const emails = new TtlMap<string>(SEEN_TTL_MS * 24, cacheEntries);
  const turns = new KeyedQueue();
  const salesPeople = new Map<string, SpacePerson>();
  let identity: Promise<BotIdentity> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const bot = (): Promise<BotIdentity> => {
    identity ??= api.me().then(botIdentity, (e: unknown) => { identity = undefined; throw e; });
    return identity;
  };

  async function roomTypeOf(roomId: string, hint: 'direct' | 'group' | undefined): Promise<'direct' | 'group'> {
    const type = hint ?? roomTypes.get(roomId) ?? await api.getRoomType(roomId);
    roomTypes.set(roomId, type);
    return type;
  }

  /** A direct room of a person whose group conversation moved here maps back to that group conversation. */
  async function addressOf(roomId: string, roomType: 'direct' | 'group', personId: string, email?: string): Promise<ConversationAddress> {
    const ref: WebexAddressRef = { roomId, roomType, personId, ...(email === undefined ? {} : { personEmail: email }) };
    if (roomType === 'direct') {
      const link = await links.get(personId);
      if (link !== undefined) {
        return addressFor({ ...ref, roomId: link.groupRoomId, roomType: 'group', directRoomId: roomId }, link.groupRoomId);
      }
    }
    return addressFor(ref, roomId);
  }

  async function inboundFor(env: WebhookEnvelope, me: BotIdentity): Promise<Inbound | undefined> {
    if (env.resource === 'messages') {
      const msg = await api.getMessage(env.data.id);
      if (msg.personId === me.id) return undefined;
      if (msg.personEmail !== undefined) emails.set(msg.personId, msg.personEmail);
      const type = await roomTypeOf(msg.roomId, msg.roomType ?? env.data.roomType);
      return messageInbound(env.data.id, { ...msg, roomType: type }, me, await addressOf(msg.roomId, type, msg.personId, msg.personEmail));
    }
    const action = await api.getAttachmentAction(env.data.id);
    const email = emails.get(action.personId) ?? env.data.personEmail;
    const type = await roomTypeOf(action.roomId, env.data.roomType);
    return submitInbound(action, await addressOf(action.roomId, type, action.personId, email), email);
  }

  /**
   * Runs one delivery's turn. 'retry': it failed for want of an answer (the store, the Webex API) and is kept in the
   * spool; anything else failed for good (a message Webex no longer has, a bug) and is logged and dropped. `lateSince`
   * (a spooled delivery): a conversation that moved on since gets a note instead of a turn that no longer fits.
   */
  async function processDelivery(env: WebhookEnvelope, lateSince?: number): Promise<'done' | 'retry'> {
    // The sales desk's commands are not idempotent on the delivery id (a relayed line could go out twice): not kept.
    const salesDelivery = deps.sales !== undefined && isSalesDelivery(env, deps.sales.roomId);
    try {
      const me = await bot();
      if (deps.sales !== undefined && salesDelivery) {
        const input = await webexSalesInput(env, api, me, salesPeople);
        if (input !== undefined) await deps.sales.handle(input);
        return 'done';
      }
      const inbound = await inboundFor(env, me);
      if (inbound === undefined || inbound.kind === 'unsupported') return 'done';
      if (lateSince !== undefined && deps.late !== undefined && await deps.late.movedOnSince(inbound, lateSince)) {
        log.info({ id: env.data.id }, 'webex delivery answered late: the conversation moved on, a note goes instead');
        await sender.deliver(inbound.address, [await deps.late.notice(inbound)], inbound.user);
        return 'done';
      }
      const outcome = await deps.engine.handle(inbound);
      // A finished purchase releases the 1:1 link, so the person's next 1:1 chat is a conversation of its own.
      if (inbound.address.group === true && outcome.step !== undefined && FINISHED_STEPS.has(outcome.step)) {
        await links.delete(inbound.user.id);
      }
      return 'done';
    } catch (e) {
      if (outage(e) && !salesDelivery) {
        log.warn({ err: e, resource: env.resource, id: env.data.id }, 'webex delivery not processed; kept to retry');
        return 'retry';
      }
      // Failed for good: forget the id so a redelivery of the same event gets another chance.
      seen.delete(env.data.id);
      log.error({ err: e, resource: env.resource, id: env.data.id }, 'webex delivery not processed');
      return 'done';
    }
  }

  /** Runs a room's spooled deliveries in order; false when one failed again (it and the rest stay). */
  async function drainRoom(key: string): Promise<boolean> {
    for (const entry of spool.forRoom(key)) {
      if (await processDelivery(entry.env, entry.spooledAt) === 'retry') return false;
      await spool.remove(entry.env.data.id);
    }
    return true;
  }

  /** A delivery whose turn failed: kept, and the drain (capped backoff) started if it is not running. */
  async function keep(env: WebhookEnvelope): Promise<void> {
    if (!await spool.add(env, now())) {
      log.error({ id: env.data.id, kept: spool.size }, 'webex delivery lost: the spool is full');
      return;
    }
    ensureDrain();
  }

  function ensureDrain(): void {
    if (stopped || drainer !== undefined || spool.size === 0) return;
    const loop = retryUntilDone(async () => {
      for (const key of spool.rooms()) {
        if (!await turns.run(key, () => drainRoom(key))) throw new Error('webex deliveries still waiting');
      }
    }, outageRetry, (_err, attempt, waitMs) => log.info({ waiting: spool.size, attempt, retryInMs: waitMs }, 'webex spool: retried later'));
    drainer = loop;
    // Deliveries kept while this drain was finishing get one of their own.
    void loop.done.then(() => { if (drainer === loop) drainer = undefined; ensureDrain(); });
  }

  /** A new delivery runs after its room's spooled ones, so the user's messages are answered in the order sent. */
  async function runDelivery(env: WebhookEnvelope): Promise<void> {
    const key = roomKeyOf(env);
    if (spool.forRoom(key).length > 0 && !await drainRoom(key)) {
      await keep(env);
      return;
    }
    if (await processDelivery(env) === 'retry') await keep(env);
  }

  async function handle(req: Request, res: Response): Promise<void> {
    let raw: Buffer;
    try {
      raw = await readRawBody(req);
    } catch (e) {
      const status = isAppError(e, 'PAYLOAD_TOO_LARGE') ? 413 : 500;
      log.error({ err: e }, 'webex webhook body unreadable');
      // A body too large even to read to its end was left unread: close so the client does not reuse the connection.
      if (status === 413 && !req.readableEnded) res.header('connection', 'close');
      res.send(status, { message: status === 413 ? 'body too large' : 'unreadable body' });
      return;
    }
    const signature = req.header('x-spark-signature') || undefined;
    if (!verifyWebexSignature(raw, signature, secrets)) {
      log.warn({ hasSignature: signature !== undefined, bytes: raw.length }, 'webex webhook rejected: bad signature');
      res.send(401, { message: 'invalid signature' });
      return;
    }
    let env: WebhookEnvelope;
    try {
      const parsed = webhookEnvelopeSchema.safeParse(JSON.parse(raw.toString('utf8')));
      if (!parsed.success) throw parsed.error;
      env = parsed.data;
    } catch (e) {
      log.warn({ err: e }, 'webex webhook malformed');
      res.send(400, { message: 'malformed webhook' });
      return;
    }
    const known = env.event === 'created' && (env.resource === 'messages' || env.resource === 'attachmentActions');
    if (!known) {
      log.info({ resource: env.resource, event: env.event, id: env.data.id }, 'webex webhook ignored: not handled');
      res.send(200, { ignored: true });
      return;
    }
    if (seen.get(env.data.id) !== undefined) {
      log.info({ id: env.data.id }, 'webex webhook duplicate');
      res.send(200, { duplicate: true });
      return;
    }
    seen.set(env.data.id, true);
    // The bot's own posts arrive too; when the delivery says so, even the GET is saved.
    if (env.resource === 'messages' && identity !== undefined && env.data.personId === (await identity).id) {
      res.send(200, { own: true });
      return;
    }
    // Acknowledge at once: Webex counts slow answers against the webhook; the turn runs after, in room order.
    res.send(200, { accepted: true });
    void turns.run(roomKeyOf(env), () => runDelivery(env)).catch((e: unknown) => log.error({ err: e, id: env.data.id }, 'webex delivery not kept'));
  }

  const plan = (publicUrl: string) => ({
    targetUrl: `${publicUrl.replace(/\/+$/, '')}${WEBEX_WEBHOOK_PATH}`,
    secret: config.webhookSecret,
    name: config.webhookName ?? DEFAULT_WEBHOOK_NAME,
  });

  /** Every few minutes: Webex deactivates a webhook after failed deliveries, and this re-activates it. */
  function startWebhookCheck(p: ReturnType<typeof plan>): void {
    const every = config.webhookCheckIntervalMs ?? DEFAULT_WEBHOOK_CHECK_MS;
    if (every <= 0 || timer !== undefined || stopped) return;
    timer = setInterval(() => {
      ensureWebhooks(api, p, log).catch((e: unknown) => log.error({ err: e }, 'webex webhook check failed'));
    }, every);
    timer.unref();
  }

  return {
    api,
    sender,
    mount(server) {
      server.post(WEBEX_WEBHOOK_PATH, (req: Request, res: Response, next: (err?: unknown) => void) => {
        handle(req, res).then(() => next(), (e: unknown) => next(e));
      });
    },
    async start() {
      // Deliveries kept before a restart go first.
      ensureDrain();
      let failedFirst: (err: unknown) => void = () => undefined;
      const firstFailure = new Promise<unknown>((resolve) => { failedFirst = resolve; });
      setup = retryUntilDone(async () => {
        const me = await bot();
        log.info({ botId: me.id, names: me.names }, 'webex adapter on');
        if (config.publicUrl === undefined || config.publicUrl === '') {
          log.info({}, 'webex adapter: no PUBLIC_URL, webhooks left as they are');
          return;
        }
        await ensureWebhooks(api, plan(config.publicUrl), log);
        startWebhookCheck(plan(config.publicUrl));
      }, outageRetry, (err, attempt, waitMs) => {
        failedFirst(err);
        log.error({ err, attempt, retryInMs: waitMs }, isAppError(err, 'UNAUTHORIZED')
          ? 'webex adapter: WEBEX_BOT_TOKEN was rejected by GET /people/me'
          : 'webex adapter: Webex not answering; Teams, the payment page and sales go on, Webex is retried');
      });
      // Only a token Webex refuses stops start-up; Webex not answering (within startWaitMs) does not.
      const first = await Promise.race([setup.done.then(() => undefined), firstFailure, unrefDelay(config.startWaitMs ?? 5_000)]);
      if (isAppError(first, 'UNAUTHORIZED')) {
        setup.stop();
        throw new AppError('UNAUTHORIZED', 'WEBEX_BOT_TOKEN was rejected by Webex (GET /people/me answered 401): set a valid bot token', { cause: first });
      }
    },
    ready: async () => { await setup?.done; },
    async stop() {
      stopped = true;
      setup?.stop();
      drainer?.stop();
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await turns.idle();
      await sender.idle();
    },
    async idle() {
      await turns.idle();
      await sender.idle();
    },
    footprint: () => ({
      'webex.seen': seen.size, 'webex.roomTypes': roomTypes.size, 'webex.emails': emails.size, 'webex.salesPeople': salesPeople.size,
      'webex.queuedRooms': turns.size, 'webex.spooled': spool.size,
    }),
  };
}
