import { afterEach, describe, expect, it } from 'vitest';
import { WebexApp, shown } from './app-harness.js';

/**
 * A purchase started with @mentions in a group space: the order is put together in the group, the personal steps
 * (email, code, addresses, calling plan, payment) move to the buyer's 1:1 space, and the purchase finishes there.
 */
describe('a purchase that starts in a Webex group space and finishes in 1:1', () => {
  let w: WebexApp | undefined;
  afterEach(async () => { await w?.close(); w = undefined; });

  it('builds the order with mentions, continues in 1:1 for personal steps, and tells the group once', async () => {
    const app = await WebexApp.start();
    w = app;
    const jane = app.fake.addPerson('Jane Doe', 'jane@acme.com');
    const bob = app.fake.addPerson('Bob Roe', 'bob@acme.com');
    const group = app.fake.groupRoom([jane, bob]);
    const direct = app.fake.directRoom(jane);

    // Chatter that does not mention the bot never reaches it.
    await app.fake.userSays(bob, group, 'lunch at noon?');
    const plan = await app.says(jane, group, 'I want to upgrade', true);
    expect(plan.map((m) => m.roomId)).toEqual([group.id]);
    expect(shown(plan)).toMatch(/suite/i);
    await app.clicks(jane, group, 'Suite');
    await app.says(jane, group, 'annual', true);
    await app.says(jane, group, '25', true);
    expect(shown(await app.clicks(jane, group, 'Yes'))).toMatch(/7,?800\.00/);

    // Checkout asks for the email: a personal step, so it moves to Jane's 1:1 space and the group is told.
    const moved = await app.clicks(jane, group, 'Checkout');
    expect(moved.filter((m) => m.roomId === group.id).map((m) => m.markdown)).toEqual([
      "<@personEmail:jane@acme.com>, I've sent you a direct message: we'll continue with your personal details there.",
    ]);
    const toJane = moved.filter((m) => m.roomId === direct.id);
    expect(toJane.map((m) => m.toPersonEmail)).toEqual(['jane@acme.com']);
    expect(shown(toJane)).toMatch(/email/i);

    // Bob asks in the group meanwhile: a conversation of his own, Jane's is not disturbed.
    const bobs = await app.says(bob, group, 'how much is Meet?', true);
    expect(bobs.every((m) => m.roomId === group.id)).toBe(true);

    const say = (text: string) => app.says(jane, direct, text);
    expect(shown(await say('jane@acme.com'))).toMatch(/code/i);
    expect(shown(await say(await app.mailedCode('jane@acme.com')))).toMatch(/billing address/i);
    expect(shown(await say('100 Congress Ave, Austin, TX 78701, USA'))).toMatch(/78701/);
    expect(shown(await app.clicks(jane, direct, 'Yes'))).toMatch(/service address/i);
    expect(shown(await app.clicks(jane, direct, 'Same as billing'))).toMatch(/calling plan/i);
    expect(shown(await app.fills(jane, direct, 'callingPlan', { newNumbers: '2', area: '512' }))).toMatch(/acme\.webex\.com/);
    const pay = await app.clicks(jane, direct, 'Keep it');
    expect(shown(pay)).toMatch(/8,?287\.50/);
    const consent = await app.pays('payment page: confirm', pay.find((m) => /\/pay\//.test(m.markdown ?? '')));
    expect(consent.map((m) => m.roomId)).toEqual([direct.id]);
    expect(shown(await app.clicks(jane, direct, 'I accept'))).toMatch(/order/i);
    const ready = await app.provisioningFinishes();
    expect(ready.map((m) => m.roomId)).toEqual([direct.id]);
    expect(shown(ready)).toMatch(/site is ready[\s\S]*acme\.webex\.com/i);

    const orders = await app.orders({ channel: 'webex', id: group.id, group: true }, { id: jane.id });
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ status: 'provisioned' });
    expect(app.fake.rejected).toEqual([]);

    // The group saw the offer and the cart, told once about the move; nothing personal was posted there.
    const inGroup = shown(app.fake.sentTo(group));
    expect(inGroup.match(/I've sent you a direct message/g)).toHaveLength(1);
    expect(inGroup.replace('<@personEmail:jane@acme.com>', '')).not.toMatch(/jane@acme|j\*\*\*@acme|Congress|\/pay\/|site is ready/i);
    // Every message of the personal part went to Jane's 1:1 space.
    const afterMove = app.fake.sent.slice(app.fake.sent.indexOf(toJane[0] ?? moved[0]!));
    expect(afterMove.filter((m) => m.roomId === group.id).every((m) => /direct message/.test(m.markdown ?? '') || bobs.includes(m))).toBe(true);

    const s = app.costSummary();
    console.info(`[webex calls per turn] group + 1:1: min ${s.min}, avg ${s.avg}, max ${s.max} over ${s.turns} turns (${s.total} calls)\n${
      app.turns.map((t) => `  ${t.calls} (${t.gets} GET, ${t.posts} POST, ${t.sent} sent)  ${t.label}`).join('\n')}`);
  }, 60_000);
});
