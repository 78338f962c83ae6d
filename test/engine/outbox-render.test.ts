import { describe, expect, it } from 'vitest';
import { OUTBOX_LEASE_MS } from '../../src/dialogs/outbox.js';
import { createVirtualClock } from '../../src/services/clock.js';
import { createMemoryStore } from '../../src/services/store/index.js';
import { createRenderer, statePath } from '../../src/dialogs/prompts/render.js';
import { data, startEngineBot } from './bot.js';

/**
 * A turn stores its replies as what they were rendered from (the prompts it said; the state is in the same
 * document), not as rendered text and cards. Whoever sends them later (another instance after a crash, the sweep)
 * renders them again from the stored document: it must send exactly what the first sender did, at every step.
 */
describe('outbox: replies stored as render instructions', () => {
  it('another instance re-sending after the lease sends the very replies of every turn of a purchase', async () => {
    const clock = createVirtualClock(Date.UTC(2026, 0, 15, 9));
    const store = createMemoryStore({ clock });
    const first = await startEngineBot(store, { clock });
    const other = await startEngineBot(store, { clock });
    const conv = first.conversationId('r1');
    const steps = ['I want to upgrade', 'Suite', 'annual', '25', 'yes', 'checkout', 'jane@acme.com', '{code}',
      '100 Congress Ave, Austin, TX 78701, USA', 'yes', 'same as billing', '2 new numbers in 512', 'yes', 'make it 30 licenses'];
    let largest = 0;
    for (const step of steps) {
      const text = step === '{code}' ? /\b(\d{6})\b/.exec(first.mailer.messages.at(-1)?.text ?? '')?.[1] ?? 'no code' : step;
      const before = first.replies('r1').length;
      await first.say('r1', text);
      const sent = first.replies('r1').slice(before);
      expect(sent.length, `"${step}" was answered`).toBeGreaterThan(0);
      const doc = (await store.conversations.get(conv))?.value;
      // Stored compactly: no rendered text or card in the document.
      expect(doc?.outbox.every((o) => o.reply === undefined && o.render !== undefined), `"${step}" stored as render instructions`).toBe(true);
      largest = Math.max(largest, Buffer.byteLength(JSON.stringify(doc)));
      // The first process dies here (its sweep never runs); the other one takes the replies once the lease lapses.
      const otherBefore = other.replies('r1').length;
      clock.advance(OUTBOX_LEASE_MS + 1_000);
      await other.core.engine.sweep();
      // The payment link (a credential) is marked sent at once, so nothing is left for the other instance.
      const credential = sent.some((r) => r.text.includes('/pay/'));
      expect(doc?.outbox.length === 0, `"${step}": outbox empty only after the payment link`).toBe(credential);
      expect(other.replies('r1').slice(otherBefore), `"${step}": the replies sent again`).toEqual(credential ? [] : sent);
    }
    expect(largest).toBeLessThan(2_048);
  });

  it('a turn carrying another sender\'s unsent replies stores them rendered against the state that produced them', async () => {
    const clock = createVirtualClock(Date.UTC(2026, 0, 15, 9));
    const store = createMemoryStore({ clock });
    const bot = await startEngineBot(store, { clock });
    await bot.say('r2', 'I want to upgrade');
    const conv = bot.conversationId('r2');
    const cur = await store.conversations.get(conv);
    if (!cur) throw new Error('not stored');
    // Another instance's turn wrote a reply it has not sent yet (still leased by it), stored compactly.
    const theirs = { id: 'other.0', render: { says: [{ key: 'ask' }], index: 0 }, createdAt: clock.now(), attempts: 1, leaseUntil: clock.now() + OUTBOX_LEASE_MS };
    await store.conversations.save({ ...cur.value, outbox: [...cur.value.outbox, theirs] }, cur.etag);
    await bot.say('r2', 'Suite'); // moves the state on: "ask" now asks something else
    const after = (await store.conversations.get(conv))?.value;
    const carried = after?.outbox.find((o) => o.id === 'other.0');
    const renderer = createRenderer(data);
    const stateOf = (snapshot: unknown) => {
      const s = snapshot as { value: unknown; context: Parameters<typeof renderer.render>[1]['context'] };
      return { value: statePath(s.value), context: s.context };
    };
    const then = renderer.render([{ key: 'ask' }], stateOf(cur.value.snapshot))[0];
    const now = renderer.render([{ key: 'ask' }], stateOf(after?.snapshot))[0];
    expect(then?.text).not.toBe(now?.text);
    expect(carried?.render).toBeUndefined();
    expect(carried?.reply).toEqual(then);
  });
});
