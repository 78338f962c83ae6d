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
const mb = (n: number): number => Math.round(n / 1_048_576);

describe('soak: purchases over Webex under store and channel faults', () => {
  let soak: Soak | undefined;
  afterEach(async () => { await soak?.close(); soak = undefined; });

  it(`${opts.conversations} conversations complete with no duplicate order and no lost or doubled reply`, async () => {
    gc?.();
    const before = process.memoryUsage();
    soak = await Soak.start(opts);
    const r = await soak.run(opts);
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
      memory: { gc: gc !== undefined, rssMb: [mb(before.rss), mb(after.rss)], heapMb: [mb(before.heapUsed), mb(after.heapUsed)] },
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
    // Memory: what a run leaves behind in this process, after the app is stopped.
    if (gc) expect(after.heapUsed - before.heapUsed, 'heap growth').toBeLessThan(64 * 1_048_576);
  }, FULL ? 900_000 : 120_000);
});
