import { isDeepStrictEqual } from 'node:util';
import type { ProductData } from '../../../src/domain/catalog.js';
import type { AddressField, Locale, Step } from '../../../src/domain/types.js';
import { understand } from '../../../src/dialogs/understanding/understand.js';
import { createFaqIndex } from '../../../src/dialogs/understanding/faq-search.js';
import type { UnderstandingView } from '../../../src/dialogs/understanding.types.js';
import type { UserEvent } from '../../../src/machines/upgrade.types.js';
import type { CorpusItem, Expect } from './corpus.js';

/** What a message led to, in the corpus's own terms (see README.md). */
export interface Outcome {
  values: Record<string, unknown>;
  ask?: { field: string; options?: unknown[] };
  intent?: string;
  question?: string;
  /**
   * A yes to the proposal with answers after it (CONFIRM_PENDING with `more`): the proposal's own value is taken too,
   * but the corpus does not record what was proposed, so one label value beyond the answers is allowed unchecked.
   */
  confirmsPending?: boolean;
}

export interface Verdict { item: CorpusItem; got: Outcome; want: Outcome; event: UserEvent; right: boolean; silentWrong: boolean }

const hashCode = (code: string): string => `hash:${code}`;

export function viewFor(item: CorpusItem, data: ProductData): UnderstandingView {
  const pending = item.at.endsWith('!');
  const clean = pending ? item.at.slice(0, -1) : item.at;
  const [state, field] = clean.split('@') as [string, AddressField | undefined];
  const step = state.split('.')[0] as Step;
  const view: UnderstandingView = { step, state: state === 'handoff' ? 'handoff.queued' : state, locale: item.locale ?? item.language, pending, catalog: data.catalog };
  if (field) view.addressField = field;
  if (item.taxExemptApproved) view.taxExemptApproved = true;
  if (data.faq) view.faq = createFaqIndex(data.faq);
  return view;
}

/** States where a bare yes commits something (the draft, an acceptance, a proposal). */
function yesCommits(view: UnderstandingView): boolean {
  return view.pending || view.step === 'consent' || view.step === 'callback' || view.state.endsWith('.confirming')
    || view.state === 'billingAddress.annualNotSold' || view.state === 'siteUrl.offering';
}

function proposalField(e: UserEvent): { field: string; value?: unknown } | undefined {
  switch (e.type) {
    case 'CHOOSE_PLAN': return { field: 'plan', value: e.plan };
    case 'CHOOSE_RENEWAL': return { field: 'renewal', value: e.renewal };
    case 'SET_LICENSES': return { field: 'licenses', value: e.count };
    case 'SET_CALLBACK': return { field: 'callback', value: e.value };
    case 'GIVE_EMAIL': return { field: 'email', value: e.email };
    case 'GIVE_SITE_URL': return { field: 'siteUrl', value: e.name };
    case 'GIVE_ADDRESS': return { field: 'address' };
    case 'GIVE_CALLING_PLAN': return { field: 'callingPlan' };
    case 'CHANGE': return 'value' in e.change ? { field: e.change.field, value: e.change.value } : { field: e.change.field };
    default: return undefined;
  }
}

const INTENTS: Partial<Record<UserEvent['type'], string>> = {
  YES: 'yes', NO: 'no', CONFIRM_PENDING: 'yes', REJECT_PENDING: 'no', HELP: 'help', BACK: 'back', SHOW_CART: 'cart',
  RESTART: 'restart', CANCEL: 'cancel', RESUME: 'resume', HUMAN: 'human', FORGET_ME: 'forget', TAX_EXEMPT: 'taxExempt',
  CHECKOUT: 'checkout', START: 'start', RESEND_CODE: 'resend', RETRY_PAYMENT: 'retryPayment', KEEP_WAITING: 'keepWaiting',
  LEAVE_HANDOFF: 'leaveHandoff', RELAY: 'relay', CALLBACK_CONTACT: 'callbackContact', CARD_NUMBER: 'cardNumber',
  NOT_UNDERSTOOD: 'nothing', UNANSWERABLE: 'nothing', OUT_OF_DATE: 'nothing',
};

