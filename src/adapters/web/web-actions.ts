import type { Choice } from '../../dialogs/reply.js';
import type { ProductData } from '../../domain/catalog.js';
import { formatAddress } from '../../domain/address.js';
import { centsToDecimal } from '../../domain/pricing.js';
import type { Locale } from '../../domain/types.js';
import { orderQuote } from '../../machines/upgrade.logic.js';
import type { UpgradeContext } from '../../machines/upgrade.types.js';
import { AppError } from '../../services/errors.js';
import { tokenFromUrl, type CompleteResult, type LocalPayment, type PaymentOutcome } from '../../services/payments/index.js';
import type { OrderRecord } from '../../services/store.port.js';
import { CODE_PATTERN } from './web-chat.js';
import type { Engine, Sessions, WebSession } from './web-session.js';
import type { PanelMail, PanelState, WebChannel } from './web.types.js';

export interface ActionsDeps {
  engine: Engine;
  sessions: Sessions;
  payments: { complete(token: string, outcome: PaymentOutcome): Promise<CompleteResult>; find(token: string): Promise<LocalPayment | undefined>; linkFor(paymentId: string): string | undefined };
  orders: { byConversation(conversationId: string): Promise<OrderRecord[]> };
  data: ProductData;
  clock: { now(): number };
  /** Where mail goes when it is not the local outbox (SMTP): the panel says so instead of listing it. */
  mailNote?: string;
}

/** Card data `{choice}` naming one of the message's choices is a button press; anything else is a form. */
export function pressedChoice(value: Record<string, unknown>, choices: readonly Choice[]): Choice | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 1 || typeof value['choice'] !== 'string') return undefined;
  return choices.find((c) => c.value === value['choice']);
}

function formText(value: Record<string, unknown>): string {
  return Object.entries(value).filter(([k, v]) => k !== 'form' && (typeof v === 'string' || typeof v === 'number') && String(v).trim() !== '')
    .map(([, v]) => String(v)).join(', ');
}

/** Everything the page can do to its conversation; each turn is recorded in the session's `.chat`. */
export function createActions(deps: ActionsDeps) {
  const { engine, sessions } = deps;

  async function context(s: WebSession): Promise<UpgradeContext | undefined> {
    return (await engine.peek(s.conversationId))?.snapshot.context;
  }

  return {
    /** The user types (or presses a Teams suggested action: `label` is its title and `text` its value). */
    say(s: WebSession, text: string, locale: string | undefined, label?: string, rateKey?: string) {
      const id = s.nextInputId('msg');
      return s.exclusive((t) => t === id, async () => {
        if (locale) {
          s.chat.setLocale(locale);
          s.locale = locale;
        }
        if (label !== undefined) s.chat.userClicked(label);
        else {
          if (CODE_PATTERN.test(text)) await sessions.feedMails(s);
          s.chat.userSaid(text);
        }
        s.push({ kind: 'user', text });
        await engine.handle({ kind: 'message', id, address: s.address, user: s.user, locale: s.locale, text, ...(rateKey ? { rateKey } : {}) });
        await sessions.settle(s);
      });
    },

    /** A card action (Action.Submit in Webex, Action.Execute in Teams) with the card's inputs merged into its data. */
    submit(s: WebSession, value: Record<string, unknown>, messageId: string | undefined, channel: WebChannel | undefined, title?: string, rateKey?: string) {
      const id = s.nextInputId('card');
      return s.exclusive((t) => t === id, async () => {
        const choice = pressedChoice(value, messageId ? s.choicesOf(messageId) : []);
        if (choice) s.chat.userClicked(choice.label);
        else s.chat.userSubmitted(value);
        s.push({ kind: 'user', text: choice?.label ?? (formText(value) || title || '✓') });
        s.pressed(messageId, channel, value, title);
        await engine.handle({ kind: 'submit', id, address: s.address, user: s.user, locale: s.locale, value, ...(rateKey ? { rateKey } : {}) });
        await sessions.settle(s);
      });
    },

    /** What the payment page's buttons do, for the latest payment link. */
    async pay(s: WebSession, outcome: PaymentOutcome): Promise<string> {
      const payment = (await context(s))?.payment;
      if (!payment) throw new AppError('CONFLICT', 'there is no payment link in this conversation yet');
      const link = deps.payments.linkFor(payment.paymentId);
      if (!link) return 'unknown';
      const token = tokenFromUrl(link);
      const known = await deps.payments.find(token);
      if (!known) return 'unknown';
      if (known.outcome) return 'used';
      if (known.expiresAt <= deps.clock.now()) return 'expired';
      return s.exclusive((t) => t.startsWith(`payment.${payment.paymentId}.`), async () => {
        s.chat.event(outcome === 'succeeded' ? 'payment succeeded' : 'payment failed');
        s.push({ kind: 'note', text: outcome === 'succeeded' ? 'note.paid' : 'note.declined' });
        const r = await deps.payments.complete(token, outcome);
        await sessions.settle(s);
        return r.status;
      });
    },

    /** The simulated provisioner finishes now instead of after PROVISIONING_DELAY_MS. */
    async provision(s: WebSession): Promise<void> {
      if ((await context(s))?.step !== 'provisioning') throw new AppError('CONFLICT', 'the conversation is not waiting for provisioning');
      const id = s.nextInputId('provisioned');
      await s.exclusive((t) => t === id, async () => {
        s.chat.event('provisioning complete');
        s.push({ kind: 'note', text: 'note.provisioned' });
        await engine.dispatch({ id, conversationId: s.conversationId, event: { type: 'PROVISIONING_COMPLETE' } });
        await sessions.settle(s);
      });
    },

    async panel(s: WebSession): Promise<PanelState> {
      const peeked = await engine.peek(s.conversationId);
      const ctx = peeked?.snapshot.context;
      const [order] = await deps.orders.byConversation(s.conversationId);
      const mails = await sessions.feedMails(s);
      const state: PanelState = {
        conversationId: s.conversationId, step: ctx?.step ?? '—', state: peeked ? stateName(peeked.snapshot.value) : '—',
        locale: ctx?.locale ?? s.locale, order: ctx ? orderRows(deps.data, ctx, order) : [], mails, canProvision: ctx?.step === 'provisioning',
      };
      if (deps.mailNote) state.mailNote = deps.mailNote;
      if (ctx?.payment) state.payment = { url: deps.payments.linkFor(ctx.payment.paymentId) ?? '', status: ctx.payment.status, expiresAt: ctx.payment.expiresAt };
      if (ctx?.handoff) {
        state.handoff = { status: ctx.handoff.status };
        if (ctx.handoff.caseId) state.handoff.caseId = ctx.handoff.caseId;
        if (ctx.handoff.agentName) state.handoff.agentName = ctx.handoff.agentName;
      }
      return state;
    },
  };
}
export type Actions = ReturnType<typeof createActions>;

