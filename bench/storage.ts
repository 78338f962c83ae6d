/**
 * 4. Storage cost of the purchase: the conversation document's size after every step, store calls per turn
 * (counted by a wrapping store), and Cosmos DB requests per turn against the local Cosmos server, with the
 * request units real Cosmos DB would charge estimated from the sizes (the local server always reports 1 RU).
 */
import { createCosmosStore, type CosmosRequestInfo } from '../src/services/store/cosmos.store.js';
import { createMemoryStore } from '../src/services/store/memory.store.js';
import type { Store } from '../src/services/store.port.js';
import { createVirtualClock } from '../src/services/clock.js';
import { startLocalCosmos } from '../test/support/cosmos-server.js';
import { OUTBOX_LEASE_MS } from '../src/dialogs/outbox.js';
import { PURCHASE, PURCHASE_STEPS } from './lib/purchase.js';
import type { BenchResult, Row } from './lib/report.js';
import { BENCH_START, DRAFT_TTL_SECONDS, createBenchWorld } from './lib/world.js';

const READS = new Set(['get', 'etagOf', 'list', 'byConversation', 'nextDueAt', 'claimDue']);
type Counts = Map<string, number>;

/** Counts every call of every method of every part of the store (conversations.get, transcripts.append, ...). */
export function countingStore(inner: Store): { store: Store; counts: Counts; reset(): void } {
  const counts: Counts = new Map();
  const wrapped: Record<string, unknown> = {};
  for (const [part, value] of Object.entries(inner)) {
    if (typeof value === 'function') { wrapped[part] = (value as (...a: unknown[]) => unknown).bind(inner); continue; }
    if (typeof value !== 'object' || value === null) { wrapped[part] = value; continue; }
    const methods: Record<string, unknown> = {};
    for (const [name, fn] of Object.entries(value as Record<string, unknown>)) {
      if (typeof fn !== 'function') { methods[name] = fn; continue; }
      methods[name] = (...args: unknown[]) => {
        const key = `${part}.${name}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        return (fn as (...a: unknown[]) => unknown).apply(value, args);
      };
    }
    wrapped[part] = methods;
  }
  return { store: wrapped as unknown as Store, counts, reset: () => counts.clear() };
}

const sum = (c: Counts, pick: (key: string) => boolean): number => [...c].filter(([k]) => pick(k)).reduce((a, [, v]) => a + v, 0);
const isRead = (k: string) => READS.has(k.split('.')[1] ?? '');

/** Real Cosmos DB, rule of thumb: a point read 1 RU per KB; a write about 5 RU per KB; a small query about 3 RU. */
export function estimateRu(op: string, bytes: number): number {
  const kb = Math.max(1, Math.ceil(bytes / 1024));
  if (op === 'read') return kb;
  if (op === 'query') return 3;
  return 5 * kb;
}

export async function benchStorage(o: { buyers: number; cosmos: boolean }): Promise<BenchResult> {
  const bench = '4 storage';
  const clock = createVirtualClock(BENCH_START);
  const counting = countingStore(createMemoryStore({ clock, defaultTtlSeconds: DRAFT_TTL_SECONDS }));
  const world = await createBenchWorld({ store: counting.store, clock });
  const bytes: number[][] = PURCHASE.map(() => []);
  const stateBytes: number[][] = PURCHASE.map(() => []);
  const transcriptBytes: number[] = [];
  const perTurn = { convReads: 0, convWrites: 0, reads: 0, writes: 0, turns: 0 };
  const byKey: Counts = new Map();
  /** Store calls after each purchase's last turn (summed over purchases). */
  const after = { convReads: 0, convWrites: 0, reads: 0, writes: 0, turns: 0 };
  const afterByKey: Counts = new Map();
  const addCounts = (c: Counts, into: typeof perTurn): void => {
    // A turn reads its conversation with `get`, or only its etag (`etagOf`) when it kept the document it wrote.
    into.convReads += sum(c, (k) => k === 'conversations.get' || k === 'conversations.etagOf');
    into.convWrites += sum(c, (k) => k === 'conversations.save');
    into.reads += sum(c, isRead);
    into.writes += sum(c, (k) => !isRead(k));
    const keys = into === after ? afterByKey : byKey;
    for (const [k, v] of c) keys.set(k, (keys.get(k) ?? 0) + v);
  };
  for (let n = 1; n <= o.buyers; n++) {
    for (let i = 0; i < PURCHASE.length; i++) {
      const step = PURCHASE[i];
      if (step === undefined) continue;
      counting.reset();
      await world.step(n, step, `s${n}.${i}`);
      perTurn.turns++;
      addCounts(new Map(counting.counts), perTurn);
      const doc = await world.store.conversations.get(world.conversationIdOf(n));
      bytes[i]?.push(doc ? Buffer.byteLength(JSON.stringify(doc.value)) : 0);
      stateBytes[i]?.push(doc ? Buffer.byteLength(JSON.stringify({ ...doc.value, outbox: [] })) : 0);
    }
    // What the purchase costs after its last turn, counted with its turns: the deferred "sent" mark of the last
    // replies (half a lease later) and the outbox backstop timer firing (past the lease) and finding nothing to send.
    // The clock goes back afterwards, so no purchase's later timers (provisioning) fall due in another's after-work.
    counting.reset();
    const resume = world.clock.now();
    world.clock.advance(OUTBOX_LEASE_MS / 2);
    await world.engine.sweep();
    world.clock.advance(OUTBOX_LEASE_MS / 2 + 1_000);
    await world.engine.sweep();
    addCounts(new Map(counting.counts), after);
    world.clock.set(resume);
    const t = await world.store.transcripts.list(world.conversationIdOf(n));
    transcriptBytes.push(Buffer.byteLength(JSON.stringify(t)));
  }
  const avg = (a: number[]) => a.reduce((x, y) => x + y, 0) / (a.length || 1);
  const sizes = bytes.map(avg);
  const stateSizes = stateBytes.map(avg);
  const cartAt = PURCHASE_STEPS.indexOf('cart');
  const t = perTurn.turns;
  const rows: Row[] = [
    { bench, metric: 'conversation document at the cart', value: sizes[cartAt] ?? 0, unit: 'bytes', target: '< 1 KB', ok: (sizes[cartAt] ?? 0) < 1024,
      note: `as stored between turns: state ${Math.round(stateSizes[cartAt] ?? 0)} B + the turn's sent replies (as render instructions) until they are marked` },
    { bench, metric: 'conversation state at the cart (outbox empty)', value: stateSizes[cartAt] ?? 0, unit: 'bytes', note: 'the document once its replies are marked sent' },
    { bench, metric: 'conversation document, largest step', value: Math.max(...sizes), unit: 'bytes', note: `at ${PURCHASE_STEPS[sizes.indexOf(Math.max(...sizes))]}` },
    { bench, metric: 'conversation document when done', value: sizes[sizes.length - 1] ?? 0, unit: 'bytes' },
    { bench, metric: 'bytes after each step', value: avg(sizes), unit: 'bytes (mean)', note: sizes.map((s, i) => `${PURCHASE_STEPS[i]}:${Math.round(s)}`).join(' ') },
    { bench, metric: 'transcript of the whole purchase', value: avg(transcriptBytes), unit: 'bytes', note: 'kept apart from the conversation document' },
    { bench, metric: 'conversation reads per turn', value: perTurn.convReads / t, unit: 'reads', target: '1', ok: perTurn.convReads / t <= 1,
      note: `${(sum(byKey, (k) => k === 'conversations.etagOf') / t).toFixed(2)} of them only the etag (the document this process wrote last, kept)` },
    { bench, metric: 'conversation writes per turn', value: perTurn.convWrites / t, unit: 'writes', target: '1', ok: perTurn.convWrites / t <= 1 },
    { bench, metric: 'after the last turn: conversation reads + writes per purchase', value: (after.convReads + after.convWrites) / o.buyers, unit: 'calls',
      note: `${(after.convReads / o.buyers).toFixed(2)} reads + ${(after.convWrites / o.buyers).toFixed(2)} writes (deferred "sent" mark, outbox backstop timer); all store calls: ${[...afterByKey].map(([k, v]) => `${k}:${(v / o.buyers).toFixed(2)}`).join(' ')}` },
    { bench, metric: 'conversation writes per turn, the purchase\'s after-work included', value: (perTurn.convWrites + after.convWrites) / t, unit: 'writes', note: `${PURCHASE.length} turns per purchase` },
    { bench, metric: 'all store reads per turn', value: perTurn.reads / t, unit: 'reads', note: 'incl. transcripts, orders, timers' },
    { bench, metric: 'all store writes per turn', value: perTurn.writes / t, unit: 'writes', note: [...byKey].map(([k, v]) => `${k}:${(v / t).toFixed(2)}`).join(' ') },
  ];

  if (o.cosmos) {
    const cosmos = await startLocalCosmos();
    const requests: CosmosRequestInfo[] = [];
    const cclock = createVirtualClock(BENCH_START);
    const cstore = await createCosmosStore({
      endpoint: cosmos.endpoint, key: cosmos.key, database: `bench-${Date.now()}`, clock: cclock, defaultTtlSeconds: DRAFT_TTL_SECONDS,
      onRequest: (info) => requests.push(info),
    });
    try {
      const cw = await createBenchWorld({ store: cstore, clock: cclock });
      let turns = 0;
      let charge = 0;
      let estimate = 0;
      let count = 0;
      const buyers = Math.max(1, Math.min(o.buyers, 5));
      for (let n = 1; n <= buyers; n++) {
        let docBytes = 0;
        for (let i = 0; i < PURCHASE.length; i++) {
          const step = PURCHASE[i];
          if (step === undefined) continue;
          requests.length = 0;
          await cw.step(n, step, `c${n}.${i}`);
          turns++;
          count += requests.length;
          for (const r of requests) {
            charge += r.requestCharge;
            // Conversation documents at their measured size; transcript entries, orders and timers are small items.
            estimate += estimateRu(r.operation, r.container === 'conversations' ? docBytes || (sizes[i] ?? 0) : 300);
          }
          docBytes = sizes[i] ?? docBytes;
        }
      }
      rows.push(
        { bench, metric: 'Cosmos requests per turn (local server)', value: count / turns, unit: 'requests', note: `${buyers} purchases` },
        { bench, metric: 'Cosmos request charge per turn (local server)', value: charge / turns, unit: 'RU', note: 'the local server reports 1 RU for everything' },
        { bench, metric: 'Cosmos RU per turn, estimate for real Cosmos DB', value: estimate / turns, unit: 'RU', note: 'read 1 RU/KB, write 5 RU/KB, query 3 RU' },
      );
    } finally {
      await cstore.close();
      await cosmos.close();
    }
  }
  return { rows };
}