/** The event as an outcome; equivalences that depend on the step are applied to both sides (see `settle`). */
export function outcomeOf(e: UserEvent): Outcome {
  const values: Record<string, unknown> = {};
  switch (e.type) {
    case 'GIVE_ANSWERS': {
      Object.assign(values, e.answers);
      const early = e.early ?? {};
      if (early.email) values.email = early.email;
      if (early.siteUrl) values.siteUrl = early.siteUrl;
      if (early.billingAddress) values.address = early.billingAddress;
      if (early.serviceAddress) values.address = early.serviceAddress;
      if (early.sameAsBilling) values.sameAsBilling = true;
      if (early.callingPlan) values.callingPlan = early.callingPlan;
      if (early.codeHash) values.code = early.codeHash.replace(/^hash:/, '');
      const out: Outcome = { values };
      if (e.clarify) out.ask = { field: e.clarify.field, options: e.clarify.options };
      // A question nothing answers, beside answers: the honest "I can't answer that here", as notUnderstood is.
      if (e.question === 'none') out.intent = 'nothing';
      else if (e.question) out.question = e.question;
      return out;
    }
    case 'CLARIFY': return { values, ask: { field: e.clarify.field, options: e.clarify.options } };
    case 'CONFIRM_PENDING': {
      if (!e.more) return { values, intent: 'yes' };
      return { ...outcomeOf({ type: 'GIVE_ANSWERS', ...e.more }), confirmsPending: true };
    }
    case 'PROPOSE': {
      if (e.proposal.type === 'TAX_EXEMPT') return { values, intent: 'taxExempt' };
      const p = proposalField(e.proposal);
      if (p) return { values, ask: p.value === undefined ? { field: p.field } : { field: p.field, options: [p.value] } };
      return { values, ask: { field: 'unknown' } };
    }
    case 'ASK_QUESTION': return { values, question: e.id };
    case 'GIVE_CODE': return { values: { code: e.codeHash.replace(/^hash:/, '') } };
    case 'SAME_AS_BILLING': return { values: { sameAsBilling: true } };
    case 'GIVE_ADDRESS': return { values: { address: e.address } };
    case 'GIVE_CALLING_PLAN': return { values: { callingPlan: e.callingPlan } };
    case 'SET_LOCALE': return { values, intent: e.locale === 'ru' ? 'russian' : 'english' };
    case 'CHANGE': {
      // "change my email": the field is asked again.
      if (!('value' in e.change)) return { values, ask: { field: e.change.field === 'billingAddress' || e.change.field === 'serviceAddress' ? 'address' : e.change.field } };
      return { values: { [e.change.field]: e.change.value } };
    }
    default: {
      const p = proposalField(e);
      if (p && p.value !== undefined) return { values: { [p.field]: p.value } };
      const intent = INTENTS[e.type];
      return intent ? { values, intent } : { values, intent: `event:${e.type}` };
    }
  }
}

export function expected(x: Expect): Outcome {
  const { ask, options, intent, question, ...rest } = x;
  const out: Outcome = { values: { ...rest } };
  if (ask) out.ask = options ? { field: ask, options } : { field: ask };
  if (intent) out.intent = intent === 'notUnderstood' ? 'nothing' : intent;
  if (question) {
    if (question === 'none') out.intent ??= 'nothing';
    else if (question === 'tax-exempt') out.intent ??= 'taxExempt';
    else out.question = question;
  }
  return out;
}

/** The same outcome said two ways at a step: "yes" to Callback is Callback, "yes" at the cart is checkout. */
function settle(o: Outcome, view: UnderstandingView): Outcome {
  const out: Outcome = { ...o, values: { ...o.values } };
  if (view.step === 'callback' && !view.pending && (out.intent === 'yes' || out.intent === 'no')) {
    out.values.callback = out.intent === 'yes';
    delete out.intent;
  }
  if (view.step === 'cart' && !view.pending && out.intent === 'yes') out.intent = 'checkout';
  if (view.state === 'billingAddress.annualNotSold') {
    if (out.values.renewal === 'monthly' && Object.keys(out.values).length === 1) { delete out.values.renewal; out.intent = 'yes'; }
    if (out.values.renewal === 'annual' && Object.keys(out.values).length === 1) { delete out.values.renewal; out.intent = 'no'; }
  }
  if (view.step === 'handoff' && view.state === 'handoff.claimed' && out.intent === 'nothing') out.intent = 'relay';
  // Fewer than 1 licence is never kept: the machine says "at least 1" and asks for the count again (an ask).
  if (typeof out.values.licenses === 'number' && out.values.licenses < 1) {
    delete out.values.licenses;
    out.ask ??= { field: 'licenses' };
  }
  return out;
}

