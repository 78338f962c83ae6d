import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError, StoreConflictError } from '../../src/services/errors.js';
import type { Store, StoredConversation } from '../../src/services/store.port.js';
import { safeId } from '../../src/services/store/ids.js';
import { conversation, order, salesCase, timer } from './fixtures.js';
import { ManualClock } from './manual-clock.js';

export interface StoreUnderTest {
  store: Store;
  /** Another instance over the same data, as a second process or bot instance opens it (memory: the same store). */
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}
export type StoreFactory = (opts: { clock: ManualClock; defaultTtlSeconds?: number }) => Promise<StoreUnderTest>;
export interface ContractOptions {
  /**
   * Expiry of a document that is written to (not read) is the server's call, by its own clock: Cosmos DB refuses
   * a replace of an expired item (404), but the local emulator never expires anything, so that one assertion
   * cannot run against it. Reads are filtered by the store clock on every backend and are always checked.
   */
  serverDecidesExpiryOnWrite?: boolean;
}

const SECOND = 1000;
/** The lease of claimed timers in these tests. */
const LEASE = 30 * SECOND;
const LONG_TEAMS_ID = `a:1${'Xy9_-'.repeat(60)}/thread?v=2#x`;

async function conflictOf(p: Promise<unknown>): Promise<StoreConflictError> {
  const e: unknown = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(StoreConflictError);
  return e as StoreConflictError;
}

