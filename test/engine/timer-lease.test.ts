import { describe, expect, it } from 'vitest';
import { createVirtualClock, type VirtualClock } from '../../src/services/clock.js';
import { AppError } from '../../src/services/errors.js';
import type { Store } from '../../src/services/store.port.js';
import { createMemoryStore } from '../../src/services/store/memory.store.js';
import { tokenFromUrl } from '../../src/services/payments/index.js';
import { startEngineBot, type EngineBot } from './bot.js';

/**
 * Timers are leased when a sweep claims them and removed only after their turn (issue 10, found by the fault
 * soak: a timer whose turn failed was put back with a write that could itself fail, leaving a paid conversation
 * at "provisioning" for ever). The real engine over the memory store; chosen store calls fail on demand.
 */
const LEASE_MS = 5_000;
const PROVISIONING_MS = 1_000;

/**
 * The real store, with named calls (`conversations.get`, `timers.complete`, ...) made to fail while listed: the
 * value is how many calls still go through first (0: every call fails).
 */
function switchableStore(inner: Store): { store: Store; failing: Map<string, number> } {
  const failing = new Map<string, number>();
  const wrapPart = <T extends object>(part: string, target: T): T => new Proxy(target, {
    get(t, name, receiver) {
      const value: unknown = Reflect.get(t, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const op = `${part}.${String(name)}`;
        const passes = failing.get(op);
        if (passes === 0) return Promise.reject(new AppError('UNAVAILABLE', `injected: ${op}`));
        if (passes !== undefined) failing.set(op, passes - 1);
        return (value as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });
  const store: Store = {
    ...inner,
    conversations: wrapPart('conversations', inner.conversations), orders: wrapPart('orders', inner.orders),
    timers: wrapPart('timers', inner.timers), transcripts: wrapPart('transcripts', inner.transcripts),
    ping: () => inner.ping(), close: () => inner.close(),
  };
  return { store, failing };
}

interface World { bot: EngineBot; clock: VirtualClock; failing: Map<string, number>; inner: Store; conv: string }

/** A purchase up to "provisioning": the provisioning timer is scheduled PROVISIONING_MS ahead. */
async function atProvisioning(): Promise<World> {
  const clock = createVirtualClock(Date.UTC(2026, 0, 15, 9));
  const inner = createMemoryStore({ clock });
  const { store, failing } = switchableStore(inner);
  const bot = await startEngineBot(store, { clock, provisioningDelayMs: PROVISIONING_MS, timerLeaseMs: LEASE_MS });
  for (const text of ['I want to upgrade', 'Suite', 'annual', '25', 'no', 'checkout', 'jane@acme.com']) await bot.say('b', text);
  const code = /\b(\d{6})\b/.exec(bot.mailer.messages.at(-1)?.text ?? '')?.[1];
  if (!code) throw new Error('no code mailed');
  await bot.say('b', code);
  for (const text of ['100 Congress Ave, Austin, TX 78701, USA', 'yes', 'same as billing', '2 new numbers in 512', 'yes']) await bot.say('b', text);
  const link = bot.replies('b').map((r) => /(https?:\/\/\S*\/pay\/[A-Za-z0-9_-]+)/.exec(r.text.replace(/\]\(/g, ' '))?.[1]).filter(Boolean).at(-1);
  if (!link) throw new Error('no payment link');
  expect((await bot.payments.complete(tokenFromUrl(link), 'succeeded')).status).toBe('completed');
  await bot.say('b', 'I accept');
  const conv = bot.conversationId('b');
  expect(await stepOf(bot, conv)).toBe('provisioning');
  return { bot, clock, failing, inner, conv };
}

const stepOf = async (bot: EngineBot, conv: string) => (await bot.core.engine.peek(conv))?.snapshot.context.step;
/** The provisioning timer if it is still stored (claims everything: only at the end of a test). */
const provisioningTimer = async (w: World) => {
  const [claim] = await w.inner.timers.claimDue(Number.MAX_SAFE_INTEGER - 1, 100, 1).then((all) => all.filter((t) => t.name === 'provisioning'));
  return claim;
};
/** Provisioning turns recorded in the transcript: one per turn that ran, none for a duplicate. */
const provisioningTurns = async (w: World) => (await w.inner.transcripts.list(w.conv)).filter((e) => e.from === 'system' && e.text === 'PROVISIONING_COMPLETE').length;

/** A console channel that fails while `channel.down`, and records what it delivered otherwise. */
function flakyConsole(bot: Awaited<ReturnType<typeof startEngineBot>>): { sent: string[]; channel: { down: boolean } } {
  const sent: string[] = [];
  const channel = { down: true };
  bot.core.engine.registerChannel('console', {
    deliver: async (_address, replies) => {
      if (channel.down) throw new Error('channel down');
      sent.push(...replies.map((r) => r.text));
    },
  });
  return { sent, channel };
}

describe('timer leases in the sweep', () => {
  it('a timer whose turn failed (and could not be written back) fires again once its lease lapses, not before', async () => {
    const w = await atProvisioning();
    w.clock.advance(PROVISIONING_MS);
    const due = w.clock.now();
    // The turn cannot read its conversation, and no timer write would succeed either: the old put-back was lost here.
    w.failing.set('conversations.get', 0).set('conversations.etagOf', 0).set('timers.schedule', 0);
    await w.bot.core.engine.sweep();
    w.failing.clear();
    expect(await stepOf(w.bot, w.conv)).toBe('provisioning');
    expect(await w.inner.timers.nextDueAt()).toBe(due + LEASE_MS);
    w.clock.advance(LEASE_MS - 1);
    expect((await w.bot.core.engine.sweep()).timers).toBe(0);
    expect(await stepOf(w.bot, w.conv)).toBe('provisioning');
    w.clock.advance(1);
    expect((await w.bot.core.engine.sweep()).timers).toBe(1);
    expect(await stepOf(w.bot, w.conv)).toBe('done');
    expect(await provisioningTurns(w)).toBe(1);
    // Completed after its turn: nothing comes back later.
    w.clock.advance(10 * LEASE_MS);
    expect((await w.bot.core.engine.sweep()).timers).toBe(0);
    expect(await provisioningTimer(w)).toBeUndefined();
  });

  it('a timer whose turn succeeded but could not be removed fires again after its lease as a duplicate: no second turn, no second reply', async () => {
    const w = await atProvisioning();
    w.clock.advance(PROVISIONING_MS);
    w.failing.set('timers.complete', 0);
    expect((await w.bot.core.engine.sweep()).timers).toBe(1);
    w.failing.clear();
    expect(await stepOf(w.bot, w.conv)).toBe('done');
    const replies = w.bot.replies('b').length;
    const doneAt = (await w.bot.core.engine.peek(w.conv))?.doc.updatedAt;
    expect(w.bot.logs.map((l) => l.msg)).toContain('timer done but not removed; its turn id makes the repeat a no-op');
    w.clock.advance(LEASE_MS);
    expect((await w.bot.core.engine.sweep()).timers).toBe(1);
    expect(w.bot.replies('b')).toHaveLength(replies);
    expect(await provisioningTurns(w)).toBe(1);
    expect((await w.bot.core.engine.peek(w.conv))?.doc.updatedAt).toBe(doneAt);
    expect(await provisioningTimer(w)).toBeUndefined();
  });

  it('a sweep that dies mid-batch leaves the rest leased to itself; another instance takes them over after the lease', async () => {
    const w = await atProvisioning();
    w.clock.advance(PROVISIONING_MS);
    // A sweep claims the timer and dies before its turn: the claim alone, as the store saw it.
    const [claim] = await w.inner.timers.claimDue(w.clock.now(), 100, LEASE_MS);
    expect(claim?.name).toBe('provisioning');
    expect((await w.bot.core.engine.sweep()).timers).toBe(0);
    w.clock.advance(LEASE_MS);
    expect((await w.bot.core.engine.sweep()).timers).toBe(1);
    expect(await stepOf(w.bot, w.conv)).toBe('done');
    expect(await w.inner.timers.complete(claim!)).toBe(false);
    expect(await provisioningTimer(w)).toBeUndefined();
  });

  it('a reply the sweep sent but could not mark stays on its list and is marked by the next sweep, not posted again', async () => {
    const clock = createVirtualClock(Date.UTC(2026, 0, 15, 9));
    const inner = createMemoryStore({ clock });
    const { store, failing } = switchableStore(inner);
    const bot = await startEngineBot(store, { clock, timerLeaseMs: LEASE_MS });
    const { sent, channel } = flakyConsole(bot);
    await bot.say('m', 'I want to upgrade');
    const conv = bot.conversationId('m');
    expect((await inner.conversations.get(conv))?.value.outbox).not.toEqual([]);
    channel.down = false;
    // The sweep's claim of the reply is written; the write that marks it sent is not.
    failing.set('conversations.save', 1);
    expect((await bot.core.engine.sweep()).resent).toBeGreaterThan(0);
    failing.clear();
    const posted = sent.length;
    expect(posted).toBeGreaterThan(0);
    expect((await inner.conversations.get(conv))?.value.outbox).not.toEqual([]);
    clock.advance(30_000); // the sweep's own lease on the reply (OUTBOX_LEASE_MS) lapses
    await bot.core.engine.sweep();
    expect((await inner.conversations.get(conv))?.value.outbox).toEqual([]);
    expect(sent).toHaveLength(posted);
  });

  it('the outbox timer re-arms itself while a reply cannot be sent and is removed once it is', async () => {
    const clock = createVirtualClock(Date.UTC(2026, 0, 15, 9));
    const inner = createMemoryStore({ clock });
    const bot = await startEngineBot(inner, { clock, timerLeaseMs: LEASE_MS });
    const { sent, channel } = flakyConsole(bot);
    await bot.say('o', 'I want to upgrade');
    const conv = bot.conversationId('o');
    const outboxTimer = async () => (await inner.timers.nextDueAt());
    const armedAt = await outboxTimer();
    expect(armedAt).toBeDefined();
    // Due, but the channel is still down: the sweep keeps a reminder (a new schedule, not its lapsing lease).
    clock.set(armedAt!);
    await bot.core.engine.sweep();
    const rearmed = await outboxTimer();
    expect(rearmed).toBeGreaterThan(clock.now() + LEASE_MS);
    expect(sent).toEqual([]);
    channel.down = false;
    clock.set(rearmed!);
    expect((await bot.core.engine.sweep()).resent).toBeGreaterThan(0);
    expect(sent.length).toBeGreaterThan(0);
    expect((await bot.core.engine.peek(conv))?.doc.outbox).toEqual([]);
    expect(await outboxTimer()).toBeUndefined();
  });
});