const fold = (v: unknown): string => String(v).toLowerCase().replace(/[\s,.]+/g, ' ').trim();

function sameValue(key: string, got: unknown, want: unknown): boolean {
  if (key === 'address' && typeof got === 'object' && typeof want === 'object' && got && want) {
    const g = got as Record<string, unknown>;
    const w = want as Record<string, unknown>;
    for (const k of Object.keys(w)) {
      const a = k === 'lines' ? (g.lines as string[] | undefined)?.join(' ') : g[k];
      const b = k === 'lines' ? (w.lines as string[]).join(' ') : w[k];
      if (fold(a) !== fold(b)) return false;
    }
    // Parts the message did not spell out but implied (the country of a US state) are no error.
    return Object.keys(g).every((k) => k in w || k === 'country' || k === 'region');
  }
  if (key === 'callingPlan' && typeof got === 'object' && typeof want === 'object' && got && want) {
    const g = got as { newNumbers: number; area?: string; port?: string[] };
    const w = want as { newNumbers: number; area?: string; port?: string[] };
    return g.newNumbers === w.newNumbers && (w.area === undefined || fold(g.area) === fold(w.area)) && isDeepStrictEqual(g.port ?? [], w.port ?? []);
  }
  if (typeof want === 'string' && typeof got === 'string') return fold(got) === fold(want);
  return isDeepStrictEqual(got, want);
}

function sameOutcome(got: Outcome, want: Outcome): boolean {
  const keys = new Set([...Object.keys(got.values), ...Object.keys(want.values)]);
  const unchecked = got.confirmsPending ? Object.keys(want.values).filter((k) => !(k in got.values)) : [];
  if (unchecked.length > 1) return false;
  for (const k of keys) if (!unchecked.includes(k) && (!(k in got.values) || !(k in want.values) || !sameValue(k, got.values[k], want.values[k]))) return false;
  if ((got.intent ?? '') !== (want.intent ?? '')) return false;
  if ((got.question ?? '') !== (want.question ?? '')) return false;
  if (!got.ask !== !want.ask) return false;
  if (got.ask && want.ask) {
    if (got.ask.field !== want.ask.field) return false;
    if (want.ask.options) {
      const g = new Set((got.ask.options ?? []).map(fold));
      const w = new Set(want.ask.options.map(fold));
      if (g.size !== w.size || [...w].some((x) => !g.has(x))) return false;
    }
  }
  return true;
}

/** A value committed without confirmation that the label does not have: the worst misreading there is. */
/** Values the bot shows back for a yes before keeping them (an address is confirmed as a whole). */
const CONFIRMED_BEFORE_KEPT = new Set(['address']);

function silentlyWrong(got: Outcome, want: Outcome, view: UnderstandingView): boolean {
  for (const [k, v] of Object.entries(got.values)) {
    if (CONFIRMED_BEFORE_KEPT.has(k)) continue;
    if (!(k in want.values) || !sameValue(k, v, want.values[k])) return true;
  }
  return got.intent === 'yes' && yesCommits(view) && want.intent !== 'yes';
}

export function judge(item: CorpusItem, data: ProductData): Verdict {
  const view = viewFor(item, data);
  const { event } = understand({ kind: 'text', text: item.say }, view, hashCode);
  const got = settle(outcomeOf(event), view);
  const want = settle(expected(item.expect), view);
  const right = sameOutcome(got, want);
  return { item, got, want, event, right, silentWrong: !right && silentlyWrong(got, want, view) };
}

export function stepOf(at: string): string {
  return at.replace(/!$/, '').split(/[.@]/)[0] ?? at;
}

export interface Tally { total: number; right: number; silentWrong: number }

export function tally(verdicts: readonly Verdict[], key: (v: Verdict) => string): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const v of verdicts) {
    const k = key(v);
    const t = out.get(k) ?? { total: 0, right: 0, silentWrong: 0 };
    t.total += 1;
    if (v.right) t.right += 1;
    if (v.silentWrong) t.silentWrong += 1;
    out.set(k, t);
  }
  return out;
}

export type { Locale };
