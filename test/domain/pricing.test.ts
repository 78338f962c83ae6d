import { describe, expect, it } from 'vitest';
import type { Catalog, TaxTable } from '../../src/domain/catalog.js';
import { applyRate, centsToDecimal, formatMoney, quote, taxRateBp } from '../../src/domain/pricing.js';
import { DEFAULT_DATA_DIR, loadProductData } from '../../src/domain/product-data.js';
import type { Address } from '../../src/domain/types.js';

const { catalog, tax } = loadProductData(DEFAULT_DATA_DIR);
const CA: Address = { lines: ['1 Infinite Loop'], city: 'Cupertino', region: 'CA', postalCode: '95014', country: 'US' };
const addr = (country: string, region?: string): Address => ({ lines: ['x'], city: 'y', postalCode: '1', country, ...(region ? { region } : {}) });

describe('quote: the DOMAIN.md example and other orders, in integer cents', () => {
  it('Suite, annual, 25 licences, Callback = 780000 cents (7,800.00 USD) before tax', () => {
    const q = quote(catalog, tax, { plan: 'suite', renewal: 'annual', licenses: 25, callback: true })!;
    expect(q.currency).toBe('USD');
    expect(q.lines).toEqual([
      { kind: 'plan', id: 'suite', unitCents: 2250, licenses: 25, months: 12, amountCents: 675000 },
      { kind: 'addon', id: 'callback', unitCents: 350, licenses: 25, months: 12, amountCents: 105000 },
    ]);
    expect(q.subtotalCents).toBe(780000);
    expect(q.taxCents).toBeUndefined(); // no billing address yet
    expect(q.totalCents).toBe(780000);
    expect(formatMoney(q.subtotalCents, q.currency, 'en')).toBe('7,800.00 USD');
  });

  it('monthly bills one month at the monthly prices', () => {
    const q = quote(catalog, tax, { plan: 'suite', renewal: 'monthly', licenses: 25, callback: true })!;
    expect(q.lines.map((l) => [l.unitCents, l.months, l.amountCents])).toEqual([[2500, 1, 62500], [400, 1, 10000]]);
    expect(q.subtotalCents).toBe(72500);
  });

  it.each([
    ['meet', 'monthly', 1, false, 1450],
    ['meet', 'annual', 10, false, 144000],
    ['call', 'monthly', 3, true, 3 * (1700 + 400)],
    ['call', 'annual', 100, false, 100 * 1350 * 12],
  ] as const)('%s %s x%i callback=%s -> %i cents', (plan, renewal, licenses, callback, cents) => {
    const q = quote(catalog, tax, { plan, renewal, licenses, callback })!;
    expect(q.subtotalCents).toBe(cents);
    expect(q.lines).toHaveLength(callback ? 2 : 1);
    expect(Number.isInteger(q.subtotalCents)).toBe(true);
  });

  it('no quote until plan, renewal and licences are known, nor for a plan sold through sales only', () => {
    expect(quote(catalog, tax, { plan: 'suite', renewal: 'annual' })).toBeUndefined();
    expect(quote(catalog, tax, { plan: 'suite', licenses: 3 })).toBeUndefined();
    expect(quote(catalog, tax, { renewal: 'annual', licenses: 3 })).toBeUndefined();
    expect(quote(catalog, tax, { plan: 'enterprise', renewal: 'annual', licenses: 3 })).toBeUndefined();
    expect(quote(catalog, tax, { plan: 'nope', renewal: 'annual', licenses: 3 })).toBeUndefined();
  });
});

