import type { Catalog, TaxTable } from './catalog.js';
import { findPlan } from './catalog.js';
import type { Address, Answers } from './types.js';

export interface QuoteLine {
  kind: 'plan' | 'addon';
  id: string;
  /** Per licence per month, in cents. */
  unitCents: number;
  licenses: number;
  months: number;
  amountCents: number;
}
export interface Quote {
  currency: string;
  lines: QuoteLine[];
  subtotalCents: number;
  /** Undefined until the billing address is known. */
  taxCents?: number;
  taxRateBp?: number;
  totalCents: number;
  taxExempt: boolean;
}

/** Tax rate in basis points for an address: "CC-REGION" first, then "CC", else 0. */
export function taxRateBp(table: TaxTable, address: Pick<Address, 'country' | 'region'>): number {
  const country = address.country.toUpperCase();
  const region = address.region?.toUpperCase();
  if (region !== undefined) {
    const r = table.rates[`${country}-${region}`];
    if (r !== undefined) return r;
  }
  return table.rates[country] ?? 0;
}

/** amount x rate, rounded half-up to the cent, in integers only. */
export function applyRate(amountCents: number, rateBp: number): number {
  return Math.floor((amountCents * rateBp + 5_000) / 10_000);
}

/** Prices the draft; undefined until plan, renewal and licences are known and the plan is sold online. */
export function quote(
  catalog: Catalog,
  table: TaxTable,
  answers: Pick<Answers, 'plan' | 'renewal' | 'licenses' | 'callback' | 'billingAddress'>,
  opts: { taxExempt?: boolean } = {},
): Quote | undefined {
  const plan = findPlan(catalog, answers.plan);
  if (!plan || !answers.renewal || !answers.licenses) return undefined;
  const unit = answers.renewal === 'annual' ? plan.annualCents : plan.monthlyCents;
  if (unit === null) return undefined;
  const months = answers.renewal === 'annual' ? 12 : 1;
  const lines: QuoteLine[] = [
    { kind: 'plan', id: plan.id, unitCents: unit, licenses: answers.licenses, months, amountCents: unit * answers.licenses * months },
  ];
  if (answers.callback) {
    const addon = catalog.addons.find((a) => a.id === 'callback');
    if (addon) {
      const u = answers.renewal === 'annual' ? addon.annualCents : addon.monthlyCents;
      lines.push({ kind: 'addon', id: addon.id, unitCents: u, licenses: answers.licenses, months, amountCents: u * answers.licenses * months });
    }
  }
  const subtotalCents = lines.reduce((s, l) => s + l.amountCents, 0);
  const taxExempt = opts.taxExempt === true;
  if (!answers.billingAddress) return { currency: catalog.currency, lines, subtotalCents, totalCents: subtotalCents, taxExempt };
  const rate = taxExempt ? 0 : taxRateBp(table, answers.billingAddress);
  const taxCents = applyRate(subtotalCents, rate);
  return { currency: catalog.currency, lines, subtotalCents, taxCents, taxRateBp: rate, totalCents: subtotalCents + taxCents, taxExempt };
}

/** "7800.00" — the decimal string used in orders and transcripts. */
export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "7,800.00 USD" (en) or "7 800,00 USD" (ru), from integer cents without floating point. */
export function formatMoney(cents: number, currency: string, locale: 'en' | 'ru'): string {
  const [whole, frac] = centsToDecimal(cents).split('.') as [string, string];
  const sep = locale === 'ru' ? '\u00a0' : ',';
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return locale === 'ru' ? `${grouped},${frac} ${currency}` : `${grouped}.${frac} ${currency}`;
}
