/**
 * 5. Run in its own process (node --expose-gc): grows the number of stored conversations (each at the cart, with
 * its transcript, copied from one real conversation) and, at each level, measures RSS per conversation and the
 * latency of real turns on randomly chosen stored conversations. Prints RESULT <json>.
 * Usage: scale-child.ts <memory|file> <level,level,...> <turnsPerLevel>
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVirtualClock } from '../src/services/clock.js';
import { createFileStore } from '../src/services/store/file.store.js';
import { createMemoryStore } from '../src/services/store/memory.store.js';
import type { StoredConversation } from '../src/services/store.port.js';
import { PURCHASE } from './lib/purchase.js';
import { summary } from './lib/report.js';
import { BENCH_START, DRAFT_TTL_SECONDS, createBenchWorld } from './lib/world.js';

const [kind = 'memory', levelsArg = '1000', turnsArg = '200'] = process.argv.slice(2);
const levels = levelsArg.split(',').map(Number);
const turnsPerLevel = Number(turnsArg);
const gc = (globalThis as { gc?: () => void }).gc;
/** RSS and the JS heap in use after full collections (heap: what the stored conversations themselves hold). */
const settle = async (): Promise<{ rss: number; heap: number }> => {
  for (let i = 0; i < 3; i++) { gc?.(); await new Promise((r) => setTimeout(r, 20)); }
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external };
};
/** Bytes of the file store's folder on disk (file sizes, not blocks). */
const diskBytes = (path: string): number => readdirSync(path, { withFileTypes: true, recursive: true })
  .filter((e) => e.isFile()).reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0);

const clock = createVirtualClock(BENCH_START);
const dir = kind === 'file' ? mkdtempSync(join(tmpdir(), 'bench-scale-')) : '';
const store = kind === 'file'
  ? createFileStore({ clock, defaultTtlSeconds: DRAFT_TTL_SECONDS, dir })
  : createMemoryStore({ clock, defaultTtlSeconds: DRAFT_TTL_SECONDS });
const world = await createBenchWorld({ store, clock });

// One real conversation to the cart is the template every stored conversation is copied from.
for (let i = 0; i < 5; i++) { const s = PURCHASE[i]; if (s) await world.step(0, s, `tpl.${i}`); }
const tplId = world.conversationIdOf(0);
const tpl = await store.conversations.get(tplId);
const tplTranscript = await store.transcripts.list(tplId);
if (tpl === undefined) throw new Error('template conversation missing');
const tplJson = JSON.stringify(tpl.value);
const userId = world.userOf(0).id;
const chatId = world.addressOf(0).id;

let count = 0;
const base = await settle();
const out: {
  conversations: number; rssMiB: number; rssPerConversationBytes: number; heapPerConversationBytes: number; diskPerConversationBytes?: number;
  turnP50: number; turnP99: number; populateSeconds: number;
}[] = [];
let seq = 0;
for (const level of levels) {
  const t0 = performance.now();
  while (count < level) {
    const n = ++count;
    const id = world.conversationIdOf(n);
    const doc = JSON.parse(tplJson.split(tplId).join(id).split(userId).join(world.userOf(n).id).split(chatId).join(world.addressOf(n).id)) as StoredConversation;
    await store.conversations.save(doc);
    await store.transcripts.append(id, tplTranscript);
  }
  const populateSeconds = (performance.now() - t0) / 1000;
  const mem = await settle();
  const lat: number[] = [];
  for (let i = 0; i < turnsPerLevel; i++) {
    const n = 1 + Math.floor(Math.random() * count);
    const t = performance.now();
    const r = await world.step(n, { kind: 'say', text: i % 2 === 0 ? 'make it 30 licenses' : 'make it 25 licenses' }, `scale.${++seq}`);
    lat.push(performance.now() - t);
    if (r.step !== 'cart') throw new Error(`a scale turn left the cart (${r.step})`);
  }
  const s = summary(lat);
  out.push({
    conversations: level, rssMiB: mem.rss / 2 ** 20, rssPerConversationBytes: (mem.rss - base.rss) / count,
    heapPerConversationBytes: (mem.heap - base.heap) / count, ...(dir ? { diskPerConversationBytes: diskBytes(dir) / count } : {}),
    turnP50: s.p50, turnP99: s.p99, populateSeconds,
  });
}
await store.close();
if (dir) rmSync(dir, { recursive: true, force: true });
process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
