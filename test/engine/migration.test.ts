import { describe, expect, it } from 'vitest';
import { MACHINE_VERSION } from '../../src/machines/upgrade.machine.js';
import { createSystemClock } from '../../src/services/clock.js';
import { createMemoryStore } from '../../src/services/store/memory.store.js';
import type { StoredConversation } from '../../src/services/store.port.js';
import { startEngineBot, type EngineBot } from './bot.js';

/**
 * A deploy changes the machine while conversations are stored. A snapshot written by an older machine — a state
 * that no longer exists, a renamed nested state, a step that was dropped, or plain garbage — must resume at the
 * nearest surviving step with its answers kept and the person told, never crash the turn and never lose the draft.
 */
type Snap = { value: unknown; context: Record<string, unknown> & { answers: Record<string, unknown>; step: string } };

async function atCart(): Promise<{ bot: EngineBot; doc: StoredConversation; snap: Snap; conv: string }> {
  const store = createMemoryStore({ clock: createSystemClock() });
  const bot = await startEngineBot(store);
  for (const text of ['I want to upgrade', 'Suite', 'annual', '25', 'no']) await bot.say('c1', text);
  const conv = bot.conversationId('c1');
  const cur = await store.conversations.get(conv);
  if (!cur) throw new Error('not stored');
  const snap = cur.value.snapshot as Snap;
  expect(snap.context.step).toBe('cart');
  return { bot, doc: cur.value, snap, conv };
}

/** Replaces the stored document as an older deploy would have left it. */
async function storeAsOld(bot: EngineBot, conv: string, doc: StoredConversation, patch: Partial<StoredConversation>): Promise<void> {
  await bot.store.conversations.delete(conv);
  await bot.store.conversations.save({ ...doc, ...patch, outbox: [] });
}
const texts = (bot: EngineBot, from: number) => bot.replies('c1').slice(from).map((r) => r.text).join('\n');

describe('resuming a conversation stored by an older machine', () => {
  it('a state that no longer exists (v0 "confirmCart") resumes at the cart with the answers, and says so', async () => {
    const { bot, doc, snap, conv } = await atCart();
    const answers = snap.context.answers;
    await storeAsOld(bot, conv, doc, {
      machineVersion: 0, snapshot: { ...snap, value: 'confirmCart', context: { ...snap.context, step: 'confirmCart' } },
    });
    const before = bot.replies('c1').length;
    const out = await bot.say('c1', 'show cart');
    expect(out.step).toBe('cart');
    expect(texts(bot, before)).toMatch(/updated since we last spoke; your answers are kept/);
    const after = await bot.core.engine.peek(conv);
    expect(after?.doc.machineVersion).toBe(MACHINE_VERSION);
    expect(after?.snapshot.context.answers).toEqual(answers);
    // The conversation goes on from there as if nothing happened.
    expect((await bot.say('c1', 'checkout')).step).toBe('email');
  });

  it('a renamed nested state of the current version falls back to its step instead of throwing', async () => {
    const { bot, doc, snap, conv } = await atCart();
    await storeAsOld(bot, conv, doc, { snapshot: { ...snap, value: { cart: 'reviewingOldName' } } });
    const before = bot.replies('c1').length;
    const out = await bot.say('c1', 'show cart');
    expect(out.step).toBe('cart');
    expect(texts(bot, before)).toMatch(/updated since we last spoke/);
    expect(bot.logs.some((l) => l.msg === 'stored state migrated')).toBe(true); // logged, not thrown
    expect((await bot.core.engine.peek(conv))?.snapshot.context.answers).toEqual(snap.context.answers);
  });

  it('a step that was dropped resumes at the first unanswered step, keeping every answer', async () => {
    const { bot, doc, snap, conv } = await atCart();
    const { licenses: _dropped, ...rest } = snap.context.answers;
    await storeAsOld(bot, conv, doc, {
      machineVersion: 0,
      snapshot: { value: { seats: 'asking' }, context: { ...snap.context, step: 'seats', answers: rest } },
    });
    const before = bot.replies('c1').length;
    const out = await bot.say('c1', '30');
    // Resumed at licenses (the first unanswered step) and the "30" answered it.
    expect(texts(bot, before)).toMatch(/updated since we last spoke/);
    const after = await bot.core.engine.peek(conv);
    expect(after?.snapshot.context.answers).toMatchObject({ ...rest, licenses: 30 });
    expect(out.step).not.toBe('plan');
  });

  it('a garbage snapshot starts over instead of crashing, and the next turn works', async () => {
    const { bot, doc, conv } = await atCart();
    await storeAsOld(bot, conv, doc, { machineVersion: 0, snapshot: { value: 42 } });
    const out = await bot.say('c1', 'hello');
    expect(out.step).toBeDefined();
    expect(bot.logs.filter((l) => l.level === 'error')).toEqual([]);
    expect((await bot.say('c1', 'Suite')).step).toBeDefined();
  });

  it('an undefined snapshot from a future machine is not thrown away either', async () => {
    const { bot, doc, snap, conv } = await atCart();
    await storeAsOld(bot, conv, doc, { machineVersion: MACHINE_VERSION + 1 });
    const out = await bot.say('c1', 'show cart');
    expect(out.step).toBe('cart');
    expect((await bot.core.engine.peek(conv))?.snapshot.context.answers).toEqual(snap.context.answers);
  });
});
