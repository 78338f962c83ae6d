import { loadDirectoryData } from '../../services/directory/index.js';
import { join } from 'node:path';
import type { StateNode } from 'xstate';
import { createCore } from '../../core.js';
import type { ChannelSender, ConversationAddress, UserRef } from '../../dialogs/channel.types.js';
import { statePath } from '../../dialogs/prompts/render.js';
import type { Reply } from '../../dialogs/reply.js';
import type { Snapshot } from '../../dialogs/snapshot.js';
import { DEFAULT_DATA_DIR, loadProductData } from '../../domain/product-data.js';
import { centsToDecimal } from '../../domain/pricing.js';
import { orderQuote } from '../../machines/upgrade.logic.js';
import type { SystemEvent, UpgradeEvent } from '../../machines/upgrade.types.js';
import { createIds, createVirtualClock } from '../../services/clock.js';
import { createSimulatedAccounts } from '../../services/directory/index.js';
import { createMemoryMailer } from '../../services/mail/index.js';
import { createLocalPayments, tokenFromUrl } from '../../services/payments/index.js';
import { createSimulatedProvisioner } from '../../services/provisioning/simulated.js';
import { createSalesDesk } from '../../services/sales/sales-desk.js';
import { createMemoryStore } from '../../services/store/memory.store.js';
import { agentLine, createTranscriptSalesSpace, TRANSCRIPT_AGENT } from './sales-space.js';
import type { BotChoice, BotMessage, TranscriptBot, TranscriptBotFactory, TranscriptSetup } from './harness.types.js';

const PROVISIONING_DELAY_MS = 5 * 60_000;
const CLAIM_TIMEOUT_MS = 10 * 60_000;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const data = loadProductData(DEFAULT_DATA_DIR);
const directoryPromise = loadDirectoryData(join(DEFAULT_DATA_DIR, 'accounts.json'));

/** A reply as the channel shows it: numbered choices on the console, buttons (card submits) elsewhere. */
export function toBotMessage(reply: Reply, channel: TranscriptSetup['channel']): BotMessage {
  const choices: BotChoice[] = (reply.choices ?? []).map((c) => channel === 'console'
    ? { label: c.label, value: c.value }
    : { label: c.label, value: c.value, data: { choice: c.value } });
  const text = channel === 'console' && choices.length
    ? `${reply.text}\n${choices.map((c, i) => `${i + 1}) ${c.label}`).join('  ')}`
    : reply.text;
  return { text, choices, ...(reply.card && channel !== 'console' ? { card: reply.card } : {}) };
}

function transitionName(source: StateNode<never, never> | { path: string[] }, event: string, targets: readonly { path: string[] }[] | undefined): string {
  const src = source.path.join('.') || '(root)';
  const tgt = targets && targets.length ? targets.map((t) => t.path.join('.') || '(root)').join(',') : '(self)';
  return `${src} -> ${event} -> ${tgt}`;
}

