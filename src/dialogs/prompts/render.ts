import { createHash } from 'node:crypto';
import type { ProductData } from '../../domain/catalog.js';
import { findPlan, isSoldOnline } from '../../domain/catalog.js';
import { countryName, formatAddress } from '../../domain/address.js';
import { formatMoney } from '../../domain/pricing.js';
import { type AddressField, type HandoffReason, type Locale } from '../../domain/types.js';
import { validateAddress } from '../../domain/address.js';
import { orderQuote } from '../../machines/upgrade.logic.js';
import { faqAnswer } from '../../domain/faq.js';
import { includesCalling } from '../../machines/upgrade.flow.js';
import { PORTING_MIN_DAYS, type Effect, type PendingEvent, type UpgradeContext } from '../../machines/upgrade.types.js';
import type { Choice, Reply } from '../reply.js';
import { factsCard, formCard, linkCard } from './cards.js';
import { escapeMarkdown } from './markdown.js';
import { withoutRepeats } from './sentences.js';
import { en } from './en.js';
import { ru } from './ru.js';
import type { Strings } from './strings.types.js';

export const STRINGS: Record<Locale, Strings> = { en, ru };
export type Say = Extract<Effect, { type: 'say' }>['params'];
export interface RenderState { value: string; context: UpgradeContext }

/** The order number people see: short and stable, derived from the order's idempotency key. */
export function orderNumber(orderId: string): string {
  return `WX-${createHash('sha256').update(orderId).digest('hex').slice(0, 8).toUpperCase()}`;
}

/** A time in UTC for any reader, wherever they are: "10:42 UTC on 5 January" / "10:42 UTC 5 января". */
export function formatUntil(ms: number, locale: Locale): string {
  const d = new Date(ms);
  const time = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')} UTC`;
  const day = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(d);
  return locale === 'ru' ? `${time} ${day}` : `${time} on ${day}`;
}

export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

/** Dotted state path: {"billingAddress":"confirming"} -> "billingAddress.confirming". */
export function statePath(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const [k, v] = Object.entries(value)[0] ?? [];
    return k === undefined ? '' : `${k}.${statePath(v)}`.replace(/\.$/, '');
  }
  return '';
}

