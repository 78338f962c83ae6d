import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../src/services/clock.js';
import { createMemoryStore } from '../../src/services/store/index.js';
import type { Store } from '../../src/services/store.port.js';
import { startEngineBot } from './bot.js';

/** Counts conversation reads; `withoutEtagOf` hides the store's etag look-up (a store that cannot offer it). */
function countingReads(store: Store, withoutEtagOf = false): { store: Store; reads: () => number } {
  let reads = 0;
  const { etagOf, ...rest } = store.conversations;
  const conversations = {
    ...rest,
    get: (id: string) => { reads++; return store.conversations.get(id); },
    ...(withoutEtagOf || !etagOf ? {} : { etagOf }),
  };
  return { store: { ...store, conversations }, reads: () => reads };
}

/**
 * The engine keeps the document it wrote last per conversation, with its live snapshot, and uses it while the
 * store's etag is still the one it wrote: the next turn neither reads nor parses the document. Anything else that
 * wrote meanwhile (another instance, a sweep) changes the etag, and the turn reads the stored document.
 */
describe('engine: the last written document is kept while its etag holds', () => {
  it('a conversation\'s next turn here reads nothing when the store can tell its etag', async () => {
    const clock = createVirtualClock(Date.UTC(2026, 0, 15, 9));
    const counted = countingReads(createMemoryStore({ clock }));
    const bot = await startEngineBot(counted.store, { clock });
    await bot.say('k1', 'I want to upgrade');
    const afterFirst = counted.reads();
    expect((await bot.say('k1', 'Suite')).step).toBe('renewal');
    expect((await bot.say('k1', 'annual')).step).toBe('licenses');
    expect(counted.reads()).toBe(afterFirst);
    expect(bot.core.engine.footprint()['engine.kept']).toBe(1);
  });

  it('a write by anyone else makes the next turn read the stored document', async () => {
    const clock = createVirtualClock(Date.UTC(2026, 0, 15, 9));
    const store = createMemoryStore({ clock });
    const counted = countingReads(store);
    const bot = await startEngineBot(counted.store, { clock });
    await bot.say('k2', 'I want to upgrade');
    const conv = bot.conversationId('k2');
    const cur = await store.conversations.get(conv);
    if (!cur) throw new Error('not stored');
    // Another instance took message m9 already: this process must see that, not its own older copy.
    await store.conversations.save({ ...cur.value, seen: [...cur.value.seen, 'm9'] }, cur.etag);
    const before = counted.reads();
    const outcome = await bot.say('k2', 'Suite', 'm9');
    expect(outcome.duplicate).toBe(true);
    expect(counted.reads()).toBe(before + 1);
  });

  it('a "sent" mark this process writes keeps the kept document current: the next turn still reads nothing', async () => {
    const clock = createVirtualClock(Date.UTC(2026, 0, 15, 9));
    const counted = countingReads(createMemoryStore({ clock }));
    const bot = await startEngineBot(counted.store, { clock });
    await bot.say('k4', 'I want to upgrade');
    await bot.core.engine.sweep({ flush: true }); // writes the deferred mark (reading the document once to merge)
    const afterMark = counted.reads();
    expect((await bot.say('k4', 'Suite')).step).toBe('renewal');
    expect(counted.reads()).toBe(afterMark);
  });

  it('without an etag look-up the store is read every turn', async () => {
    const clock = createVirtualClock(Date.UTC(2026, 0, 15, 9));
    const counted = countingReads(createMemoryStore({ clock }), true);
    const bot = await startEngineBot(counted.store, { clock });
    await bot.say('k3', 'I want to upgrade');
    await bot.say('k3', 'Suite');
    await bot.say('k3', 'annual');
    expect(counted.reads()).toBe(3);
    expect(bot.core.engine.footprint()['engine.kept']).toBe(0);
  });
});
