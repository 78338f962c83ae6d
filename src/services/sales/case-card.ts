import { z } from 'zod';
import type { ProductData } from '../../domain/catalog.js';
import { findPlan } from '../../domain/catalog.js';
import { formatMoney, quote } from '../../domain/pricing.js';
import type { AdaptiveCard } from '../../dialogs/reply.js';
import type { SalesCaseRecord } from '../store.port.js';
import { SALES_ACTION_KEY, type SpacePost } from './sales-space.port.js';

const REASONS: Record<string, string> = {
  taxExempt: 'Tax-exempt organisation', enterprise: 'Enterprise plan', largeOrder: 'More licenses than sold online',
  human: 'Asked for a person',
};
/** How many of the conversation's last messages the card shows. */
export const CARD_RECENT_MAX = 8;

const summarySchema = z.object({
  answers: z.looseObject({
    plan: z.string().optional(), renewal: z.enum(['annual', 'monthly']).optional(), licenses: z.number().int().optional(),
    callback: z.boolean().optional(), email: z.string().optional(),
    billingAddress: z.looseObject({ country: z.string(), region: z.string().optional(), city: z.string().optional() }).optional(),
    siteUrl: z.string().optional(),
  }).default({}),
  requestedLicenses: z.number().int().optional(),
});

export const reasonLabel = (reason: string): string => REASONS[reason] ?? reason;

/** The answer labels in each interface language (the sales space's card is English; the playground's desk follows its page). */
const FACT_LABELS = {
  en: {
    answers: 'Answers', none: '(none yet)', plan: 'Plan', renewal: 'Renewal', annual: 'annual', monthly: 'monthly', licenses: 'Licenses',
    asked: 'Licenses asked for', callback: 'Callback', yes: 'yes', no: 'no', months: 'mo', subtotal: 'Subtotal', tax: 'Tax', total: 'Total',
    email: 'Account email', country: 'Billing country', site: 'Site',
  },
  ru: {
    answers: 'Ответы', none: '(пока нет)', plan: 'План', renewal: 'Продление', annual: 'ежегодно', monthly: 'ежемесячно', licenses: 'Лицензии',
    asked: 'Запрошено лицензий', callback: 'Обратный вызов', yes: 'да', no: 'нет', months: 'мес.', subtotal: 'Промежуточный итог', tax: 'Налог', total: 'Итого',
    email: 'Почта аккаунта', country: 'Страна для счетов', site: 'Сайт',
  },
} as const;

/** The draft's answers as label/value pairs with prices, from the case's summary (answers so far, JSON). */
export function answerFacts(summary: string, data: ProductData, locale: 'en' | 'ru' = 'en'): { title: string; value: string }[] {
  const l = FACT_LABELS[locale];
  let parsed: z.infer<typeof summarySchema>;
  try {
    parsed = summarySchema.parse(JSON.parse(summary));
  } catch (err) {
    // An older or hand-made summary: show it as it is rather than lose it.
    return [{ title: l.answers, value: summary || `(unreadable: ${err instanceof Error ? err.message : 'unknown'})` }];
  }
  const a = parsed.answers;
  const money = (cents: number) => formatMoney(cents, data.catalog.currency, locale);
  const facts: { title: string; value: string }[] = [];
  const plan = findPlan(data.catalog, a.plan);
  if (a.plan) facts.push({ title: l.plan, value: plan?.name[locale] ?? a.plan });
  if (a.renewal) facts.push({ title: l.renewal, value: l[a.renewal] });
  if (a.licenses !== undefined) facts.push({ title: l.licenses, value: String(a.licenses) });
  if (parsed.requestedLicenses !== undefined) facts.push({ title: l.asked, value: String(parsed.requestedLicenses) });
  if (a.callback !== undefined) facts.push({ title: l.callback, value: a.callback ? l.yes : l.no });
  // Only country and region decide the tax; the rest of the address is not needed to price the draft.
  const b = a.billingAddress;
  const billingAddress = b ? { country: b.country, city: '', postalCode: '', lines: [], ...(b.region ? { region: b.region } : {}) } : undefined;
  const q = quote(data.catalog, data.tax, { plan: a.plan, renewal: a.renewal, licenses: a.licenses, callback: a.callback, billingAddress });
  if (q) {
    for (const line of q.lines) {
      const name = line.kind === 'plan' ? (plan?.name[locale] ?? line.id) : (data.catalog.addons.find((x) => x.id === line.id)?.name[locale] ?? line.id);
      facts.push({ title: name, value: `${line.licenses} x ${money(line.unitCents)} x ${line.months} ${l.months} = ${money(line.amountCents)}` });
    }
    facts.push({ title: l.subtotal, value: money(q.subtotalCents) });
    if (q.taxCents !== undefined) facts.push({ title: l.tax, value: money(q.taxCents) }, { title: l.total, value: money(q.totalCents) });
  }
  if (a.email) facts.push({ title: l.email, value: a.email });
  if (a.billingAddress) facts.push({ title: l.country, value: [a.billingAddress.country, a.billingAddress.region].filter(Boolean).join('-') });
  if (a.siteUrl) facts.push({ title: l.site, value: `${a.siteUrl}.webex.com` });
  if (facts.length === 0) facts.push({ title: l.answers, value: l.none });
  return facts;
}

/** The case as posted to the sales space: reason, customer, answers with prices, last messages, a Claim button. */
export function caseCard(c: SalesCaseRecord, position: number, data: ProductData): SpacePost {
  // Unproved, an email is only what the customer typed: the card says so (and carries no directory name for it).
  const proof = c.customer.email === undefined ? '' : c.customer.emailVerified === true ? ' (email verified)'
    : c.customer.emailVerified === false ? ' (email not verified)' : ' (email from the chat profile)';
  const who = `${c.customer.name ?? 'Unknown name'} <${c.customer.email ?? 'no email yet'}>${proof}`;
  const facts = answerFacts(c.summary, data);
  const recent = c.recent.slice(-CARD_RECENT_MAX);
  const title = `Sales case ${c.id}: ${reasonLabel(c.reason)}`;
  const markdown = [
    `**${title}**`, `Customer: ${who}`, `Queue position: ${position}`,
    ...facts.map((f) => `- ${f.title}: ${f.value}`),
    ...(recent.length ? ['Last messages:', ...recent.map((r) => `> ${r}`)] : []),
    'Press **Claim** to take the case; reply in this thread to talk to the customer.',
  ].join('\n');
  const card: AdaptiveCard = {
    type: 'AdaptiveCard', version: '1.3',
    body: [
      { type: 'TextBlock', text: title, weight: 'Bolder', wrap: true },
      { type: 'FactSet', facts: [{ title: 'Customer', value: who }, { title: 'Queue position', value: String(position) }, ...facts] },
      ...(recent.length ? [{ type: 'TextBlock', text: 'Last messages', weight: 'Bolder', wrap: true },
        ...recent.map((r) => ({ type: 'TextBlock', text: r, wrap: true, isSubtle: true, spacing: 'None' }))] : []),
    ],
    actions: [{ type: 'Action.Submit', title: 'Claim', data: { [SALES_ACTION_KEY]: 'claim', caseId: c.id } }],
  };
  return { markdown, card };
}

/** The thread's help: what an agent can write. */
export const COMMANDS_HELP = 'Commands in this thread: `resume`, `resume tax-exempt CERTIFICATE`, `close`, `release`, '
  + '`note TEXT` (private). Anything else goes to the customer.';
