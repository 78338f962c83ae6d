import { describe, expect, it } from 'vitest';
import { countryCode, formatAddress, isCompleteAddress, parseAddress, regionCode, validateAddress } from '../../src/domain/address.js';
import type { Address, Locale } from '../../src/domain/types.js';

const PARSED: [text: string, locale: Locale, expected: Partial<Address>][] = [
  ['100 Congress Ave, Austin, TX 78701, USA', 'en', { lines: ['100 Congress Ave'], city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' }],
  ['Unter den Linden 77, 10117 Berlin, Germany', 'en', { lines: ['Unter den Linden 77'], city: 'Berlin', postalCode: '10117', country: 'DE' }],
  ['Unter den Linden 77 10117 Berlin Germany', 'en', { lines: ['Unter den Linden 77'], city: 'Berlin', postalCode: '10117', country: 'DE' }],
  ['Россия, Москва, ул. Тверская 7, 125009', 'ru', { lines: ['ул. Тверская 7'], city: 'Москва', postalCode: '125009', country: 'RU' }],
  ['10 Downing Street, London SW1A 2AA, UK', 'en', { lines: ['10 Downing Street'], city: 'London', postalCode: 'SW1A 2AA', country: 'GB' }],
  ['290 Bremner Blvd, Toronto, ON M5V 3L9, Canada', 'en', { lines: ['290 Bremner Blvd'], city: 'Toronto', region: 'ON', postalCode: 'M5V 3L9', country: 'CA' }],
  ['5 Avenue Anatole France, 75007 Paris, France', 'en', { lines: ['5 Avenue Anatole France'], city: 'Paris', postalCode: '75007', country: 'FR' }],
  ['1 Infinite Loop Cupertino CA 95014', 'en', { lines: ['1 Infinite Loop'], city: 'Cupertino', region: 'CA', postalCode: '95014', country: 'US' }],
  ['100 Main St, Suite 200, Austin, Texas 78701', 'en', { lines: ['100 Main St', 'Suite 200'], city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' }],
  ['ул. Тверская, д. 7, кв. 12, г. Москва, 125009', 'ru', { lines: ['ул. Тверская, д. 7', 'кв. 12'], city: 'Москва', postalCode: '125009', country: 'RU' }],
  ['Austin, TX', 'en', { city: 'Austin', region: 'TX', country: 'US' }],
  ['the zip is 78702', 'en', { postalCode: '78702' }],
  ['city: Dallas', 'en', { city: 'Dallas' }],
  ['страна Германия', 'ru', { country: 'DE' }],
  ['Германия', 'ru', { country: 'DE' }],
  ['hello', 'en', { city: 'hello' }],
];

describe('parseAddress', () => {
  it.each(PARSED)('%s', (text, locale, expected) => {
    expect(parseAddress(text, locale)).toEqual(expected);
  });
});

describe('names and codes', () => {
  it.each([
    ['Germany', 'DE'], ['Германия', 'DE'], ['USA', 'US'], ['U.S.A.', 'US'], ['США', 'US'], ['United Kingdom', 'GB'],
    ['UK', 'GB'], ['Россия', 'RU'], ['РФ', 'RU'], ['russia', 'RU'], ['de', 'DE'], ['Atlantis', undefined],
  ])('country %s -> %s', (name, code) => {
    expect(countryCode(name)).toBe(code);
  });

  it.each([
    ['Texas', undefined, 'TX'], ['tx', 'US', 'TX'], ['Ontario', undefined, 'ON'], ['British Columbia', 'CA', 'BC'],
    ['Онтарио', undefined, 'ON'], ['Bavaria', 'DE', undefined],
  ])('region %s in %s -> %s', (name, country, code) => {
    expect(regionCode(name, country)?.region).toBe(code);
  });
});

describe('validateAddress', () => {
  const us: Address = { lines: ['100 Congress Ave'], city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' };
  it('accepts complete addresses', () => {
    expect(isCompleteAddress(us)).toBe(true);
    expect(isCompleteAddress({ lines: ['Unter den Linden 77'], city: 'Berlin', postalCode: '10117', country: 'DE' })).toBe(true);
    expect(isCompleteAddress({ lines: ['ул. Тверская 7'], city: 'Москва', postalCode: '125009', country: 'RU' })).toBe(true);
  });
  it('lists what is missing, in asking order', () => {
    expect(validateAddress({ city: 'Austin', country: 'US' })).toEqual({ missing: ['lines', 'region', 'postalCode'], invalid: [] });
    expect(validateAddress({})).toEqual({ missing: ['lines', 'city', 'country', 'postalCode'], invalid: [] });
  });
  it('checks postal codes per country with postcode-validator', () => {
    expect(validateAddress({ ...us, postalCode: '7870' }).invalid).toEqual(['postalCode']);
    expect(validateAddress({ ...us, country: 'DE', region: undefined, postalCode: '1011' }).invalid).toEqual(['postalCode']);
    expect(validateAddress({ ...us, country: 'RU', region: undefined, postalCode: '12500' }).invalid).toEqual(['postalCode']);
    expect(validateAddress({ ...us, country: 'GB', region: undefined, postalCode: 'SW1A 2AA' }).invalid).toEqual([]);
  });
  it('checks regions and countries it knows', () => {
    expect(validateAddress({ ...us, region: 'XX' }).invalid).toEqual(['region']);
    expect(validateAddress({ ...us, country: 'QQ' }).invalid).toEqual(['country']);
  });
});

describe('formatAddress', () => {
  it('formats in English and Russian', () => {
    const a: Address = { lines: ['100 Congress Ave'], city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' };
    expect(formatAddress(a, 'en')).toBe('100 Congress Ave, Austin, TX 78701, United States');
    expect(formatAddress({ lines: ['ул. Тверская 7'], city: 'Москва', postalCode: '125009', country: 'RU' }, 'ru')).toBe('ул. Тверская 7, Москва, 125009, Россия');
    expect(formatAddress({ country: 'DE' }, 'ru')).toBe('Германия');
  });
});
