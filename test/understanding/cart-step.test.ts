import { describe, expect, it } from 'vitest';
import { text } from './helpers.js';

/** At the cart, checkout said in words is checkout only when it is not asked about, put off or edited. */
describe('the cart step', () => {
  it.each([
    ['nope not ready', { type: 'NO' }], ['checkout later, need approval from finance', { type: 'NO' }],
    ['swap to annual and checkout', { type: 'CHANGE', change: { field: 'renewal', value: 'annual' } }],
    ['checkout, account email billing@acme.example', { type: 'GIVE_ANSWERS', answers: {}, early: { email: 'billing@acme.example' } }],
    ['ok, monthly then', { type: 'CHANGE', change: { field: 'renewal', value: 'monthly' } }],
    ['proceed to checkout', { type: 'CHECKOUT' }],
  ])('%j', (said, want) => {
    expect(text('cart', said).event).toEqual(want);
  });
  it('answers a question about checking out instead of checking out', () => {
    expect(text('cart', 'what happens after i check out').event.type).not.toBe('CHECKOUT');
  });
  it('keeps a hedged or mistyped renewal a question', () => {
    expect(text('cart', 'ok, maybe monthly then').event.type).toBe('PROPOSE');
  });
});
