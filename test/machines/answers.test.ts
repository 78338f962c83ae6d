import { describe, expect, it } from 'vitest';
import { createDriver, DE_ADDRESS, goTo, says } from './drive.js';

/** Several answers in one message: applied by the steps' own rules, said back once, the next open question asked. */
describe('GIVE_ANSWERS', () => {
  it('applies plan, renewal, licences and Callback at the plan step and goes to the cart', () => {
    const d = createDriver();
    const es = d.send({ type: 'GIVE_ANSWERS', answers: { plan: 'suite', renewal: 'annual', licenses: 25, callback: true } });
    expect(d.step).toBe('cart');
    expect(d.ctx.answers).toMatchObject({ plan: 'suite', renewal: 'annual', licenses: 25, callback: true });
    expect(says(es)).toContain('understood');
    expect(says(es)).not.toContain('changed');
  });

  it('asks the first open question when some answers are missing', () => {
    const d = createDriver();
    d.send({ type: 'GIVE_ANSWERS', answers: { renewal: 'monthly', licenses: 10 } });
    expect(d.step).toBe('plan');
    expect(d.ctx.answers).toMatchObject({ renewal: 'monthly', licenses: 10 });
  });

  it('keeps the rest and offers sales for Enterprise or more than the online maximum', () => {
    const d = createDriver();
    d.send({ type: 'GIVE_ANSWERS', answers: { plan: 'enterprise', renewal: 'annual', licenses: 20 } });
    expect(d.ctx.pending).toEqual({ type: 'START_HANDOFF', reason: 'enterprise' });
    expect(d.ctx.answers).toMatchObject({ renewal: 'annual', licenses: 20 });
    expect(d.ctx.answers.plan).toBeUndefined();
    const big = createDriver();
    big.send({ type: 'GIVE_ANSWERS', answers: { plan: 'meet', licenses: 500 } });
    expect(big.ctx.pending).toEqual({ type: 'START_HANDOFF', reason: 'largeOrder' });
    expect(big.ctx.requestedLicenses).toBe(500);
    expect(big.ctx.answers.licenses).toBeUndefined();
  });

  it('refuses annual for a German billing address and applies the rest', () => {
    const d = createDriver();
    goTo(d, 'serviceAddress', { billing: DE_ADDRESS, renewal: 'monthly' });
    const es = d.send({ type: 'GIVE_ANSWERS', answers: { renewal: 'annual', callback: true } });
    expect(says(es)).toContain('annualNotSold');
    expect(d.ctx.answers.renewal).toBe('monthly');
    expect(d.ctx.answers.callback).toBe(true);
  });

  it('asks back the unsure field with its options, at that field\'s step', () => {
    const d = createDriver();
    d.send({ type: 'GIVE_ANSWERS', answers: { plan: 'meet', renewal: 'monthly' }, clarify: { field: 'licenses', options: [20, 25] } });
    expect(d.step).toBe('licenses');
    expect(d.ctx.clarify).toEqual({ field: 'licenses', options: [20, 25] });
    d.send({ type: 'SET_LICENSES', count: 25 });
    expect(d.ctx.answers.licenses).toBe(25);
    expect(d.ctx.clarify).toBeUndefined();
  });

  it('asks back how many new numbers, and a bare count takes the area and porting of that question', () => {
    const d = createDriver();
    goTo(d, 'callingPlan', { plan: 'call' });
    d.send({ type: 'CLARIFY', clarify: { field: 'callingPlan', options: [2, 3], area: '812', port: ['+78121234567'] } });
    expect(d.step).toBe('callingPlan');
    expect(d.ctx.answers.callingPlan).toBeUndefined();
    d.send({ type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: 3, port: [] } });
    expect(d.ctx.answers.callingPlan).toEqual({ newNumbers: 3, area: '812', port: ['+78121234567'] });
    expect(d.ctx.clarify).toBeUndefined();
  });

  it('says "changed" only where an earlier answer was replaced', () => {
    const d = createDriver();
    goTo(d, 'cart');
    const es = d.send({ type: 'GIVE_ANSWERS', answers: { renewal: d.ctx.answers.renewal === 'annual' ? 'monthly' : 'annual', licenses: 30 } });
    const understood = es.find((e): e is Extract<typeof e, { type: 'say' }> => e.type === 'say' && e.params.key === 'understood');
    expect(understood?.params.args?.changed).toBe(1);
    expect(d.ctx.cartConfirmed).toBe(false);
  });

  it('keeps an early email until the email step and looks it up then, once', () => {
    const d = createDriver();
    d.send({ type: 'GIVE_ANSWERS', answers: { plan: 'meet', renewal: 'monthly', licenses: 5, callback: false }, early: { email: 'jane@acme.com' } });
    expect(d.step).toBe('cart');
    expect(d.ctx.early?.email).toBe('jane@acme.com');
    const es = d.send({ type: 'CHECKOUT' });
    expect(es.some((e) => e.type === 'lookupAccount')).toBe(true);
    expect(d.step).toBe('verify');
    expect(d.ctx.early).toBeUndefined();
  });

  it('checks out with an email typed at the cart, and looks it up at once', () => {
    const d = createDriver();
    goTo(d, 'cart');
    const es = d.send({ type: 'GIVE_ANSWERS', answers: {}, early: { email: 'jane@acme.com' } });
    expect(d.ctx.cartConfirmed).toBe(true);
    expect(es.some((e) => e.type === 'lookupAccount')).toBe(true);
    expect(d.step).toBe('verify');
  });

  it('applies an edit with an email at the cart and stays there', () => {
    const d = createDriver();
    goTo(d, 'cart');
    d.send({ type: 'GIVE_ANSWERS', answers: { licenses: 30 }, early: { email: 'jane@acme.com' } });
    expect(d.step).toBe('cart');
    expect(d.ctx.answers.licenses).toBe(30);
    expect(d.ctx.early?.email).toBe('jane@acme.com');
  });

  it('offers an early site name for a yes instead of taking it', () => {
    const d = createDriver();
    d.send({ type: 'GIVE_ANSWERS', answers: { plan: 'meet' }, early: { siteUrl: 'acme-team' } });
    goTo(d, 'siteUrl');
    expect(d.value).toBe('{"siteUrl":"offering"}');
    expect(d.ctx.siteCandidate).toBe('acme-team');
    expect(d.ctx.answers.siteUrl).toBeUndefined();
  });
});
