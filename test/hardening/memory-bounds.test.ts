/**
 * Memory stays flat under traffic (issue 10): every in-memory structure of a long-running bot is either emptied
 * when its conversation's work is over or bounded (a size cap, entries that expire, buckets that fill up again).
 * Checked by the size of each structure after many conversations, not by a heap figure (the soak reports heap
 * after GC, see test/soak). Each bound below is one the structure as it was before exceeded.
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { TtlMap } from '../../src/adapters/webex/webex-memory.js';
import { createCore } from '../../src/core.js';
import type { ChannelSender, ConversationAddress, UserRef } from '../../src/dialogs/channel.types.js';
import { DEFAULT_DATA_DIR, loadProductData } from '../../src/domain/product-data.js';
import { createIds, createVirtualClock } from '../../src/services/clock.js';
import { loadDirectoryData } from '../../src/services/directory/index.js';
import { createMemoryMailer } from '../../src/services/mail/index.js';
import { createMetrics, MAX_KIND_LABELS } from '../../src/services/metrics.js';
import { createLocalPayments } from '../../src/services/payments/index.js';
import { createSimulatedProvisioner, STARTED_KEPT } from '../../src/services/provisioning/simulated.js';
import { guardTurns, RateLimiter } from '../../src/services/rate-limit.js';
import { CASE_MESSAGES_KEPT, createLocalSalesDesk, ENDED_CASES_KEPT } from '../../src/services/sales/local-desk.js';
import { createMemoryStore } from '../../src/services/store/memory.store.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('bounded structures', () => {
  it('rate limiter: buckets that have filled up again are dropped, so it holds the keys of one refill period', () => {
    let now = 0;
    // 5 a minute: one token comes back in 12 s, so a key that took one is back to full 12 s later.
    const r = new RateLimiter({ capacity: 5, perSecond: 5 / 60 }, () => now);
    for (let i = 0; i < 10_000; i++) {
      expect(r.take(`user-${i}`)).toBe(true);
      now += 10;
    }
    // 12 s / 10 ms = 1,200 keys still refilling (it held all 10,000 before).
    expect(r.size).toBeLessThanOrEqual(1_202);
    // Still limiting: a key over its rate keeps its bucket (and is refused) whatever the pruning does.
    for (let i = 0; i < 5; i++) expect(r.take('busy')).toBe(true);
    for (let i = 0; i < 3_000; i++) { r.take(`other-${i}`); now += 1; }
    expect(r.take('busy')).toBe(false);
  });

  it('rate limiter: never more than maxKeys, even when every key is active', () => {
    const r = new RateLimiter({ capacity: 5, perSecond: 5 / 60 }, () => 0, 100);
    for (let i = 0; i < 1_000; i++) r.take(`k${i}`);
    expect(r.size).toBe(100);
  });

  it('TTL map: expired entries go as new ones are set, not only when read', () => {
    let now = 0;
    const m = new TtlMap<true>(1_000, 50_000, () => now);
    for (let i = 0; i < 10_000; i++) { m.set(`id-${i}`, true); now += 1; }
    expect(m.size).toBeLessThanOrEqual(1_002);
    expect(m.get('id-9999')).toBe(true);
    expect(m.get('id-0')).toBeUndefined();
    const capped = new TtlMap<true>(60_000, 300, () => now);
    for (let i = 0; i < 1_000; i++) capped.set(`id-${i}`, true);
    expect(capped.size).toBe(300);
  });

  it('local sales desk: ended cases beyond the latest ones and old relayed messages are forgotten; open cases stay', async () => {
    const clock = createVirtualClock(0);
    const desk = createLocalSalesDesk({ clock, ids: createIds() });
    const handoff = (conversationId: string) => ({ conversationId, reason: 'question', customer: {}, summary: 'Suite, 25 licences', recent: [] });
    const open = await desk.open(handoff('still-waiting'));
    for (let i = 0; i < ENDED_CASES_KEPT * 3; i++) {
      const { caseId } = await desk.open(handoff(`c${i}`));
      await desk.end(caseId, 'done');
      clock.advance(1);
    }
    expect(desk.size()).toBe(ENDED_CASES_KEPT + 1);
    expect(desk.get(open.caseId)?.ended).toBeUndefined();
    expect(desk.queue().map((c) => c.caseId)).toEqual([open.caseId]);
    for (let i = 0; i < CASE_MESSAGES_KEPT * 2; i++) await desk.relay(open.caseId, `message ${i}`);
    const kept = desk.get(open.caseId)?.messages ?? [];
    expect(kept).toHaveLength(CASE_MESSAGES_KEPT);
    expect(kept.at(-1)?.text).toBe(`message ${CASE_MESSAGES_KEPT * 2 - 1}`);
  });

  it('simulated provisioner keeps the latest requests only', async () => {
    const p = createSimulatedProvisioner({ delayMs: 0 });
    for (let i = 0; i < STARTED_KEPT + 500; i++) await p.start({ conversationId: `c${i}`, orderId: `o${i}`, siteUrl: `s${i}` });
    expect(p.started).toHaveLength(STARTED_KEPT);
    expect(p.started.at(-1)?.orderId).toBe(`o${STARTED_KEPT + 499}`);
  });

  it('metrics: error and retry kinds are a bounded label set (each value is a time series kept for ever)', async () => {
    const m = createMetrics();
    for (let i = 0; i < 500; i++) { m.port.error(`Error_${'x'.repeat(i % 40)}${String.fromCharCode(65 + (i % 26))}`); m.port.retry(`Kind_${i}`.replace(/\d/g, (d) => 'abcdefghij'[Number(d)] ?? '')); }
    const errors = (await m.registry.getSingleMetric('upgrade_bot_errors_total')?.get())?.values ?? [];
    const retries = (await m.registry.getSingleMetric('upgrade_bot_retries_total')?.get())?.values ?? [];
    expect(errors.length + retries.length).toBeLessThanOrEqual(MAX_KIND_LABELS + 2);
    expect(errors.find((v) => v.labels.kind === 'other')?.value).toBeGreaterThan(0);
  });

  it('metrics: a closed registry no longer keeps its sources (the app) reachable', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const made = (close: boolean): WeakRef<object> => {
      const app = { structures: new Array<number>(1_000).fill(0) };
      const m = createMetrics({ footprint: () => ({ entries: app.structures.length }) });
      if (close) m.close();
      return new WeakRef(app);
    };
    const kept = made(false);
    const released = made(true);
    await new Promise((r) => { setTimeout(r, 0); }); // WeakRef targets live until the end of the current job
    gc();
    // prom-client's default metrics observe GC for the life of the process, and hold the registry through it.
    expect(kept.deref()).toBeDefined();
    expect(released.deref()).toBeUndefined();
  });
});

describe('the engine after many conversations', () => {
  it('holds no lock, no pending outbox and no rate bucket for conversations that are over; delivered ids stay capped', async () => {
    const data = loadProductData(DEFAULT_DATA_DIR);
    const directory = await loadDirectoryData(join(DEFAULT_DATA_DIR, 'accounts.json'));
    const clock = createVirtualClock(Date.parse('2026-01-05T09:00:00Z'));
    const ids = createIds();
    const store = createMemoryStore({ clock, defaultTtlSeconds: 86_400 });
    const core = createCore({
      data, directory, store, mailer: createMemoryMailer(), clock, logger: silent, codeSecret: 'memory-test-secret',
      payments: createLocalPayments({ publicUrl: 'http://localhost', clock, ids, ttlMs: 3_600_000, onOutcome: async () => undefined }),
      provisioner: createSimulatedProvisioner({ delayMs: 60_000 }), sales: createLocalSalesDesk({ clock, ids }), claimTimeoutMs: 600_000,
      draftTtlSeconds: 86_400, defaultLocale: 'en', outboxLeaseMs: 1_000,
    });
    const perMin = (n: number) => ({ capacity: n, perSecond: n / 60 });
    const engine = guardTurns(core.engine, {
      maxMessageChars: 4_000, perUser: perMin(20), perConversation: perMin(30), defaultLocale: 'en', now: () => clock.now(), logger: silent,
    });
    let deliveries = 0;
    let failed = 0;
    const sender: ChannelSender = {
      async deliver() {
        // Every 7th delivery fails: those conversations wait in the outbox for the sweep.
        if (++deliveries % 7 === 0) { failed++; throw new Error('channel down'); }
      },
    };
    engine.registerChannel('console', sender);
    const N = 2_600; // about 12,000 replies: past the cap of the delivered ids
    const BATCH = 40;
    for (let b = 0; b < N / BATCH; b++) {
      await Promise.all(Array.from({ length: BATCH }, async (_, k) => {
        const i = b * BATCH + k;
        const address: ConversationAddress = { channel: 'console', id: `room-${i}` };
        const user: UserRef = { id: `user-${i}` };
        let seq = 0;
        for (const text of ['I want to upgrade', 'Suite', 'forget me', 'yes']) {
          await engine.handle({ kind: 'message', id: `${i}.${++seq}`, address, user, text });
        }
      }));
      clock.advance(5_000);
    }
    expect(failed).toBeGreaterThan(N / 2);
    // The sweep delivers what failed (past the lease) and deletes the forgotten conversations.
    for (let i = 0; i < 5 && (core.engine.footprint()['engine.pendingOutbox'] ?? 0) > 0; i++) {
      clock.advance(2_000);
      await engine.sweep();
    }
    const fp = engine.footprint();
    expect(fp['engine.locks']).toBe(0);
    expect(fp['engine.pendingOutbox']).toBe(0);
    expect(fp['guard.running']).toBe(0);
    // 4 turns take 4 of 20 tokens: full again 12 s (under three batches) later; only the last batches' buckets remain.
    expect(fp['guard.rateUsers']).toBeLessThanOrEqual(4 * BATCH);
    expect(fp['guard.rateConversations']).toBeLessThanOrEqual(4 * BATCH);
    expect(deliveries - failed).toBeGreaterThan(10_000);
    expect(fp['engine.delivered']).toBeLessThanOrEqual(10_000);
    // Forgotten: nothing of them is left in the store either.
    expect(await store.conversations.get(core.engine.conversationIdFor({ channel: 'console', id: 'room-7' }, { id: 'user-7' }))).toBeUndefined();
  }, 60_000);
});
