import { afterEach, describe, expect, it } from 'vitest';
import { ScriptedEngine, startHarness, type Harness } from './harness.js';

describe('Webex spaces: mentions, cards, personal steps', () => {
  let h: Harness;
  afterEach(async () => { await h.close(); });

  it('strips the bot mention in a group space and answers in the group', async () => {
    const engine = new ScriptedEngine();
    h = await startHarness({ engine });
    const ann = h.fake.addPerson('Ann', 'ann@example.com');
    const bob = h.fake.addPerson('Bob', 'bob@example.com');
    const group = h.fake.groupRoom([ann, bob]);
    // Not mentioned: Webex does not deliver it to a bot at all.
    await h.fake.userSays(bob, group, 'lunch at noon?');
    await h.fake.userSays(ann, group, 'how much is Suite for 25 people?', { mention: true });
    await h.quiet();
    expect(engine.inbounds).toHaveLength(1);
    expect(engine.inbounds[0]).toMatchObject({
      kind: 'message', text: 'how much is Suite for 25 people?', address: { id: group.id, group: true },
    });
    expect(h.fake.sentTo(group).map((m) => m.text)).toEqual(['echo: how much is Suite for 25 people?']);
  });

  it('fetches a card submission, maps it to a submit, and costs one GET', async () => {
    const engine = new ScriptedEngine();
    engine.respond = (i) => (i.kind === 'message'
      ? [{ text: 'Which renewal?', choices: [{ label: 'Annual', value: 'annual' }, { label: 'Monthly', value: 'monthly' }] }]
      : [{ text: 'Noted.' }]);
    h = await startHarness({ engine });
    const ann = h.fake.addPerson('Ann', 'ann@example.com');
    const room = h.fake.directRoom(ann);
    await h.fake.userSays(ann, room, 'suite');
    await h.quiet();
    const card = h.fake.sentTo(room)[0];
    expect(card?.attachments?.[0]?.content).toMatchObject({ version: '1.3', actions: [{ title: 'Annual', data: { choice: 'annual' } }, { title: 'Monthly' }] });
    const from = h.fake.calls.length;
    const action = await h.fake.userSubmits(ann, card?.id ?? '', 'Annual');
    await h.quiet();
    expect(engine.inbounds[1]).toMatchObject({
      kind: 'submit', id: action.id, cardId: card?.id, value: { choice: 'annual' },
      address: { id: room.id, group: false }, user: { id: ann.id, email: 'ann@example.com' },
    });
    // One GET for the inputs; the room type is known from the earlier message.
    expect(h.fake.count(from, 'GET')).toBe(1);
    expect(h.fake.count(from, 'POST', '/messages')).toBe(1);
  });

  it('moves personal replies to a 1:1 space, tells the group once, and continues there', async () => {
    const engine = new ScriptedEngine();
    engine.respond = (i) => {
      const text = i.kind === 'message' ? i.text : '';
      if (text.includes('buy')) return [{ text: 'Great choice.' }, { text: 'What is your work email?', personal: true }];
      if (text.includes('@')) return [{ text: 'I sent a code to your email. Type it here.', personal: true }];
      return [{ text: 'Code accepted. Your **billing address**?', personal: true }];
    };
    h = await startHarness({ engine });
    const ann = h.fake.addPerson('Ann', 'ann@example.com');
    const bob = h.fake.addPerson('Bob', 'bob@example.com');
    const group = h.fake.groupRoom([ann, bob]);
    await h.fake.userSays(ann, group, 'buy Suite', { mention: true });
    await h.quiet();
    const direct = h.fake.directRoom(ann);
    expect(h.fake.sentTo(group).map((m) => m.markdown)).toEqual([
      'Great choice.',
      "<@personEmail:ann@example.com>, I've sent you a direct message: we'll continue with your personal details there.",
    ]);
    expect(h.fake.sentTo(direct).map((m) => m.text)).toEqual(['What is your work email?']);
    expect(h.fake.sent.find((m) => m.text === 'What is your work email?')?.toPersonEmail).toBe('ann@example.com');

    // Ann answers in the 1:1 space: same conversation (the group's), replies stay in the 1:1 space.
    await h.fake.userSays(ann, direct, 'ann@example.com');
    await h.fake.userSays(ann, direct, '123456');
    await h.quiet();
    expect(engine.inbounds.slice(1).map((i) => i.address)).toMatchObject([
      { id: group.id, group: true, ref: { directRoomId: direct.id } },
      { id: group.id, group: true, ref: { directRoomId: direct.id } },
    ]);
    expect(h.fake.sentTo(direct).map((m) => m.text)).toEqual([
      'What is your work email?', 'I sent a code to your email. Type it here.', 'Code accepted. Your billing address?',
    ]);
    // The group was told once and saw nothing personal.
    expect(h.fake.sentTo(group)).toHaveLength(2);
  });

  it('tells the group in Russian when the personal reply is Russian', async () => {
    const engine = new ScriptedEngine();
    engine.respond = () => [{ text: 'Укажите рабочий email.', personal: true }];
    h = await startHarness({ engine });
    const ann = h.fake.addPerson('Анна', 'anna@example.com');
    const group = h.fake.groupRoom([ann]);
    await h.fake.userSays(ann, group, 'купить', { mention: true });
    await h.quiet();
    expect(h.fake.sentTo(group)[0]?.markdown).toContain('я написал вам в личные сообщения');
  });

  it('releases the 1:1 link when the group purchase finishes', async () => {
    const engine = new ScriptedEngine();
    engine.respond = () => [{ text: 'Your email?', personal: true }];
    h = await startHarness({ engine });
    const ann = h.fake.addPerson('Ann', 'ann@example.com');
    const group = h.fake.groupRoom([ann]);
    await h.fake.userSays(ann, group, 'buy', { mention: true });
    await h.quiet();
    engine.step = 'done';
    const direct = h.fake.directRoom(ann);
    await h.fake.userSays(ann, direct, 'ann@example.com');
    await h.quiet();
    engine.step = 'plan';
    await h.fake.userSays(ann, direct, 'hello again');
    await h.quiet();
    expect(engine.inbounds.map((i) => i.address?.id)).toEqual([group.id, group.id, direct.id]);
  });
});
