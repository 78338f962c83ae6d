import type { ConversationAddress, UserRef } from '../dialogs/channel.types.js';
import type { Reply } from '../dialogs/reply.js';
import type { OrderDraft } from '../machines/upgrade.types.js';

/** A reply written with the state that produced it (transactional outbox), sent after the write. */
export interface OutboxItem {
  /** Unique per reply: `${inboundId}:${index}`; channels may use it to de-duplicate. */
  id: string;
  /** The reply as sent; absent when `render` says how to render it again. */
  reply?: Reply;
  /**
   * Instead of the reply, what it was rendered from: reply `index` of the prompts `says`, rendered against the state
   * stored in the same document (the one that produced it). Much smaller than the rendered text and card; a turn
   * that carries such an item into a newer state stores it rendered.
   */
  render?: { says: unknown[]; index: number };
  /** Where to send it; the conversation's own address when absent. */
  address?: ConversationAddress;
  createdAt: number;
  attempts: number;
}

export interface StoredConversation {
  /** Deterministic, Cosmos-safe (no / \ ? #), at most 128 characters. */
  id: string;
  machineVersion: number;
  /** The machine's persisted snapshot (JSON). */
  snapshot: unknown;
  address: ConversationAddress;
  user: UserRef;
  /** Replies not yet confirmed sent, in order. */
  outbox: OutboxItem[];
  /** Recently processed inbound ids (bounded), for idempotent turns. */
  seen: string[];
  createdAt: number;
  updatedAt: number;
  /** Seconds to live after the last write (drafts expire; placed orders live in the order store). */
  ttlSeconds?: number;
}

export interface Versioned<T> {
  value: T;
  etag: string;
}

export interface ConversationStore {
  /** The conversation with its etag, or undefined. */
  get(id: string): Promise<Versioned<StoredConversation> | undefined>;
  /** Creates (etag undefined) or replaces if the etag still matches; StoreConflictError otherwise. Returns the new etag. */
  save(doc: StoredConversation, etag?: string): Promise<string>;
  /** Removes the conversation ("forget me", tests). */
  delete(id: string): Promise<void>;
  /**
   * The etag of the stored conversation (undefined if none), where the store can tell it without reading the
   * document: lets a caller that kept the document it wrote last skip reading it again. Optional.
   */
  etagOf?(id: string): Promise<string | undefined>;
}

/** A placed order: the machine's order draft stored under its idempotency key, with its status. */
export interface OrderRecord extends Omit<OrderDraft, 'idempotencyKey'> {
  /** The idempotency key. */
  id: string;
  status: 'placed' | 'provisioning' | 'provisioned';
  placedAt: number;
  updatedAt: number;
}

export interface OrderStore {
  /** Creates the order under its idempotency key; an existing one is returned unchanged with created=false. */
  create(order: OrderRecord): Promise<{ order: OrderRecord; created: boolean }>;
  get(id: string): Promise<OrderRecord | undefined>;
  /** Updates the status of an existing order. */
  setStatus(id: string, status: OrderRecord['status'], at: number): Promise<void>;
  /** Orders placed in one conversation. */
  byConversation(conversationId: string): Promise<OrderRecord[]>;
}

export interface TimerRecord {
  /** `${conversationId}:${name}`: one timer of a name per conversation. */
  id: string;
  conversationId: string;
  name: string;
  dueAt: number;
}

/**
 * A timer claimed by `claimDue`, leased to its claimer (peek-lock, as a message queue would): it stays stored and
 * no one else can claim it until `leaseUntil`; the claimer `complete`s it once its work is done. If the claimer
 * fails or dies, the lease lapses and the timer is due again, with the same id and `dueAt`.
 */
export interface TimerClaim extends TimerRecord {
  /** When the claim lapses and the timer can be claimed again. */
  leaseUntil: number;
  /** Opaque: this claim and no other (a later claim, schedule or cancel of the same id ends it). */
  claimToken: string;
}

export interface TimerStore {
  /** Sets (or moves) the timer; a lease on it ends (its claim can no longer complete it). */
  schedule(timer: TimerRecord): Promise<void>;
  /** Removes the timer, claimed or not; absent is fine. */
  cancel(id: string): Promise<void>;
  /**
   * Up to `limit` timers due at `now` (dueAt passed and not leased, or their lease lapsed), earliest first, each
   * leased to this caller until `now + leaseMs`: no other caller, in this process or another instance, gets it
   * while the lease holds.
   */
  claimDue(now: number, limit: number, leaseMs: number): Promise<TimerClaim[]>;
  /**
   * Removes a claimed timer whose work is done, only if the claim still holds: a timer moved or re-scheduled since
   * the claim (even to the same dueAt), cancelled, or claimed again by someone else after the lease lapsed is left
   * as it is. True when this call removed it.
   */
  complete(claim: TimerClaim): Promise<boolean>;
  /** When the next timer is due (a leased one: when its lease lapses), for virtual clocks and sleeping sweepers. */
  nextDueAt(): Promise<number | undefined>;
}

