import type { ChannelName, ChannelSender, ConversationAddress, Inbound, OutsideEvent, UserRef } from '../dialogs/channel.types.js';
import type { TurnEngine, TurnOutcome } from '../dialogs/engine.types.js';
import type { Reply } from '../dialogs/reply.js';
import type { Locale } from '../domain/types.js';
import type { Footprint, TurnMetrics } from './metrics.js';

/** A token bucket: `capacity` turns at once, refilled at `perSecond`. */
export interface BucketSpec {
  capacity: number;
  perSecond: number;
}

/**
 * Token buckets by key, bounded in memory: a bucket that has filled up again is the same as no bucket, so the least
 * recently used ones are dropped once full (two at most per take: the map holds the keys active within one refill
 * period), and beyond `maxKeys` the least recently used key is forgotten whatever its state.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly spec: BucketSpec, private readonly now: () => number, private readonly maxKeys = 50_000) {}

  /** Keys held in memory. */
  get size(): number { return this.buckets.size; }

  /** Takes one token; false when the key is over its rate. A capacity of 0 turns the limit off. */
  take(key: string): boolean {
    if (this.spec.capacity <= 0) return true;
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.spec.capacity, at: t };
    this.buckets.delete(key);
    b.tokens = Math.min(this.spec.capacity, b.tokens + (Math.max(0, t - b.at) / 1000) * this.spec.perSecond);
    b.at = t;
    const ok = b.tokens >= 1;
    if (ok) b.tokens -= 1;
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next();
      if (oldest.done !== true) this.buckets.delete(oldest.value);
    }
    // Least recently used first: drop buckets that are full by now (an absent key starts full).
    for (let i = 0; i < 2; i++) {
      const first = this.buckets.entries().next();
      if (first.done === true || first.value[0] === key) break;
      const [k, old] = first.value;
      if (old.tokens + (Math.max(0, t - old.at) / 1000) * this.spec.perSecond < this.spec.capacity) break;
      this.buckets.delete(k);
    }
    return ok;
  }
}

export interface TurnGuardConfig {
  /** Longer messages (or card submissions whose JSON is longer) are answered with a notice and not processed. */
  maxMessageChars: number;
  perUser: BucketSpec;
  perConversation: BucketSpec;
  defaultLocale: Locale;
  /** Wall-clock milliseconds (not the bot's virtual clock: a flood is a real-time thing). */
  now?: () => number;
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  metrics?: TurnMetrics;
}

type Refusal = 'too_long' | 'rate_user' | 'rate_conversation';

const NOTICES: Record<Locale, { tooLong: (max: number) => string; tooFast: string }> = {
  en: {
    tooLong: (max) => `That message is too long for me to read. Please send a shorter one (up to ${max.toLocaleString('en-US')} characters), and I'll carry on where we were.`,
    tooFast: "You're sending messages faster than I can answer. Please wait a few seconds, then send your last message again.",
  },
  ru: {
    tooLong: (max) => `Это сообщение слишком длинное. Пожалуйста, отправьте покороче (до ${max.toLocaleString('ru-RU')} символов), и мы продолжим с того же места.`,
    tooFast: 'Вы отправляете сообщения быстрее, чем я успеваю ответить. Подождите несколько секунд и отправьте последнее сообщение ещё раз.',
  },
};

function localeFor(inbound: Exclude<Inbound, { kind: 'unsupported' }>, fallback: Locale): Locale {
  const tag = inbound.locale?.toLowerCase();
  if (tag?.startsWith('ru')) return 'ru';
  if (tag?.startsWith('en')) return 'en';
  if (inbound.kind === 'message' && /[а-яё]{3,}/iu.test(inbound.text.slice(0, 2000))) return 'ru';
  return fallback;
}

function sizeOf(inbound: Exclude<Inbound, { kind: 'unsupported' }>): number {
  if (inbound.kind === 'message') return inbound.text.length;
  if (inbound.kind === 'submit') {
    try {
      return JSON.stringify(inbound.value).length;
    } catch {
      return Number.POSITIVE_INFINITY; // cyclic or otherwise unserialisable: not something a channel sends
    }
  }
  return 0;
}

// C0/C1 controls (not tab or newline), bidi overrides and isolates, and a BOM: never meaningful in a chat answer,
// and a NUL or an override stored into an address would be echoed back into cards.
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(INVISIBLE, '');
}

/** Cleans a message's text and a submission's string values (one level: channels send flat string maps). */
function cleaned(inbound: Exclude<Inbound, { kind: 'unsupported' }>): Exclude<Inbound, { kind: 'unsupported' }> {
  if (inbound.kind === 'message') return { ...inbound, text: cleanText(inbound.text) };
  if (inbound.kind === 'submit') {
    const value = Object.fromEntries(Object.entries(inbound.value).map(([k, v]) => [k, typeof v === 'string' ? cleanText(v) : v]));
    return { ...inbound, value };
  }
  return inbound;
}

