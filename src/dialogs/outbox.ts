import type { Clock } from '../services/clock.port.js';
import { StoreConflictError } from '../services/errors.js';
import type { OutboxItem, Store, StoredConversation, Versioned } from '../services/store.port.js';
import type { ChannelName, ChannelSender } from './channel.types.js';
import type { Reply } from './reply.js';

/** An outbox item with its sending lease (kept beside the port's fields; stores keep unknown fields as written). */
export type LeasedItem = OutboxItem & { leaseUntil?: number };
export const leaseOf = (item: OutboxItem): number => (item as LeasedItem).leaseUntil ?? 0;
/**
 * The due time of the outbox timer this document's writer scheduled (kept beside the port's fields like the lease).
 * A later turn that finds it still comfortably in the future does not schedule the timer again: that timer fires
 * before the new replies' lease ends, finds them leased and re-arms past the lease (see sweep), so the backstop
 * holds with one timer write per lease period instead of one per turn.
 */
export type TimedDoc = StoredConversation & { outboxTimerAt?: number };
export const outboxTimerOf = (doc: StoredConversation | undefined): number => (doc as TimedDoc | undefined)?.outboxTimerAt ?? 0;

export const OUTBOX_LEASE_MS = 30_000;
/** The durable backstop for replies written but not sent (a crash between the write and the send). */
export const OUTBOX_TIMER = 'outbox';
export const outboxTimerId = (conversationId: string) => `${conversationId}.${OUTBOX_TIMER}`;
/** Clock skew between instances tolerated when trusting a recorded outbox timer (capped at half the lease). */
export const OUTBOX_TIMER_MARGIN_MS = 5_000;
const DELIVERED_MAX = 10_000;
const NONE: ReadonlySet<string> = new Set();
/** "Forget me" confirmed and done: the document is deleted once its replies are out (kept beside the port's fields). */
export type ErasedDoc = StoredConversation & { erase?: true };
export const toErase = (doc: StoredConversation): boolean => (doc as ErasedDoc).erase === true;

export interface OutboxDeps {
  store: Store;
  clock: Clock;
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  channels: ReadonlyMap<ChannelName, ChannelSender>;
  leaseMs: number;
  /** Conversations known to have unsent replies (the sweep's work list), shared with the engine. */
  pendingOutbox: Set<string>;
  /** Outbox ids this process delivered (bounded): never sent again by this process. */
  delivered: Set<string>;
  /** Conversations whose delivered replies are not yet marked sent in the store (see deliverOwned's `lazy`). */
  unmarked: Map<string, Unmarked>;
  metrics?: { error(kind: string): void };
  /**
   * The reply of an item stored as `render` (see OutboxItem), against the state of the document it is stored in;
   * undefined when it cannot be rendered any more (then it is dropped, not retried for ever).
   */
  materialise(doc: StoredConversation, item: OutboxItem): Reply | undefined;
  /** The engine's one-turn-at-a-time-per-conversation lock: a deferred mark never runs beside a turn. */
  serial<T>(conv: string, fn: () => Promise<T>): Promise<T>;
  /** A mark written over the version with etag `from` (only the outbox changed): the engine's kept document follows. */
  onMarked?(from: string, written: Versioned<StoredConversation>): void;
  /** "Forget me": what holds the conversation's data outside the store drops it (mails, payment links, traces). */
  forgetElsewhere?(conversationId: string): Promise<void>;
}

/**
 * Replies this process delivered whose removal from the stored outbox is deferred: the conversation's next turn here
 * drops them in its own write, or the sweep writes the mark once `markAt` comes (well before their lease lapses, so
 * no other instance takes them for lost). Kept per conversation, apart from the bounded `delivered` set, so a busy
 * process cannot forget which replies it owes a mark.
 */
export interface Unmarked { ids: ReadonlySet<string>; markAt: number }
/** Conversations with deferred marks held at most; past this the oldest are marked by the next sweep, due or not. */
export const UNMARKED_MAX = 10_000;

/**
 * The transactional outbox: replies are written with the state that produced them, sent after the write under a
 * lease, and marked sent; lapsed leases are claimed with a conditional write and sent by whoever comes next.
 */
