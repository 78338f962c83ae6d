import { randomUUID } from 'node:crypto';
import type { Container, ItemDefinition } from '@azure/cosmos';
import { AppError, StoreConflictError } from '../errors.js';
import type {
  ConversationStore, OrderRecord, OrderStore, SalesCaseRecord, SalesCaseStore, Store, StoredConversation, TimerClaim, TimerRecord, TimerStore,
  TranscriptEntry, TranscriptStore,
} from '../store.port.js';
import { clone, conversationTtl, isExpired } from './common.js';
import { cosmosLimits, cosmosRecords, deleteItem as deleteItemOf, readItem as readItemOf, ttlField } from './cosmos.keyed.js';
import { cosmosStatus, toAppError } from './cosmos.errors.js';
import { connectCosmos, type CosmosContext, type CosmosStoreConfig } from './cosmos.setup.js';
import { safeId } from './ids.js';

/** The port's fields only (a claim handed back to schedule carries its lease and token). */
const timerRecord = (t: TimerRecord): TimerRecord => ({ id: t.id, conversationId: t.conversationId, name: t.name, dueAt: t.dueAt });

export type { CosmosRequestInfo, CosmosStoreConfig } from './cosmos.setup.js';

/*
 * Item shapes. The port's document sits under `doc`, so Cosmos system fields (_etag, _ts, ttl) never mix with it
 * and the caller's id survives even when the item id is its hash. `writtenAt` is the store clock at the write:
 * reads treat an item as gone once `ttl` has passed by that clock, the same rule as the memory and file stores;
 * the server's own TTL purge (counted from `_ts`) removes it for good.
 */
interface ConversationItem { id: string; doc: StoredConversation; writtenAt: number; ttl?: number }
interface OrderItem { id: string; doc: OrderRecord }
/** `leaseUntil` while claimed (see TimerClaim); beside the port's record like the other system-ish fields. */
interface TimerItem { id: string; doc: TimerRecord; leaseUntil?: number }
interface CaseItem { id: string; doc: SalesCaseRecord }

interface TranscriptItem {
  id: string; conversationId: string; entries: TranscriptEntry[]; writtenAt: number; ttl?: number;
}

/** Conditional writes and queries need the server's etag back; reads hand out copies without system fields. */
type Read<T> = T & ItemDefinition & { _etag?: string };

/** Item ids for transcript batches sort in write order: clock time, then a per-process sequence. */
let transcriptSeq = 0;

/**
 * Azure Cosmos DB store: conversations (pk /id), orders (pk /id, id = idempotency key), timers (pk /id),
 * transcripts (pk /conversationId, one item per append), limits and records (cosmos.keyed.ts). Creates the database and containers when missing.
 */
