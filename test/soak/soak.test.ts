import { afterEach, describe, expect, it } from 'vitest';
import { Soak, type SoakOptions } from './soak-webex.js';

/**
 * Purchases over the Webex path while the store and the Webex API fail (see soak-webex.ts, faulty-store.ts).
 * `npm test` runs a quick one; `npm run test:soak` the full one: SOAK_CONVERSATIONS, SOAK_FAULT_RATE, SOAK_SEED.
 */
const env = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const FULL = process.env['SOAK_FULL'] === '1';
const opts: SoakOptions = {
  conversations: env('SOAK_CONVERSATIONS', FULL ? 60 : 4),
  rate: env('SOAK_FAULT_RATE', FULL ? 0.05 : 0.03),
  seed: env('SOAK_SEED', 20_260_105),
  concurrency: env('SOAK_CONCURRENCY', FULL ? 10 : 4),
};
const gc = (globalThis as { gc?: () => void }).gc;
/**
 * Heap growth allowed per purchase after warm-up. Measured 9-14 KB (the caches filling towards their caps; see
 * docs/reliability.md), give or take 10 KB of noise over 120 purchases; a bot that kept each purchase's messages and
 * records in memory (as the run does before Soak.dropRecords) grows by about 46 KB.
 */
const PER_PURCHASE_BOUND = 28 * 1024;
const mb = (n: number): number => Math.round(n / 1_048_576);

describe('soak: purchases over Webex under store and channel faults', () => {
  let soak: Soak | undefined;
  afterEach(async () => { await soak?.close(); soak = undefined; });

  it(`${opts.conversations} conversations complete with no duplicate order and no lost or doubled reply`, async () => {
    gc?.();
    const before = process.memoryUsage();
    soak = await Soak.start(opts);
    const r = await soak.run(opts);
    const footprint = soak.app.footprint();
    await soak.close();
    soak = undefined;
    gc?.();
    const after = process.memoryUsage();
    const figures = {
      ...opts, ms: r.ms, storeFaults: r.storeFaults, webexFaults: r.webexFaults,
      completed: r.results.filter((x) => x.step === 'done').length,
      redeliveries: r.results.reduce((a, x) => a + x.redeliveries, 0), askedAgain: r.results.reduce((a, x) => a + x.askedAgain, 0),
      duplicateOrders: r.results.reduce((a, x) => a + Math.max(0, x.orders - 1), 0),
      repliesSent: r.results.reduce((a, x) => a + x.botMessages, 0), repliesProduced: r.results.reduce((a, x) => a + x.ledger, 0),
      memory: { gc: gc !== undefined, rssMb: [mb(before.rss), mb(after.rss)], heapMb: [mb(before.heapUsed), mb(after.heapUsed)], footprint },
    };
    console.info('soak figures', JSON.stringify(figures));
    const injected = Object.values(r.storeFaults).reduce((a, b) => a + b, 0) + Object.values(r.webexFaults).reduce((a, b) => a + b, 0);
    expect(injected, 'faults were injected').toBeGreaterThan(opts.conversations);
    for (const c of r.results) {
      if (c.detail) console.info(c.person, JSON.stringify(c.detail, null, 1));
      expect(c.error, c.person).toBeUndefined();
      expect(c.step, c.person).toBe('done');
      expect(c.orders, `${c.person}: one order`).toBe(1);
      expect(c.botMessages, `${c.person}: every reply the engine produced reached Webex once`).toBe(c.ledger);
      expect(c.repeatedPosts, `${c.person}: no reply posted twice`).toBe(c.repeatedLedger);
    }
    // Nothing per conversation is left in the running bot once its work is over (caches are bounded: memory-bounds.test.ts).
    for (const k of ['engine.locks', 'engine.pendingOutbox', 'guard.running', 'webex.queuedRooms', 'teams.liveTurns']) expect(footprint[k], k).toBe(0);
    // Memory: what a run leaves behind in this process, after the app is stopped.
    if (gc) expect(after.heapUsed - before.heapUsed, 'heap growth').toBeLessThan(64 * 1_048_576);
  }, FULL ? 900_000 : 120_000);

  /**
   * Memory flat (issue 10): the heap after GC of the running bot after a warm-up round and again after a measured
   * round of purchases under the same faults, less what a round leaves outside the bot (the local Webex API's
   * records; conversations and transcripts, which live in the store, see Soak.dropRecords). What remains per
   * purchase is the bounded caches filling towards their caps (delivery ids, room types, emails, delivered outbox
   * ids, payment links for a day) plus one order record. Only in the full soak (npm run test:soak: --expose-gc):
   * a heap figure is too noisy for a quick run; npm test checks each structure's size instead (memory-bounds.test.ts).
   */
  it.runIf(gc !== undefined && FULL)('memory flat: heap after GC grows by less than a bound per purchase once warmed up', async () => {
    const warm = env('SOAK_MEMORY_WARMUP', 30);
    const measured = env('SOAK_MEMORY_CONVERSATIONS', 120);
    const heapAfterGc = (): number => { gc?.(); gc?.(); return process.memoryUsage().heapUsed; };
    const beforeStart = heapAfterGc();
    soak = await Soak.start({ ...opts, conversations: warm + measured });
    const round = async (from: number, to: number): Promise<number> => {
      const r = await soak!.run(opts, from, to);
      for (const c of r.results) expect(c.step, c.person).toBe('done');
      await soak!.dropRecords(r.results);
      return heapAfterGc();
    };
    const atWarmUp = await round(0, warm);
    const atEnd = await round(warm, warm + measured);
    const footprint = soak.app.footprint();
    await soak.close();
    soak = undefined;
    await new Promise((r) => { setTimeout(r, 50); });
    // What the whole app leaves once stopped: after the first test of this file, code and modules are warm already.
    const afterStop = heapAfterGc();
    const perPurchase = (atEnd - atWarmUp) / measured;
    const mb2 = (n: number): number => Math.round(n / 10_485.76) / 100;
    console.info('soak memory', JSON.stringify({
      warm, measured, rate: opts.rate, heapMb: { beforeStart: mb2(beforeStart), atWarmUp: mb2(atWarmUp), atEnd: mb2(atEnd), afterStop: mb2(afterStop) },
      perPurchaseKb: Math.round(perPurchase / 102.4) / 10, footprint,
    }));
    for (const k of ['engine.locks', 'engine.pendingOutbox', 'guard.running', 'webex.queuedRooms']) expect(footprint[k], k).toBe(0);
    expect(perPurchase, 'heap growth per purchase after warm-up (bytes)').toBeLessThan(PER_PURCHASE_BOUND);
  }, 900_000);
});
