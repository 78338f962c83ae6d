import type { Core } from '../../core.js';
import type { ChannelSender, ConversationAddress, UserRef } from '../../dialogs/channel.types.js';
import type { Choice, Reply } from '../../dialogs/reply.js';
import { orderNumber } from '../../dialogs/prompts/render.js';
import type { Snapshot } from '../../dialogs/snapshot.js';
import type { Clock } from '../../services/clock.port.js';
import { ChatLog } from './web-chat.js';
import { replyViews, teamsAfterPress } from './web-render.js';
import type { LogEntry, PanelMail, WebChannel } from './web.types.js';

export type Engine = Core['engine'];
type Without<T> = T extends unknown ? Omit<T, 'seq' | 'at'> : never;
type Entry = Without<LogEntry>;

/** A playground page's key for its conversation (made by the page, kept in its session storage). */
export const SESSION_KEY = /^[A-Za-z0-9_-]{8,64}$/;

const addressOfKey = (key: string): ConversationAddress => ({ channel: 'web', id: key });
const userOfKey = (key: string): UserRef => ({ id: `web.${key}` });
/** The conversation a page's key stands for, whether or not its session is in memory. */
export const conversationIdOfKey = (engine: Pick<Engine, 'conversationIdFor'>, key: string): string =>
  engine.conversationIdFor(addressOfKey(key), userOfKey(key));
const MAX_LOG = 2_000;

/** What a turn the page started is expected to be called in the engine (its inbound or dispatch id). */
type Expect = (turnId: string) => boolean;

/** One page's conversation: its log (replayed to the page), subscribers, and the `.chat` being written. */
export class WebSession {
  readonly address: ConversationAddress;
  readonly user: UserRef;
  readonly conversationId: string;
  readonly log: LogEntry[] = [];
  chat: ChatLog;
  readonly startedAt: number;
  private readonly listeners = new Set<(e: LogEntry) => void>();
  private seq = 0;
  private inputs = 0;
  private bots = 0;
  private readonly choices = new Map<string, readonly Choice[]>();
  private queue: Promise<unknown> = Promise.resolve();
  private expect: Expect | undefined;
  lastStep: string | undefined;
  /** When a request last used this session (wall clock): idle sessions are dropped from memory. */
  lastUsed = Date.now();

  constructor(readonly key: string, public locale: string, engine: Engine, private readonly clock: Clock) {
    this.address = addressOfKey(key);
    this.user = { ...userOfKey(key), name: 'Playground tester' };
    this.conversationId = engine.conversationIdFor(this.address, this.user);
    this.startedAt = clock.now();
    this.chat = this.newChat();
  }

  private newChat(): ChatLog {
    return new ChatLog({ title: `Playground conversation ${new Date(this.startedAt).toISOString()}`, locale: this.locale, startedAt: this.startedAt });
  }

  /** "Forget me": the log replayed to the page and the `.chat` start again empty; the page keeps its key and stream. */
  forgetHistory(): void {
    this.log.length = 0;
    this.choices.clear();
    this.lastStep = undefined;
    this.chat = this.newChat();
  }

  nextInputId(kind: string): string {
    return `web.${this.key}.${kind}.${++this.inputs}`;
  }

  nextBotId(): string {
    return `m${++this.bots}`;
  }

  /** The choices a bot message offered: a card press naming one is written as `user clicks:`. */
  choicesOf(messageId: string): readonly Choice[] {
    return this.choices.get(messageId) ?? [];
  }

  rememberChoices(messageId: string, choices: readonly Choice[]): void {
    this.choices.set(messageId, choices);
  }

  push(entry: Entry): LogEntry {
    const full = { ...entry, seq: ++this.seq, at: this.clock.now() } as LogEntry;
    this.log.push(full);
    if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
    for (const l of this.listeners) l(full);
    return full;
  }

  since(seq: number): LogEntry[] {
    return this.log.filter((e) => e.seq > seq);
  }

  subscribe(listener: (e: LogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Idle: no page watches it and no request used it for `idleMs`. */
  idle(now: number, idleMs: number): boolean {
    return this.listeners.size === 0 && now - this.lastUsed >= idleMs;
  }

  /** Page-started turns run one at a time, and while one runs its replies belong to it. */
  exclusive<T>(expect: Expect, fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      this.expect = expect;
      try { return await fn(); } finally { this.expect = undefined; }
    });
    this.queue = run.then(() => undefined, () => undefined);
    return run;
  }

  expects(turnId: string): boolean {
    return this.expect?.(turnId) ?? false;
  }

  /** Where the bot entry `id` came from, and what a card press there looked like to the reader. */
  botEntry(id: string): Extract<LogEntry, { kind: 'bot' }> | undefined {
    return this.log.find((e): e is Extract<LogEntry, { kind: 'bot' }> => e.kind === 'bot' && e.id === id);
  }

  /** Teams shows a pressed card as a used copy; Webex leaves it as it was. */
  pressed(messageId: string | undefined, channel: WebChannel | undefined, value: Record<string, unknown>, title?: string): void {
    if (channel !== 'teams' || messageId === undefined) return;
    const bot = this.botEntry(messageId);
    const views = bot ? teamsAfterPress(bot.views.teams, value, title) : undefined;
    if (views) this.push({ kind: 'update', id: messageId, channel: 'teams', views });
  }
}

