import { describe, expect, it } from 'vitest';
import { text } from './helpers.js';

/** Tax-exempt talk hands the conversation to sales; a negation over its clause does not, a new clause ends it. */
describe('understanding: tax-exempt talk and its negation', () => {
  it.each([
    ['plan', "we're not a big company, we're a small charity", 'en'],
    ['licenses', 'we are a registered nonprofit', 'en'],
    ['plan', 'мы не коммерческая фирма, а благотворительный фонд', 'ru'],
  ] as const)('at %s, %j is tax-exempt talk', (step, input, lang) => {
    expect(text(step, input, lang).event.type).toBe('TAX_EXEMPT');
  });

  it.each([
    ['licenses', 'we are not a school or a nonprofit, 12 people', 'en'],
    ['plan', 'no, we are not tax exempt', 'en'],
    ['plan', 'мы не некоммерческая организация, нам suite', 'ru'],
  ] as const)('at %s, %j is not', (step, input, lang) => {
    expect(text(step, input, lang).event.type).not.toBe('TAX_EXEMPT');
  });
});

describe('a school beside an email says whose it is', () => {
  it('takes the email, and a claim said in words still goes to sales', () => {
    expect(text('email', 'почта гимназии office@gym3.example', 'ru').event).toEqual({ type: 'GIVE_EMAIL', email: 'office@gym3.example' });
    expect(text('email', 'the university address is it@uni.example').event).toEqual({ type: 'GIVE_EMAIL', email: 'it@uni.example' });
    expect(text('email', 'we are a public school, email office@school.example').event).toEqual({ type: 'TAX_EXEMPT' });
  });
});