describe('tax', () => {
  it.each([
    [addr('US', 'CA'), 725], [addr('US', 'ca'), 725], [addr('US', 'NY'), 400], [addr('US', 'TX'), 625], [addr('US', 'WA'), 0],
    [addr('US'), 0], [addr('DE'), 1900], [addr('de'), 1900], [addr('FR'), 2000], [addr('GB'), 2000], [addr('RU'), 2000], [addr('JP'), 0],
  ])('rate for %j is %i bp', (a, bp) => {
    expect(taxRateBp(tax, a)).toBe(bp);
  });

  it('a region without its own rate falls back to the country rate', () => {
    expect(taxRateBp({ rates: { CA: 500, 'CA-QC': 1498 } }, { country: 'CA', region: 'ON' })).toBe(500);
    expect(taxRateBp({ rates: { CA: 500, 'CA-QC': 1498 } }, { country: 'CA', region: 'QC' })).toBe(1498);
  });

  it('rounds half-up to the cent', () => {
    expect(applyRate(675000, 725)).toBe(48938); // 48937.5
    expect(applyRate(1450, 725)).toBe(105); // 105.125
    expect(applyRate(1000, 725)).toBe(73); // 72.5
    expect(applyRate(1999, 625)).toBe(125); // 124.9375
    expect(applyRate(2, 2500)).toBe(1); // 0.5
    expect(applyRate(1, 2500)).toBe(0); // 0.25
    expect(applyRate(780000, 0)).toBe(0);
  });

  it('is computed once on the subtotal, not per line', () => {
    // Two lines of 1010 cents at 0.05%: per line 0.505 -> 1 cent each (2 in all); on the subtotal 2020 -> 1.01 -> 1 cent.
    const custom: Catalog = { ...catalog, plans: [{ ...catalog.plans[0]!, id: 'p', monthlyCents: 1010, annualCents: 1010 }], addons: [{ ...catalog.addons[0]!, monthlyCents: 1010, annualCents: 1010 }] };
    const table: TaxTable = { rates: { XX: 5 } };
    const q = quote(custom, table, { plan: 'p', renewal: 'monthly', licenses: 1, callback: true, billingAddress: addr('XX') })!;
    expect(q.subtotalCents).toBe(2020);
    expect(q.taxCents).toBe(1);
    expect(q.totalCents).toBe(2021);
  });

  it('the DOMAIN.md example billed to California: 780000 + 56550 tax', () => {
    const q = quote(catalog, tax, { plan: 'suite', renewal: 'annual', licenses: 25, callback: true, billingAddress: CA })!;
    expect(q).toMatchObject({ subtotalCents: 780000, taxRateBp: 725, taxCents: 56550, totalCents: 836550, taxExempt: false });
  });

  it('monthly Meet x1 in California: 1450 + 105 (105.125 rounds down)', () => {
    const q = quote(catalog, tax, { plan: 'meet', renewal: 'monthly', licenses: 1, billingAddress: CA })!;
    expect(q).toMatchObject({ subtotalCents: 1450, taxCents: 105, totalCents: 1555 });
  });

  it('Suite annual x25 without Callback in California: 48937.5 rounds half-up to 48938', () => {
    const q = quote(catalog, tax, { plan: 'suite', renewal: 'annual', licenses: 25, callback: false, billingAddress: CA })!;
    expect(q).toMatchObject({ subtotalCents: 675000, taxCents: 48938, totalCents: 723938 });
  });

  it('Germany 19%: monthly Suite x3 + Callback', () => {
    const q = quote(catalog, tax, { plan: 'suite', renewal: 'monthly', licenses: 3, callback: true, billingAddress: addr('DE') })!;
    expect(q).toMatchObject({ subtotalCents: 8700, taxCents: 1653, totalCents: 10353 });
  });

  it('tax-exempt (approved by sales) charges no tax even where the address is taxed', () => {
    const q = quote(catalog, tax, { plan: 'suite', renewal: 'annual', licenses: 25, callback: true, billingAddress: CA }, { taxExempt: true })!;
    expect(q).toMatchObject({ subtotalCents: 780000, taxCents: 0, taxRateBp: 0, totalCents: 780000, taxExempt: true });
  });
});

describe('money formatting', () => {
  it.each([
    [0, '0.00'], [5, '0.05'], [99, '0.99'], [100, '1.00'], [780000, '7800.00'], [836550, '8365.50'], [-1234, '-12.34'], [123456789, '1234567.89'],
  ])('centsToDecimal(%i) = %s', (cents, s) => {
    expect(centsToDecimal(cents)).toBe(s);
  });

  it.each([
    [780000, 'en', '7,800.00 USD'], [780000, 'ru', '7\u00a0800,00 USD'],
    [836550, 'en', '8,365.50 USD'], [836550, 'ru', '8\u00a0365,50 USD'],
    [99999, 'en', '999.99 USD'], [99999, 'ru', '999,99 USD'],
    [123456789, 'en', '1,234,567.89 USD'], [123456789, 'ru', '1\u00a0234\u00a0567,89 USD'],
    [5, 'en', '0.05 USD'], [0, 'ru', '0,00 USD'],
  ] as const)('formatMoney(%i, %s) = %s', (cents, locale, s) => {
    expect(formatMoney(cents, 'USD', locale)).toBe(s);
  });
});
