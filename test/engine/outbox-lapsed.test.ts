import { describe, expect, it } from 'vitest';
import type { ChannelSender } from '../../src/dialogs/channel.types.js';
import { OUTBOX_TIMER, outboxTimerId, type LeasedItem } from '../../src/dialogs/outbox.js';
import { createSystemClock } from '../../src/services/clock.js';
import { createMemoryStore } from '../../src/services/store/index.js';
import { startEngineBot } from './bot.js';

/**
 * Which replies the outbox checks against the channel's history before sending them again: those whose lease ran
 * out without a release (the sender died or stalled, maybe after posting), never the normal path nor a reply whose
 * sender failed and released it. The first replies of a lapsed run go in one call, with the time they were queued.
 */
describe('outbox: reconciliation only for lapsed leases', () => {
  it('sends released replies with deliver and lapsed ones with redeliver, since their queueing', async () => {
    const store = createMemoryStore({ clock: createSystemClock() });
    const bot = await startEngineBot(store);
    const calls: { how: 'deliver' | 'redeliver'; texts: string[]; since?: number }[] = [];
    const sender: ChannelSender = {
      deliver: async (_a, replies) => { calls.push({ how: 'deliver', texts: replies.map((r) => r.text) }); },
      redeliver: async (_a, replies, _u, since) => { calls.push({ how: 'redeliver', texts: replies.map((r) => r.text), since }); },
    };
    bot.core.engine.registerChannel('console', sender);

    await bot.say('c1', 'I want to upgrade');
    expect(calls.map((c) => c.how)).toEqual(['deliver']); // the normal path reads no history
    const conv = bot.conversationId('c1');
    const cur = await store.conversations.get(conv);
    if (!cur) throw new Error('not stored');
    const now = Date.now();
    const item = (id: string, text: string, leaseUntil: number): LeasedItem => ({ id, reply: { text }, createdAt: now - 5_000, attempts: 1, leaseUntil });
    // A died after posting (or not) its two replies; B failed and released its reply.
    const outbox = [item('a.0', 'A0', now - 1), item('a.1', 'A1', now - 1), item('b.0', 'B0', 0), item('c.0', 'C0', now - 1)];
    await store.conversations.save({ ...cur.value, outbox }, cur.etag);
    await store.timers.schedule({ id: outboxTimerId(conv), conversationId: conv, name: OUTBOX_TIMER, dueAt: now - 1 });
    calls.length = 0;

    expect((await bot.core.engine.sweep()).resent).toBe(4);
    expect(calls).toEqual([
      { how: 'redeliver', texts: ['A0', 'A1'], since: now - 5_000 },
      { how: 'deliver', texts: ['B0'] },
      { how: 'redeliver', texts: ['C0'], since: now - 5_000 },
    ]);
    expect((await store.conversations.get(conv))?.value.outbox).toEqual([]);
  });

  it('a turn that carries lapsed replies of an earlier turn reconciles them, and sends its own as usual', async () => {
    const store = createMemoryStore({ clock: createSystemClock() });
    const bot = await startEngineBot(store);
    const calls: { how: string; texts: string[] }[] = [];
    bot.core.engine.registerChannel('console', {
      deliver: async (_a, replies) => { calls.push({ how: 'deliver', texts: replies.map((r) => r.text) }); },
      redeliver: async (_a, replies) => { calls.push({ how: 'redeliver', texts: replies.map((r) => r.text) }); },
    });
    await bot.say('c2', 'I want to upgrade');
    const conv = bot.conversationId('c2');
    const cur = await store.conversations.get(conv);
    if (!cur) throw new Error('not stored');
    const lapsed: LeasedItem = { id: 'x.0', reply: { text: 'earlier' }, createdAt: Date.now() - 5_000, attempts: 1, leaseUntil: Date.now() - 1 };
    await store.conversations.save({ ...cur.value, outbox: [lapsed] }, cur.etag);
    calls.length = 0;
    await bot.say('c2', 'Suite');
    expect(calls[0]).toEqual({ how: 'redeliver', texts: ['earlier'] });
    expect(calls.slice(1).every((c) => c.how === 'deliver')).toBe(true);
    expect(calls.length).toBeGreaterThan(1);
  });
});
