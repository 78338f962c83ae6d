import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/core.js';
import type { ChannelSender, ConversationAddress, UserRef } from '../../src/dialogs/channel.types.js';
import type { Reply } from '../../src/dialogs/reply.js';
import { DEFAULT_DATA_DIR, loadProductData } from '../../src/domain/product-data.js';
import { createIds, createVirtualClock } from '../../src/services/clock.js';
import { loadDirectoryData } from '../../src/services/directory/index.js';
import { createMemoryMailer } from '../../src/services/mail/index.js';
import { createLocalPayments } from '../../src/services/payments/index.js';
import { createSimulatedProvisioner } from '../../src/services/provisioning/simulated.js';
import { createSalesDesk } from '../../src/services/sales/sales-desk.js';
import type { SpacePost } from '../../src/services/sales/sales-space.port.js';
import { createMemoryStore } from '../../src/services/store/memory.store.js';

/**
 * "Forget me" through the real engine and the channel-neutral sales desk: confirmed first, the reply delivered
 * before anything is deleted, then the conversation, its transcripts and its sales case are gone for good and the
 * agent is told; placed orders stay. A failed delivery keeps the document until the sweep has sent the reply.
 */
const data = loadProductData(DEFAULT_DATA_DIR);
const directory = await loadDirectoryData(join(DEFAULT_DATA_DIR, 'accounts.json'));
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const USER: UserRef = { id: 'user-1', name: 'Jane Doe' };
const ADDRESS: ConversationAddress = { channel: 'console', id: 'room-1' };
const sam = { id: 'p-sam', email: 'sam@sales.example', name: 'Sam' };

function setup() {
  const clock = createVirtualClock(Date.parse('2026-01-05T09:00:00Z'));
  const ids = createIds();
  const store = createMemoryStore({ clock, defaultTtlSeconds: 86_400 });
  const posts: { thread?: string; post: SpacePost }[] = [];
  const space = {
    name: 'test:sales',
    async post(post: SpacePost) { posts.push({ post }); return `root-${posts.length}`; },
    async reply(thread: string, post: SpacePost) { posts.push({ thread, post }); },
    isMember: async () => true,
  };
  let dispatch: Parameters<typeof createSalesDesk>[0]['dispatch'] = async () => undefined;
  const desk = createSalesDesk({ store, space, data, clock, ids, logger: silent, dispatch: (ev) => dispatch(ev) });
  const core = createCore({
    data, directory, store, mailer: createMemoryMailer(), clock, logger: silent, codeSecret: 'forget-test-secret',
    payments: createLocalPayments({ publicUrl: 'http://localhost', clock, ids, ttlMs: 3_600_000, onOutcome: async () => undefined }),
    provisioner: createSimulatedProvisioner({ delayMs: 60_000 }), sales: desk, claimTimeoutMs: 600_000,
    draftTtlSeconds: 86_400, defaultLocale: 'en', outboxLeaseMs: 1_000,
  });
  dispatch = (ev) => core.engine.dispatch(ev);
  const conv = core.engine.conversationIdFor(ADDRESS, USER);
  /** Every delivery, with whether the conversation was still stored at that moment. */
  const delivered: { reply: Reply; storedAtSend: boolean }[] = [];
  const state = { failNext: 0 };
  const sender: ChannelSender = {
    async deliver(_address, replies) {
      if (state.failNext > 0) { state.failNext--; throw new Error('channel down'); }
      const storedAtSend = (await store.conversations.get(conv)) !== undefined;
      for (const reply of replies) delivered.push({ reply, storedAtSend });
    },
  };
  core.engine.registerChannel('console', sender);
  let seq = 0;
  const say = (text: string) => core.engine.handle({ kind: 'message', id: `m${++seq}`, address: ADDRESS, user: USER, text });
  return { clock, store, posts, desk, core, conv, delivered, state, say };
}

type T = ReturnType<typeof setup>;