/** The values of a conversation that differ on every run: written as patterns in the `.chat`. */
export function volatileValues(snap: Snapshot | undefined): string[] {
  const ctx = snap?.context;
  return [ctx?.orderId, ctx?.orderId ? orderNumber(ctx.orderId) : undefined, ctx?.handoff?.caseId, ctx?.payment?.paymentId]
    .filter((v): v is string => typeof v === 'string');
}

export interface SessionsDeps {
  engine: Engine;
  clock: Clock;
  logger: { warn(obj: object, msg: string): void };
  /** Mail sent to this conversation so far (the local outbox), for `mail:` steps. */
  mails(session: WebSession): Promise<PanelMail[]>;
  /** Sessions held in memory at most (PLAYGROUND_MAX_SESSIONS); default 100. */
  maxSessions?: number;
  /** A session unused this long with no page watching is dropped (PLAYGROUND_SESSION_IDLE_MS); default 30 minutes. */
  idleMs?: number;
  /** Wall-clock milliseconds (memory is a real-time matter, not the bot's virtual clock). */
  now?: () => number;
}

/** No new playground conversation fits in memory now (every one is in use). */
export class SessionsFullError extends Error {
  constructor(max: number) {
    super(`the playground holds ${max} conversations, all in use: try again later`);
    this.name = 'SessionsFullError';
  }
}

/** Every page's session, and the 'web' channel's sender that feeds them. */
export function createSessions(deps: SessionsDeps) {
  const { engine, clock } = deps;
  const byKey = new Map<string, WebSession>();
  const byConversation = new Map<string, WebSession>();
  const maxSessions = deps.maxSessions ?? 100;
  const idleMs = deps.idleMs ?? 1_800_000;
  const now = deps.now ?? Date.now;

  const drop = (key: string): void => {
    const s = byKey.get(key);
    if (!s) return;
    byKey.delete(key);
    byConversation.delete(s.conversationId);
  };

  /** Drops idle sessions (their conversations stay in the store; only the page's history in memory goes). */
  const evictIdle = (): number => {
    const t = now();
    let evicted = 0;
    for (const [key, s] of byKey) if (s.idle(t, idleMs)) { drop(key); evicted++; }
    if (evicted > 0) deps.logger.warn({ evicted, left: byKey.size }, 'idle playground sessions dropped from memory');
    return evicted;
  };

  const touched = (s: WebSession | undefined): WebSession | undefined => {
    if (s) s.lastUsed = now();
    return s;
  };

  const get = (key: string, locale: string): WebSession => {
    const known = touched(byKey.get(key));
    if (known) return known;
    evictIdle();
    if (byKey.size >= maxSessions) throw new SessionsFullError(maxSessions);
    const s = new WebSession(key, locale, engine, clock);
    s.lastUsed = now();
    byKey.set(key, s);
    byConversation.set(s.conversationId, s);
    return s;
  };

  /** After a turn: accounts found become `@account` directives, and the step is remembered for the next cause. */
  async function settle(s: WebSession): Promise<Snapshot | undefined> {
    const snap = (await engine.peek(s.conversationId))?.snapshot;
    const account = snap?.context.account;
    if (account) s.chat.account(account.email, account.organisation);
    s.lastStep = snap?.context.step;
    return snap;
  }

  function causeOf(s: WebSession, turnId: string, snap: Snapshot | undefined): string | undefined {
    if (/^payment\..*\.PAYMENT_SUCCEEDED$/.test(turnId)) return 'event: payment succeeded';
    if (/^payment\..*\.PAYMENT_FAILED$/.test(turnId)) return 'event: payment failed';
    if (s.lastStep === 'provisioning' && snap?.context.step === 'done') return 'event: provisioning complete';
    return undefined;
  }

  const sender: ChannelSender = {
    async deliver(address, replies: Reply[]) {
      const s = byKey.get(address.id);
      if (!s) {
        // The page's history lives in memory: after a restart the conversation goes on, its earlier replies are not shown.
        deps.logger.warn({ address: address.id }, 'playground reply for a page this server has not seen; dropped');
        return;
      }
      const peeked = await engine.peek(s.conversationId);
      const turnId = peeked?.doc.seen.at(-1) ?? '';
      const mine = s.expects(turnId);
      const cause = mine ? undefined : causeOf(s, turnId, peeked?.snapshot);
      const volatile = volatileValues(peeked?.snapshot);
      for (const reply of replies) {
        const from = reply.kind === 'relay' ? 'agent' : 'bot';
        const id = s.nextBotId();
        s.rememberChoices(id, reply.choices ?? []);
        s.push({ kind: 'bot', id, from, text: reply.text, views: replyViews(reply) });
        if (mine) s.chat.botSaid(reply.text, volatile);
        else s.chat.unprompted(turnId, cause, clock.now(), reply.text, volatile);
      }
      if (!mine) await settle(s);
    },
  };

  return {
    sender,
    get,
    find: (key: string) => touched(byKey.get(key)),
    /** Sessions held in memory (footprint, tests). */
    size: () => byKey.size,
    forConversation: (conversationId: string) => byConversation.get(conversationId),
    settle,
    /** Forgets a page's session ("new conversation" makes a new key; the old one is dropped). */
    drop,
    async feedMails(s: WebSession): Promise<PanelMail[]> {
      const mails = await deps.mails(s);
      for (const m of mails) s.chat.mailed(`${m.subject}\n${m.text}`);
      return mails;
    },
  };
}
export type Sessions = ReturnType<typeof createSessions>;
