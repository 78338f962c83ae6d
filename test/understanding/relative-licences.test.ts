import { describe, expect, it } from 'vitest';
import { text } from './helpers.js';

const by = (n: number, sure = true) => ({ type: 'ADJUST_LICENSES', by: n, sure });

/** Licences changed relative to the count so far, read only when the message says nothing else. */
describe('understanding: relative licence changes', () => {
  it.each([
    ['cart', '3 more', 'en', by(3)],
    ['cart', 'ok add 4 more seats pls', 'en', by(4)],
    ['cart', 'another license', 'en', by(1)],
    ['cart', 'make it 2 more', 'en', by(2)],
    ['cart', 'two fewer', 'en', by(-2)],
    ['billingAddress', 'reduce by 5 licenses', 'en', by(-5)],
    ['cart', 'add 6 users', 'en', by(6, false)],
    ['cart', 'drop 2 licenses', 'en', by(-2, false)],
    ['cart', 'ещё пять лицензий, пожалуйста', 'ru', by(5)],
    ['cart', 'на 3 больше', 'ru', by(3)],
    ['cart', 'минус одну', 'ru', by(-1)],
    ['cart', 'сократите на 2 лицензии', 'ru', by(-2)],
    ['cart', 'добавьте 4 лицензии', 'ru', by(4, false)],
  ] as const)('at %s, %j', (step, input, lang, event) => {
    expect(text(step, input, lang).event).toEqual(event);
  });

  it.each([
    ['cart', 'one more thing'], ['cart', '5 more minutes'], ['payment', 'ok one more time'], ['plan', '2 more'],
    ['cart', 'ещё 2 вопроса'],
  ] as const)('at %s, %j is no licence change', (step, input) => {
    expect(text(step, input, /[а-я]/iu.test(input) ? 'ru' : 'en').event.type).not.toBe('ADJUST_LICENSES');
  });
});
