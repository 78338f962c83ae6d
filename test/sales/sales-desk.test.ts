import { describe, expect, it } from 'vitest';
import type { OutsideEvent } from '../../src/dialogs/channel.types.js';
import { DEFAULT_DATA_DIR, loadProductData } from '../../src/domain/product-data.js';
import { parseAgentCommand, parseAgentList } from '../../src/services/sales/agent-command.js';
import { createSalesDesk } from '../../src/services/sales/sales-desk.js';
import type { SalesSpace, SpacePost } from '../../src/services/sales/sales-space.port.js';
import { createIds, createVirtualClock } from '../../src/services/clock.js';
import { createMemoryStore } from '../../src/services/store/memory.store.js';

const data = loadProductData(DEFAULT_DATA_DIR);
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const alex = { id: 'p-alex', email: 'alex@sales.example', name: 'Alex' };
const sam = { id: 'p-sam', email: 'sam@sales.example', name: 'Sam' };

function setup(opts: { down?: boolean } = {}) {
  const clock = createVirtualClock(Date.parse('2026-01-05T09:00:00Z'));
  const store = createMemoryStore({ clock, defaultTtlSeconds: 86_400 });
  const posts: { thread?: string; post: SpacePost }[] = [];
  const state = { down: opts.down === true };
  const space: SalesSpace = {
    name: 'test:sales',
    async post(post) { if (state.down) throw new Error('space down'); posts.push({ post }); return `root-${posts.length}`; },
    async reply(thread, post) { posts.push({ thread, post }); },
    isMember: async (p) => p.id !== 'p-outsider',
  };
  const events: OutsideEvent[] = [];
  const desk = createSalesDesk({ store, space, data, clock, ids: createIds(), logger: silent, dispatch: async (ev) => { events.push(ev); } });
  const open = (conv: string) => desk.open({ conversationId: conv, reason: 'largeOrder', customer: { name: 'Jane' },
    summary: JSON.stringify({ answers: { plan: 'suite', renewal: 'annual', licenses: 100, callback: true }, requestedLicenses: 150 }), recent: ['user: 150'] });
  return { clock, store, posts, state, desk, events, open };
}

describe('sales desk', () => {
  it('posts a priced case card with a Claim button and reports queue positions', async () => {
    const t = setup();
    expect((await t.open('c1')).position).toBe(1);
    t.clock.advance(1_000);
    expect((await t.open('c2')).position).toBe(2);
    expect((await t.open('c1')).position).toBe(1);
    expect(t.posts).toHaveLength(2);
    const card = t.posts[0]!.post;
    expect(card.markdown).toMatch(/More licenses than sold online[\s\S]*Licenses asked for: 150[\s\S]*Subtotal: 31,200\.00 USD/);
    expect(JSON.stringify(card.card)).toContain('"title":"Claim"');
  });

  it('lets one of two agents claim; only the owner talks, releases or resumes', async () => {
    const t = setup();
    const { caseId } = await t.open('c1');
    await Promise.all([
      t.desk.handle({ kind: 'action', id: 'a1', person: alex, value: { salesAction: 'claim', caseId } }),
      t.desk.handle({ kind: 'action', id: 'a2', person: sam, value: { salesAction: 'claim', caseId } }),
    ]);
    expect(t.events.filter((e) => e.event.type === 'AGENT_JOINED')).toHaveLength(1);
    const owner = (await t.store.cases.get(caseId))?.value.agent?.id === alex.id ? alex : sam;
    const other = owner === alex ? sam : alex;
    await t.desk.handle({ kind: 'message', id: 'm1', person: other, text: 'hello', threadId: 'root-1' });
    expect(t.posts.at(-1)?.post.markdown).toMatch(/owns this case; nothing was sent/);
    await t.desk.handle({ kind: 'message', id: 'm2', person: owner, text: 'release', threadId: 'root-1' });
    await t.desk.handle({ kind: 'message', id: 'm3', person: other, text: 'claim', threadId: 'root-1' });
    await t.desk.handle({ kind: 'message', id: 'm4', person: other, text: 'resume', threadId: 'root-1' });
    expect(t.events.map((e) => e.event.type)).toEqual(['AGENT_JOINED', 'AGENT_RELEASED', 'AGENT_JOINED', 'AGENT_RESUMED']);
    expect(t.events.map((e) => e.id)).toEqual(expect.arrayContaining(['sales.m2', 'sales.m3', 'sales.m4']));
    expect((await t.store.cases.get(caseId))?.value.status).toBe('resumed');
  });

  it('refuses people outside the space, or outside SALES_AGENTS when it is set', async () => {
    const t = setup();
    await t.open('c1');
    await t.desk.handle({ kind: 'message', id: 'm1', person: { id: 'p-outsider', name: 'Out' }, text: 'claim', threadId: 'root-1' });
    expect(t.posts.at(-1)?.post.markdown).toMatch(/Sorry Out, only members/);
    expect(t.events).toEqual([]);
    expect(parseAgentList('Alex Agent <Alex@Sales.example>; 9f1c-aad')).toEqual([{ key: 'alex@sales.example', name: 'Alex Agent' }, { key: '9f1c-aad' }]);
  });

  it('keeps a case the space could not take, and posts it later', async () => {
    const t = setup({ down: true });
    const { caseId } = await t.open('c1');
    expect((await t.store.cases.get(caseId))?.value.thread).toBeUndefined();
    t.state.down = false;
    expect(await t.desk.retryPosts()).toBe(1);
    expect((await t.store.cases.get(caseId))?.value.thread?.id).toBe('root-1');
  });

  it('ends the case of a conversation that left the handoff, once, after the grace period', async () => {
    const t = setup();
    const { caseId } = await t.open('gone');
    expect(await t.desk.reconcile()).toBe(0);
    t.clock.advance(61_000);
    expect(await t.desk.reconcile()).toBe(1);
    expect(await t.desk.reconcile()).toBe(0);
    expect((await t.store.cases.get(caseId))?.value.status).toBe('left');
    expect(t.posts.at(-1)?.post.markdown).toMatch(/went back to the bot/);
  });

  it('reads thread commands only as whole messages', () => {
    expect(parseAgentCommand('resume tax-exempt  CERT-1 ')).toEqual({ kind: 'resume', certificate: 'CERT-1' });
    expect(parseAgentCommand('Close')).toEqual({ kind: 'close' });
    expect(parseAgentCommand('please close the window')).toEqual({ kind: 'say', text: 'please close the window' });
    expect(parseAgentCommand('note: called back')).toEqual({ kind: 'note', text: 'called back' });
  });
});
