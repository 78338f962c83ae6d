import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWebexApi } from '../../src/adapters/webex/webex-api.js';
import { memoryPersonalLinks } from '../../src/adapters/webex/webex-memory.js';
import { createWebexSender, type WebexSender } from '../../src/adapters/webex/webex-sender.js';
import type { ConversationAddress } from '../../src/dialogs/channel.types.js';
import { FakeWebexApi, type Person, type Room } from '../support/fake-webex-api.js';
import { FAST_RETRY, memoryLogger } from './harness.js';

/**
 * Reconciling replies of a lapsed outbox lease with the room (ChannelSender.redeliver): a sender that died after
 * POST /messages and before marking the reply sent must not make the next sender post it twice.
 */
let fake: FakeWebexApi;
let sender: WebexSender;
let ann: Person;
let room: Room;

const direct = (r: Room, p: Person): ConversationAddress => ({ channel: 'webex', id: r.id, ref: { roomId: r.id, roomType: 'direct', personId: p.id } });
const texts = (r: Room): string[] => fake.sentTo(r).map((m) => m.text ?? '');
const lists = (): number => fake.calls.filter((c) => c.method === 'GET' && (c.path === '/messages' || c.path === '/messages/direct')).length;

beforeEach(async () => {
  fake = await new FakeWebexApi().start();
  const api = createWebexApi({ token: fake.token, apiUrl: fake.url, retry: FAST_RETRY });
  sender = createWebexSender({ api, links: memoryPersonalLinks(), logger: memoryLogger() });
  ann = fake.addPerson('Ann', 'ann@example.com');
  room = fake.directRoom(ann);
});
afterEach(async () => { await fake.close(); });

describe('redeliver: replies whose sender may have posted them before it died', () => {
  it('posts nothing again that the direct room shows the bot posted since the reply was queued', async () => {
    const since = Date.now();
    await sender.deliver(direct(room, ann), [{ text: 'Which plan?' }], { id: ann.id });
    await sender.redeliver(direct(room, ann), [{ text: 'Which plan?' }], { id: ann.id }, since);
    expect(texts(room)).toEqual(['Which plan?']);
    expect(lists()).toBe(1);
  });

  it('posts only the replies that are missing, in order', async () => {
    const since = Date.now();
    await sender.deliver(direct(room, ann), [{ text: 'one' }], { id: ann.id });
    await sender.redeliver(direct(room, ann), [{ text: 'one' }, { text: 'two' }, { text: 'three' }], { id: ann.id }, since);
    expect(texts(room)).toEqual(['one', 'two', 'three']);
  });

  it('matches one post to one reply: the same text queued twice and posted once is posted once more', async () => {
    const since = Date.now();
    await sender.deliver(direct(room, ann), [{ text: 'Sorry?' }], { id: ann.id });
    await sender.redeliver(direct(room, ann), [{ text: 'Sorry?' }, { text: 'Sorry?' }], { id: ann.id }, since);
    expect(texts(room)).toEqual(['Sorry?', 'Sorry?']);
  });

  it('does not count a post older than the reply, nor the person\'s own message with the same text', async () => {
    await sender.deliver(direct(room, ann), [{ text: 'yes' }], { id: ann.id });
    const old = fake.sentTo(room)[0];
    if (old) old.created = new Date(Date.now() - 60_000).toISOString();
    const since = Date.now();
    await fake.userSays(ann, room, 'yes');
    await sender.redeliver(direct(room, ann), [{ text: 'yes' }], { id: ann.id }, since);
    expect(texts(room)).toEqual(['yes', 'yes']);
  });

  it('finds a personal reply that went to the 1:1 room from a group (List Direct Messages)', async () => {
    const group = fake.groupRoom([ann]);
    const address: ConversationAddress = { channel: 'webex', id: group.id, group: true, ref: { roomId: group.id, roomType: 'group', personId: ann.id, personEmail: 'ann@example.com' } };
    const user = { id: ann.id, email: 'ann@example.com' };
    const since = Date.now();
    await sender.deliver(address, [{ text: 'Your email?', personal: true }], user);
    const before = fake.sent.length;
    await sender.redeliver(address, [{ text: 'Your email?', personal: true }], user, since);
    expect(fake.sent.length).toBe(before);
    expect(fake.calls.some((c) => c.method === 'GET' && c.path === '/messages/direct' && c.status === 200)).toBe(true);
  });

  it('posts again in a group room, whose history a bot cannot read (at-least-once there)', async () => {
    const group = fake.groupRoom([ann]);
    const address: ConversationAddress = { channel: 'webex', id: group.id, group: true, ref: { roomId: group.id, roomType: 'group', personId: ann.id } };
    const since = Date.now();
    await sender.deliver(address, [{ text: 'Hello all' }], { id: ann.id });
    await sender.redeliver(address, [{ text: 'Hello all' }], { id: ann.id }, since);
    expect(texts(group)).toEqual(['Hello all', 'Hello all']);
    expect(lists()).toBe(0);
  });

  it('posts when the history cannot be read, rather than losing the reply', async () => {
    const since = Date.now();
    await sender.deliver(direct(room, ann), [{ text: 'Total: $10' }], { id: ann.id });
    fake.faults.push({ method: 'GET', path: '/messages', status: 403 });
    await sender.redeliver(direct(room, ann), [{ text: 'Total: $10' }], { id: ann.id }, since);
    expect(texts(room)).toEqual(['Total: $10', 'Total: $10']);
  });
});

describe('the local Webex API lists messages as documented', () => {
  it('lists a direct room newest first, honours max, and refuses a bot a group room without mentionedPeople=me', async () => {
    const api = createWebexApi({ token: fake.token, apiUrl: fake.url, retry: FAST_RETRY });
    await fake.userSays(ann, room, 'first');
    await fake.userSays(ann, room, 'second');
    await fake.userSays(ann, room, 'third');
    expect((await api.listMessages(room.id, 2)).map((m) => m.text)).toEqual(['third', 'second']);
    expect((await api.listDirectMessages({ personEmail: 'ann@example.com' })).map((m) => m.text)).toEqual(['third', 'second', 'first']);
    const group = fake.groupRoom([ann]);
    await expect(api.listMessages(group.id, 10)).rejects.toMatchObject({ status: 403 });
  });
});
