import type { Locale } from '../domain/types.js';
import { MACHINE_VERSION } from '../machines/upgrade.machine.js';
import type { Effect, SystemEvent, UpgradeEvent, UserEvent } from '../machines/upgrade.types.js';
import { settleBeforeUserEvent } from '../machines/upgrade.logic.js';
import { StoreConflictError } from '../services/errors.js';
import type { OutboxItem, StoredConversation, TimerClaim, TranscriptEntry } from '../services/store.port.js';
import type { ChannelName, ChannelSender, ConversationAddress, Inbound, OutsideEvent, UserRef } from './channel.types.js';
import {
  createOutbox, leaseOf, outboxTimerOf, OUTBOX_LEASE_MS, OUTBOX_TIMER, OUTBOX_TIMER_MARGIN_MS, type ErasedDoc, type LeasedItem, type TimedDoc,
  type Unmarked,
} from './outbox.js';
import { runEffect } from './effects.js';
import { inertScope } from './inert-scope.js';
import { outboxRendering } from './outbox-render.js';
import { createKeptDocuments } from './kept-documents.js';
import type { TurnEngine, TurnOutcome } from './engine.types.js';
import { statePath, type Say } from './prompts/render.js';
import { conversationKey, restoreSnapshot, startSnapshot, viewOf, type Snapshot } from './snapshot.js';
import type { UserInput } from './understanding.types.js';
import type { Reply } from './reply.js';
import type { TurnEngineConfig } from './engine.config.js';

export type { TurnEngineConfig, TurnEngineLogger } from './engine.config.js';

const SEEN_MAX = 64;
/** Prompts whose rendered reply holds a credential (see the deferred mark in deliverOwned). */
const CREDENTIAL_SAYS: ReadonlySet<string> = new Set(['paymentLink']);
export const TIMER_LEASE_MS = 60_000;
/** Timers one sweep claims (and leases) at most. */
const TIMER_CLAIM_BATCH = 100;
const EFFECT_CHAIN_MAX = 32;
const EFFECT_TYPES = new Set<string>(['lookupAccount', 'sendCode', 'recordCodeFailure', 'checkSiteUrl', 'createPaymentLink', 'placeOrder', 'startProvisioning',
  'requestHandoff', 'relayToAgent', 'endHandoff', 'leaveCallbackContact', 'scheduleTimer', 'cancelTimer', 'forgetMe']);

type Input = { kind: 'user'; inbound: Exclude<Inbound, { kind: 'unsupported' }> } | { kind: 'outside'; event: SystemEvent; id: string };

export function localeOf(tag: string | undefined, fallback: Locale): Locale {
  if (!tag) return fallback;
  return tag.toLowerCase().startsWith('ru') ? 'ru' : tag.toLowerCase().startsWith('en') ? 'en' : fallback;
}

/** Enough words in one script to be sure of the language (so "Suite" or "ok" does not switch a Russian speaker). */
function clearlyWritten(text: string, lang: Locale): boolean {
  const words = text.match(lang === 'ru' ? /[а-яё]{3,}/giu : /\b[a-z]{3,}\b/gi) ?? [];
  return words.length >= 2;
}

/** Group conversations are keyed by user already (conversationKey); a 1:1 one belongs to the user who opened it. */
function ownedBy(doc: StoredConversation, user: UserRef): boolean {
  return doc.address.group === true || doc.user.id === user.id;
}