/** One isolated bot per transcript: memory store, virtual clock, simulated outside world. */
export const createTranscriptBot: TranscriptBotFactory = async (setup) => {
  const directory = await directoryPromise;
  const clock = createVirtualClock(setup.now);
  const ids = createIds();
  const store = createMemoryStore({ clock, defaultTtlSeconds: 30 * 86_400 });
  const mailer = createMemoryMailer();
  const space = createTranscriptSalesSpace();
  // The same desk as production, on the transcript's sales space; its events reach the engine like any outside event.
  const sales = createSalesDesk({
    store, space, data, clock, ids, logger: silent,
    dispatch: (ev) => engine.dispatch(ev),
  });
  const taken: string[] = [];
  const outbox: BotMessage[] = [];
  let dispatchOutcome: ((conv: string, ev: SystemEvent) => Promise<unknown>) | undefined;
  const payments = createLocalPayments({
    publicUrl: 'http://localhost:3978', clock, ids, ttlMs: 3_600_000,
    onOutcome: async (conv, ev) => { await dispatchOutcome?.(conv, ev); },
  });
  const core = createCore({
    data, directory, store, mailer, payments, sales, clock, logger: silent, codeSecret: 'transcript-runner-secret',
    provisioner: createSimulatedProvisioner({ delayMs: PROVISIONING_DELAY_MS }),
    claimTimeoutMs: CLAIM_TIMEOUT_MS, draftTtlSeconds: 30 * 86_400, defaultLocale: setup.locale,
    accounts: createSimulatedAccounts({ accounts: setup.accounts.map((a) => ({ email: a.email, organisation: a.organisation })) }),
    observe: (before: Snapshot, event: UpgradeEvent) => {
      for (const t of core.machine.getTransitionData(before, event)) taken.push(transitionName(t.source, event.type, t.target));
    },
  });
  const { engine, machine } = core;
  const sender: ChannelSender = { async deliver(_a, replies) { for (const r of replies) outbox.push(toBotMessage(r, setup.channel)); } };
  engine.registerChannel(setup.channel, sender);
  const address: ConversationAddress = { channel: setup.channel, id: 'transcript' };
  const user: UserRef = { id: setup.user.email, email: setup.user.email, ...(setup.user.name ? { name: setup.user.name } : {}) };
  const conv = engine.conversationIdFor(address, user);
  dispatchOutcome = (c, ev) => engine.dispatch({ id: `outside.${ids.id()}`, conversationId: c, event: ev });
  let seq = 0;
  let snap: Snapshot | undefined;
  let orderFields: Record<string, string> | undefined;

  async function refresh(): Promise<void> {
    snap = (await engine.peek(conv))?.snapshot;
    const [order] = await store.orders.byConversation(conv);
    const ctx = snap?.context;
    if (order) {
      orderFields = {
        plan: order.answers.plan ?? '', renewal: order.answers.renewal ?? '', licenses: String(order.answers.licenses ?? ''),
        callback: order.answers.callback ? 'yes' : 'no', email: order.answers.email ?? '', siteUrl: `${order.answers.siteUrl}.webex.com`,
        currency: order.currency, subtotal: centsToDecimal(order.subtotalCents), tax: centsToDecimal(order.taxCents), total: centsToDecimal(order.totalCents),
        // "provisioning" is the site's state; to the buyer the order is placed until the site is ready.
        taxExempt: order.taxExempt ? 'yes' : 'no', status: order.status === 'provisioning' ? 'placed' : order.status,
      };
    } else if (ctx) {
      const a = ctx.answers;
      const q = orderQuote(data, ctx);
      const f: Record<string, string> = { status: 'draft', taxExempt: ctx.taxExempt ? 'yes' : 'no', currency: data.catalog.currency };
      if (a.plan) f.plan = a.plan;
      if (a.renewal) f.renewal = a.renewal;
      if (a.licenses !== undefined) f.licenses = String(a.licenses);
      if (a.callback !== undefined) f.callback = a.callback ? 'yes' : 'no';
      if (a.email) f.email = a.email;
      if (a.siteUrl) f.siteUrl = `${a.siteUrl}.webex.com`;
      if (q) {
        f.subtotal = centsToDecimal(q.subtotalCents);
        if (q.taxCents !== undefined) { f.tax = centsToDecimal(q.taxCents); f.total = centsToDecimal(q.totalCents); }
      }
      orderFields = f;
    }
  }

  async function turn(run: () => Promise<unknown>): Promise<BotMessage[]> {
    const from = outbox.length;
    await run();
    // Turns run one at a time here, so the desk may settle cases at once (no grace for a turn in flight).
    await sales.reconcile(0);
    await refresh();
    return outbox.slice(from);
  }
  const say = (text: string) => engine.handle({ kind: 'message', id: `m${++seq}`, address, user, locale: setup.locale, text: consoleChoice(text) });
  /** On the console, a bare number picks that numbered choice of the latest message, when it offers choices. */
  function consoleChoice(text: string): string {
    if (setup.channel !== 'console' || !/^\s*\d{1,2}\s*$/.test(text)) return text;
    const pick = outbox[outbox.length - 1]?.choices[Number(text.trim()) - 1];
    return pick ? pick.value : text;
  }
  const submit = (value: Record<string, unknown>) => engine.handle({ kind: 'submit', id: `s${++seq}`, address, user, locale: setup.locale, value });
  const outside = (event: SystemEvent) => engine.dispatch({ id: `e${++seq}`, conversationId: conv, event });

  const bot: TranscriptBot = {
    opening: async () => [],
    userSays: (text) => turn(() => say(text)),
    userClicks: (choice) => turn(() => (choice.data ? submit(choice.data) : say(choice.value))),
    userSubmits: (value) => turn(() => submit(value)),
    agentSays: (text) => turn(async () => {
      const threadId = space.latestThread();
      if (!threadId) throw new Error('no sales case has been posted in this conversation');
      const line = agentLine(text);
      await sales.handle({ kind: 'message', id: `a${++seq}`, person: line.person, text: line.text, threadId });
    }),
    agentClicks: (choice) => turn(async () => {
      if (!choice.data) throw new Error(`"${choice.label}" is not a card action of the sales space`);
      await sales.handle({ kind: 'action', id: `a${++seq}`, person: TRANSCRIPT_AGENT, value: choice.data });
    }),
    event: (name, extra) => turn(async () => {
      const payment = snap?.context.payment;
      switch (name) {
        case 'payment succeeded':
        case 'payment failed': {
          if (!payment) throw new Error(`"${name}": no payment link has been created in this conversation`);
          const link = payments.linkFor(payment.paymentId);
          if (!link) throw new Error(`"${name}": the payment page does not know payment ${payment.paymentId}`);
          const r = await payments.complete(tokenFromUrl(link), name === 'payment succeeded' ? 'succeeded' : 'declined');
          if (r.status !== 'completed') throw new Error(`"${name}": the payment link could not be completed (${r.status})`);
          return;
        }
        case 'provisioning complete':
          await outside({ type: 'PROVISIONING_COMPLETE', ...(extra ?? {}) } as SystemEvent);
          return;
        default: throw new Error(`unknown event "${name}" (known: payment succeeded, payment failed, provisioning complete)`);
      }
    }),
    advance: (ms) => turn(async () => {
      const target = clock.now() + ms;
      for (let i = 0; i < 1000; i++) {
        const due = await store.timers.nextDueAt();
        if (due === undefined || due > target) break;
        clock.set(Math.max(clock.now(), due));
        await engine.sweep();
      }
      clock.set(target);
      await engine.sweep();
    }),
    step: () => snap?.context.step ?? 'plan',
    stateValue: () => (snap ? statePath(snap.value) : 'plan'),
    order: () => orderFields,
    mailsSince: (from) => mailer.messages.slice(from).map((m) => ({ to: m.to, subject: m.subject, text: m.text })),
    salesSince: (from) => space.posts.slice(from),
    transitionsTaken: () => [...new Set(taken)],
    allTransitions: () => allTransitionsOf(machine.root),
    close: async () => { await store.close(); },
  };
  return bot;
};

function allTransitionsOf(root: { path: string[]; transitions: Map<string, readonly { source: { path: string[] }; target?: readonly { path: string[] }[] }[]>; states: Record<string, unknown>; always?: unknown }): string[] {
  const out = new Set<string>();
  const walk = (node: typeof root) => {
    for (const [event, defs] of node.transitions) for (const d of defs) out.add(transitionName(d.source, event, d.target));
    for (const child of Object.values(node.states)) walk(child as typeof root);
  };
  walk(root);
  return [...out].sort();
}