export function createRenderer(data: ProductData) {
  const { catalog } = data;
  const choices = (...labels: [string, string?][]): Choice[] => labels.map(([label, value]) => ({ label, value: value ?? label }));

  function money(cents: number, locale: Locale) { return formatMoney(cents, catalog.currency, locale); }

  function cartReply(ctx: UpgradeContext, s: Strings): Reply | undefined {
    const q = orderQuote(data, ctx);
    if (!q) return undefined;
    const facts: [string, string][] = q.lines.map((l) => {
      const name = l.kind === 'plan' ? findPlan(catalog, l.id)?.name[ctx.locale] ?? l.id : catalog.addons.find((a) => a.id === l.id)?.name[ctx.locale] ?? l.id;
      return [name, s.cart.line('', l.licenses, money(l.unitCents, ctx.locale), l.months, money(l.amountCents, ctx.locale)).replace(/^: /, '')];
    });
    facts.push([s.cart.subtotal, money(q.subtotalCents, ctx.locale)]);
    if (q.taxExempt) facts.push([s.cart.taxExempt, money(0, ctx.locale)]);
    else if (q.taxCents !== undefined) facts.push([s.cart.tax(`${(q.taxRateBp ?? 0) / 100}%`), money(q.taxCents, ctx.locale)]);
    facts.push([q.taxCents === undefined ? `${s.cart.total} (${s.cart.taxLater.toLowerCase()})` : s.cart.total, money(q.totalCents, ctx.locale)]);
    const renewal = ctx.answers.renewal ? s.renewalName[ctx.answers.renewal] : '';
    const title = `${s.cart.title} (${renewal})`;
    const hint = s.cart.editHint(ctx.answers.renewal);
    const text = [`**${title}**`, ...facts.map(([k, v]) => `- ${k}: ${v}`), hint].join('\n');
    return { text, card: factsCard(title, facts, hint), kind: 'notice' };
  }

  function describePending(p: PendingEvent, ctx: UpgradeContext, s: Strings): string {
    switch (p.type) {
      case 'CHOOSE_PLAN': return s.what.plan(findPlan(catalog, p.plan)?.name[ctx.locale] ?? p.plan);
      case 'CHOOSE_RENEWAL': return s.what.renewal(p.renewal);
      case 'SET_LICENSES': return s.what.licenses(p.count);
      case 'SET_CALLBACK': return s.what.callback(p.value);
      case 'GIVE_EMAIL': return s.what.email(p.email);
      case 'GIVE_SITE_URL': return s.what.site(p.name);
      case 'CHANGE': {
        const c = p.change;
        if (c.field === 'plan') return s.what.plan(findPlan(catalog, c.value)?.name[ctx.locale] ?? c.value);
        if (c.field === 'renewal') return s.what.renewal(c.value);
        if (c.field === 'licenses') return s.what.licenses(c.value);
        if (c.field === 'callback') return s.what.callback(c.value);
        return s.what.field[c.field] ?? c.field;
      }
      default: return `"${p.type.toLowerCase().replace(/_/g, ' ')}"`;
    }
  }

  function addressReply(kind: 'billing' | 'service', sub: string, ctx: UpgradeContext, s: Strings): Reply {
    const draft = ctx.addressDraft ?? {};
    if (sub === 'confirming') {
      return { text: s.ask.addressConfirm(kind, escapeMarkdown(formatAddress(draft, ctx.locale))), choices: choices([s.choice.yes], [s.choice.no]), kind: 'prompt', personal: true };
    }
    if (sub === 'annualNotSold') {
      return { text: s.ask.annualNotSold(draft.country ? countryName(draft.country, ctx.locale) : ''), choices: choices([s.choice.yes], [s.choice.no]), kind: 'prompt', personal: true };
    }
    const check = validateAddress(draft);
    const started = Object.keys(draft).length > 0;
    const field: AddressField | undefined = started ? check.missing[0] ?? check.invalid[0] : undefined;
    const title = s.what.field[kind === 'billing' ? 'billingAddress' : 'serviceAddress'] ?? '';
    const form = formCard(title.charAt(0).toUpperCase() + title.slice(1), `${kind}Address`, [
      { id: 'line1', label: s.fields.lines, value: draft.lines?.[0], required: true },
      { id: 'line2', label: s.fields.line2, value: draft.lines?.[1] },
      { id: 'city', label: s.fields.city, value: draft.city, required: true },
      { id: 'region', label: s.fields.region, value: draft.region },
      { id: 'postalCode', label: s.fields.postalCode, value: draft.postalCode, required: true },
      { id: 'country', label: s.fields.country, value: draft.country, required: true, placeholder: 'US, DE, RU…' },
    ], s.choice.submit);
    const text = field ? s.ask.addressField(field) : s.ask.addressWhole(kind, ctx.locale === 'ru' ? 'Россия, Москва, ул. Тверская 7, 125009' : '100 Congress Ave, Austin, TX 78701, USA');
    return { text, card: form, choices: kind === 'service' ? choices([s.choice.sameAsBilling]) : undefined, kind: 'prompt', personal: true };
  }

  /** Asking back about a field the last message left unsure, its options as choices. */
  function clarifyReply(ctx: UpgradeContext, s: Strings): Reply | undefined {
    const c = ctx.clarify;
    if (!c || c.field !== ctx.step) return undefined;
    // "несколько лицензий": asked back with nothing to offer, the step's own question is the one to ask.
    if ((c.field === 'plan' || c.field === 'licenses' || c.field === 'callingPlan') && c.options.length === 0) return undefined;
    switch (c.field) {
      case 'plan': {
        const names = c.options.map((id) => findPlan(catalog, id)?.name[ctx.locale] ?? id);
        return { text: s.clarify.plan(names), choices: c.options.map((id, i) => ({ label: names[i] ?? id, value: id })), kind: 'prompt' };
      }
      case 'renewal': return { text: s.clarify.renewal, choices: choices([s.choice.annual, 'annual'], [s.choice.monthly, 'monthly']), kind: 'prompt' };
      case 'licenses': return { text: s.clarify.licenses(c.options), choices: c.options.map((n) => ({ label: String(n), value: String(n) })), kind: 'prompt' };
      case 'callback': return { text: s.clarify.callback, choices: choices([s.choice.yes], [s.choice.no]), kind: 'prompt' };
      case 'callingPlan': return { text: s.clarify.callingPlan(c.options, c.area), choices: c.options.map((n) => ({ label: String(n), value: String(n) })), kind: 'prompt', personal: true };
      case 'email': return { text: s.clarify.email(c.options), choices: c.options.map((e) => ({ label: e, value: e })), kind: 'prompt', personal: true };
    }
  }

  /** "Suite, annual, 25 licenses, with Callback": the answers a message gave, as now in the draft. */
  function understoodParts(fields: string[], ctx: UpgradeContext, s: Strings): string[] {
    const a = ctx.answers;
    return fields.flatMap((f) => {
      if (f === 'plan' && a.plan) return [(findPlan(catalog, a.plan)?.name[ctx.locale] ?? a.plan).replace(/ \(.*\)$/, '')];
      if (f === 'renewal' && a.renewal) return [s.renewalName[a.renewal]];
      if (f === 'licenses' && a.licenses !== undefined) return [s.part.licenses(a.licenses)];
      if (f === 'callback' && a.callback !== undefined) return [s.part.callback(a.callback)];
      return [];
    });
  }

  /** The prompt for where the conversation is; undefined where the bot should stay quiet (sales owns it). */
  function ask(state: RenderState, s: Strings): Reply | undefined {
    const ctx = state.context;
    const clarify = clarifyReply(ctx, s);
    if (clarify) return clarify;
    const [step = '', sub = ''] = state.value.split('.');
    const L = ctx.locale;
    switch (step) {
      case 'plan': {
        const plans = catalog.plans.map((p) => isSoldOnline(p)
          ? `- **${p.name[L]}**: ${money(p.monthlyCents ?? 0, L)} ${s.perMonth} (${s.renewalName.monthly}), ${money(p.annualCents ?? 0, L)} (${s.renewalName.annual})`
          : `- **${p.name[L]}**: ${L === 'ru' ? 'через отдел продаж' : 'through sales'}`).join('\n');
        const text = `${ctx.misses === 0 && !ctx.answers.plan ? `${s.welcome}\n\n` : ''}${s.ask.plan(plans)}`;
        return { text, choices: catalog.plans.map((p) => ({ label: p.name[L].split(' (')[0]!.replace('Webex ', ''), value: p.id })), kind: 'prompt' };
      }
      case 'renewal': {
        const p = findPlan(catalog, ctx.answers.plan);
        const prices = p ? `${p.name[L]}: ${money(p.annualCents ?? 0, L)} ${s.perMonth} (${s.renewalName.annual}), ${money(p.monthlyCents ?? 0, L)} (${s.renewalName.monthly})` : '';
        return { text: s.ask.renewal(prices), choices: choices([s.choice.annual, 'annual'], [s.choice.monthly, 'monthly']), kind: 'prompt' };
      }
      case 'licenses': return { text: s.ask.licenses(findPlan(catalog, ctx.answers.plan)?.maxOnline ?? 100), kind: 'prompt' };
      case 'callback': {
        const a = catalog.addons.find((x) => x.id === 'callback');
        const price = a ? money(ctx.answers.renewal === 'annual' ? a.annualCents : a.monthlyCents, L) : '';
        return { text: s.ask.callback(price), choices: choices([s.choice.yes], [s.choice.no]), kind: 'prompt' };
      }
      case 'cart': {
        const cart = cartReply(ctx, s);
        // Webex shows the card instead of the text: the question goes on the card too, or Webex users never see it.
        const card = cart?.card && { ...cart.card, body: [...cart.card.body, { type: 'TextBlock', text: s.ask.cart, wrap: true, weight: 'Bolder' }] };
        return { text: `${cart?.text ?? ''}\n\n${s.ask.cart}`, card, choices: choices([s.choice.checkout, 'checkout'], [s.choice.startOver, 'start over']), kind: 'prompt' };
      }
      case 'email': return { text: s.ask.email, kind: 'prompt', personal: true };
      case 'verify': {
        // Paused: say until when, and the way on now (sales); "send a new code" would only be refused again.
        const limit = ctx.codeLimit;
        if (limit) return { text: s.codeLimited(limit.reason, formatUntil(limit.until, L), ctx.verification && formatUntil(ctx.verification.expiresAt, L)), choices: choices([s.choice.human, 'talk to a person']), kind: 'prompt', personal: true };
        return { text: s.ask.verify(maskEmail(ctx.answers.email ?? '')), choices: choices([s.choice.resend]), kind: 'prompt', personal: true };
      }
      case 'billingAddress': return addressReply('billing', sub, ctx, s);
      case 'serviceAddress': return addressReply('service', sub, ctx, s);
      case 'callingPlan': return {
        text: s.ask.callingPlan(ctx.answers.licenses ?? 0), choices: choices([s.choice.noNumbers, L === 'ru' ? 'не нужно' : 'no new numbers']), kind: 'prompt', personal: true,
        card: formCard(s.what.field.callingPlan ?? 'Calling plan', 'callingPlan', [
          { id: 'newNumbers', label: L === 'ru' ? 'Новых номеров' : 'New numbers', number: true, value: '0' },
          { id: 'area', label: L === 'ru' ? 'Код города или город' : 'Area code or city' },
          { id: 'port', label: L === 'ru' ? 'Номера для переноса (через запятую)' : 'Numbers to port (comma-separated)', placeholder: '+1 512 555 0100' },
        ], s.choice.submit) };
      case 'siteUrl':
        if (sub === 'offering') return { text: s.ask.siteOffer(`${ctx.siteCandidate}.webex.com`), choices: choices([s.choice.keep, 'yes'], [s.choice.another, 'no']), kind: 'prompt' };
        if (sub === 'checking') return { text: s.ask.siteChecking, kind: 'prompt' };
        return { text: s.ask.siteAsk, kind: 'prompt' };
      case 'payment': {
        if (sub === 'failed') return { text: s.ask.paymentFailed, choices: choices([s.choice.retry, 'try again']), kind: 'prompt' };
        return { text: s.ask.paymentPending(money(orderQuote(data, ctx)?.totalCents ?? 0, L)), choices: choices([s.choice.newLink, 'new link']), kind: 'prompt', personal: true };
      }
      case 'consent': {
        const list = data.policies.filter((p) => !p.callingOnly || includesCalling(catalog, ctx))
          .map((p) => `- [${p.title[L]}](${p.url}) (${p.version})`).join('\n');
        return { text: s.ask.consent(list), choices: choices([s.choice.accept, 'I accept'], [s.choice.decline, 'I decline']), kind: 'prompt' };
      }
      case 'placing': return { text: s.ask.placing, kind: 'notice' };
      case 'provisioning': return { text: s.ask.provisioning(orderNumber(ctx.orderId ?? '')), kind: 'notice' };
      case 'done': {
        const port = ctx.answers.callingPlan?.port.length && ctx.placedAt
          ? new Date(ctx.placedAt + PORTING_MIN_DAYS * 86_400_000).toISOString().slice(0, 10) : undefined;
        return { text: s.ask.done(`https://${ctx.answers.siteUrl}.webex.com`, port, (ctx.answers.callingPlan?.newNumbers ?? 0) > 0), kind: 'notice' };
      }
      case 'handoff':
        if (sub === 'claimed') return undefined;
        if (sub === 'callbackOffered') return { text: s.ask.callbackOffered, choices: choices([s.choice.keepWaiting]), kind: 'prompt' };
        return { text: s.ask.handoffQueued(ctx.handoff?.reason ?? 'human', ctx.handoff?.position), choices: choices([s.choice.backToBot]), kind: 'notice' };
      case 'cancelled': return { text: s.ask.cancelled(ctx.closedBySales === true), choices: choices([s.choice.resume, 'resume'], [s.choice.startOver, 'start over']), kind: 'prompt' };
      default: return undefined;
    }
  }

  function notice(say: Say, state: RenderState, s: Strings): Reply | undefined {
    const ctx = state.context;
    const a = say.args ?? {};
    const str = (k: string) => String(a[k] ?? '');
    switch (say.key) {
      case 'cart': return cartReply(ctx, s);
      case 'help': return { text: s.help(s.stepHelp[ctx.step] ?? ''), kind: 'notice' };
      case 'examples': return { text: `${s.notice.notUnderstood} ${s.examples(s.stepExamples[ctx.step] ?? s.stepExamples.default ?? '')}`, choices: choices([s.choice.human, 'talk to a person']), kind: 'notice' };
      case 'accountNotFound': return { text: s.accountNotFound(escapeMarkdown(str('email'))), kind: 'notice' };
      case 'siteTaken': {
        // The names come with the say; replies stored before they did fall back to the candidate.
        if (a.name !== undefined) return { text: s.siteTaken(str('name'), a.suggestion ? str('free') : undefined), kind: 'notice' };
        return { text: s.siteTaken(ctx.step === 'siteUrl' && a.suggestion ? (ctx.siteCandidate ?? '').replace(/-\d+$/, '') : ctx.siteCandidate ?? '', a.suggestion ? ctx.siteCandidate : undefined), kind: 'notice' };
      }
      case 'changed': return { text: s.changed(s.what.field[str('field')] ?? str('field')), kind: 'notice' };
      case 'understood': {
        const parts = understoodParts(str('fields').split(','), ctx, s);
        return parts.length > 0 ? { text: s.understood(parts, a.changed === 1), kind: 'notice' } : undefined;
      }
      case 'faq': {
        // A question asked beside answers that the help page does not answer: said so, the answers applied all the same.
        if (str('id') === 'none') return { text: s.unanswerable, choices: choices([s.choice.human, 'talk to a person']), kind: 'notice' };
        const answer = data.faq ? faqAnswer(data.faq, str('id'), ctx.locale) : undefined;
        return answer ? { text: answer, kind: 'notice' } : undefined;
      }
      case 'unanswerable': return { text: s.unanswerable, choices: choices([s.choice.human, 'talk to a person']), kind: 'notice' };
      case 'confirmHandoff': {
        const reason = str('reason') as HandoffReason | 'fromChange';
        return { text: s.confirmHandoff(reason, String(findPlan(catalog, ctx.answers.plan)?.maxOnline ?? 100)), choices: choices([s.choice.yes], [s.choice.no]), kind: 'prompt' };
      }
      case 'confirmForget': return { text: s.confirmForget, choices: choices([s.choice.yes], [s.choice.no]), kind: 'prompt' };
      case 'forgotten': return { text: s.forgotten(ctx.orderId ? orderNumber(ctx.orderId) : undefined), kind: 'notice' };
      case 'confirmProposal': return ctx.pending ? { text: s.confirmProposal(describePending(ctx.pending, ctx, s)), choices: choices([s.choice.yes], [s.choice.no]), kind: 'prompt' } : undefined;
      case 'paymentLink': {
        // The only place the link (a credential) appears: this reply, sent once; transcripts keep it redacted.
        const total = money(orderQuote(data, ctx)?.totalCents ?? 0, ctx.locale);
        return { text: s.ask.payment(total, str('url')), card: linkCard(s.cart.dueToday, total, s.choice.pay, str('url')), kind: 'prompt', personal: true };
      }
      case 'agentJoined': return { text: s.agentJoined(str('agent')), kind: 'notice' };
      case 'agentMessage': return { text: s.agentMessage(str('agent'), str('text')), kind: 'relay' };
      case 'codeSent': return undefined; // the verify prompt says where the code went
      // Paused in the same turn: "say send a new code" would contradict the pause the prompt then tells.
      case 'codeTooManyTries': return { text: ctx.codeLimit?.reason === 'failures' ? s.notice.codeWrong : s.notice.codeTooManyTries, kind: 'notice' };
      default: {
        const t = (s.notice as Record<string, string>)[say.key];
        return t === undefined ? undefined : { text: t, kind: 'notice' };
      }
    }
  }

  /**
   * A turn's says -> replies: text notices are folded into the prompt that follows them (one message per turn
   * where possible); notices with cards, relayed words and prompts needing a yes/no stay separate.
   */
  function render(says: Say[], state: RenderState): Reply[] {
    const s = STRINGS[state.context.locale];
    const out: Reply[] = [];
    let pendingText: string[] = [];
    const flush = () => { if (pendingText.length) out.push({ text: pendingText.join('\n'), kind: 'notice' }); pendingText = []; };
    const wantsAsk = says.some((x) => x.key === 'ask');
    for (const say of says) {
      if (say.key === 'ask') continue;
      const r = notice(say, state, s);
      if (!r) continue;
      if (r.kind === 'notice' && !r.card && !r.choices) pendingText.push(r.text);
      else { flush(); out.push(r); }
    }
    const last = out[out.length - 1];
    const prompt = wantsAsk && !(last?.kind === 'prompt') ? ask(state, s) : undefined;
    const before = prompt && pendingText.length > 0 ? withoutRepeats(pendingText.join('\n'), prompt.text) : '';
    if (prompt) out.push({ ...prompt, text: before ? `${before}\n\n${prompt.text}` : prompt.text });
    else flush();
    return out;
  }

  return { render, ask: (state: RenderState) => ask(state, STRINGS[state.context.locale]), cart: cartReply };
}
export type Renderer = ReturnType<typeof createRenderer>;