export async function createCosmosStore(config: CosmosStoreConfig): Promise<Store> {
  const ctx = await connectCosmos(config);
  const { clock, defaultTtlSeconds } = config;
  const c = ctx.containers;

  const readItem = <T extends { id: string }>(container: Container, name: Parameters<CosmosContext['call']>[1], id: string) =>
    readItemOf<T>(ctx, container, name, id);

  const isLive = (item: { writtenAt: number; ttl?: number }): boolean => !isExpired(item.writtenAt, item.ttl, clock.now());

  const conversations: ConversationStore = {
    async get(id) {
      const item = await readItem<ConversationItem>(c.conversations, 'conversations', safeId(id));
      if (!item || !isLive(item) || !item._etag) return undefined;
      return { value: clone(item.doc), etag: item._etag };
    },
    async save(doc, etag) {
      const id = safeId(doc.id);
      const item: ConversationItem = {
        id, doc, writtenAt: clock.now(), ...ttlField(conversationTtl(doc.ttlSeconds, defaultTtlSeconds)),
      };
      if (etag !== undefined) return replaceIfMatch(item, etag);
      try {
        const res = await ctx.call('create', 'conversations', () => c.conversations.items.create(item));
        return res.etag;
      } catch (e) {
        if (cosmosStatus(e) !== 409) throw toAppError(e, `create conversation ${id}`);
      }
      // An item expired by our clock but not yet purged by the server is gone for readers: take its place.
      const existing = await readItem<ConversationItem>(c.conversations, 'conversations', id);
      if (existing && !isLive(existing) && existing._etag) return replaceIfMatch(item, existing._etag);
      throw new StoreConflictError(`conversation ${doc.id} already exists`);
    },
    async delete(id) {
      await deleteItem(c.conversations, 'conversations', safeId(id));
    },
  };

  async function replaceIfMatch(item: ConversationItem, etag: string): Promise<string> {
    try {
      const res = await ctx.call('replace', 'conversations', () => c.conversations.item(item.id, item.id)
        .replace(item, { accessCondition: { type: 'IfMatch', condition: etag } }));
      return res.etag;
    } catch (e) {
      // 412: someone wrote since our read; 404: deleted or expired meanwhile. Both mean "reload and re-apply".
      const status = cosmosStatus(e);
      if (status === 412 || status === 404) {
        throw new StoreConflictError(`conversation ${item.doc.id} changed or is gone (${status})`, { cause: e });
      }
      throw toAppError(e, `replace conversation ${item.id}`);
    }
  }

  const deleteItem = (container: Container, name: Parameters<CosmosContext['call']>[1], id: string, partitionKey?: string) =>
    deleteItemOf(ctx, container, name, id, partitionKey);

  const orders: OrderStore = {
    async create(order) {
      const item: OrderItem = { id: safeId(order.id), doc: order };
      try {
        await ctx.call('create', 'orders', () => c.orders.items.create(item));
        return { order: clone(order), created: true };
      } catch (e) {
        if (cosmosStatus(e) !== 409) throw toAppError(e, `create order ${order.id}`);
      }
      // The idempotency key is the item id: a retry finds the first order and never makes a second.
      const existing = await readItem<OrderItem>(c.orders, 'orders', item.id);
      if (!existing) throw new AppError('INTERNAL', `order ${order.id} conflicted but cannot be read`);
      return { order: clone(existing.doc), created: false };
    },
    async get(id) {
      const item = await readItem<OrderItem>(c.orders, 'orders', safeId(id));
      return item ? clone(item.doc) : undefined;
    },
    async setStatus(id, status, at) {
      const itemId = safeId(id);
      try {
        // A patch is one round trip and needs no etag: status and updatedAt are set together, last writer wins.
        await ctx.call('patch', 'orders', () => c.orders.item(itemId, itemId).patch([
          { op: 'set', path: '/doc/status', value: status }, { op: 'set', path: '/doc/updatedAt', value: at },
        ]));
      } catch (e) {
        if (cosmosStatus(e) === 404) throw new AppError('NOT_FOUND', `order ${id} not found`, { cause: e });
        throw toAppError(e, `set status of order ${id}`);
      }
    },
    async byConversation(conversationId) {
      const res = await query<OrderItem>(c.orders, 'orders', 'SELECT * FROM c WHERE c.doc.conversationId = @cid',
        { '@cid': conversationId });
      return res.map((i) => clone(i.doc)).sort((a, b) => a.placedAt - b.placedAt || a.id.localeCompare(b.id));
    },
  };

  async function query<T>(container: Container, name: Parameters<CosmosContext['call']>[1], sql: string,
    params: Record<string, string | number>, partitionKey?: string): Promise<Read<T>[]> {
    const spec = { query: sql, parameters: Object.entries(params).map(([n, value]) => ({ name: n, value })) };
    try {
      const res = await ctx.call('query', name, () =>
        container.items.query<Read<T>>(spec, partitionKey === undefined ? {} : { partitionKey }).fetchAll());
      return res.resources;
    } catch (e) {
      throw toAppError(e, `query ${name}`);
    }
  }

  const timers: TimerStore = {
    async schedule(timer) {
      // An upsert without `leaseUntil`: the lease ends and the new etag stops the old claim completing it.
      const item: TimerItem = { id: safeId(timer.id), doc: timerRecord(timer) };
      try {
        await ctx.call('upsert', 'timers', () => c.timers.items.upsert(item));
      } catch (e) {
        throw toAppError(e, `schedule timer ${timer.id}`);
      }
    },
    async cancel(id) {
      await deleteItem(c.timers, 'timers', safeId(id));
    },
    async claimDue(now, limit, leaseMs) {
      if (limit <= 0) return [];
      const claimed: TimerClaim[] = [];
      // Only /doc/dueAt is indexed (and containers made by earlier versions index nothing else): leased timers are
      // filtered here rather than in the query. They are the few whose turn is running or failed a moment ago.
      const iterator = c.timers.items.query<Read<TimerItem>>({
        query: 'SELECT * FROM c WHERE c.doc.dueAt <= @now ORDER BY c.doc.dueAt',
        parameters: [{ name: '@now', value: now }],
      }, { maxItemCount: limit });
      // Page through due timers until `limit` are won: under contention other instances win some of each page.
      while (claimed.length < limit && iterator.hasMoreResults()) {
        let page: Read<TimerItem>[];
        try {
          page = (await ctx.call('query', 'timers', () => iterator.fetchNext())).resources;
        } catch (e) {
          throw toAppError(e, 'query due timers');
        }
        for (const item of page) {
          if (claimed.length >= limit) break;
          if (!item._etag || (item.leaseUntil ?? 0) > now) continue;
          const won = await claimTimer(item, item._etag, now + Math.max(1, leaseMs));
          if (won) claimed.push(won);
        }
      }
      return claimed;
    },
    async complete(claim) {
      const id = safeId(claim.id);
      try {
        await ctx.call('complete', 'timers',
          () => c.timers.item(id, id).delete({ accessCondition: { type: 'IfMatch', condition: claim.claimToken } }));
        return true;
      } catch (e) {
        // 412: re-scheduled, or claimed again after the lease lapsed; 404: cancelled or completed already.
        const status = cosmosStatus(e);
        if (status === 412 || status === 404) return false;
        throw toAppError(e, `complete timer ${claim.id}`);
      }
    },
    async nextDueAt() {
      // By due time; a leased timer wakes at its lease's end, so read on until the first one without a lease
      // (nothing after it can wake earlier). The leased ones before it are the few in flight.
      const iterator = c.timers.items.query<{ dueAt: number; leaseUntil?: number }>(
        'SELECT c.doc.dueAt, c.leaseUntil FROM c ORDER BY c.doc.dueAt', { maxItemCount: 20 });
      let next: number | undefined;
      while (iterator.hasMoreResults()) {
        let page: { dueAt: number; leaseUntil?: number }[];
        try {
          page = (await ctx.call('query', 'timers', () => iterator.fetchNext())).resources;
        } catch (e) {
          throw toAppError(e, 'query next due timer');
        }
        for (const t of page) {
          if (typeof t.dueAt !== 'number') continue;
          const wake = Math.max(t.dueAt, t.leaseUntil ?? 0);
          next = next === undefined ? wake : Math.min(next, wake);
          if (t.leaseUntil === undefined || next <= t.dueAt) return next;
        }
      }
      return next;
    },
  };

  /**
   * The claim is a replace conditional on the etag we saw, writing the lease: exactly one instance gets it; a
   * timer moved, cancelled or claimed by someone else since the query gets 412 or 404. The new etag is the claim.
   */
  async function claimTimer(item: Read<TimerItem>, etag: string, leaseUntil: number): Promise<TimerClaim | undefined> {
    const doc = timerRecord(item.doc);
    const leased: TimerItem = { id: item.id, doc, leaseUntil };
    try {
      const res = await ctx.call('claim', 'timers',
        () => c.timers.item(item.id, item.id).replace(leased, { accessCondition: { type: 'IfMatch', condition: etag } }));
      if (!res.etag) throw new AppError('INTERNAL', `claim of timer ${doc.id} returned no etag`);
      return { ...doc, leaseUntil, claimToken: res.etag };
    } catch (e) {
      const status = cosmosStatus(e);
      if (status === 412 || status === 404) return undefined;
      throw toAppError(e, `claim timer ${doc.id}`);
    }
  }

  const transcripts: TranscriptStore = {
    async append(conversationId, entries) {
      if (entries.length === 0) return;
      const now = clock.now();
      transcriptSeq = (transcriptSeq + 1) % 1_000_000;
      const item: TranscriptItem = {
        id: `${String(now).padStart(15, '0')}-${String(transcriptSeq).padStart(6, '0')}-${randomUUID().slice(0, 8)}`,
        conversationId: safeId(conversationId), entries, writtenAt: now, ...ttlField(defaultTtlSeconds),
      };
      try {
        await ctx.call('create', 'transcripts', () => c.transcripts.items.create(item));
      } catch (e) {
        throw toAppError(e, `append transcript ${conversationId}`);
      }
    },
    async list(conversationId, limit) {
      const items = await readTranscript(conversationId);
      const entries = items.filter(isLive).sort((a, b) => a.id.localeCompare(b.id)).flatMap((i) => i.entries.map(clone));
      // Oldest first; a limit keeps the most recent entries, as the other stores do.
      return limit === undefined ? entries : entries.slice(Math.max(0, entries.length - limit));
    },
    async delete(conversationId) {
      const pk = safeId(conversationId);
      for (const item of await readTranscript(conversationId)) await deleteItem(c.transcripts, 'transcripts', item.id, pk);
    },
  };

  const cases: SalesCaseStore = {
    async get(id) {
      const item = await readItem<CaseItem>(c.cases, 'cases', safeId(id));
      return item?._etag ? { value: clone(item.doc), etag: item._etag } : undefined;
    },
    async save(doc, etag) {
      const item: CaseItem = { id: safeId(doc.id), doc };
      try {
        const res = etag === undefined
          ? await ctx.call('create', 'cases', () => c.cases.items.create(item))
          : await ctx.call('replace', 'cases', () => c.cases.item(item.id, item.id)
            .replace(item, { accessCondition: { type: 'IfMatch', condition: etag } }));
        return res.etag;
      } catch (e) {
        const status = cosmosStatus(e);
        if (status === 409 || status === 412 || status === 404) {
          throw new StoreConflictError(`sales case ${doc.id} changed or exists (${status})`, { cause: e });
        }
        throw toAppError(e, `save sales case ${doc.id}`);
      }
    },
    async delete(id) {
      await deleteItem(c.cases, 'cases', safeId(id));
    },
    async list(filter = {}) {
      const where: string[] = [];
      const params: Record<string, string | number> = {};
      if (filter.conversationId !== undefined) { where.push('c.doc.conversationId = @cid'); params['@cid'] = filter.conversationId; }
      if (filter.open === true) where.push("(c.doc.status = 'queued' OR c.doc.status = 'claimed')");
      const sql = `SELECT * FROM c${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
      const res = await query<CaseItem>(c.cases, 'cases', sql, params);
      return res.map((i) => clone(i.doc)).sort((a, b) => a.openedAt - b.openedAt || a.id.localeCompare(b.id));
    },
  };

  const limits = cosmosLimits(ctx, clock);
  const records = cosmosRecords(ctx, clock);

  function readTranscript(conversationId: string): Promise<Read<TranscriptItem>[]> {
    const pk = safeId(conversationId);
    // The WHERE repeats the partition key because the local emulator ignores the partitionKey option.
    return query<TranscriptItem>(c.transcripts, 'transcripts',
      'SELECT * FROM c WHERE c.conversationId = @pk', { '@pk': pk }, pk);
  }

  return {
    conversations, orders, timers, transcripts, cases, limits, records,
    async ping() {
      try {
        await ctx.call('ping', 'database', () => ctx.database.read());
      } catch (e) {
        throw toAppError(e, 'ping');
      }
    },
    async close() {
      ctx.client.dispose();
    },
  };
}