/** One contract every Store passes (memory, file, Cosmos): the dialog engine relies on exactly these semantics. */
export function storeContract(name: string, factory: StoreFactory, options: ContractOptions = {}): void {
  describe(`${name} store contract`, () => {
    let clock: ManualClock;
    let sut: StoreUnderTest;
    let store: Store;
    const opened: StoreUnderTest[] = [];
    const make = async (defaultTtlSeconds?: number): Promise<StoreUnderTest> => {
      const s = await factory({ clock, ...(defaultTtlSeconds === undefined ? {} : { defaultTtlSeconds }) });
      opened.push(s);
      return s;
    };

    beforeEach(async () => {
      clock = new ManualClock();
      sut = await make();
      store = sut.store;
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.cleanup()));
    });

    describe('conversations', () => {
      it('creates, reads back equal, and answers undefined for unknown ids', async () => {
        expect(await store.conversations.get('nobody')).toBeUndefined();
        const doc = conversation('c1', clock.now());
        const etag = await store.conversations.save(doc);
        expect(typeof etag).toBe('string');
        expect(await store.conversations.get('c1')).toEqual({ value: doc, etag });
      });

      it('refuses to create over an existing conversation', async () => {
        await store.conversations.save(conversation('c1', clock.now()));
        const e = await conflictOf(store.conversations.save(conversation('c1', clock.now())));
        expect(e.code).toBe('CONFLICT');
      });

      it('replaces only with the current etag; every write yields a new etag', async () => {
        const e1 = await store.conversations.save(conversation('c1', clock.now()));
        const e2 = await store.conversations.save(conversation('c1', clock.now(), { machineVersion: 4 }), e1);
        expect(e2).not.toBe(e1);
        await conflictOf(store.conversations.save(conversation('c1', clock.now(), { machineVersion: 5 }), e1));
        await conflictOf(store.conversations.save(conversation('c1', clock.now()), 'made-up-etag'));
        await conflictOf(store.conversations.save(conversation('gone', clock.now()), e2));
        expect((await store.conversations.get('c1'))?.value.machineVersion).toBe(4);
      });

      it('round-trips the outbox and seen ids and hands out copies', async () => {
        const doc = conversation('c1', clock.now());
        doc.outbox.push({
          id: 'msg-41:1', address: { channel: 'teams', id: '19:abc@thread.v2', ref: { serviceUrl: 'https://smba' } },
          reply: { text: 'Card', card: { type: 'AdaptiveCard', version: '1.3', body: [{ type: 'TextBlock', text: 'x' }] } },
          createdAt: clock.now(), attempts: 2,
        });
        const etag = await store.conversations.save(doc);
        const got = await store.conversations.get('c1');
        expect(got?.value.outbox).toEqual(doc.outbox);
        expect(got?.value.seen).toEqual(['msg-38', 'msg-39', 'msg-40', 'msg-41']);
        got?.value.outbox.splice(0);
        doc.seen.push('mutated-after-save');
        const again = await store.conversations.get('c1');
        expect(again?.value.outbox).toHaveLength(2);
        expect(again?.value.seen).not.toContain('mutated-after-save');
        // Marking replies sent is an ordinary conditional write of a shorter outbox.
        await store.conversations.save({ ...doc, outbox: [], seen: [...doc.seen.slice(0, 4), 'msg-42'] }, etag);
        expect((await store.conversations.get('c1'))?.value).toMatchObject({ outbox: [], seen: expect.arrayContaining(['msg-42']) });
      });

      it('deletes; a re-created conversation does not accept the old etag', async () => {
        const old = await store.conversations.save(conversation('c1', clock.now()));
        await store.conversations.delete('c1');
        await store.conversations.delete('c1');
        expect(await store.conversations.get('c1')).toBeUndefined();
        await store.conversations.save(conversation('c1', clock.now()));
        await conflictOf(store.conversations.save(conversation('c1', clock.now()), old));
      });

      it('stores conversations under safeId of long channel ids', async () => {
        const id = safeId(LONG_TEAMS_ID);
        await store.conversations.save(conversation(id, clock.now()));
        expect((await store.conversations.get(safeId(LONG_TEAMS_ID)))?.value.id).toBe(id);
      });

      it('of N concurrent writers holding the same etag exactly one wins', async () => {
        const etag = await store.conversations.save(conversation('c1', clock.now()));
        const others = await Promise.all([sut.open(), sut.open()]);
        const stores = [store, ...others];
        const results = await Promise.allSettled(Array.from({ length: 9 }, (_, i) =>
          stores[i % stores.length]!.conversations.save(conversation('c1', clock.now(), { machineVersion: 100 + i }), etag)));
        const won = results.filter((r) => r.status === 'fulfilled');
        expect(won).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StoreConflictError);
        const final = await store.conversations.get('c1');
        expect(final?.etag).toBe((won[0] as PromiseFulfilledResult<string>).value);
      });

      it('loses no update when concurrent turns reload and re-apply on conflict', async () => {
        await store.conversations.save(conversation('c1', clock.now(), { seen: [] }));
        const others = await Promise.all([sut.open(), sut.open()]);
        const stores = [store, ...others];
        const turn = async (s: Store, inbound: string): Promise<number> => {
          for (let attempt = 1; ; attempt++) {
            const cur = await s.conversations.get('c1');
            if (!cur) throw new Error('conversation vanished');
            const next: StoredConversation = { ...cur.value, seen: [...cur.value.seen, inbound] };
            try {
              await s.conversations.save(next, cur.etag);
              return attempt;
            } catch (e) {
              if (!(e instanceof StoreConflictError) || attempt > 50) throw e;
            }
          }
        };
        const inbound = Array.from({ length: 8 }, (_, i) => `m${i}`);
        await Promise.all(inbound.map((m, i) => turn(stores[i % stores.length]!, m)));
        expect([...(await store.conversations.get('c1'))!.value.seen].sort()).toEqual(inbound);
      });
    });

    describe('TTL', () => {
      it('a conversation is gone once its ttlSeconds have passed since the last write', async () => {
        const etag = await store.conversations.save(conversation('c1', clock.now(), { ttlSeconds: 60 }));
        clock.advance(30 * SECOND);
        const etag2 = await store.conversations.save(conversation('c1', clock.now(), { ttlSeconds: 60 }), etag);
        clock.advance(59 * SECOND);
        expect(await store.conversations.get('c1')).toBeDefined();
        clock.advance(1 * SECOND);
        expect(await store.conversations.get('c1')).toBeUndefined();
        if (!options.serverDecidesExpiryOnWrite) await conflictOf(store.conversations.save(conversation('c1', clock.now()), etag2));
        // Gone means gone: a new draft can be created under the same id.
        await store.conversations.save(conversation('c1', clock.now(), { machineVersion: 9 }));
        expect((await store.conversations.get('c1'))?.value.machineVersion).toBe(9);
      });

      it('the store default applies to conversations without ttlSeconds; orders and timers never expire', async () => {
        const { store: s } = await make(3600);
        await s.conversations.save(conversation('c1', clock.now()));
        await s.orders.create(order('o1', 'c1', clock.now()));
        await s.timers.schedule(timer('c1', 'codeExpiry', clock.now() + 999_999 * SECOND));
        clock.advance(3599 * SECOND);
        expect(await s.conversations.get('c1')).toBeDefined();
        clock.advance(SECOND);
        expect(await s.conversations.get('c1')).toBeUndefined();
        clock.advance(365 * 86_400 * SECOND);
        expect(await s.orders.get('o1')).toBeDefined();
        expect(await s.timers.nextDueAt()).toBeDefined();
      });

      it('transcript entries expire with the store default', async () => {
        const { store: s } = await make(100);
        await s.transcripts.append('c1', [{ at: clock.now(), from: 'user', text: 'old' }]);
        clock.advance(50 * SECOND);
        await s.transcripts.append('c1', [{ at: clock.now(), from: 'bot', text: 'new' }]);
        clock.advance(50 * SECOND);
        expect((await s.transcripts.list('c1')).map((e) => e.text)).toEqual(['new']);
      });
    });

    describe('orders', () => {
      it('creates once under the idempotency key and returns the first order on retries', async () => {
        const first = order('idem-1', 'c1', clock.now());
        expect(await store.orders.create(first)).toEqual({ order: first, created: true });
        const retry = { ...order('idem-1', 'c1', clock.now() + 5), totalCents: 1 };
        expect(await store.orders.create(retry)).toEqual({ order: first, created: false });
        expect(await store.orders.get('idem-1')).toEqual(first);
        expect(await store.orders.get('unknown')).toBeUndefined();
      });

      it('concurrent creates of one key across instances create exactly one order', async () => {
        const others = await Promise.all([sut.open(), sut.open()]);
        const stores = [store, ...others];
        const results = await Promise.all(Array.from({ length: 6 }, (_, i) =>
          stores[i % stores.length]!.orders.create({ ...order('idem-2', 'c1', clock.now()), paymentId: `p${i}` })));
        expect(results.filter((r) => r.created)).toHaveLength(1);
        const winner = results.find((r) => r.created)!.order.paymentId;
        for (const r of results) expect(r.order.paymentId).toBe(winner);
      });

      it('sets the status of an existing order and refuses unknown ones', async () => {
        await store.orders.create(order('o1', 'c1', clock.now()));
        await store.orders.setStatus('o1', 'provisioning', clock.now() + 10);
        expect(await store.orders.get('o1')).toMatchObject({ status: 'provisioning', updatedAt: clock.now() + 10 });
        const e: unknown = await store.orders.setStatus('nope', 'provisioned', 1).then(() => undefined, (x: unknown) => x);
        expect(isAppError(e, 'NOT_FOUND')).toBe(true);
      });

      it('lists a conversation’s orders in placing order, keeping unsafe ids intact', async () => {
        const unsafe = `${LONG_TEAMS_ID}:order`;
        await store.orders.create(order('o2', 'c1', clock.now() + 2));
        await store.orders.create(order(unsafe, 'c1', clock.now() + 1));
        await store.orders.create(order('o3', 'c2', clock.now()));
        expect((await store.orders.byConversation('c1')).map((o) => o.id)).toEqual([unsafe, 'o2']);
        expect(await store.orders.byConversation('c3')).toEqual([]);
        expect((await store.orders.get(unsafe))?.id).toBe(unsafe);
      });
    });

    describe('timers', () => {
      it('schedules, moves, cancels and reports the next due time', async () => {
        const t0 = clock.now();
        expect(await store.timers.nextDueAt()).toBeUndefined();
        await store.timers.schedule(timer('c1', 'codeExpiry', t0 + 600 * SECOND));
        await store.timers.schedule(timer('c2', 'claim', t0 + 300 * SECOND));
        expect(await store.timers.nextDueAt()).toBe(t0 + 300 * SECOND);
        await store.timers.schedule(timer('c2', 'claim', t0 + 900 * SECOND));
        expect(await store.timers.nextDueAt()).toBe(t0 + 600 * SECOND);
        await store.timers.cancel('c1:codeExpiry');
        await store.timers.cancel('c1:codeExpiry');
        expect(await store.timers.nextDueAt()).toBe(t0 + 900 * SECOND);
        expect(await store.timers.claimDue(t0 + 899 * SECOND, 10, LEASE)).toEqual([]);
      });

      it('claims due timers once, earliest first, up to the limit', async () => {
        const t0 = clock.now();
        const unsafe = timer(LONG_TEAMS_ID, 'provisioningCheck', t0 + 1);
        await store.timers.schedule(timer('c1', 'b', t0 + 3));
        await store.timers.schedule(timer('c1', 'a', t0 + 2));
        await store.timers.schedule(unsafe);
        await store.timers.schedule(timer('c1', 'later', t0 + 100));
        expect((await store.timers.claimDue(t0 + 10, 2, LEASE)).map((t) => t.id)).toEqual([unsafe.id, 'c1:a']);
        const [b, ...none] = await store.timers.claimDue(t0 + 10, 10, LEASE);
        expect(none).toEqual([]);
        expect(b).toMatchObject({ ...timer('c1', 'b', t0 + 3), leaseUntil: t0 + 10 + LEASE, claimToken: expect.any(String) });
        expect(await store.timers.claimDue(t0 + 10, 10, LEASE)).toEqual([]);
        expect(await store.timers.nextDueAt()).toBe(t0 + 100);
      });

      it('a claim is a lease: the timer stays, invisible to every claimer until the lease lapses, then due again as it was', async () => {
        const t0 = clock.now();
        await store.timers.schedule(timer('c1', 'provisioning', t0 + 5));
        const [first, ...rest] = await store.timers.claimDue(t0 + 5, 10, LEASE);
        expect(rest).toEqual([]);
        expect(first).toMatchObject(timer('c1', 'provisioning', t0 + 5));
        const other = await sut.open();
        expect(await other.timers.claimDue(t0 + 5, 10, LEASE)).toEqual([]);
        expect(await store.timers.claimDue(t0 + 5 + LEASE - 1, 10, LEASE)).toEqual([]);
        // The claimer never completed (its turn failed, its process died): the same timer, same dueAt, comes back.
        const [again, ...more] = await other.timers.claimDue(t0 + 5 + LEASE, 10, LEASE);
        expect(more).toEqual([]);
        expect(again).toMatchObject({ ...timer('c1', 'provisioning', t0 + 5), leaseUntil: t0 + 5 + 2 * LEASE });
        expect(again?.claimToken).not.toBe(first?.claimToken);
        // The first claim lapsed and was taken over: it no longer removes the timer; the live claim does.
        expect(await store.timers.complete(first!)).toBe(false);
        expect(await store.timers.nextDueAt()).toBe(t0 + 5 + 2 * LEASE);
        expect(await other.timers.complete(again!)).toBe(true);
        expect(await store.timers.complete(again!)).toBe(false);
        expect(await store.timers.nextDueAt()).toBeUndefined();
        expect(await store.timers.claimDue(t0 + 10 * LEASE, 10, LEASE)).toEqual([]);
      });

      it('nextDueAt reports a leased timer at its lease end, so a sleeping sweeper wakes for a lapsed claim', async () => {
        const t0 = clock.now();
        await store.timers.schedule(timer('c1', 'claim', t0 + 10));
        await store.timers.schedule(timer('c2', 'claim', t0 + 20));
        await store.timers.schedule(timer('c3', 'claim', t0 + 3 * LEASE));
        expect((await store.timers.claimDue(t0 + 20, 10, LEASE)).map((t) => t.id)).toEqual(['c1:claim', 'c2:claim']);
        expect(await store.timers.nextDueAt()).toBe(t0 + 20 + LEASE);
        clock.advance(20 + LEASE);
        expect((await store.timers.claimDue(t0 + 20 + LEASE, 1, LEASE)).map((t) => [t.id, t.dueAt])).toEqual([['c1:claim', t0 + 10]]);
        expect(await store.timers.nextDueAt()).toBe(t0 + 20 + LEASE);
      });

      it('complete leaves a timer scheduled again after the claim (even to the same time) and fails after a cancel', async () => {
        const t0 = clock.now();
        await store.timers.schedule(timer('c1', 'provisioning', t0));
        await store.timers.schedule(timer('c2', 'provisioning', t0));
        await store.timers.schedule(timer('c3', 'outbox', t0));
        const claims = await store.timers.claimDue(t0, 10, LEASE);
        const claim = (id: string) => claims.find((c) => c.id === id)!;
        expect(claims.map((c) => c.id)).toEqual(['c1:provisioning', 'c2:provisioning', 'c3:outbox']);
        // The turn re-schedules its own timer (a retry 5 s on); another turn re-arms c3 to the very same time.
        await store.timers.schedule(timer('c1', 'provisioning', t0 + 5000));
        await store.timers.schedule(timer('c3', 'outbox', t0));
        // A claim handed back to schedule keeps the port's fields only: no lease, no token.
        await store.timers.schedule({ ...claim('c2:provisioning'), dueAt: t0 + 7000 });
        for (const id of ['c1:provisioning', 'c2:provisioning', 'c3:outbox']) expect(await store.timers.complete(claim(id))).toBe(false);
        expect(await store.timers.nextDueAt()).toBe(t0);
        const due = await store.timers.claimDue(t0 + 7000, 10, LEASE);
        expect(due.map((t) => [t.id, t.dueAt])).toEqual([['c3:outbox', t0], ['c1:provisioning', t0 + 5000], ['c2:provisioning', t0 + 7000]]);
        // Cancelling a claimed timer removes it; its claim then completes nothing and nothing comes back.
        await store.timers.cancel('c1:provisioning');
        expect(await store.timers.complete(due.find((t) => t.id === 'c1:provisioning')!)).toBe(false);
        for (const t of due.filter((x) => x.id !== 'c1:provisioning')) expect(await store.timers.complete(t)).toBe(true);
        expect(await store.timers.nextDueAt()).toBeUndefined();
        expect(await store.timers.claimDue(t0 + 100 * LEASE, 10, LEASE)).toEqual([]);
      });

      it('concurrent claimers on several instances fire every due timer exactly once', async () => {
        const t0 = clock.now();
        const ids = Array.from({ length: 24 }, (_, i) => `c${i}:check`);
        await Promise.all(ids.map((id, i) => store.timers.schedule(timer(`c${i}`, 'check', t0 + i))));
        await store.timers.schedule(timer('future', 'check', t0 + 10_000));
        const stores = [store, ...(await Promise.all([sut.open(), sut.open(), sut.open()]))];
        const fired: string[] = [];
        await Promise.all(stores.flatMap((s) => [0, 1].map(async () => {
          for (;;) {
            const got = await s.timers.claimDue(t0 + 1000, 4, LEASE);
            if (got.length === 0) return;
            fired.push(...got.map((t) => t.id));
            for (const t of got) expect(await s.timers.complete(t)).toBe(true);
          }
        })));
        expect([...fired].sort()).toEqual([...ids].sort());
        expect(await store.timers.nextDueAt()).toBe(t0 + 10_000);
      });

      it('concurrent claimers of leased timers whose leases lapsed re-claim each exactly once', async () => {
        const t0 = clock.now();
        const ids = Array.from({ length: 12 }, (_, i) => `c${i}:check`);
        await Promise.all(ids.map((id, i) => store.timers.schedule(timer(`c${i}`, 'check', t0 + i))));
        expect(await store.timers.claimDue(t0 + 100, 100, LEASE)).toHaveLength(ids.length);
        const stores = [store, ...(await Promise.all([sut.open(), sut.open()]))];
        const claimAll = async (now: number): Promise<string[]> => {
          const fired: string[] = [];
          await Promise.all(stores.flatMap((s) => [0, 1].map(async () => {
            for (;;) {
              const got = await s.timers.claimDue(now, 3, LEASE);
              if (got.length === 0) return;
              fired.push(...got.map((t) => t.id));
            }
          })));
          return fired.sort();
        };
        expect(await claimAll(t0 + 100 + LEASE - 1)).toEqual([]);
        expect(await claimAll(t0 + 100 + LEASE)).toEqual([...ids].sort());
      });
    });

    describe('transcripts', () => {
      it('appends in order, lists the most recent with a limit, and deletes per conversation', async () => {
        const at = clock.now();
        expect(await store.transcripts.list('c1')).toEqual([]);
        await store.transcripts.append('c1', [{ at, from: 'user', text: 'upgrade' }, { at, from: 'bot', text: 'Which plan?', step: 'plan' }]);
        await store.transcripts.append('c1', []);
        await store.transcripts.append('c1', [{ at: at + 1, from: 'user', text: 'suite' }]);
        await store.transcripts.append(LONG_TEAMS_ID, [{ at, from: 'agent', text: 'hello' }]);
        expect((await store.transcripts.list('c1')).map((e) => e.text)).toEqual(['upgrade', 'Which plan?', 'suite']);
        expect(await store.transcripts.list('c1', 2)).toEqual([
          { at, from: 'bot', text: 'Which plan?', step: 'plan' }, { at: at + 1, from: 'user', text: 'suite' },
        ]);
        await store.transcripts.delete('c1');
        await store.transcripts.delete('c1');
        expect(await store.transcripts.list('c1')).toEqual([]);
        expect((await store.transcripts.list(LONG_TEAMS_ID)).map((e) => e.text)).toEqual(['hello']);
      });
    });

    describe('sales cases', () => {
      it('creates, replaces with the current etag only, and refuses a second create', async () => {
        expect(await store.cases.get('case-1')).toBeUndefined();
        const doc = salesCase('case-1', 'c1', clock.now());
        const etag = await store.cases.save(doc);
        expect((await store.cases.get('case-1'))?.value).toEqual(doc);
        await conflictOf(store.cases.save(doc));
        const claimed = { ...doc, status: 'claimed' as const, agent: { id: 'p1', name: 'Alex' }, claimedAt: clock.now() + 1 };
        const etag2 = await store.cases.save(claimed, etag);
        expect(etag2).not.toBe(etag);
        await conflictOf(store.cases.save({ ...doc, status: 'closed' }, etag));
        expect((await store.cases.get('case-1'))?.value.status).toBe('claimed');
      });

      it('lists cases oldest first, by conversation and open only, across instances', async () => {
        const t0 = clock.now();
        await store.cases.save(salesCase('case-b', LONG_TEAMS_ID, t0 + 2));
        await store.cases.save(salesCase('case-a', 'c1', t0 + 1));
        await store.cases.save({ ...salesCase('case-c', 'c1', t0 + 3), status: 'closed', endedAt: t0 + 4 });
        const other = await sut.open();
        expect((await other.cases.list()).map((c) => c.id)).toEqual(['case-a', 'case-b', 'case-c']);
        expect((await other.cases.list({ open: true })).map((c) => c.id)).toEqual(['case-a', 'case-b']);
        expect((await other.cases.list({ conversationId: 'c1' })).map((c) => c.id)).toEqual(['case-a', 'case-c']);
        expect((await other.cases.list({ conversationId: LONG_TEAMS_ID, open: true })).map((c) => c.conversationId)).toEqual([LONG_TEAMS_ID]);
      });

      it('purges a case for good, for every instance; purging twice is fine', async () => {
        await store.cases.save(salesCase('case-p', 'c1', clock.now()));
        await store.cases.save(salesCase('case-q', 'c1', clock.now() + 1));
        await store.cases.delete('case-p');
        await store.cases.delete('case-p');
        const other = await sut.open();
        expect(await other.cases.get('case-p')).toBeUndefined();
        expect((await other.cases.list({ conversationId: 'c1' })).map((c) => c.id)).toEqual(['case-q']);
      });
    });

    describe('limits', () => {
      const HOUR = 3_600 * SECOND;
      it('counts up to max within the window, refuses the next, and frees a place as the oldest leaves', async () => {
        const t0 = clock.now();
        expect(await store.limits.take('k', 'a', t0, HOUR, 2)).toEqual({ allowed: true, count: 1, freeAt: t0 + HOUR });
        expect(await store.limits.take('k', 'b', t0 + 10, HOUR, 2)).toMatchObject({ allowed: true, count: 2 });
        expect(await store.limits.take('k', 'c', t0 + 20, HOUR, 2)).toEqual({ allowed: false, count: 2, freeAt: t0 + HOUR });
        expect(await store.limits.peek('k', t0 + 20, HOUR, 2)).toMatchObject({ allowed: false, count: 2 });
        expect(await store.limits.peek('other', t0, HOUR, 2)).toEqual({ allowed: true, count: 0 });
        clock.advance(HOUR);
        expect(await store.limits.take('k', 'c', t0 + HOUR, HOUR, 2)).toEqual({ allowed: true, count: 2, freeAt: t0 + 10 + HOUR });
      });

      it('counts a replayed id once, and allows it', async () => {
        const t0 = clock.now();
        await store.limits.take('k', 'a', t0, HOUR, 1);
        expect(await store.limits.take('k', 'a', t0 + 5, HOUR, 1)).toMatchObject({ allowed: true, count: 1 });
        expect(await store.limits.take('k', 'b', t0 + 5, HOUR, 1)).toMatchObject({ allowed: false, count: 1 });
      });

      it('concurrent takes on several instances never count past max', async () => {
        const others = await Promise.all([sut.open(), sut.open()]);
        const stores = [store, ...others];
        const results = await Promise.all(Array.from({ length: 12 }, (_, i) =>
          stores[i % stores.length]!.limits.take('shared', `e${i}`, clock.now(), HOUR, 5)));
        expect(results.filter((r) => r.allowed)).toHaveLength(5);
        expect(await store.limits.peek('shared', clock.now(), HOUR, 5)).toMatchObject({ count: 5, allowed: false });
      });
    });

    describe('records', () => {
      it('writes, reads back a copy with its etag, replaces unconditionally, deletes', async () => {
        expect(await store.records.get('link:p1')).toBeUndefined();
        const value = { group: 'g1', nested: { list: [1, 2] } };
        const etag = await store.records.put('link:p1', value);
        const got = await store.records.get('link:p1');
        expect(got).toEqual({ value, etag });
        (got!.value as { group: string }).group = 'mutated';
        expect((await store.records.get('link:p1'))?.value).toEqual(value);
        const etag2 = await store.records.put('link:p1', { group: 'g2' });
        expect(etag2).not.toBe(etag);
        expect((await (await sut.open()).records.get('link:p1'))?.value).toEqual({ group: 'g2' });
        await store.records.delete('link:p1');
        await store.records.delete('link:p1');
        expect(await store.records.get('link:p1')).toBeUndefined();
      });

      it('keeps long keys with unsafe characters apart', async () => {
        await store.records.put(`chat:${LONG_TEAMS_ID}`, 'a');
        await store.records.put(`chat:${LONG_TEAMS_ID}x`, 'b');
        expect((await store.records.get(`chat:${LONG_TEAMS_ID}`))?.value).toBe('a');
        expect((await store.records.get(`chat:${LONG_TEAMS_ID}x`))?.value).toBe('b');
      });

      it('ifEtag replaces only the version read; ifAbsent creates only when nothing live is there', async () => {
        const etag = await store.records.put('pay:t1', { outcome: null });
        const next = await store.records.put('pay:t1', { outcome: 'succeeded' }, { ifEtag: etag });
        await conflictOf(store.records.put('pay:t1', { outcome: 'declined' }, { ifEtag: etag }));
        await conflictOf(store.records.put('gone', 1, { ifEtag: next }));
        await conflictOf(store.records.put('pay:t1', { outcome: 'declined' }, { ifAbsent: true }));
        expect((await store.records.get('pay:t1'))?.value).toEqual({ outcome: 'succeeded' });
        await store.records.put('fresh', 1, { ifAbsent: true });
        expect((await store.records.get('fresh'))?.value).toBe(1);
      });

      it('expires a record ttlSeconds after its last write, and then lets a claim take its place', async () => {
        await store.records.put('hold:acme', 'conv-a', { ttlSeconds: 60, ifAbsent: true });
        await store.records.put('forever', 'x');
        clock.advance(59 * SECOND);
        expect((await store.records.get('hold:acme'))?.value).toBe('conv-a');
        clock.advance(2 * SECOND);
        expect(await store.records.get('hold:acme')).toBeUndefined();
        await store.records.put('hold:acme', 'conv-b', { ttlSeconds: 60, ifAbsent: true });
        expect((await store.records.get('hold:acme'))?.value).toBe('conv-b');
        clock.advance(3_600 * SECOND);
        expect((await store.records.get('forever'))?.value).toBe('x');
      });

      it('concurrent claims of one key on several instances: exactly one wins', async () => {
        const others = await Promise.all([sut.open(), sut.open()]);
        const stores = [store, ...others];
        const results = await Promise.allSettled(Array.from({ length: 9 }, (_, i) =>
          stores[i % stores.length]!.records.put('site:acme', `conv-${i}`, { ifAbsent: true })));
        const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
        expect(won).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StoreConflictError);
        expect((await others[1]!.records.get('site:acme'))?.value).toBe(`conv-${won[0]}`);
      });
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