function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return String(value);
  return Object.entries(value).map(([k, v]) => `${k}.${stateName(v)}`).join(', ');
}

/** The order draft as the panel lists it; the placed order once there is one. */
export function orderRows(data: ProductData, ctx: UpgradeContext, order: OrderRecord | undefined): { key: string; value: string }[] {
  const a = order?.answers ?? ctx.answers;
  const locale: Locale = ctx.locale;
  const rows: { key: string; value: string }[] = [];
  const add = (key: string, value: string | undefined) => { if (value !== undefined && value !== '') rows.push({ key, value }); };
  add('plan', a.plan);
  add('renewal', a.renewal);
  add('licenses', a.licenses === undefined ? undefined : String(a.licenses));
  add('callback', a.callback === undefined ? undefined : a.callback ? 'yes' : 'no');
  add('email', a.email);
  add('verified', ctx.verifiedEmail ? 'yes' : undefined);
  add('billingAddress', a.billingAddress ? formatAddress(a.billingAddress, locale) : undefined);
  add('serviceAddress', a.serviceAddress ? formatAddress(a.serviceAddress, locale) : undefined);
  if (a.callingPlan) {
    const cp = a.callingPlan;
    add('callingPlan', [`${cp.newNumbers} new${cp.area ? ` (${cp.area})` : ''}`, cp.port.length ? `port ${cp.port.join(' ')}` : ''].filter(Boolean).join(', '));
  }
  add('siteUrl', a.siteUrl ? `${a.siteUrl}.webex.com` : undefined);
  add('taxExempt', ctx.taxExempt ? `yes (${ctx.taxExempt.certificate})` : undefined);
  if (order) {
    add('subtotal', `${centsToDecimal(order.subtotalCents)} ${order.currency}`);
    add('tax', `${centsToDecimal(order.taxCents)} ${order.currency}`);
    add('total', `${centsToDecimal(order.totalCents)} ${order.currency}`);
    add('order', `${ctx.orderId ?? order.id} (${order.status})`);
    return rows;
  }
  const q = orderQuote(data, ctx);
  if (q) {
    add('subtotal', `${centsToDecimal(q.subtotalCents)} ${q.currency}`);
    if (q.taxCents !== undefined) {
      add('tax', `${centsToDecimal(q.taxCents)} ${q.currency}`);
      add('total', `${centsToDecimal(q.totalCents)} ${q.currency}`);
    }
  }
  add('status', 'draft');
  return rows;
}

export type { PanelMail };
