import { describe, expect, it } from 'vitest';
import { OUTBOX_LEASE_MS } from '../../src/dialogs/outbox.js';
import { createVirtualClock } from '../../src/services/clock.js';
import { createMemoryStore } from '../../src/services/store/index.js';
import type { Store } from '../../src/services/store.port.js';
import { startEngineBot } from './bot.js';

/** Counts conversation writes (the figure benchmark 4 reports per turn). */
function countingWrites(store: Store): { store: Store; writes: () => number } {
  let writes = 0;
  const conversations = { ...store.conversations, save: (...a: Parameters<Store['conversations']['save']>) => { writes++; return store.conversations.save(...a); } };
  return { store: { ...store, conversations }, writes: () => writes };
}

/**
 * A turn's replies are sent after its write; marking them sent is deferred: the conversation's next turn drops them
 * in its own write, or the sweep writes the mark half a lease later (before any other instance may take them for
 * lost), or at once when the process stops. One conversation write per turn, and nothing is sent twice.
 */
describe('outbox: deferred "sent" marks', () => {
  const setup = async () => {
    const clock = createVirtualClock(Date.UTC(2026, 0, 15, 9));
    const counted = countingWrites(createMemoryStore({ clock }));
    const bot = await startEngineBot(counted.store, { clock });
    const stored = async (address: string) => (await counted.store.conversations.get(bot.conversationId(address)))?.value;
    return { clock, bot, stored, writes: counted.writes };
  };

  it('one conversation write per turn: the next turn marks the previous replies sent in its own write', async () => {
    const { bot, stored, writes } = await setup();
    await bot.say('c1', 'I want to upgrade');
    expect(writes()).toBe(1);
    const first = await stored('c1');
    expect(first?.outbox.map((o) => o.id)).toEqual(bot.replies('c1').map((_, i) => `m1.${i}`)); // sent, not yet marked
    await bot.say('c1', 'Suite');
    expect(writes()).toBe(2);
    const second = await stored('c1');
    expect(second?.outbox.every((o) => o.id.startsWith('m2.'))).toBe(true);
    expect(second?.outbox.length).toBeGreaterThan(0);
  });

  it('a quiet conversation is marked by the sweep half a lease after its turn, not before, and nothing is re-sent', async () => {
    const { clock, bot, stored, writes } = await setup();
    await bot.say('c2', 'I want to upgrade');
    const sent = bot.replies('c2').length;
    await bot.core.engine.sweep();
    expect((await stored('c2'))?.outbox.length).toBe(sent); // not due yet: no write
    expect(writes()).toBe(1);
    clock.advance(OUTBOX_LEASE_MS / 2);
    await bot.core.engine.sweep();
    expect((await stored('c2'))?.outbox).toEqual([]);
    expect(writes()).toBe(2);
    // Past the lease the outbox timer fires: nothing is left to send.
    clock.advance(OUTBOX_LEASE_MS);
    await bot.core.engine.sweep();
    expect(bot.replies('c2').length).toBe(sent);
    expect(writes()).toBe(2);
    expect(bot.core.engine.footprint()['engine.unmarked']).toBe(0);
  });

  it('a flush (the process stopping) marks everything at once', async () => {
    const { bot, stored } = await setup();
    await bot.say('c3', 'I want to upgrade');
    await bot.say('c4', 'hello');
    expect(bot.core.engine.footprint()['engine.unmarked']).toBe(2);
    await bot.core.engine.sweep({ flush: true });
    expect((await stored('c3'))?.outbox).toEqual([]);
    expect((await stored('c4'))?.outbox).toEqual([]);
    expect(bot.core.engine.footprint()['engine.unmarked']).toBe(0);
  });

  it('a process that dies before the mark: another instance sends the replies again only after the lease lapses', async () => {
    const clock = createVirtualClock(Date.UTC(2026, 0, 15, 9));
    const store = createMemoryStore({ clock });
    const dead = await startEngineBot(store, { clock });
    await dead.say('c5', 'I want to upgrade');
    const sent = dead.replies('c5').length;
    const other = await startEngineBot(store, { clock });
    clock.advance(OUTBOX_LEASE_MS / 2);
    await other.core.engine.sweep();
    expect(other.replies('c5')).toEqual([]); // still leased by the first process
    clock.advance(OUTBOX_LEASE_MS);
    await other.core.engine.sweep();
    expect(other.replies('c5').length).toBe(sent); // at least once: a channel with history checks it first (redeliver)
    expect((await store.conversations.get(dead.conversationId('c5')))?.value.outbox).toEqual([]);
  });

  it('a delivery slower than half the lease is marked at once: a mark due after the lease would let another instance send it again', async () => {
    const { clock, bot, stored, writes } = await setup();
    const sent: string[] = [];
    // A channel under load: the post takes 60% of the lease.
    bot.core.engine.registerChannel('console', {
      deliver: async (_address, replies) => { clock.advance(OUTBOX_LEASE_MS * 0.6); sent.push(...replies.map((r) => r.text)); },
    });
    await bot.say('c8', 'I want to upgrade');
    expect(sent.length).toBeGreaterThan(0);
    expect(writes()).toBe(2); // the turn's write and its mark, at once
    expect((await stored('c8'))?.outbox).toEqual([]);
    const other = await startEngineBot(bot.store, { clock });
    clock.advance(OUTBOX_LEASE_MS);
    await other.core.engine.sweep();
    expect(other.replies('c8')).toEqual([]);
  });

  it('the turn that sends the payment link (a credential) marks it sent at once: the store never keeps it', async () => {
    const { bot, stored, writes } = await setup();
    const steps = ['I want to upgrade', 'Suite', 'annual', '25', 'yes', 'checkout', 'jane@acme.com', '{code}',
      '100 Congress Ave, Austin, TX 78701, USA', 'yes', 'same as billing', '2 new numbers in 512', 'yes'];
    let linkSent = false;
    for (const step of steps) {
      const text = step === '{code}' ? /\b(\d{6})\b/.exec(bot.mailer.messages.at(-1)?.text ?? '')?.[1] ?? 'no code' : step;
      const before = bot.replies('c7').length;
      const writesBefore = writes();
      await bot.say('c7', text);
      const withLink = bot.replies('c7').slice(before).some((r) => r.text.includes('/pay/'));
      if (!withLink) continue;
      linkSent = true;
      expect(JSON.stringify(await stored('c7'))).not.toContain('/pay/');
      expect(writes() - writesBefore).toBe(2); // the turn's write and the mark
    }
    expect(linkSent).toBe(true);
  });

  it('a conversation marked concurrently by another writer keeps that writer\'s replies', async () => {
    const { clock, bot, stored } = await setup();
    await bot.say('c6', 'I want to upgrade');
    const conv = bot.conversationId('c6');
    const cur = await bot.store.conversations.get(conv);
    if (!cur) throw new Error('not stored');
    // Another instance's turn carried our leased replies and added its own.
    const theirs = { id: 'other.0', reply: { text: 'from the other instance' }, createdAt: clock.now(), attempts: 1, leaseUntil: clock.now() + OUTBOX_LEASE_MS };
    await bot.store.conversations.save({ ...cur.value, outbox: [...cur.value.outbox, theirs] }, cur.etag);
    clock.advance(OUTBOX_LEASE_MS / 2);
    await bot.core.engine.sweep();
    expect((await stored('c6'))?.outbox.map((o) => o.id)).toEqual(['other.0']);
  });
});
