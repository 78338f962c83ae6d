import { describe, expect, it } from 'vitest';
import { PURCHASE, PURCHASE_STEPS } from '../../bench/lib/purchase.js';
import { createBenchWorld, runPurchase } from '../../bench/lib/world.js';
import { createPeerWorld, runPeerPurchase } from '../../bench/peers/peer-world.js';

describe('benchmark purchase', () => {
  it('the engine goes through every step of transcript 01 to done', async () => {
    const world = await createBenchWorld();
    expect(await runPurchase(world, 7)).toEqual(PURCHASE_STEPS);
    const [order] = await world.store.orders.byConversation(world.conversationIdOf(7));
    expect(order).toMatchObject({ subtotalCents: 780_000, taxCents: 48_750, totalCents: 828_750, status: 'provisioned' });
  });

  it('the botbuilder peer completes the same conversation with the same inputs', async () => {
    const world = await createPeerWorld();
    const turns = await runPeerPurchase(world, 7);
    expect(turns).toHaveLength(PURCHASE.length);
    for (const [i, replies] of turns.entries()) expect(replies.length, `turn ${i} got no reply`).toBeGreaterThan(0);
    const text = (i: number): string => (turns[i] ?? []).map((a) => a.text ?? '').join(' ');
    expect(text(4)).toMatch(/7,800\.00/);
    expect(text(8)).toMatch(/78701/);
    expect(text(12)).toMatch(/8,287\.50/);
    expect(text(15)).toMatch(/acme-7\.webex\.com is ready/);
    expect(await world.peer.purchaseOf(world.conversationIdOf(7))).toMatchObject({
      plan: 'suite', renewal: 'annual', licenses: 25, callback: true, email: 'buyer7@example.com',
      billingAddress: { country: 'US', region: 'TX', city: 'Austin', postalCode: '78701' },
      callingPlan: { newNumbers: 2, areaCode: '512' }, siteUrl: 'acme-7',
    });
  });
});