export interface TranscriptEntry {
  at: number;
  from: 'user' | 'bot' | 'agent' | 'system';
  /** Already redacted. */
  text: string;
  step?: string;
}

export interface TranscriptStore {
  append(conversationId: string, entries: TranscriptEntry[]): Promise<void>;
  list(conversationId: string, limit?: number): Promise<TranscriptEntry[]>;
  delete(conversationId: string): Promise<void>;
}

/** Where a sales case stands: open while queued or claimed; resumed, closed or left end it. */
export type SalesCaseStatus = 'queued' | 'claimed' | 'resumed' | 'closed' | 'left';

export interface SalesCaseEvent {
  at: number;
  kind: 'queued' | 'posted' | 'claimed' | 'refused' | 'customer' | 'agent' | 'note' | 'released' | 'resumed' | 'closed'
    | 'left' | 'callback';
  /** The agent (or would-be agent) who acted, by name. */
  by?: string;
  /** Already redacted by the engine for customer text; notes and agent text as written. */
  text?: string;
}

/** A case handed to sales, with its lifecycle; kept like orders (no TTL). */
export interface SalesCaseRecord {
  id: string;
  conversationId: string;
  reason: string;
  customer: { name?: string; email?: string; emailVerified?: boolean };
  /** The draft's answers (JSON) when the case was opened. */
  summary: string;
  recent: string[];
  status: SalesCaseStatus;
  /** The case card in the sales space: which space, and the channel's id of the card (the thread's root). */
  thread?: { space: string; id: string };
  agent?: { id: string; name: string; email?: string };
  callbackContact?: string;
  taxExempt?: { certificate: string; approvedBy: string };
  events: SalesCaseEvent[];
  openedAt: number;
  claimedAt?: number;
  endedAt?: number;
  updatedAt: number;
}

export interface SalesCaseStore {
  /** The case with its etag, or undefined. */
  get(id: string): Promise<Versioned<SalesCaseRecord> | undefined>;
  /** Creates (etag undefined) or replaces if the etag still matches; StoreConflictError otherwise. Returns the new etag. */
  save(doc: SalesCaseRecord, etag?: string): Promise<string>;
  /** Cases oldest first (openedAt, then id); `open` keeps queued and claimed ones only. */
  list(filter?: { conversationId?: string; open?: boolean }): Promise<SalesCaseRecord[]>;
  /** Purges the case for good ("forget me"); deleting a missing case is not an error. */
  delete(id: string): Promise<void>;
}

/** What a limit key has counted within its window. */
export interface LimitCount {
  /** False when the event was not counted because `max` were already counted within the window. */
  allowed: boolean;
  /** Events counted within the window, this one included when it was counted. */
  count: number;
  /** When the oldest counted event leaves the window (a place frees up); undefined when nothing is counted. */
  freeAt?: number;
}

/**
 * Events counted per key in a sliding window, shared by every instance (codes mailed per email, wrong codes per
 * email). Keys are opaque to the store (callers pass hashes, never an address). A key lives as long as its window.
 */
export interface LimitStore {
  /**
   * Counts event `id` under `key` at `now` unless `max` events already fall within the `windowMs` before `now`.
   * An id counted before within the window is not counted again (a replayed turn counts once) and is allowed.
   */
  take(key: string, id: string, now: number, windowMs: number, max: number): Promise<LimitCount>;
  /** The count `take` would see, counting nothing; allowed when fewer than `max`. */
  peek(key: string, now: number, windowMs: number, max: number): Promise<LimitCount>;
}

/** How a record is written: conditions make it atomic across instances. */
export interface RecordWrite {
  /** Only if the stored record still has this etag (StoreConflictError otherwise). */
  ifEtag?: string;
  /** Only if no live record is stored under the key (StoreConflictError otherwise): a claim exactly one writer wins. */
  ifAbsent?: boolean;
  /** Expire this long after this write (> 0); without it the record stays until deleted. */
  ttlSeconds?: number;
}

/**
 * Small records that every instance must see alike (1:1 and chat links, card references, payment links, site-name
 * claims, the code secret), under caller-chosen keys (`kind:id`). Values are JSON the caller validates when reading.
 */
export interface RecordStore {
  /** The live record with its etag, or undefined (never written, deleted or expired). */
  get(key: string): Promise<Versioned<unknown> | undefined>;
  /** Writes the record, unconditionally unless `write` says otherwise. Returns the new etag. */
  put(key: string, value: unknown, write?: RecordWrite): Promise<string>;
  /** Removes the record; absent is fine. */
  delete(key: string): Promise<void>;
}

/** The whole persistence port, one implementation per backend (memory, file, cosmos). */
export interface Store {
  conversations: ConversationStore;
  orders: OrderStore;
  timers: TimerStore;
  transcripts: TranscriptStore;
  cases: SalesCaseStore;
  limits: LimitStore;
  records: RecordStore;
  /** Health for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
