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
  // US: no commas, a unit inside the street, a lower-case state code and country.
  ['500 w 2nd st suite 1900 austin tx 78701 us', 'en', { lines: ['500 w 2nd st suite 1900'], city: 'austin', region: 'TX', postalCode: '78701', country: 'US' }],
  // US: a city that is a state's name, a state code that is a street word (CT for court).
  ['400 Main St, Washington, PA 15301, USA', 'en', { lines: ['400 Main St'], city: 'Washington', region: 'PA', postalCode: '15301', country: 'US' }],
  ['44 School Street, Hartford, CT 06103, USA', 'en', { lines: ['44 School Street'], city: 'Hartford', region: 'CT', postalCode: '06103', country: 'US' }],
  ['60 Wall Street, 12th floor, New York, NY 10005, USA', 'en', { lines: ['60 Wall Street', '12th floor'], city: 'New York', region: 'NY', postalCode: '10005', country: 'US' }],
  ['New York 10005', 'en', { city: 'New York', postalCode: '10005' }],
  ['12345 Main St', 'en', { lines: ['12345 Main St'] }],
  // CA: a street type before its name, the province by name, the code spelt with its space.
  ['1000 rue de la gauchetiere o montreal quebec h3b 4w5 canada', 'en', { lines: ['1000 rue de la gauchetiere o'], city: 'montreal', region: 'QC', postalCode: 'H3B 4W5', country: 'CA' }],
  ['Suite 300, 555 Burrard Street, Vancouver BC V7X 1M8, Canada', 'en', { lines: ['Suite 300', '555 Burrard Street'], city: 'Vancouver', region: 'BC', postalCode: 'V7X 1M8', country: 'CA' }],
  ['m5j2j2', 'en', { postalCode: 'M5J 2J2', country: 'CA' }],
  // GB: the flat and the building's name first, kept where they were written.
  ['Flat 3, 27 Church Road, London SW19 5AE, UK', 'en', { lines: ['Flat 3', '27 Church Road'], city: 'London', postalCode: 'SW19 5AE', country: 'GB' }],
  ["St Anne's School, 19 Vicarage Lane, Oxford OX1 1AA, UK", 'en', { lines: ["St Anne's School", '19 Vicarage Lane'], city: 'Oxford', postalCode: 'OX1 1AA', country: 'GB' }],
  ['sw195ae', 'en', { postalCode: 'SW19 5AE', country: 'GB' }],
  // DE: a two-letter country code after the postal code is the country, not Delaware.
  ['Schulstraße 3 20095 Hamburg DE', 'en', { lines: ['Schulstraße 3'], city: 'Hamburg', postalCode: '20095', country: 'DE' }],
  // FR: the code before the city, a building line first.
  ['5 avenue Jean Médecin 06000 Nice FR', 'en', { lines: ['5 avenue Jean Médecin'], city: 'Nice', postalCode: '06000', country: 'FR' }],
  ['Bâtiment B, 40 quai Perrache, 69002 Lyon, France', 'en', { lines: ['Bâtiment B', '40 quai Perrache'], city: 'Lyon', postalCode: '69002', country: 'FR' }],
  // RU: big to small, the code first, a house number in its own part.
  ['г. Москва, ул. Тверская, д. 7, кв. 12, 125009', 'ru', { lines: ['ул. Тверская, д. 7', 'кв. 12'], city: 'Москва', postalCode: '125009', country: 'RU' }],
  ['125009 Москва Тверская 7', 'ru', { lines: ['Тверская 7'], city: 'Москва', postalCode: '125009', country: 'RU' }],
  ['125009 Москва Тверская 7', 'en', { lines: ['Тверская 7'], city: 'Москва', postalCode: '125009', country: 'RU' }],
  ['620014 Екатеринбург ул. Малышева 51 офис 204, Russia', 'en', { lines: ['ул. Малышева 51 офис 204'], city: 'Екатеринбург', postalCode: '620014', country: 'RU' }],
  ['ул. Баумана, 15, Казань, 420111, Россия', 'ru', { lines: ['ул. Баумана, 15'], city: 'Казань', postalCode: '420111', country: 'RU' }],
  // A two-letter state code is no country (MA is not Morocco), Georgia with a city is the state.
  ['Boston, MA', 'en', { city: 'Boston', region: 'MA', country: 'US' }],
  ['Atlanta, Georgia', 'en', { city: 'Atlanta', region: 'GA', country: 'US' }],
  ['ул. Тверская, д. 7, кв. 12, г. Москва, 125009', 'ru', { lines: ['ул. Тверская, д. 7', 'кв. 12'], city: 'Москва', postalCode: '125009', country: 'RU' }],
  ['Austin, TX', 'en', { city: 'Austin', region: 'TX', country: 'US' }],
  ['the zip is 78702', 'en', { postalCode: '78702' }],
  ['city: Dallas', 'en', { city: 'Dallas' }],
  ['страна Германия', 'ru', { country: 'DE' }],
  ['Германия', 'ru', { country: 'DE' }],
  ['hello', 'en', { city: 'hello' }],
  // Russian as typed: town then street with no comma, a region first, a company line, a letter of the building.
  ['Тула ул Советская 12 300041', 'ru', { lines: ['ул Советская 12'], city: 'Тула', postalCode: '300041', country: 'RU' }],
  ['г Ростов-на-Дону пр-т Ворошиловский 40', 'ru', { lines: ['пр-т Ворошиловский 40'], city: 'Ростов-на-Дону' }],
  ['казань кремлевская набережная 5 420111', 'ru', { lines: ['кремлевская набережная 5'], city: 'казань', postalCode: '420111', country: 'RU' }],
  ['Ленинградская обл., г. Гатчина, ул. Карла Маркса, 3, 188300', 'ru', { lines: ['ул. Карла Маркса, 3'], city: 'Гатчина', region: 'Ленинградская обл.', postalCode: '188300', country: 'RU' }],
  ['ИП Сидоров, ул. Мира 8, г. Омск, 644000', 'ru', { lines: ['ИП Сидоров', 'ул. Мира 8'], city: 'Омск', postalCode: '644000', country: 'RU' }],
  ['198095, Санкт-Петербург, ул. Швецова, д. 23, лит. Б', 'ru', { lines: ['ул. Швецова, д. 23', 'лит. Б'], city: 'Санкт-Петербург', postalCode: '198095', country: 'RU' }],
  // English towns keep their shape: no street word first, no Cyrillic.
  ['1 Market St San Francisco CA 94105', 'en', { lines: ['1 Market St'], city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'US' }],
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