/** The guard's own surface, next to the engine's. */
export interface TurnGuard {
  /** Resolves when every turn accepted so far has finished (graceful shutdown). */
  drain(): Promise<void>;
  inFlight(): number;
  /** Entries held in memory: the wrapped engine's (if it tells) and the guard's own limiters and turns in flight. */
  footprint(): Footprint;
}

/**
 * Wraps a turn engine with the limits every channel shares: message size, per-user and per-conversation rates.
 * Refused input is answered with a polite notice through the channel's sender (once per burst for rates) and never
 * reaches the engine, so the conversation's state and transcript are untouched. Accepted text loses control and bidi
 * override characters. Also times turns for metrics and tracks turns in flight for a graceful stop.
 */
export function guardTurns<E extends TurnEngine & { conversationIdFor(address: ConversationAddress, user: UserRef): string }>(engine: E, cfg: TurnGuardConfig): E & TurnGuard {
  const now = cfg.now ?? Date.now;
  const users = new RateLimiter(cfg.perUser, now);
  const conversations = new RateLimiter(cfg.perConversation, now);
  const noticed = new RateLimiter({ capacity: 1, perSecond: 1 / 10 }, now);
  const senders = new Map<ChannelName, ChannelSender>();
  const running = new Set<Promise<unknown>>();

  function track<T>(kind: 'user' | 'outside', run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const p = run().then((r) => {
      const dup = typeof r === 'object' && r !== null && (r as { duplicate?: unknown }).duplicate === true;
      cfg.metrics?.turn(kind, dup ? 'duplicate' : 'ok', (performance.now() - started) / 1000);
      return r;
    }, (err: unknown) => {
      cfg.metrics?.turn(kind, 'error', (performance.now() - started) / 1000);
      cfg.metrics?.error(err instanceof Error ? (('code' in err && typeof err.code === 'string') ? err.code : err.name) : 'unknown');
      throw err;
    });
    running.add(p);
    const done = (): void => { running.delete(p); };
    p.then(done, done);
    return p;
  }

  async function refuse(inbound: Exclude<Inbound, { kind: 'unsupported' }>, why: Refusal): Promise<TurnOutcome> {
    const conversationId = engine.conversationIdFor(inbound.address, inbound.user);
    cfg.metrics?.refused(why);
    const key = `${inbound.address.channel}:${inbound.address.id}:${inbound.user.id}`;
    // One notice per burst: a flood must not make the bot flood back.
    if (why !== 'too_long' && !noticed.take(key)) {
      cfg.logger.info({ conversationId, reason: why }, 'input refused; notice already sent');
      return { conversationId, step: undefined, duplicate: false, replies: [] };
    }
    const s = NOTICES[localeFor(inbound, cfg.defaultLocale)];
    const reply: Reply = { text: why === 'too_long' ? s.tooLong(cfg.maxMessageChars) : s.tooFast, kind: 'notice' };
    cfg.logger.warn({ conversationId, reason: why, chars: sizeOf(inbound) }, 'input refused');
    const sender = senders.get(inbound.address.channel);
    if (sender !== undefined) {
      await sender.deliver(inbound.address, [reply], inbound.user).catch((err: unknown) => {
        cfg.metrics?.error('delivery');
        cfg.logger.warn({ err, conversationId }, 'refusal notice not delivered');
      });
    }
    return { conversationId, step: undefined, duplicate: false, replies: [reply] };
  }

  const guarded: TurnEngine & TurnGuard = {
    registerChannel(name: ChannelName, sender: ChannelSender) {
      senders.set(name, sender);
      engine.registerChannel(name, sender);
    },
    handle(inbound: Inbound): Promise<TurnOutcome> {
      if (inbound.kind === 'unsupported' || inbound.kind === 'joined') return track('user', () => engine.handle(inbound));
      if (sizeOf(inbound) > cfg.maxMessageChars) return refuse(inbound, 'too_long');
      if (!users.take(`${inbound.address.channel}:${inbound.rateKey ?? inbound.user.id}`)) return refuse(inbound, 'rate_user');
      if (!conversations.take(`${inbound.address.channel}:${inbound.address.id}`)) return refuse(inbound, 'rate_conversation');
      const clean = cleaned(inbound);
      return track('user', () => engine.handle(clean));
    },
    dispatch(ev: OutsideEvent): Promise<TurnOutcome> {
      return track('outside', () => engine.dispatch(ev));
    },
    sweep(opts?: { flush?: boolean }) {
      return engine.sweep(opts);
    },
    async drain() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    inFlight: () => running.size,
    footprint: () => ({
      ...(engine as { footprint?: () => Footprint }).footprint?.(),
      'guard.rateUsers': users.size, 'guard.rateConversations': conversations.size, 'guard.notices': noticed.size, 'guard.running': running.size,
    }),
  };
  return { ...engine, ...guarded };
}
