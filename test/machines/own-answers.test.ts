import { describe, expect, it } from 'vitest';
import { createDriver, goTo, ofType, says } from './drive.js';

/** A step's own answer given with other answers (GIVE_ANSWERS): taken at that step, kept for a later one. */
describe('own answers in GIVE_ANSWERS', () => {
  it('checks a code given with an order answer first, then applies the answer, and mails no new code', () => {
    const d = createDriver();
    goTo(d, 'verify', { renewal: 'annual' });
    const es = d.send({ type: 'GIVE_ANSWERS', answers: { renewal: 'annual' }, early: { codeHash: d.code } });
    expect(d.ctx.verifiedEmail).toBe('jane@acme.com');
    expect(d.step).toBe('billingAddress');
    expect(ofType(es, 'sendCode')).toHaveLength(0);
    expect(d.ctx.early).toBeUndefined();
  });

  it('counts a wrong code given with an answer as a try and stays at verify without a new code', () => {
    const d = createDriver();
    goTo(d, 'verify', { renewal: 'annual' });
    const es = d.send({ type: 'GIVE_ANSWERS', answers: { callback: true }, early: { codeHash: 'hash:wrong' } });
    expect(says(es)).toContain('codeWrong');
    expect(d.step).toBe('verify');
    expect(d.ctx.verification?.tries).toBe(1);
    expect(ofType(es, 'sendCode')).toHaveLength(0);
  });

  it('looks up an email given with later answers at the email step, and keeps those for their steps', () => {
    const d = createDriver();
    goTo(d, 'email');
    const es = d.send({ type: 'GIVE_ANSWERS', answers: {}, early: { email: 'jane@acme.com', siteUrl: 'acme-team' } });
    expect(ofType(es, 'lookupAccount').map((e) => e.params.email)).toEqual(['jane@acme.com']);
    expect(d.step).toBe('verify');
    expect(d.ctx.early).toEqual({ siteUrl: 'acme-team' });
  });

  it('looks a new email up when one is given at verify, and mails the code there', () => {
    const d = createDriver({ accounts: ['jane@acme.com', 'jd@acme.com'] });
    goTo(d, 'verify');
    const es = d.send({ type: 'GIVE_EMAIL', email: 'jd@acme.com' });
    expect(ofType(es, 'lookupAccount')[0]?.params.email).toBe('jd@acme.com');
    expect(d.step).toBe('verify');
    expect(ofType(es, 'sendCode')[0]?.params.email).toBe('jd@acme.com');
  });

  it('takes a site name given with an order answer at siteUrl as typed, and checks it once', () => {
    const d = createDriver();
    goTo(d, 'siteUrl');
    const es = d.send({ type: 'GIVE_ANSWERS', answers: { renewal: 'annual' }, early: { siteUrl: 'acme-hq' } });
    expect(ofType(es, 'checkSiteUrl').map((e) => e.params.name)).toEqual(['acme-hq']);
    expect(d.ctx.answers.siteUrl).toBe('acme-hq');
    expect(d.step).toBe('payment');
    expect(d.ctx.early).toBeUndefined();
  });

  it('keeps a site name for later when the other answers lead back to the cart', () => {
    const d = createDriver();
    goTo(d, 'siteUrl');
    d.send({ type: 'GIVE_ANSWERS', answers: { licenses: 30 }, early: { siteUrl: 'acme-hq' } });
    expect(d.step).toBe('cart');
    expect(d.ctx.early?.siteUrl).toBe('acme-hq');
  });

  it('takes numbers given at callingPlan with other answers, and numbers said earlier when the step comes', () => {
    const here = createDriver();
    goTo(here, 'callingPlan');
    here.send({ type: 'GIVE_ANSWERS', answers: { renewal: 'annual' }, early: { callingPlan: { newNumbers: 3, area: '312', port: [] } } });
    expect(here.ctx.answers.callingPlan).toEqual({ newNumbers: 3, area: '312', port: [] });
    expect(here.step).toBe('siteUrl');

    const early = createDriver();
    goTo(early, 'verify');
    early.send({ type: 'GIVE_ANSWERS', answers: {}, early: { codeHash: early.code, callingPlan: { newNumbers: 2, port: ['+15035550131'] } } });
    goTo(early, 'serviceAddress');
    const es = early.send({ type: 'SAME_AS_BILLING' });
    expect(early.ctx.answers.callingPlan).toEqual({ newNumbers: 2, port: ['+15035550131'] });
    expect(early.step).toBe('siteUrl');
    expect(says(es)).not.toContain('callingPlanInvalid');
  });

  it('asks again for numbers said earlier that cannot be had', () => {
    const d = createDriver();
    d.send({ type: 'GIVE_ANSWERS', answers: { plan: 'suite', licenses: 2 }, early: { callingPlan: { newNumbers: 9, port: [] } } });
    goTo(d, 'callingPlan', { licenses: 2 });
    expect(d.ctx.answers.callingPlan).toBeUndefined();
    expect(d.ctx.early).toBeUndefined();
  });
});
