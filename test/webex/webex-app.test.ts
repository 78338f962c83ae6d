import { afterEach, describe, expect, it } from 'vitest';
import type { Person, Room } from '../support/fake-webex-api.js';
import { WebexApp, shown } from './app-harness.js';

/**
 * A whole purchase in a Webex 1:1 space through the real app over HTTP: webhooks signed by the local Webex API,
 * every message and card action fetched from it, every reply posted to it.
 */
describe('a whole purchase in a Webex 1:1 space through the real app', () => {
  let w: WebexApp | undefined;
  afterEach(async () => { await w?.close(); w = undefined; });

  const report = (name: string, app: WebexApp): void => {
    const s = app.costSummary();
    console.info(`[webex calls per turn] ${name}: min ${s.min}, avg ${s.avg}, max ${s.max} over ${s.turns} turns (${s.total} calls)\n${
      app.turns.map((t) => `  ${t.calls} (${t.gets} GET, ${t.posts} POST, ${t.sent} sent)  ${t.label}`).join('\n')}`);
  };

  async function placedOnce(app: WebexApp, room: Room, jane: Person): Promise<void> {
    const orders = await app.orders({ channel: 'webex', id: room.id, group: false }, { id: jane.id });
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ status: 'provisioned' });
  }

  it('by typed text, from "I want to upgrade" to the unprompted "site is ready"', async () => {
    w = await WebexApp.start();
    expect(w.fake.webhooks.size).toBe(2);
    const jane = w.fake.addPerson('Jane Doe', 'jane@acme.com');
    const room = w.fake.directRoom(jane);
    const say = (text: string) => w?.says(jane, room, text) ?? Promise.reject(new Error('no app'));

    expect(shown(await say('I want to upgrade'))).toMatch(/suite/i);
    expect(shown(await say('Suite'))).toMatch(/annual/i);
    await say('annual');
    await say('25');
    expect(shown(await say('yes'))).toMatch(/7,?800\.00/);
    expect(shown(await say('checkout'))).toMatch(/email/i);
    expect(shown(await say('jane@acme.com'))).toMatch(/code/i);
    expect(shown(await say(await w.mailedCode('jane@acme.com')))).toMatch(/billing address/i);
    expect(shown(await say('100 Congress Ave, Austin, TX 78701, USA'))).toMatch(/78701/);
    expect(shown(await say('yes'))).toMatch(/service address/i);
    expect(shown(await say('same as billing'))).toMatch(/calling plan/i);
    expect(shown(await say('no new numbers'))).toMatch(/acme\.webex\.com/);
    const pay = await say('yes');
    expect(shown(pay)).toMatch(/\/pay\//);
    expect(shown(await w.pays('payment page: confirm', pay.find((m) => /\/pay\//.test(m.markdown ?? ''))))).toMatch(/accept/i);
    expect(shown(await say('I accept'))).toMatch(/order/i);
    const ready = await w.provisioningFinishes();
    expect(ready.map((m) => m.roomId)).toEqual([room.id]);
    expect(shown(ready)).toMatch(/site is ready/i);
    expect(shown(ready)).toContain('acme.webex.com');

    await placedOnce(w, room, jane);
    expect(w.fake.rejected).toEqual([]);
    expect(w.fake.sent.every((m) => m.roomId === room.id)).toBe(true);
    report('1:1 by text', w);
    // Each user turn: one GET (message) and one POST per reply message; the bot's own echoes cost nothing.
    for (const t of w.turns) expect(t.calls, t.label).toBe(t.gets + t.posts);
    for (const t of w.turns) expect(t.posts, t.label).toBe(t.sent);
  }, 60_000);

  it('mostly by card clicks and forms, from "I want to upgrade" to the unprompted "site is ready"', async () => {
    w = await WebexApp.start();
    const jane = w.fake.addPerson('Jane Doe', 'jane@acme.com');
    const room = w.fake.directRoom(jane);
    const app = w;
    const click = (title: string) => app.clicks(jane, room, title);

    await app.says(jane, room, 'I want to upgrade');
    expect(shown(await click('Suite'))).toMatch(/annual/i);
    await click('Annual');
    await app.says(jane, room, '25');
    expect(shown(await click('Yes'))).toMatch(/7,?800\.00/);
    expect(shown(await click('Checkout'))).toMatch(/email/i);
    await app.says(jane, room, 'jane@acme.com');
    const billing = await app.says(jane, room, await app.mailedCode('jane@acme.com'));
    // Webex shows the card, not the message text: the form carries the question itself.
    expect(JSON.stringify(billing.at(-1)?.attachments?.[0]?.content.body)).toMatch(/billing address/i);
    const confirm = await app.fills(jane, room, 'billingAddress', {
      line1: '100 Congress Ave', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US',
    });
    expect(shown(confirm)).toMatch(/100 Congress Ave[\s\S]*78701/);
    const service = await click('Yes');
    expect(shown(service)).toMatch(/service address/i);
    // "Same as billing" is a button on the service-address form (it submits no inputs, so the required ones don't block it).
    expect(shown(await click('Same as billing'))).toMatch(/calling plan/i);
    const site = await app.fills(jane, room, 'callingPlan', { newNumbers: '2', area: '512' });
    expect(shown(site)).toMatch(/acme\.webex\.com/);
    const pay = await click('Keep it');
    expect(shown(pay)).toMatch(/8,?287\.50/);
    expect(shown(await app.pays('payment page: confirm', pay.find((m) => /\/pay\//.test(m.markdown ?? ''))))).toMatch(/accept/i);
    expect(shown(await click('I accept'))).toMatch(/order/i);
    const ready = await app.provisioningFinishes();
    expect(ready.map((m) => m.roomId)).toEqual([room.id]);
    expect(shown(ready)).toMatch(/site is ready[\s\S]*acme\.webex\.com/i);

    // Cards of finished steps pressed again: answered, never a second order or payment.
    const stale = [...await click('I accept'), ...await click('Keep it'), ...await click('Checkout')];
    expect(stale.length).toBeGreaterThanOrEqual(3);
    expect(shown(stale)).not.toMatch(/\/pay\//);

    await placedOnce(app, room, jane);
    expect(app.fake.rejected).toEqual([]);
    // Every card action was fetched with one GET /attachment/actions/{id}.
    const clicks = app.turns.filter((t) => /click|form/.test(t.label));
    expect(clicks.length).toBeGreaterThanOrEqual(10);
    for (const t of clicks) expect(t.gets, t.label).toBe(1);
    report('1:1 by card clicks', app);
  }, 60_000);
});
