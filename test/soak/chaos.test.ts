import { afterEach, describe, expect, it } from 'vitest';
import { Chaos, type ChaosOptions } from './chaos-webex.js';

/**
 * Process restarts and SIGKILL at random points of a turn, under load (see chaos-webex.ts): afterwards every
 * conversation has finished, with one order, and the room of every buyer holds exactly the bot messages of a
 * calm purchase: none lost, none twice. `npm test` runs a quick one on two instances and Cosmos; `npm run
 * test:soak` more buyers on three instances, and one instance on the file store. CHAOS_SEED picks the chaos.
 */
const env = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const FULL = process.env['SOAK_FULL'] === '1';
const seed = env('CHAOS_SEED', 20_261_125);
const base = { seed, onPostShare: 0.4, termShare: 0.2, leaseMs: 1_500 } as const;
const runs: (ChaosOptions & { title: string })[] = FULL
  ? [
    { ...base, title: 'three instances on Cosmos', instances: 3, maxDown: 2, store: 'cosmos', conversations: env('CHAOS_CONVERSATIONS', 120), concurrency: 12, killEveryMs: [300, 1_500] },
    { ...base, title: 'one instance on the file store', instances: 1, maxDown: 1, store: 'file', conversations: 20, concurrency: 5, killEveryMs: [500, 2_000] },
  ]
  : [{ ...base, title: 'two instances on Cosmos', instances: 2, maxDown: 1, store: 'cosmos', conversations: env('CHAOS_CONVERSATIONS', 6), concurrency: 6, killEveryMs: [300, 1_200] }];

describe('chaos: instances killed and restarted at random points of turns, under load', () => {
  let chaos: Chaos | undefined;
  afterEach(async () => { await chaos?.close(); chaos = undefined; });

  for (const opts of runs) {
    it(`${opts.title}: ${opts.conversations} purchases finish, one order each, every reply once (seed ${opts.seed})`, async () => {
      chaos = await Chaos.start(opts);
      const { figures, outcomes, reference } = await chaos.run();
      console.info('chaos figures', JSON.stringify({ title: opts.title, ...figures }));
      expect(figures.kills + figures.terms, 'instances were stopped under load').toBeGreaterThan(0);
      expect(figures.restarts).toBe(figures.kills + figures.terms);
      for (const o of outcomes) {
        expect(o.error, `conversation ${o.i}`).toBeUndefined();
        expect(o.step, `conversation ${o.i}`).toBe('done');
        expect(o.orders, `conversation ${o.i}: one order`).toBe(1);
        expect(o.received, `conversation ${o.i}: the bot messages of a calm purchase, each once`).toEqual(reference);
      }
      // A stop right after the Webex API accepted a reply leaves it unmarked: the next sender finds it in the room
      // instead of posting it twice. That no reply is doubled (below) is the guarantee; this only checks that the
      // window was hit and the look-up used. (Not one found reply per such kill: in one full run, 7 were found for
      // 8 kills with nothing doubled, so one of those kills did not leave an unmarked posted reply behind.)
      if (figures.killsRightAfterPost > 0) expect(figures.reconciled.found).toBeGreaterThan(0);
      expect(figures.lost).toBe(0);
      expect(figures.duplicated).toBe(0);
      expect(figures.repliesReceived).toBe(figures.repliesExpected);
    }, FULL ? 900_000 : 120_000);
  }
});
