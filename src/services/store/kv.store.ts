import { AppError, StoreConflictError } from '../errors.js';
import type {
  ConversationStore, LimitStore, OrderRecord, RecordStore, OrderStore, SalesCaseRecord, SalesCaseStore, Store, StoredConversation, TimerClaim, TimerRecord, TimerStore,
  TranscriptEntry, TranscriptStore, Versioned,
} from '../store.port.js';
import { clone, conversationTtl, countLimit, isExpired, limitTtlSeconds, type LimitHit, type StoreCommonConfig } from './common.js';
import type { KvBackend, KvCollection, KvEntry } from './kv.backend.js';

/** One transcript entry with its own write time, so entries expire one by one like Cosmos items do. */
interface StoredTranscriptEntry { entry: TranscriptEntry; writtenAt: number }
interface TranscriptDoc { conversationId: string; entries: StoredTranscriptEntry[] }
/** A stored timer; `leaseUntil` while a claim holds (or lapsed, until the timer is claimed again or completed). */
type LeasedTimer = TimerRecord & { leaseUntil?: number };
/** When a stored timer can next be claimed: its due time, or the end of its lease. */
const wakeAt = (t: LeasedTimer): number => Math.max(t.dueAt, t.leaseUntil ?? 0);
/** The port's fields only (a claim handed back to schedule carries its lease and token). */
const timerRecord = (t: TimerRecord): TimerRecord => ({ id: t.id, conversationId: t.conversationId, name: t.name, dueAt: t.dueAt });

/** A transcript entry's fields are all primitives: a field copy is a faithful copy, far cheaper than a JSON round trip. */
const entryCopy = (e: TranscriptEntry): TranscriptEntry =>
  (e.step === undefined ? { at: e.at, from: e.from, text: e.text } : { at: e.at, from: e.from, text: e.text, step: e.step });

/** Limit takes between two sweeps of expired limit keys. */
const LIMIT_SWEEP_EVERY = 500;

