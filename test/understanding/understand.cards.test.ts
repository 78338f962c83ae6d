import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { understand } from '../../src/dialogs/understanding/understand.js';
import { STEPS } from '../../src/domain/types.js';
import type { UserEvent } from '../../src/machines/upgrade.types.js';
import { NU, address, at, calling, ev, hashCode, licenses, plan, submit, text } from './helpers.js';

const CARDS: [spec: string, value: Record<string, unknown>, event: UserEvent][] = [
  ['plan', { choice: 'suite' }, plan('suite')],
  ['plan', { choice: 'Встречи' }, plan('meet')],
  ['renewal!', { choice: 'yes' }, ev('CONFIRM_PENDING')],
  ['plan', { choice: '' }, NU],
  ['plan', { choice: 42 }, NU],
  ['billingAddress', { form: 'billingAddress', line1: '100 Congress Ave', line2: 'Suite 200', city: 'Austin', region: 'Texas', postalCode: '78701', country: 'United States' },
    address({ lines: ['100 Congress Ave', 'Suite 200'], city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' })],
  ['serviceAddress', { form: 'serviceAddress', lines: 'Unter den Linden 77', city: 'Berlin', postalCode: '10117', country: 'DE' },
    address({ lines: ['Unter den Linden 77'], city: 'Berlin', postalCode: '10117', country: 'DE' })],
  ['billingAddress', { form: 'billingAddress', lines: ['ул. Тверская 7'], city: 'Москва', postalCode: '125009', country: 'Россия' },
    address({ lines: ['ул. Тверская 7'], city: 'Москва', postalCode: '125009', country: 'RU' })],
  ['billingAddress', { form: 'billingAddress', country: 'Atlantis' }, NU],
  ['billingAddress', { form: 'billingAddress' }, NU],
  ['callingPlan', { form: 'callingPlan', newNumbers: '2', area: '512', port: '+1 512 555 0100, +1 512 555 0101' },
    calling(2, ['+15125550100', '+15125550101'], '512')],
  ['callingPlan', { form: 'callingPlan', newNumbers: '', port: '' }, calling(0, [])],
  ['callingPlan', { form: 'callingPlan', newNumbers: 'lots' }, NU],
  ['callingPlan', { form: 'callingPlan', newNumbers: '1', port: '512 555 0100' }, NU],
  ['licenses', { form: 'licenses', count: '25' }, licenses(25)],
  ['licenses', { form: 'licenses', count: 'двадцать пять' }, licenses(25)],
  ['licenses', { form: 'licenses', count: {} }, NU],
  ['email', { form: 'email', email: 'Ann@Acme.com' }, { type: 'GIVE_EMAIL', email: 'ann@acme.com' }],
  ['email', { form: 'email', email: 'ann' }, NU],
  ['verify', { form: 'code', code: '123 456' }, { type: 'GIVE_CODE', codeHash: 'hash:123456' }],
  ['verify', { form: 'code', code: '12' }, NU],
  ['siteUrl', { form: 'siteUrl', name: 'https://Acme.webex.com' }, { type: 'GIVE_SITE_URL', name: 'acme' }],
  ['siteUrl', { form: 'siteUrl' }, NU],
  ['plan', { form: 'nonsense' }, NU],
  ['plan', {}, NU],
];

describe('card submissions', () => {
  it.each(CARDS)('%s: %j', (spec, value, event) => {
    expect(submit(spec, value).event).toEqual(event);
  });

  it('does not guess a language from a pressed button', () => {
    expect(submit('plan', { choice: 'Встречи' }).language).toBeUndefined();
  });
});

describe('language of a message', () => {
  it.each([
    ['хочу перейти на платный план', 'ru'],
    ['Suite, пожалуйста', 'ru'],
    ['I want to upgrade', 'en'],
    ['twenty five users', 'en'],
    ['suite', undefined],
    ['ok', undefined],
    ['25', undefined],
    ['100 Congress Ave, Austin, TX 78701', undefined],
  ] as const)('%s -> %s', (input, language) => {
    expect(text('plan', input).language).toBe(language);
  });
});

describe('robustness', () => {
  it('never throws on any text at any step', () => {
    fc.assert(fc.property(fc.constantFrom(...STEPS), fc.string({ maxLength: 80 }), fc.boolean(), (step, t, pending) => {
      const view = { ...at(step), pending };
      const r = understand({ kind: 'text', text: t }, view, hashCode);
      expect(typeof r.event.type).toBe('string');
    }), { numRuns: 600 });
  });

  it('never throws on any card payload', () => {
    fc.assert(fc.property(fc.constantFrom(...STEPS), fc.dictionary(fc.constantFrom('form', 'choice', 'city', 'country', 'lines', 'count', 'port', 'newNumbers', 'code', 'email', 'name'), fc.anything()), (step, value) => {
      const r = understand({ kind: 'submit', value }, at(step), hashCode);
      expect(typeof r.event.type).toBe('string');
    }), { numRuns: 600 });
  });
});
