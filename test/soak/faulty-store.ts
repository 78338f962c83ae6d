import { AppError, StoreConflictError } from '../../src/services/errors.js';
import type { Store } from '../../src/services/store.port.js';

/**
 * A fault-injecting Store for soak tests. Every call of the conversation, order, timer and case stores draws a
 * fault with probability `rate`: an unavailable backend, a timeout (after a delay), a 429-style throttle, or a
 * 412 storm (this save and the next `stormLength` saves of the same document lose on their etag). Faults fire
 * BEFORE the call reaches the real store, so a failed call changed nothing (ambiguous outcomes, where a write
 * landed but the caller saw an error, are the SIGKILL test's business). Transcripts are left alone: the soak
 * uses them as the ledger of replies the engine produced.
 */
export type StoreFaultKind = 'unavailable' | 'timeout' | 'throttled' | 'conflict';

export interface FaultyStoreOptions {
  rate: number;
  random: () => number;
  kinds?: readonly StoreFaultKind[];
  timeoutMs?: number;
  stormLength?: number;
}

export interface FaultyStore {
  store: Store;
  /** Faults injected so far, by kind. */
  readonly count: Record<StoreFaultKind, number>;
  /** Stops (false) or resumes (true) injecting, e.g. to let the system settle before the final checks. */
  enabled: boolean;
}

const ALL: readonly StoreFaultKind[] = ['unavailable', 'timeout', 'throttled', 'conflict'];

export function faultyStore(inner: Store, opts: FaultyStoreOptions): FaultyStore {
  const kinds = opts.kinds ?? ALL;
  const count: Record<StoreFaultKind, number> = { unavailable: 0, timeout: 0, throttled: 0, conflict: 0 };
  const storms = new Map<string, number>();
  const state = { enabled: true };

  /** Throws the drawn fault, if any; `saveKey` marks an etag-conditional save (the only place a 412 can happen). */
  async function maybeFail(op: string, saveKey?: string): Promise<void> {
    if (!state.enabled) return;
    const stormLeft = saveKey === undefined ? 0 : storms.get(saveKey) ?? 0;
    if (saveKey !== undefined && stormLeft > 0) {
      storms.set(saveKey, stormLeft - 1);
      count.conflict += 1;
      throw new StoreConflictError(`injected 412 storm on ${op}`);
    }
    if (opts.random() >= opts.rate) return;
    const usable = kinds.filter((k) => k !== 'conflict' || saveKey !== undefined);
    const kind = usable[Math.floor(opts.random() * usable.length)];
    if (kind === undefined) return;
    count[kind] += 1;
    switch (kind) {
      case 'unavailable': throw new AppError('UNAVAILABLE', `injected: store unavailable (${op})`);
      case 'throttled': throw new AppError('THROTTLED', `injected: 429 request rate too large (${op})`);
      case 'timeout':
        await new Promise((r) => { setTimeout(r, opts.timeoutMs ?? 50); });
        throw new AppError('TIMEOUT', `injected: store timeout (${op})`);
      case 'conflict':
        storms.set(saveKey ?? op, opts.stormLength ?? 2);
        throw new StoreConflictError(`injected 412 on ${op}`);
    }
  }

  const wrap = <A extends unknown[], R>(op: string, fn: (...args: A) => Promise<R>, saveKey?: (...args: A) => string | undefined) =>
    async (...args: A): Promise<R> => {
      await maybeFail(op, saveKey?.(...args));
      return fn(...args);
    };

  const { conversations: cv, orders: o, timers: t, cases: c } = inner;
  const store: Store = {
    conversations: {
      get: wrap('conversations.get', (id: string) => cv.get(id)),
      save: wrap('conversations.save', (doc, etag?: string) => cv.save(doc, etag), (doc, etag) => (etag === undefined ? undefined : `conv:${doc.id}`)),
      delete: wrap('conversations.delete', (id: string) => cv.delete(id)),
    },
    orders: {
      create: wrap('orders.create', (order) => o.create(order)),
      get: wrap('orders.get', (id: string) => o.get(id)),
      setStatus: wrap('orders.setStatus', (id: string, status, at: number) => o.setStatus(id, status, at)),
      byConversation: wrap('orders.byConversation', (id: string) => o.byConversation(id)),
    },
    timers: {
      schedule: wrap('timers.schedule', (timer) => t.schedule(timer)),
      cancel: wrap('timers.cancel', (id: string) => t.cancel(id)),
      claimDue: wrap('timers.claimDue', (now: number, limit: number, leaseMs: number) => t.claimDue(now, limit, leaseMs)),
      complete: wrap('timers.complete', (claim) => t.complete(claim)),
      nextDueAt: wrap('timers.nextDueAt', () => t.nextDueAt()),
    },
    transcripts: inner.transcripts,
    limits: inner.limits,
    records: inner.records,
    cases: {
      get: wrap('cases.get', (id: string) => c.get(id)),
      save: wrap('cases.save', (doc, etag?: string) => c.save(doc, etag), (doc, etag) => (etag === undefined ? undefined : `case:${doc.id}`)),
      list: wrap('cases.list', (filter?: Parameters<typeof c.list>[0]) => c.list(filter)),
      delete: wrap('cases.delete', (id: string) => c.delete(id)),
    },
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
  return {
    store, count,
    get enabled() { return state.enabled; },
    set enabled(v: boolean) { state.enabled = v; },
  };
}