/** The Store semantics shared by the memory and file stores; the backend only provides storage and locking. */
export function createKvStore(backend: KvBackend, config: StoreCommonConfig): Store {
  const { clock, defaultTtlSeconds } = config;
  /** A private copy of what goes in or comes out, unless the backend's serialisation already makes one. */
  const own = <T>(value: T, c: KvCollection): T => (backend.serialises(c) ? value : clone(value));
  const live = <E extends Omit<KvEntry, 'doc'>>(e: E | undefined): E | undefined =>
    e && !isExpired(e.writtenAt, e.ttlSeconds, clock.now()) ? e : undefined;

  const conversations: ConversationStore = {
    async get(id) {
      const entry = await backend.read('conversations', id);
      if (!entry) return undefined;
      if (!live(entry)) {
        await purgeIfExpired('conversations', id);
        return undefined;
      }
      const found: Versioned<StoredConversation> = { value: own(entry.doc as StoredConversation, 'conversations'), etag: entry.etag };
      return found;
    },
    async save(doc, etag) {
      return backend.exclusive('conversations', doc.id, async () => {
        // Only the etag and times matter here: `head` spares parsing the document where the backend offers it.
        const current = live(backend.head ? await backend.head('conversations', doc.id) : await backend.read('conversations', doc.id));
        if (etag === undefined && current) throw new StoreConflictError(`conversation ${doc.id} already exists`);
        if (etag !== undefined && current?.etag !== etag) {
          throw new StoreConflictError(`conversation ${doc.id} changed or is gone (etag mismatch)`);
        }
        const next: KvEntry = {
          id: doc.id, etag: backend.newEtag(), writtenAt: clock.now(),
          ttlSeconds: conversationTtl(doc.ttlSeconds, defaultTtlSeconds), doc: own(doc, 'conversations'),
        };
        await backend.write('conversations', next);
        return next.etag;
      });
    },
    async delete(id) {
      await backend.exclusive('conversations', id, () => backend.remove('conversations', id));
    },
    ...(backend.head ? { etagOf: async (id: string) => live(await backend.head!('conversations', id))?.etag } : {}),
  };

  /** Expired documents are gone for readers at once; the file is removed here so folders do not fill up. */
  async function purgeIfExpired(collection: 'conversations', id: string): Promise<void> {
    await backend.exclusive(collection, id, async () => {
      const entry = await backend.read(collection, id);
      if (entry && !live(entry)) await backend.remove(collection, id);
    });
  }

  const orders: OrderStore = {
    async create(order) {
      return backend.exclusive('orders', order.id, async () => {
        const existing = await backend.read('orders', order.id);
        if (existing) return { order: own(existing.doc as OrderRecord, 'orders'), created: false };
        await backend.write('orders', { id: order.id, etag: backend.newEtag(), writtenAt: clock.now(), doc: own(order, 'orders') });
        return { order: clone(order), created: true };
      });
    },
    async get(id) {
      const entry = await backend.read('orders', id);
      return entry ? own(entry.doc as OrderRecord, 'orders') : undefined;
    },
    async setStatus(id, status, at) {
      await backend.exclusive('orders', id, async () => {
        const entry = await backend.read('orders', id);
        if (!entry) throw new AppError('NOT_FOUND', `order ${id} not found`);
        const doc: OrderRecord = { ...(entry.doc as OrderRecord), status, updatedAt: at };
        await backend.write('orders', { ...entry, etag: backend.newEtag(), writtenAt: clock.now(), doc });
      });
    },
    async byConversation(conversationId) {
      const all = (await backend.list('orders')).map((e) => e.doc as OrderRecord);
      return all.filter((o) => o.conversationId === conversationId)
        .sort((a, b) => a.placedAt - b.placedAt || a.id.localeCompare(b.id)).map((d) => own(d, 'orders'));
    },
  };

  const timers: TimerStore = {
    async schedule(timer) {
      // A fresh entry (new etag, no lease): a claim of the previous one can no longer complete it.
      await backend.exclusive('timers', timer.id, () =>
        backend.write('timers', { id: timer.id, etag: backend.newEtag(), writtenAt: clock.now(), doc: timerRecord(timer) }));
    },
    async cancel(id) {
      await backend.exclusive('timers', id, () => backend.remove('timers', id));
    },
    async claimDue(now, limit, leaseMs) {
      const due = (await backend.list('timers')).map((e) => e.doc as LeasedTimer).filter((t) => wakeAt(t) <= now)
        .sort((a, b) => wakeAt(a) - wakeAt(b) || a.id.localeCompare(b.id));
      const claimed: TimerClaim[] = [];
      for (const candidate of due) {
        if (claimed.length >= limit) break;
        // Re-read under the lock: another claimer may have taken it, or it was moved or cancelled since the scan.
        const won = await backend.exclusive('timers', candidate.id, async (): Promise<TimerClaim | undefined> => {
          const entry = await backend.read('timers', candidate.id);
          const timer = entry?.doc as LeasedTimer | undefined;
          if (!entry || !timer || wakeAt(timer) > now) return undefined;
          const leaseUntil = now + Math.max(1, leaseMs);
          const doc: LeasedTimer = { ...timerRecord(timer), leaseUntil };
          const next: KvEntry = { ...entry, etag: backend.newEtag(), writtenAt: clock.now(), doc };
          await backend.write('timers', next);
          // The entry's etag is the claim: any later write of this timer (claim, schedule) changes it.
          return { ...timerRecord(timer), leaseUntil, claimToken: next.etag };
        });
        if (won) claimed.push(won);
      }
      return claimed;
    },
    async complete(claim) {
      return backend.exclusive('timers', claim.id, async () => {
        const entry = await backend.read('timers', claim.id);
        if (entry?.etag !== claim.claimToken) return false;
        await backend.remove('timers', claim.id);
        return true;
      });
    },
    async nextDueAt() {
      const all = (await backend.list('timers')).map((e) => wakeAt(e.doc as LeasedTimer));
      return all.length === 0 ? undefined : Math.min(...all);
    },
  };

  const transcripts: TranscriptStore = {
    async append(conversationId, entries) {
      if (entries.length === 0) return;
      await backend.exclusive('transcripts', conversationId, async () => {
        const now = clock.now();
        const kept = (await readTranscript(conversationId)).filter((s) => !isExpired(s.writtenAt, defaultTtlSeconds, now));
        const doc: TranscriptDoc = {
          conversationId, entries: [...kept, ...entries.map((entry) => ({ entry: entryCopy(entry), writtenAt: now }))],
        };
        await backend.write('transcripts', { id: conversationId, etag: backend.newEtag(), writtenAt: now, doc });
      });
    },
    async list(conversationId, limit) {
      const now = clock.now();
      const entries = (await readTranscript(conversationId))
        .filter((s) => !isExpired(s.writtenAt, defaultTtlSeconds, now)).map((s) => entryCopy(s.entry));
      // Oldest first; a limit keeps the most recent entries (what an agent taking over needs to see).
      return limit === undefined ? entries : entries.slice(Math.max(0, entries.length - limit));
    },
    async delete(conversationId) {
      await backend.exclusive('transcripts', conversationId, () => backend.remove('transcripts', conversationId));
    },
  };

  const cases: SalesCaseStore = {
    async get(id) {
      const entry = await backend.read('cases', id);
      return entry ? { value: own(entry.doc as SalesCaseRecord, 'cases'), etag: entry.etag } : undefined;
    },
    async save(doc, etag) {
      return backend.exclusive('cases', doc.id, async () => {
        const current = await backend.read('cases', doc.id);
        if (etag === undefined && current) throw new StoreConflictError(`sales case ${doc.id} already exists`);
        if (etag !== undefined && current?.etag !== etag) throw new StoreConflictError(`sales case ${doc.id} changed (etag mismatch)`);
        const next: KvEntry = { id: doc.id, etag: backend.newEtag(), writtenAt: clock.now(), doc: own(doc, 'cases') };
        await backend.write('cases', next);
        return next.etag;
      });
    },
    async delete(id) {
      await backend.exclusive('cases', id, () => backend.remove('cases', id));
    },
    async list(filter = {}) {
      return (await backend.list('cases')).map((e) => e.doc as SalesCaseRecord)
        .filter((c) => (filter.conversationId === undefined || c.conversationId === filter.conversationId)
          && (filter.open !== true || c.status === 'queued' || c.status === 'claimed'))
        .sort((a, b) => a.openedAt - b.openedAt || a.id.localeCompare(b.id)).map((d) => own(d, 'cases'));
    },
  };

  /**
   * Limit keys nobody counts against again, and records nobody reads again, would stay for ever (the memory store
   * never expires on its own): expired ones are swept now and then.
   */
  let takesSinceSweep = 0;
  async function sweepLimits(): Promise<void> {
    takesSinceSweep = 0;
    for (const c of ['limits', 'records'] as const) {
      for (const e of await backend.list(c)) {
        if (!live(e)) await backend.exclusive(c, e.id, async () => { if (!live(await backend.read(c, e.id))) await backend.remove(c, e.id); });
      }
    }
  }
  const limits: LimitStore = {
    async take(key, id, now, windowMs, max) {
      if (++takesSinceSweep >= LIMIT_SWEEP_EVERY) await sweepLimits();
      return backend.exclusive('limits', key, async () => {
        const { result, next } = countLimit(await readHits(key), id, now, windowMs, max);
        // The document lives as long as its newest hit counts: nothing in it matters after that.
        const writtenAt = clock.now();
        if (next) await backend.write('limits', { id: key, etag: backend.newEtag(), writtenAt, ttlSeconds: limitTtlSeconds(next, windowMs, writtenAt), doc: next });
        return result;
      });
    },
    async peek(key, now, windowMs, max) {
      return countLimit(await readHits(key), undefined, now, windowMs, max).result;
    },
  };

  const records: RecordStore = {
    async get(key) {
      const entry = live(await backend.read('records', key));
      return entry ? { value: own(entry.doc, 'records'), etag: entry.etag } : undefined;
    },
    async put(key, value, write = {}) {
      if (++takesSinceSweep >= LIMIT_SWEEP_EVERY) await sweepLimits();
      return backend.exclusive('records', key, async () => {
        const current = live(await backend.read('records', key));
        if (write.ifAbsent === true && current) throw new StoreConflictError(`record ${key} exists`);
        if (write.ifEtag !== undefined && current?.etag !== write.ifEtag) throw new StoreConflictError(`record ${key} changed or is gone`);
        const next: KvEntry = {
          id: key, etag: backend.newEtag(), writtenAt: clock.now(), doc: own(value, 'records'),
          ...(write.ttlSeconds !== undefined && write.ttlSeconds > 0 ? { ttlSeconds: write.ttlSeconds } : {}),
        };
        await backend.write('records', next);
        return next.etag;
      });
    },
    async delete(key) {
      await backend.exclusive('records', key, () => backend.remove('records', key));
    },
  };

  async function readHits(key: string): Promise<LimitHit[]> {
    const entry = live(await backend.read('limits', key));
    return entry ? (entry.doc as LimitHit[]) : [];
  }

  async function readTranscript(conversationId: string): Promise<StoredTranscriptEntry[]> {
    const entry = await backend.read('transcripts', conversationId);
    return entry ? (entry.doc as TranscriptDoc).entries : [];
  }

  return {
    conversations, orders, timers, transcripts, cases, limits, records,
    ping: () => backend.ping(),
    close: () => backend.close(),
  };
}