async function toCartWithAnOrderOnRecord(t: T): Promise<void> {
  for (const text of ['I want to upgrade', 'Suite', 'annual', '25', 'no']) await t.say(text);
  expect((await t.core.engine.peek(t.conv))?.snapshot.context.step).toBe('cart');
  // An order placed by this conversation earlier (a business record that must be kept).
  await t.store.orders.create({
    id: `${t.conv}:1`, conversationId: t.conv, answers: { plan: 'suite', renewal: 'annual', licenses: 5 }, paymentId: 'pay-1',
    consent: { acceptedAt: t.clock.now(), policies: [], userId: USER.id }, currency: 'USD', subtotalCents: 100, taxCents: 0, totalCents: 100,
    status: 'placed', placedAt: t.clock.now(), updatedAt: t.clock.now(),
  });
}

const lastText = (t: T): string => t.delivered.at(-1)?.reply.text ?? '';

describe('forget me', () => {
  it('asks first; no keeps everything', async () => {
    const t = setup();
    await toCartWithAnOrderOnRecord(t);
    await t.say('delete my data');
    expect(lastText(t)).toMatch(/delete this conversation[\s\S]*orders are kept/i);
    await t.say('no');
    expect(lastText(t)).toMatch(/no change/i);
    expect((await t.core.engine.peek(t.conv))?.snapshot.context.step).toBe('cart');
    expect(await t.store.transcripts.list(t.conv)).not.toEqual([]);
  });

  it('in a claimed handoff: the reply goes out first, then conversation, transcripts and case are purged; orders stay', async () => {
    const t = setup();
    await toCartWithAnOrderOnRecord(t);
    await t.say('talk to a person');
    await t.say('yes');
    const [c] = await t.store.cases.list({ conversationId: t.conv });
    if (!c) throw new Error('no case opened');
    await t.desk.handle({ kind: 'action', id: 'a1', person: sam, value: { salesAction: 'claim', caseId: c.id } });
    expect((await t.store.cases.get(c.id))?.value.status).toBe('claimed');

    await t.say('удалите мои данные');
    expect(lastText(t)).toMatch(/Удалить данные этого разговора/);
    const before = t.delivered.length;
    await t.say('да');
    const last = t.delivered.slice(before);
    expect(last).toHaveLength(1);
    expect(last[0]?.reply.text).toMatch(/данные этого разговора удалены/);
    expect(last[0]?.storedAtSend, 'deleted only after the reply was delivered').toBe(true);

    expect(await t.store.conversations.get(t.conv)).toBeUndefined();
    expect(await t.store.transcripts.list(t.conv)).toEqual([]);
    expect(await t.store.cases.get(c.id)).toBeUndefined();
    expect(await t.store.cases.list({ conversationId: t.conv })).toEqual([]);
    expect(await t.store.orders.byConversation(t.conv)).toHaveLength(1);
    expect(t.posts.filter((p) => p.thread === 'root-1').at(-1)?.post.markdown).toMatch(/asked us to delete their data/);

    // Sales can no longer read or act on the case: the thread answers as for no case at all.
    await t.desk.handle({ kind: 'message', id: 'm-late', person: sam, text: 'are you still there?', threadId: 'root-1' });
    expect(t.posts.at(-1)?.post.markdown).toMatch(/no open case in this thread/);
    expect(await t.store.conversations.get(t.conv)).toBeUndefined();

    // Writing again starts afresh.
    await t.say('hi');
    expect((await t.core.engine.peek(t.conv))?.snapshot.context.answers).toEqual({});
  });

  it('a reply that could not be delivered is kept until the sweep sends it (once), then everything goes', async () => {
    const t = setup();
    await toCartWithAnOrderOnRecord(t);
    await t.say('forget me');
    t.state.failNext = 1;
    const before = t.delivered.length;
    await t.say('yes');
    expect(t.delivered.length).toBe(before);
    const kept = await t.store.conversations.get(t.conv);
    expect(kept?.value.outbox).toHaveLength(1);

    t.clock.advance(1_500); // the lease lapses; the outbox timer is due
    await t.core.engine.sweep();
    expect(t.delivered.slice(before).map((d) => d.reply.text)).toEqual([expect.stringMatching(/data is deleted/i) as unknown as string]);
    expect(await t.store.conversations.get(t.conv)).toBeUndefined();
    expect(await t.store.transcripts.list(t.conv)).toEqual([]);
    t.clock.advance(60_000);
    await t.core.engine.sweep();
    expect(t.delivered.length).toBe(before + 1);
    expect(await t.store.orders.byConversation(t.conv)).toHaveLength(1);
  });
});
