import { describe, expect, it } from 'vitest';
import type { UserEvent } from '../../src/machines/upgrade.types.js';
import { text } from './helpers.js';

const AT = 'billingAddress.annualNotSold';
const more = (answers: Record<string, unknown>, early: Record<string, unknown> = {}): UserEvent =>
  ({ type: 'GIVE_ANSWERS', answers: { ...answers, renewal: 'monthly' }, early } as UserEvent);

/** At "Annual renewal isn't sold there. Shall I switch your order to monthly?": the agreement and what follows it. */
const ROWS: [string, 'en' | 'ru', UserEvent][] = [
  ['ok, monthly then', 'en', { type: 'YES' }],
  ['sure go ahead', 'en', { type: 'YES' }],
  ['no', 'en', { type: 'NO' }],
  ['no, keep annual', 'en', { type: 'NO' }],
  ['yep switch it, and make it 8 licenses', 'en', more({ licenses: 8 })],
  ['fine. add the callback too', 'en', more({ callback: true })],
  ['ok monthly, the service address is the same', 'en', more({}, { sameAsBilling: true })],
  ['sure, monthly. do guests need licenses?', 'en', { type: 'GIVE_ANSWERS', answers: { renewal: 'monthly' }, question: 'licence-who' } as UserEvent],
  ['ok switch it and get me a person', 'en', { type: 'HUMAN' }],
  ['да, давайте помесячно', 'ru', { type: 'YES' }],
  ['ладно, помесячно, и уменьшите до 6 лицензий', 'ru', more({ licenses: 6 })],
  ['хорошо, переводите. и обратный вызов добавьте', 'ru', more({ callback: true })],
];

describe('understanding: annual renewal not sold at the billing address', () => {
  it.each(ROWS)('%j (%s)', (input, lang, event) => {
    expect(text(AT, input, lang).event).toEqual(event);
  });

  it('reads a whole other address as the address, not as the agreement its first word seems to be', () => {
    const event = text(AT, 'давайте наш офис в Лидсе: 48 Market Street, Leeds LS1 6DT', 'ru').event;
    expect(event).toMatchObject({ type: 'GIVE_ADDRESS', address: { city: 'Leeds', postalCode: 'LS1 6DT' } });
  });
});