export function createOutbox(deps: OutboxDeps) {
  const { store, clock, logger, channels, leaseMs, pendingOutbox, delivered, unmarked } = deps;
  const replyOf = (doc: StoredConversation, item: OutboxItem): Reply | undefined => item.reply ?? deps.materialise(doc, item);


  /**
   * Sends the given outbox items in order, stopping at the first failure; returns the ids sent. `lapsed` items were
   * claimed after another sender's lease ran out without a release: that sender may have posted them and died
   * before marking them, so a channel that can read its history (ChannelSender.redeliver) checks it first.
   * Consecutive lapsed items go in one such call, so two equal replies are not both matched to one post.
   */
  async function deliver(doc: StoredConversation, owned: ReadonlySet<string>, lapsed: ReadonlySet<string> = NONE): Promise<Set<string>> {
    const sent = new Set<string>();
    const items = doc.outbox.filter((item) => owned.has(item.id));
    for (let i = 0; i < items.length;) {
      const item = items[i]!;
      if (delivered.has(item.id)) { sent.add(item.id); i++; continue; }
      const address = item.address ?? doc.address;
      const sender = channels.get(address.channel);
      if (!sender) break;
      let batch = [item];
      if (lapsed.has(item.id) && sender.redeliver) {
        let j = i + 1;
        while (j < items.length && lapsed.has(items[j]!.id) && !delivered.has(items[j]!.id)
          && JSON.stringify(items[j]!.address ?? doc.address) === JSON.stringify(address)) j++;
        batch = items.slice(i, j);
      }
      // An item that can no longer be rendered counts as sent (materialise logged it): it must not block the rest.
      const replies = batch.map((o) => replyOf(doc, o)).filter((r): r is Reply => r !== undefined);
      try {
        if (replies.length > 0 && lapsed.has(item.id) && sender.redeliver) await sender.redeliver(address, replies, doc.user, item.createdAt);
        else if (replies.length > 0) await sender.deliver(address, replies, doc.user);
      } catch (err) {
        logger.warn({ err, conversationId: doc.id, outboxId: item.id }, 'reply not delivered; kept in the outbox');
        deps.metrics?.error('delivery');
        break; // keep order: later replies wait for this one
      }
      for (const o of batch) {
        sent.add(o.id);
        delivered.add(o.id);
        if (delivered.size > DELIVERED_MAX) delivered.delete(delivered.values().next().value ?? '');
      }
      i += batch.length;
    }
    return sent;
  }

  /**
   * Removes sent replies and releases the lease of owned ones that failed, so the sweep retries them at once.
   * The first write uses the etag of our own write (no read); a concurrent writer's outbox is merged, not lost.
   */
  async function markSent(written: Versioned<StoredConversation>, owned: ReadonlySet<string>, sent: ReadonlySet<string>): Promise<void> {
    let cur: Versioned<StoredConversation> | undefined = written;
    for (let attempt = 0; attempt < 5 && cur; attempt++) {
      const before = cur.value.outbox;
      const outbox = before.filter((o) => !sent.has(o.id))
        .map((o): OutboxItem => (owned.has(o.id) && leaseOf(o) > 0 ? { ...o, leaseUntil: 0 } as LeasedItem : o));
      if (outbox.length === before.length && before.every((o) => !owned.has(o.id) || leaseOf(o) === 0)) return;
      try {
        const next = { ...cur.value, outbox };
        const etag = await store.conversations.save(next, cur.etag);
        deps.onMarked?.(cur.etag, { value: next, etag });
        if (outbox.length > 0) pendingOutbox.add(written.value.id);
        return;
      } catch (err) {
        if (!(err instanceof StoreConflictError)) throw err;
      }
      cur = await store.conversations.get(written.value.id);
    }
  }

  /**
   * Sends the owned replies, then marks them sent. `lazy` (a turn's own new replies, all sent): the mark is deferred
   * (see Unmarked) so a turn costs one conversation write, not two; the lease keeps other senders off them meanwhile.
   * A failure is marked at once (its lease released) so the sweep retries it without waiting for the lease.
   */
  async function deliverOwned(written: Versioned<StoredConversation>, owned: ReadonlySet<string>, lapsed: ReadonlySet<string> = NONE, lazy = false): Promise<number> {
    if (owned.size === 0) return 0;
    const sent = await deliver(written.value, owned, lapsed);
    // Halfway through the lease the items hold, counted from the write, not from the end of a slow delivery: a mark
    // due after the lease lapsed lets another instance take the replies for lost and send them again (in a Webex
    // group space, or on Teams, where the history cannot be checked, the person sees them twice). Past halfway
    // already (a delivery slower than half the lease), the mark is written now.
    const leaseEnd = Math.min(...written.value.outbox.filter((o) => owned.has(o.id)).map(leaseOf));
    const markAt = Math.min(clock.now(), leaseEnd - leaseMs) + Math.floor(leaseMs / 2);
    if (lazy && sent.size === owned.size && markAt > clock.now()) {
      const conv = written.value.id;
      unmarked.delete(conv); // re-inserted last: the map stays in markAt order
      unmarked.set(conv, { ids: sent, markAt });
      return sent.size;
    }
    try {
      await markSent(written, owned, sent);
    } catch (err) {
      // Sent but not marked: the turn still succeeded; the sweep marks them (without sending them again).
      logger.warn({ err, conversationId: written.value.id }, 'replies sent but not marked; the sweep will');
      pendingOutbox.add(written.value.id);
    }
    return sent.size;
  }

  /**
   * Writes the deferred marks that are due (all of them when `flush`, and the oldest past UNMARKED_MAX): one
   * conditional write per conversation, merged with whatever a concurrent writer stored. Returns how many were marked.
   */
  async function markDue(flush = false): Promise<number> {
    const now = clock.now();
    let over = unmarked.size - UNMARKED_MAX;
    const due: [string, Unmarked][] = [];
    for (const [conv, u] of unmarked) {
      if (!flush && u.markAt > now && over <= 0) break;
      due.push([conv, u]);
      over--;
    }
    let marked = 0;
    for (const [conv, u] of due) {
      try {
        await deps.serial(conv, async () => {
          // A turn since then dropped these replies in its own write (and replaced the entry): nothing left to do.
          if (unmarked.get(conv) !== u) return;
          const cur = await store.conversations.get(conv);
          if (cur) await markSent(cur, NONE, u.ids);
          if (unmarked.get(conv) === u) unmarked.delete(conv);
          marked++;
        });
      } catch (err) {
        logger.warn({ err, conversationId: conv }, 'sent replies not marked yet; the next sweep tries again');
      }
    }
    return marked;
  }

  /**
   * "Forget me": the conversation, its transcripts and its outbox timer go, and what holds its data elsewhere drops
   * it; placed orders stay. The others go first: if one fails, the document still says erase and the sweep retries.
   */
  async function erase(conv: string): Promise<void> {
    await deps.forgetElsewhere?.(conv);
    await store.transcripts.delete(conv);
    await store.conversations.delete(conv);
    await store.timers.cancel(outboxTimerId(conv));
    pendingOutbox.delete(conv);
    unmarked.delete(conv);
    logger.info({ conversationId: conv }, 'conversation forgotten at the user\'s request');
  }

  /**
   * Delivers the last replies of a forgotten conversation, then deletes it without writing it again. If a reply
   * or the deletion fails, what was sent is marked and the sweep (resend) sends the rest and deletes.
   */
  async function deliverThenErase(written: Versioned<StoredConversation>, owned: ReadonlySet<string>, lapsed: ReadonlySet<string> = NONE): Promise<void> {
    const sent = await deliver(written.value, owned, lapsed);
    if (sent.size === owned.size) {
      try {
        await erase(written.value.id);
        return;
      } catch (err) {
        logger.warn({ err, conversationId: written.value.id }, 'forgotten conversation not deleted yet; the sweep retries');
      }
    }
    await markSent(written, owned, sent);
    pendingOutbox.add(written.value.id);
  }

  /** Scheduled before a write that adds replies: if the process dies before sending them, any instance will. */
  async function armOutboxTimer(conv: string, dueAt: number): Promise<void> {
    await store.timers.schedule({ id: outboxTimerId(conv), conversationId: conv, name: OUTBOX_TIMER, dueAt });
  }

  /**
   * Claims the replies whose lease has lapsed (conditional write), sends them and marks them sent. Replies still
   * leased by another turn or instance are left to it. Returns how many were sent and how many remain.
   */
  async function resend(conv: string): Promise<{ sent: number; remaining: number; nextLeaseEnd: number }> {
    const cur = await store.conversations.get(conv);
    if (cur && toErase(cur.value) && cur.value.outbox.length === 0) await erase(conv);
    if (!cur || cur.value.outbox.length === 0) return { sent: 0, remaining: 0, nextLeaseEnd: 0 };
    const now = clock.now();
    const owned = new Set(cur.value.outbox.filter((o) => leaseOf(o) <= now).map((o) => o.id));
    // A lease that ran out without a release (a sender that died or stalled, not one that failed and said so).
    const lapsed = new Set(cur.value.outbox.filter((o) => owned.has(o.id) && leaseOf(o) > 0).map((o) => o.id));
    const nextLeaseEnd = Math.max(...cur.value.outbox.map(leaseOf));
    if (owned.size === 0) return { sent: 0, remaining: cur.value.outbox.length, nextLeaseEnd };
    const outbox = cur.value.outbox.map((o): OutboxItem => (owned.has(o.id) ? { ...o, attempts: o.attempts + 1, leaseUntil: now + leaseMs } as LeasedItem : o));
    const claimed = { ...cur.value, outbox };
    let etag: string;
    try {
      etag = await store.conversations.save(claimed, cur.etag);
    } catch (err) {
      if (err instanceof StoreConflictError) return { sent: 0, remaining: cur.value.outbox.length, nextLeaseEnd: now };
      throw err;
    }
    if (toErase(claimed) && owned.size === outbox.length) {
      await deliverThenErase({ value: claimed, etag }, owned, lapsed);
      return { sent: owned.size, remaining: 0, nextLeaseEnd: 0 };
    }
    const sent = await deliverOwned({ value: claimed, etag }, owned, lapsed);
    return { sent, remaining: outbox.length - sent, nextLeaseEnd: now + leaseMs };
  }

  return { deliver, markSent, deliverOwned, markDue, erase, deliverThenErase, armOutboxTimer, resend };
}
