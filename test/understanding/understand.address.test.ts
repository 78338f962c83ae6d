import { describe, expect, it } from 'vitest';
import type { UserEvent } from '../../src/machines/upgrade.types.js';
import { address, propose, text, type Row } from './helpers.js';

const austin = { lines: ['100 Congress Ave'], city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' };
const withRest = (billingAddress: object, more: Partial<Extract<UserEvent, { type: 'GIVE_ANSWERS' }>>, early: object = {}): UserEvent =>
  ({ type: 'GIVE_ANSWERS', answers: {}, ...more, early: { ...early, billingAddress } } as UserEvent);

const ROWS: Row[] = [
  // The words around an address are no part of it; a country or state in them is kept.
  ['billingAddress', 'the team actually works from 100 Congress Ave, Austin, TX 78701, USA', address(austin)],
  ['billingAddress', 'service is at our branch, 100 Congress Ave, Austin, TX 78701, USA', address(austin)],
  ['billingAddress', 'different: 100 Congress Ave, Austin, TX 78701, USA', address(austin)],
  ['billingAddress', "we're in germany: Königsallee 60, 40212 Düsseldorf", address({ country: 'DE', lines: ['Königsallee 60'], city: 'Düsseldorf', postalCode: '40212' })],
  ['billingAddress.confirming', 'no, use 100 Congress Ave, Austin, TX 78701, USA', address(austin)],
  // Intent words inside an address are its words: Charity Lane is no tax-exempt claim.
  ['billingAddress', '22 Charity Lane, Columbus, OH 43215, US', address({ lines: ['22 Charity Lane'], city: 'Columbus', region: 'OH', postalCode: '43215', country: 'US' })],
  // What follows the address is read for its own answers.
  ['billingAddress', '100 Congress Ave, Austin, TX 78701, USA and make it 30 licences', withRest(austin, { answers: { licenses: 30 } })],
  ['billingAddress', '100 Congress Ave, Austin, TX 78701, USA - service address is the same', withRest(austin, {}, { sameAsBilling: true })],
  ['billingAddress', '100 Congress Ave, Austin, TX 78701, USA, wrong email before: finance@acme.example', withRest(austin, {}, { email: 'finance@acme.example' })],
  ['billingAddress', '100 Congress Ave, Austin, TX 78701, USA. is tax-exempt possible? we are a charity', { type: 'TAX_EXEMPT' }],
  // Corrections in the confirmation: the part named.
  ['billingAddress.confirming', 'yeah but the city is Round Rock not Austin', address({ city: 'Round Rock' })],
  ['billingAddress.confirming', "wrong city, it's Cambridge", address({ city: 'Cambridge' })],
  ['billingAddress.confirming', "almost, it's suite 400 not 300", address({ lines: ['suite 400'] })],
  ['billingAddress.confirming', 'город Казань, а не Москва', address({ city: 'Казань' })],
  // A yes with a but corrects; a yes with more answers confirms and gives them.
  ['billingAddress.confirming', 'да, но город Химки', address({ city: 'Химки' })],
  ['billingAddress.confirming', 'это не наш адрес', { type: 'NO' }],
  ['billingAddress.confirming', 'да, и адрес использования такой же', { type: 'GIVE_ANSWERS', answers: {}, early: { sameAsBilling: true }, confirms: true }],
  ['serviceAddress.confirming', 'да, и перенесите +7 812 555-01-23', { type: 'GIVE_ANSWERS', answers: {}, early: { callingPlan: { newNumbers: 0, port: ['+78125550123'] } }, confirms: true }],
  ['billingAddress.confirming', 'yes, and make it 12 licences', { type: 'GIVE_ANSWERS', answers: { licenses: 12 }, early: {}, confirms: true }],
  // A field with more parts, a country inside words, a country that is also a state.
  ['billingAddress@city', 'Leeds, LS1 6DT', address({ city: 'Leeds', postalCode: 'LS1 6DT', country: 'GB' })],
  ['billingAddress@country', "we're in canada eh", address({ country: 'CA' })],
  ['billingAddress@country', 'georgia', propose(address({ country: 'GE' }))],
  // Chat is no address.
  ['billingAddress', 'the weather in leeds is awful today', { type: 'NOT_UNDERSTOOD' }],
  ['billingAddress.confirming', 'the zip is not right', { type: 'NOT_UNDERSTOOD' }],
  ['serviceAddress', 'ditto', { type: 'SAME_AS_BILLING' }],
  ['serviceAddress', 'same as above', { type: 'SAME_AS_BILLING' }],
  // "same as billing" and more: the rest is read for its own answers, a reconsidering rest is no "same".
  ['serviceAddress', 'same as billing. and switch to 14 licences', { type: 'GIVE_ANSWERS', answers: { licenses: 14 }, early: { sameAsBilling: true } }],
  ['serviceAddress', 'use the billing address, and the site name from my email is fine', { type: 'SAME_AS_BILLING' }],
  ['serviceAddress', 'same as billing, actually no, the warehouse', { type: 'NOT_UNDERSTOOD' }],
  ['serviceAddress', 'same as billing, but suite 210', { type: 'NOT_UNDERSTOOD' }],
  // "no new numbers" after it is an answer, not a no; a question after it takes nothing back.
  ['serviceAddress', 'same as billing, no new numbers, keep the site name', { type: 'GIVE_ANSWERS', answers: {}, early: { sameAsBilling: true, callingPlan: { newNumbers: 0, port: [] } } }],
  ['serviceAddress', 'такой же, номера не нужны', { type: 'GIVE_ANSWERS', answers: {}, early: { sameAsBilling: true, callingPlan: { newNumbers: 0, port: [] } } }],
  ['serviceAddress', 'same as billing - can we port our numbers later instead of now?', { type: 'GIVE_ANSWERS', answers: {}, early: { sameAsBilling: true }, question: 'porting' }],
  // A service address with more after it: kept for its confirmation, the rest applied first.
  ['serviceAddress', '1 Market St, San Francisco, CA 94105, USA and make it 12 licences', { type: 'GIVE_ANSWERS', answers: { licenses: 12 }, early: { serviceAddress: { lines: ['1 Market St'], city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'US' } } }],
];

describe('addresses as written', () => {
  it.each(ROWS)('%s: %s', (spec, input, event) => {
    expect(text(spec, input).event).toEqual(event);
  });
});

describe('Russian addresses', () => {
  it('reads the words after a Russian address for their own answers, and keeps a street named "Новых Домов" whole', () => {
    expect(text('serviceAddress', 'Казань, ул. Баумана 5, 420111, и давайте 9 лицензий', 'ru').event).toEqual({ type: 'GIVE_ANSWERS', answers: { licenses: 9 },
      early: { serviceAddress: { lines: ['ул. Баумана 5'], city: 'Казань', postalCode: '420111', country: 'RU' } } });
    // What is where, said first: the town in the nominative, a country by name; a region typed as the town is the region.
    expect(text('serviceAddress', 'цех в Подольске, ул. Лесная 4, 142100, Московская обл.', 'ru').event).toEqual(address({ lines: ['ул. Лесная 4'], city: 'Подольск', region: 'Московская обл.', postalCode: '142100', country: 'RU' }));
    expect(text('serviceAddress', 'филиал во Франции — 12 rue Masséna 06000 Nice', 'ru').event).toEqual(address({ lines: ['12 rue Masséna'], city: 'Nice', postalCode: '06000', country: 'FR' }));
    expect(text('serviceAddress', 'в Екатеринбурге', 'ru').event).toEqual(propose(address({ city: 'Екатеринбург' })));
    expect(text('billingAddress', 'наш офис в Новосибирске, Красный проспект 1', 'ru').event).toEqual(propose(address({ city: 'Новосибирск', lines: ['Красный проспект 1'] })));
    expect(text('billingAddress', '125009 Москва, ул. Новых Домов 5', 'ru').event).toMatchObject({ type: 'GIVE_ADDRESS', address: { lines: ['ул. Новых Домов 5'] } });
  });
  const moscow = { lines: ['ул. Тверская, д. 7', 'кв. 12'], city: 'Москва', postalCode: '125009', country: 'RU' };
  it('reads a Russian address in a Russian conversation', () => {
    expect(text('billingAddress', 'г. Москва, ул. Тверская, д. 7, кв. 12, 125009', 'ru').event).toEqual(address(moscow));
    expect(text('billingAddress', '125009 Москва Тверская 7', 'ru').event).toEqual(address({ postalCode: '125009', country: 'RU', city: 'Москва', lines: ['Тверская 7'] }));
  });
  it('reads a Cyrillic address in an English conversation without switching the language', () => {
    const got = text('billingAddress', 'г. Москва, ул. Тверская, д. 7, кв. 12, 125009', 'en');
    expect(got.event).toEqual(address(moscow));
    expect(got.language).toBeUndefined();
    expect(text('serviceAddress', '125009 Москва Тверская 7', 'en').language).toBeUndefined();
  });
});

describe('the service address', () => {
  it.each(['ditto', 'same as above', 'the same as before', 'same as invoice address', 'billing address works', "it's the same place", 'use the one above'])('%s is the billing address', (input) => {
    expect(text('serviceAddress', input).event).toEqual({ type: 'SAME_AS_BILLING' });
  });
  it.each(['not the same', 'no, different one', 'different'])('%s is a no', (input) => {
    expect(text('serviceAddress', input).event).toEqual({ type: 'NO' });
  });
  it('names the country a code with letters belongs to', () => {
    expect(text('billingAddress', 'Please send invoices to 221B Baker Street, London NW1 6XE').event)
      .toEqual(address({ lines: ['221B Baker Street'], city: 'London', postalCode: 'NW1 6XE', country: 'GB' }));
  });
  it('reads no country from a word of two letters ("no, different one" is no Norway)', () => {
    expect(text('billingAddress', 'no, different one').event).not.toMatchObject({ type: 'GIVE_ADDRESS', address: { country: 'NO' } });
  });
});

describe('unsure addresses', () => {
  it('asks back an address changed mid-way', () => {
    expect(text('billingAddress', '12 rue de la Paix 75002 Paris... sorry no, it\'s 14 rue de la Paix').event.type).toBe('PROPOSE');
  });
  it('reads "the states" as the US', () => {
    expect(text('billingAddress@country', 'the states').event).toEqual(address({ country: 'US' }));
  });
});
