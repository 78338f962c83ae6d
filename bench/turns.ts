/**
 * 1. The turn engine vs the botbuilder peer, in process: the same 16-turn purchase (PURCHASE) for many buyers,
 * alternating rounds so both see the same machine state; the median round's turns per second on each side.
 */
import { PURCHASE } from './lib/purchase.js';
import { median, type BenchResult } from './lib/report.js';
import { createBenchWorld, runPurchase } from './lib/world.js';
import { createPeerWorld, runPeerPurchase } from './peers/peer-world.js';

export interface TurnsOptions { warmup: number; perRound: number; rounds: number }

export async function benchTurns(o: TurnsOptions): Promise<BenchResult> {
  const engine = await createBenchWorld();
  const peer = await createPeerWorld();
  let n = 0;
  for (let i = 0; i < o.warmup; i++) { await runPurchase(engine, ++n); await runPeerPurchase(peer, n); }
  const rate = { engine: [] as number[], peer: [] as number[] };
  for (let r = 0; r < o.rounds; r++) {
    const first = n + 1;
    let t = performance.now();
    for (let i = 0; i < o.perRound; i++) await runPurchase(engine, ++n);
    rate.engine.push((o.perRound * PURCHASE.length) / ((performance.now() - t) / 1000));
    t = performance.now();
    for (let i = 0; i < o.perRound; i++) await runPeerPurchase(peer, first + i);
    rate.peer.push((o.perRound * PURCHASE.length) / ((performance.now() - t) / 1000));
  }
  const e = median(rate.engine);
  const p = median(rate.peer);
  const bench = '1 turn engine';
  const note = `${o.rounds} rounds x ${o.perRound} purchases x ${PURCHASE.length} turns, median round`;
  return {
    rows: [
      { bench, metric: 'engine turns/s (memory store)', value: e, unit: 'turns/s', baseline: p, ratio: e / p, target: '>= 5x peer', ok: e / p >= 5, note },
      { bench, metric: 'botbuilder peer turns/s (MemoryStorage)', value: p, unit: 'turns/s', note: 'WaterfallDialog + prompts, TestAdapter' },
      { bench, metric: 'engine mean turn time', value: 1000 / e, unit: 'ms' },
      { bench, metric: 'peer mean turn time', value: 1000 / p, unit: 'ms' },
    ],
  };
}