export function createTurnEngine(cfg: TurnEngineConfig): TurnEngine & {
  /** The stored conversation (tests, transcripts, playground). */
  peek(conversationId: string): Promise<{ doc: StoredConversation; snapshot: Snapshot } | undefined>;
  conversationIdFor(address: ConversationAddress, user: UserRef): string;
  /** Entries held in memory: turn locks, conversations with replies to re-send, delivered outbox ids. */
  footprint(): Record<string, number>;
  /**
   * Registers something that holds conversation data outside the store (mail outbox, payment links, the
   * playground's traces): called when a conversation is forgotten, before its document goes. It must be idempotent:
   * a throw keeps the document marked for erasure and the sweep calls every one again.
   */
  onForget(forget: (conversationId: string) => Promise<void> | void): void;
} {
  const { machine, data, services: svc, logger } = cfg;
  const { store, clock } = svc;
  const channels = new Map<ChannelName, ChannelSender>();
  const locks = new Map<string, Promise<unknown>>();
  const pendingOutbox = new Set<string>();
  /**
   * Outbox ids this process delivered, kept until long after they are marked sent (bounded, oldest dropped): a
   * store fault between the send and the mark must not make the sweep send a reply again. (Another instance could
   * still re-send it once its lease lapses: channels offer no idempotency key.)
   */
  const delivered = new Set<string>();
  const unmarked = new Map<string, Unmarked>();
  const kept = createKeptDocuments(store.conversations);
  const inert = inertScope(machine);

  /** One turn per conversation at a time in this process; across processes the etag decides. */
  function serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = locks.get(key) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.then(() => undefined, () => undefined);
    locks.set(key, tail);
    void tail.then(() => { if (locks.get(key) === tail) locks.delete(key); });
    return run;
  }

  function understandInput(inbound: Exclude<Inbound, { kind: 'unsupported' | 'joined' }>, snap: Snapshot, conv: string) {
    const input: UserInput = inbound.kind === 'message' ? { kind: 'text', text: inbound.text } : { kind: 'submit', value: inbound.value };
    return cfg.understand(input, viewOf(snap, data), (code) => svc.hashCode(conv, code));
  }

  const leaseMs = cfg.outboxLeaseMs ?? OUTBOX_LEASE_MS;
  const timerLeaseMs = cfg.timerLeaseMs ?? TIMER_LEASE_MS;
  /** A completed turn's timer goes; if removing it fails, its lease lapses and the repeated turn is a duplicate. */
  async function completeTimer(t: TimerClaim): Promise<void> {
    await store.timers.complete(t).catch((err: unknown) => logger.warn({ err, timer: t.id, retryAt: t.leaseUntil }, 'timer done but not removed; its turn id makes the repeat a no-op'));
  }
  const { materialise, rendered, compact } = outboxRendering(cfg.renderer, logger);
  /** Whatever holds a conversation's data outside the store, told when "forget me" deletes it (see onForget). */
  const forgetters: ((conversationId: string) => Promise<void> | void)[] = [];
  const { deliverOwned, markDue, deliverThenErase, armOutboxTimer, resend } = createOutbox({
    store, clock, logger, channels, leaseMs, pendingOutbox, delivered, unmarked, materialise, serial,
    onMarked: (from, written) => kept.marked(from, written),
    forgetElsewhere: async (conv) => { for (const forget of forgetters) await forget(conv); },
    ...(cfg.metrics ? { metrics: cfg.metrics } : {}),
  });

  /**
   * The common case of restoreSnapshot (a snapshot of this machine version that is still valid) through the shared
   * scope instead of a new actor per turn; anything else (undefined) goes to restoreSnapshot, which migrates.
   */
  function restoreCurrent(stored: unknown, version: number): { snapshot: Snapshot; migrated: false } | undefined {
    if (version !== MACHINE_VERSION) return undefined;
    let snap: Snapshot;
    try {
      [snap] = inert.run((scope) => machine.restoreSnapshot(stored as Snapshot, scope));
    } catch {
      return undefined; // restoreSnapshot repeats the attempt, logs the error and migrates
    }
    return snap.status === 'active' ? { snapshot: snap, migrated: false } : undefined;
  }

  async function turn(conv: string, input: Input): Promise<TurnOutcome> {
    const maxRetries = cfg.maxConflictRetries ?? 8;
    for (let attempt = 0; ; attempt++) {
      const now = clock.now();
      const stored = await kept.read(conv);
      const inboundId = input.kind === 'user' ? input.inbound.id : input.id;
      if (input.kind === 'user' && stored && !ownedBy(stored.value, input.inbound.user)) {
        // A 1:1 conversation is its first sender's: another sender naming its id (a forged Teams emulator activity)
        // neither reads nor changes it, and gets no answer that could carry it.
        logger.warn({ conversationId: conv, id: inboundId }, 'input from someone other than the conversation\'s owner refused');
        cfg.metrics?.refused('not_owner');
        return { conversationId: conv, step: undefined, duplicate: false, replies: [], refused: 'not_owner' };
      }
      if (stored?.value.seen.includes(inboundId)) {
        // Replies of the first run are sent by their writer while its lease lasts; lapsed ones are claimed here.
        if (stored.value.outbox.some((o) => leaseOf(o) <= now)) await resend(conv);
        else if (stored.value.outbox.some((o) => !unmarked.get(conv)?.ids.has(o.id))) pendingOutbox.add(conv);
        return { conversationId: conv, step: (stored.value.snapshot as { context?: { step?: TurnOutcome['step'] } }).context?.step, duplicate: true, replies: [] };
      }
      if (!stored && input.kind === 'outside') {
        logger.warn({ conversationId: conv, event: input.event.type }, 'outside event for an unknown conversation');
        return { conversationId: conv, step: undefined, duplicate: false, replies: [] };
      }
      const says: Say[] = [];
      const effects: Exclude<Effect, { type: 'say' }>[] = [];
      const collect = (actions: readonly { type: string; params?: unknown }[]) => {
        for (const a of actions) {
          if (a.type === 'say') says.push(a.params as Say);
          else if (EFFECT_TYPES.has(a.type)) effects.push({ type: a.type, params: a.params } as Exclude<Effect, { type: 'say' }>);
        }
      };
      let snap: Snapshot;
      let fresh = false;
      if (stored) {
        const owner = { conversationId: conv, userId: stored.value.user.id, locale: cfg.defaultLocale };
        const r = (stored.live ? { snapshot: stored.live, migrated: false as const } : undefined)
          ?? restoreCurrent(stored.value.snapshot, stored.value.machineVersion)
          ?? restoreSnapshot(machine, data, stored.value.snapshot, stored.value.machineVersion, (err) => logger.warn({ err, conversationId: conv }, 'stored state migrated'), owner);
        snap = r.snapshot;
        if (r.migrated) {
          logger.info({ conversationId: conv, from: stored.value.machineVersion, to: MACHINE_VERSION, step: snap.context.step }, 'conversation resumed after a machine update');
          says.push({ key: 'resumedAfterUpdate' }, { key: 'ask' });
        }
      } else {
        const user = input.kind === 'user' ? input.inbound.user : { id: 'unknown' };
        const locale = input.kind === 'user' ? localeOf(input.inbound.locale, cfg.defaultLocale) : cfg.defaultLocale;
        const [s, acts] = startSnapshot(machine, { conversationId: conv, userId: user.id, locale });
        snap = s;
        fresh = true;
        collect(acts);
      }
      let first: UpgradeEvent | undefined;
      const userText = input.kind === 'user' && input.inbound.kind === 'message' ? input.inbound.text : undefined;
      if (input.kind === 'user' && input.inbound.kind !== 'joined') {
        const u = understandInput(input.inbound, snap, conv);
        if (u.language && u.language !== snap.context.locale && userText && clearlyWritten(userText, u.language) && u.event.type !== 'SET_LOCALE') {
          snap = { ...snap, context: { ...snap.context, locale: u.language } } as Snapshot;
        }
        // A press on an old card that means nothing here is out of date, not misunderstood.
        const ev: UserEvent = input.inbound.kind === 'submit' && u.event.type === 'NOT_UNDERSTOOD' ? { type: 'OUT_OF_DATE' } : u.event;
        const settled = settleBeforeUserEvent(snap.context, ev.type);
        if (settled !== snap.context) snap = { ...snap, context: settled } as Snapshot;
        // A greeting that opens a conversation is answered by the opening prompt alone.
        if (!(fresh && (ev.type === 'START' || ev.type === 'NOT_UNDERSTOOD'))) first = { ...ev, at: now } as UpgradeEvent;
      } else if (input.kind === 'outside') {
        first = { ...input.event, at: now } as UpgradeEvent;
      }
      const queue: UpgradeEvent[] = first ? [first] : [];
      let chain = 0;
      let forgotten = false;
      while (queue.length && chain++ < EFFECT_CHAIN_MAX) {
        const ev = queue.shift()!;
        if (ev.type === 'FORGOTTEN' && ev.ok) forgotten = true;
        const before = effects.length;
        cfg.observe?.(snap, ev);
        const [next, actions] = inert.run((scope) => machine.transition(snap, ev, scope));
        // Events the machine raised itself (routing, confirmed proposals) were taken inside this transition too.
        // (This machine raises only its own UpgradeEvents.)
        for (const a of actions) {
          const raised = a.type === 'xstate.raise' ? (a.params as { event?: { type: string } } | undefined)?.event : undefined;
          if (raised && cfg.observe) cfg.observe(snap, raised as UpgradeEvent);
        }
        snap = next;
        collect(actions);
        for (const [i, eff] of effects.slice(before).entries()) {
          const result = await runEffect(eff, snap.context, svc, data, () => store.transcripts.list(conv, 20), logger, `${inboundId}.${before + i}`);
          if (result) queue.push({ ...result, at: clock.now() } as UpgradeEvent);
        }
      }
      if (first?.type === 'PROVISIONING_COMPLETE' && snap.context.siteReady && snap.context.orderId) {
        await store.orders.setStatus(snap.context.orderId, 'provisioned', now);
      }
      // Input the current step has no use for (a stale card's form, say) still gets an answer: the question again.
      if (input.kind === 'user' && first && says.length === 0 && effects.length === 0) says.push({ key: 'notUnderstood' }, { key: 'ask' });
      const replies: Reply[] = cfg.renderer.render(says, { value: statePath(snap.value), context: snap.context });
      const address = input.kind === 'user' ? input.inbound.address : stored!.value.address;
      const user = input.kind === 'user' ? input.inbound.user : stored!.value.user;
      // Replies whose lease lapsed (a crashed or failed sender) are claimed by this write and sent with ours.
      const leaseUntil = now + leaseMs;
      const owned = new Set<string>();
      const lapsed = new Set<string>();
      // Replies this process sent whose mark was deferred are dropped here: this write is their mark.
      const sentHere = unmarked.get(conv)?.ids;
      // Items stored as render instructions are rendered against the state that produced them, before it changes.
      const carried = (stored?.value.outbox ?? []).filter((o) => !sentHere?.has(o.id) && !delivered.has(o.id))
        .flatMap((item) => (stored && item.reply === undefined ? rendered(stored.value, item) ?? [] : [item])).map((o): OutboxItem => {
        if (leaseOf(o) > now) return o;
        owned.add(o.id);
        if (leaseOf(o) > 0) lapsed.add(o.id); // its sender may have posted it before it died: see ChannelSender.redeliver
        return { ...o, attempts: o.attempts + 1, leaseUntil } as LeasedItem;
      });
      const added = replies.map((reply, i): OutboxItem => ({ id: `${inboundId}.${i}`, reply, createdAt: now, attempts: 1, leaseUntil } as LeasedItem));
      for (const o of added) owned.add(o.id);
      const outbox: OutboxItem[] = [...carried, ...added];
      const done = snap.context.step === 'done';
      // A timer another instance might already have claimed (clock skew) is not trusted: margin before its due time.
      const timerSet = outboxTimerOf(stored?.value) > now + Math.min(OUTBOX_TIMER_MARGIN_MS, leaseMs / 2);
      const arm = owned.size > 0 && !timerSet;
      const timerAt = arm ? leaseUntil + 1 : outboxTimerOf(stored?.value);
      const doc: TimedDoc = {
        id: conv, machineVersion: MACHINE_VERSION, snapshot: machine.getPersistedSnapshot(snap), address, user, outbox,
        seen: [...(stored?.value.seen ?? []), inboundId].slice(-SEEN_MAX), createdAt: stored?.value.createdAt ?? now, updatedAt: now,
        ...(done ? {} : { ttlSeconds: cfg.draftTtlSeconds }), ...(timerAt > 0 ? { outboxTimerAt: timerAt } : {}),
        ...(forgotten ? { erase: true } : {}),
      } as ErasedDoc;
      // Stored with this turn's replies as what they were rendered from (the state is in the same document); sent
      // from the rendered ones in `doc`.
      const newIds = new Set(added.map((o) => o.id));
      const storedDoc = { ...doc, outbox: outbox.map((o, i): OutboxItem => (newIds.has(o.id) ? compact(o, says, i - carried.length) : o)) };
      let etag: string;
      try {
        if (arm) await armOutboxTimer(conv, timerAt);
        etag = await store.conversations.save(storedDoc, stored?.etag);
      } catch (err) {
        if (err instanceof StoreConflictError && attempt < maxRetries) {
          logger.info({ conversationId: conv, attempt }, 'concurrent turn; re-applying on the newer state');
          cfg.metrics?.retry('conflict');
          continue;
        }
        throw err;
      }
      if (sentHere) unmarked.delete(conv);
      if (!forgotten && snap.status === 'active') kept.keep(conv, { etag, value: doc, snapshot: snap });
      else kept.forget(conv);
      cfg.afterSave?.(conv);
      const entries: TranscriptEntry[] = [];
      if (userText !== undefined) entries.push({ at: now, from: 'user', text: cfg.redact(userText), step: snap.context.step });
      else if (input.kind === 'user' && input.inbound.kind === 'submit') entries.push({ at: now, from: 'user', text: cfg.redact(`[card] ${JSON.stringify(input.inbound.value)}`), step: snap.context.step });
      else if (input.kind === 'outside') entries.push({ at: now, from: 'system', text: input.event.type, step: snap.context.step });
      for (const r of replies) entries.push({ at: now, from: r.kind === 'relay' ? 'agent' : 'bot', text: cfg.redact(r.text), step: snap.context.step });
      if (forgotten) {
        // Nothing of this turn is kept: the reply goes out first, then the conversation is deleted, not saved again.
        await deliverThenErase({ value: doc, etag }, owned, lapsed);
        return { conversationId: conv, step: snap.context.step, duplicate: false, replies };
      }
      await store.transcripts.append(conv, entries).catch((err: unknown) => logger.warn({ err, conversationId: conv }, 'transcript not written'));
      // A reply carrying a credential (the payment link) is marked sent at once: it stays in the store for
      // milliseconds, not until the next write.
      await deliverOwned({ value: doc, etag }, owned, lapsed, !says.some((say) => CREDENTIAL_SAYS.has(say.key)));
      if (doc.outbox.length > owned.size) pendingOutbox.add(conv);
      return { conversationId: conv, step: snap.context.step, duplicate: false, replies };
    }
  }

  const engine = {
    registerChannel(name: ChannelName, sender: ChannelSender) { channels.set(name, sender); },
    onForget(forget: (conversationId: string) => Promise<void> | void) { forgetters.push(forget); },
    conversationIdFor: conversationKey,
    async handle(inbound: Inbound): Promise<TurnOutcome> {
      if (inbound.kind === 'unsupported') {
        logger.info({ id: inbound.id, reason: inbound.reason }, 'unsupported input ignored');
        return { conversationId: '', step: undefined, duplicate: false, replies: [] };
      }
      const conv = conversationKey(inbound.address, inbound.user);
      return serial(conv, () => turn(conv, { kind: 'user', inbound }));
    },
    async dispatch(ev: OutsideEvent): Promise<TurnOutcome> {
      return serial(ev.conversationId, () => turn(ev.conversationId, { kind: 'outside', event: ev.event, id: ev.id }));
    },
    async sweep(opts: { flush?: boolean } = {}) {
      let timers = 0;
      const outboxTimers: string[] = [];
      const outboxClaims = new Map<string, TimerClaim>();
      // Claimed timers are leased, not removed: one whose turn fails (or whose process dies) is due again when the
      // lease lapses, with the same dueAt, so its turn id is the same and a turn that did complete is not run twice.
      for (const t of await store.timers.claimDue(clock.now(), TIMER_CLAIM_BATCH, timerLeaseMs)) {
        if (t.name === OUTBOX_TIMER) { outboxTimers.push(t.conversationId); outboxClaims.set(t.conversationId, t); continue; }
        timers++;
        const event: SystemEvent = t.name === 'provisioning' ? { type: 'PROVISIONING_COMPLETE' } : { type: 'TIMER_FIRED', name: t.name };
        try {
          await engine.dispatch({ id: `timer.${t.id}.${t.dueAt}`, conversationId: t.conversationId, event });
        } catch (err) {
          logger.error({ err, timer: t.id, retryAt: t.leaseUntil }, 'timer turn failed; retried when its lease lapses');
          continue;
        }
        // Removed only if still this claim: a turn that scheduled the timer again keeps its new schedule.
        await completeTimer(t);
      }
      let resent = 0;
      for (const id of new Set([...pendingOutbox, ...outboxTimers])) {
        // Off the list unless this resend puts it back: replies sent but not marked (a store fault after the send)
        // count as sent in `r` but re-add the conversation (deliverOwned), so it is not forgotten with them.
        pendingOutbox.delete(id);
        const r = await serial(id, () => resend(id)).catch((err: unknown) => {
          // A store fault: remembered here, and the (claimed) outbox timer's next sweep tries again.
          logger.warn({ err, conversationId: id }, 'outbox not resent; retried by the next sweep');
          return { sent: 0, remaining: 1, nextLeaseEnd: 0 };
        });
        resent += r.sent;
        const claim = outboxClaims.get(id);
        if (r.remaining === 0 && !pendingOutbox.has(id)) {
          if (claim) await completeTimer(claim);
        } else if (!claim) {
          pendingOutbox.add(id);
        } else {
          // Still leased elsewhere, or lost a claim race: keep a durable reminder past the current lease (moving the
          // timer ends our claim). If that write fails too, the claim's own lease brings the timer back.
          pendingOutbox.add(id);
          await armOutboxTimer(id, Math.max(r.nextLeaseEnd, clock.now()) + 1)
            .catch((err: unknown) => logger.warn({ err, conversationId: id, retryAt: claim.leaseUntil }, 'outbox timer not re-armed; retried when its lease lapses'));
        }
      }
      // Deferred marks of sent replies: due ones, or all of them before the process stops.
      await markDue(opts.flush === true);
      cfg.metrics?.outboxBacklog(pendingOutbox.size);
      return { timers, resent };
    },
    footprint: () => ({
      'engine.locks': locks.size, 'engine.pendingOutbox': pendingOutbox.size, 'engine.delivered': delivered.size, 'engine.unmarked': unmarked.size, 'engine.kept': kept.size(),
    }),
    async peek(conversationId: string) {
      const cur = await store.conversations.get(conversationId);
      if (!cur) return undefined;
      const r = restoreSnapshot(machine, data, cur.value.snapshot, cur.value.machineVersion, () => undefined,
        { conversationId, userId: cur.value.user.id, locale: cfg.defaultLocale });
      return { doc: cur.value, snapshot: r.snapshot };
    },
  };
  return engine;
}
