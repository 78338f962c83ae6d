import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { STEPS } from '../../src/domain/types.js';
import type { OrderDraft } from '../../src/machines/upgrade.types.js';
import {
  CA_ADDRESS, DE_ADDRESS, TX_ADDRESS, createDriver, goTo, machine, machineWith, ofType, says, type Driver, type Snap,
} from './drive.js';

const MIN = 60_000;

/** The steps every global command is tried at (those a user can be at with a prompt open). */
const ASKING_STEPS = ['plan', 'renewal', 'licenses', 'callback', 'cart', 'email', 'verify', 'billingAddress', 'serviceAddress',
  'callingPlan', 'siteUrl', 'payment', 'consent'] as const;

function at(step: (typeof STEPS)[number], r?: Parameters<typeof goTo>[2]): Driver {
  const d = createDriver();
  goTo(d, step, r);
  return d;
}

describe('the start', () => {
  it('starts at plan with an empty draft and asks for the plan', () => {
    const d = createDriver();
    expect(d.step).toBe('plan');
    expect(d.value).toBe('"plan"');
    expect(d.ctx.answers).toEqual({});
    expect(d.ctx).toMatchObject({ conversationId: 'c1', userId: 'u1', locale: 'en', cartConfirmed: false, purchase: 1, misses: 0 });
    expect(says(d.effects)).toEqual(['ask']);
  });
  it('START at plan just asks again', () => {
    const d = createDriver();
    expect(says(d.send({ type: 'START' }))).toEqual(['ask']);
    expect(d.step).toBe('plan');
  });
});

describe('each step in flow order', () => {
  it('plan: a plan sold online is recorded and renewal is asked; an unknown plan is refused', () => {
    const d = createDriver();
    expect(says(d.send({ type: 'CHOOSE_PLAN', plan: 'gold' }))).toEqual(['unknownPlan', 'ask']);
    expect(d.step).toBe('plan');
    expect(d.ctx.answers.plan).toBeUndefined();
    expect(says(d.send({ type: 'CHOOSE_PLAN', plan: 'suite' }))).toEqual(['ask']);
    expect(d.step).toBe('renewal');
    expect(d.ctx.answers.plan).toBe('suite');
  });

  it('renewal: annual and monthly are both recorded', () => {
    for (const renewal of ['annual', 'monthly'] as const) {
      const d = at('renewal');
      d.send({ type: 'CHOOSE_RENEWAL', renewal });
      expect(d.step).toBe('licenses');
      expect(d.ctx.answers.renewal).toBe(renewal);
    }
  });

  it('licenses: 1 and 100 (the online maximum) are accepted', () => {
    for (const count of [1, 100]) {
      const d = at('licenses');
      d.send({ type: 'SET_LICENSES', count });
      expect(d.step).toBe('callback');
      expect(d.ctx.answers.licenses).toBe(count);
    }
  });

  it('licenses: 0 is too few and nothing is recorded', () => {
    const d = at('licenses');
    expect(says(d.send({ type: 'SET_LICENSES', count: 0 }))).toEqual(['licensesTooFew', 'ask']);
    expect(d.step).toBe('licenses');
    expect(d.ctx.answers.licenses).toBeUndefined();
  });

  it('licenses: 101 offers sales (large order), and yes hands off with the requested count kept', () => {
    const d = at('licenses');
    const es = d.send({ type: 'SET_LICENSES', count: 101 });
    expect(es).toContainEqual({ type: 'say', params: { key: 'confirmHandoff', args: { reason: 'largeOrder' } } });
    expect(d.step).toBe('licenses');
    expect(d.ctx.answers.licenses).toBeUndefined();
    expect(d.ctx.requestedLicenses).toBe(101);
    expect(d.ctx.pending).toEqual({ type: 'START_HANDOFF', reason: 'largeOrder' });
    const es2 = d.send({ type: 'CONFIRM_PENDING' });
    expect(d.step).toBe('handoff');
    expect(d.ctx.handoff).toMatchObject({ reason: 'largeOrder', returnTo: 'licenses' });
    expect(ofType(es2, 'requestHandoff')).toEqual([{ type: 'requestHandoff', params: { reason: 'largeOrder' } }]);
  });

  it('licenses: the online maximum is the chosen plan\'s, not the largest in the catalog', () => {
    const small = machineWith((dd) => ({ ...dd, catalog: { ...dd.catalog, plans: dd.catalog.plans.map((p) => (p.id === 'meet' ? { ...p, maxOnline: 50 } : p)) } }));
    const d = createDriver({ machine: small });
    goTo(d, 'licenses', { plan: 'meet' });
    d.send({ type: 'SET_LICENSES', count: 51 });
    expect(d.ctx.pending).toEqual({ type: 'START_HANDOFF', reason: 'largeOrder' });
    expect(d.ctx.answers.licenses).toBeUndefined();
    d.send({ type: 'REJECT_PENDING' });
    d.send({ type: 'SET_LICENSES', count: 50 });
    expect(d.step).toBe('callback');
  });

  it('callback: yes/no and SET_CALLBACK are recorded, then the cart', () => {
    const cases = [[{ type: 'YES' }, true], [{ type: 'NO' }, false], [{ type: 'SET_CALLBACK', value: true }, true]] as const;
    for (const [ev, value] of cases) {
      const d = at('callback');
      d.send(ev);
      expect(d.ctx.answers.callback).toBe(value);
      expect(d.step).toBe('cart');
      expect(d.ctx.cartConfirmed).toBe(false);
    }
  });

  it('cart: checkout (or yes) confirms the cart and asks for the email', () => {
    for (const ev of [{ type: 'CHECKOUT' }, { type: 'YES' }] as const) {
      const d = at('cart');
      d.send(ev);
      expect(d.ctx.cartConfirmed).toBe(true);
      expect(d.step).toBe('email');
      expect(d.value).toBe('{"email":"asking"}');
    }
  });

  it('email: known and unknown addresses get the same answer (a code is mailed); the lookup is kept for after the code', () => {
    const stranger = at('email');
    const known = at('email');
    const es = stranger.send({ type: 'GIVE_EMAIL', email: 'nobody@acme.com' });
    const es2 = known.send({ type: 'GIVE_EMAIL', email: 'jane@acme.com' });
    expect(ofType(es, 'lookupAccount')).toEqual([{ type: 'lookupAccount', params: { email: 'nobody@acme.com' } }]);
    expect(says(es)).toEqual(says(es2));
    expect(says(es)).not.toContain('accountNotFound');
    for (const [d, email] of [[stranger, 'nobody@acme.com'], [known, 'jane@acme.com']] as const) {
      expect(d.step).toBe('verify');
      expect(ofType(d.effects, 'sendCode').at(-1)).toEqual({ type: 'sendCode', params: { email } });
      expect(d.ctx.verification).toMatchObject({ codeHash: d.code, tries: 0, expiresAt: d.now + 10 * MIN });
    }
    expect(stranger.ctx.account).toEqual({ email: 'nobody@acme.com', missing: true });
    expect(known.ctx.account?.email).toBe('jane@acme.com');
  });

  it('email: an address without an account hears so only after its code, is asked again, and at once when it retypes it', () => {
    const d = at('email');
    d.send({ type: 'GIVE_EMAIL', email: 'nobody@acme.com' });
    const es = d.send({ type: 'GIVE_CODE', codeHash: d.code });
    expect(es).toContainEqual({ type: 'say', params: { key: 'accountNotFound', args: { email: 'nobody@acme.com' } } });
    expect(says(es)).not.toContain('verified');
    expect(d.step).toBe('email');
    const sent = ofType(d.effects, 'sendCode').length;
    expect(says(d.send({ type: 'GIVE_EMAIL', email: 'nobody@acme.com' }))).toEqual(['accountNotFound', 'ask']);
    expect(ofType(d.effects, 'sendCode')).toHaveLength(sent);
    expect(d.step).toBe('email');
    d.send({ type: 'GIVE_EMAIL', email: 'jane@acme.com' });
    expect(d.step).toBe('verify');
    d.send({ type: 'GIVE_CODE', codeHash: d.code });
    expect(d.step).toBe('billingAddress');
  });

  it('email: a failed lookup says "try later" and asks again', () => {
    const d = at('email');
    d.answer('lookupAccount', () => ({ type: 'EFFECT_FAILED', effect: 'lookupAccount', code: 'timeout' }));
    expect(says(d.send({ type: 'GIVE_EMAIL', email: 'jane@acme.com' }))).toEqual(['tryLater', 'ask']);
    expect(d.value).toBe('{"email":"asking"}');
  });

  it('email: a stale ACCOUNT_FOUND for another email does not pass the lookup', () => {
    const d = at('email');
    d.answer('lookupAccount', () => undefined);
    d.send({ type: 'GIVE_EMAIL', email: 'jane@acme.com' });
    expect(d.value).toBe('{"email":"lookingUp"}');
    d.send({ type: 'ACCOUNT_FOUND', email: 'old@acme.com' });
    expect(d.step).toBe('email');
    expect(d.ctx.account).toBeUndefined();
    d.send({ type: 'ACCOUNT_FOUND', email: 'jane@acme.com' });
    expect(d.step).toBe('verify');
  });

  it('verify: the right code verifies the email and asks for the billing address', () => {
    const d = at('verify');
    const es = d.send({ type: 'GIVE_CODE', codeHash: d.code });
    expect(says(es)).toContain('verified');
    expect(d.ctx.verifiedEmail).toBe('jane@acme.com');
    expect(d.ctx.verification).toBeUndefined();
    expect(d.step).toBe('billingAddress');
  });

  it('verify: a wrong code three times locks the code; even the right one then needs a resend', () => {
    const d = at('verify');
    const right = d.code;
    expect(says(d.send({ type: 'GIVE_CODE', codeHash: 'hash:wrong' }))).toEqual(['codeWrong', 'ask']);
    expect(d.ctx.verification?.tries).toBe(1);
    expect(says(d.send({ type: 'GIVE_CODE', codeHash: 'hash:wrong' }))).toEqual(['codeWrong', 'ask']);
    expect(d.ctx.verification?.tries).toBe(2);
    expect(says(d.send({ type: 'GIVE_CODE', codeHash: 'hash:wrong' }))).toEqual(['codeTooManyTries', 'ask']);
    expect(d.ctx.verification).toBeUndefined();
    expect(says(d.send({ type: 'GIVE_CODE', codeHash: right }))).toEqual(['codeNeedsResend', 'ask']);
    expect(d.step).toBe('verify');
    expect(d.ctx.verifiedEmail).toBeUndefined();
  });

  it('verify: two wrong codes then the right one still verifies', () => {
    const d = at('verify');
    d.send({ type: 'GIVE_CODE', codeHash: 'x' });
    d.send({ type: 'GIVE_CODE', codeHash: 'y' });
    d.send({ type: 'GIVE_CODE', codeHash: d.code });
    expect(d.step).toBe('billingAddress');
  });

  it('verify: the code is valid for 10 minutes by the event time, and expires after', () => {
    const d = at('verify');
    d.advance(10 * MIN);
    d.send({ type: 'GIVE_CODE', codeHash: d.code });
    expect(d.step).toBe('billingAddress');

    const e = at('verify');
    e.advance(10 * MIN + 1);
    expect(says(e.send({ type: 'GIVE_CODE', codeHash: e.code }))).toEqual(['codeExpired', 'ask']);
    expect(e.step).toBe('verify');
    expect(e.ctx.verification).toBeUndefined();
    expect(e.ctx.verifiedEmail).toBeUndefined();
  });

  it('verify: resend mails a new code with a fresh expiry but keeps the tries; the old code no longer works', () => {
    const d = at('verify');
    const old = d.code;
    d.send({ type: 'GIVE_CODE', codeHash: 'wrong' });
    d.advance(9 * MIN);
    const es = d.send({ type: 'RESEND_CODE' });
    expect(ofType(es, 'sendCode')).toEqual([{ type: 'sendCode', params: { email: 'jane@acme.com' } }]);
    expect(says(es)).toContain('codeSent');
    expect(d.code).not.toBe(old);
    expect(d.ctx.verification).toMatchObject({ tries: 1, codeHash: d.code, expiresAt: d.now + 10 * MIN });
    d.advance(5 * MIN); // 14 minutes after the first code, 5 after the new one
    expect(says(d.send({ type: 'GIVE_CODE', codeHash: old }))).toEqual(['codeWrong', 'ask']);
    d.send({ type: 'GIVE_CODE', codeHash: d.code });
    expect(d.step).toBe('billingAddress');
  });

  it('verify: resend after expiry makes the new code work', () => {
    const d = at('verify');
    d.advance(11 * MIN);
    d.send({ type: 'GIVE_CODE', codeHash: d.code });
    d.send({ type: 'RESEND_CODE' });
    d.send({ type: 'GIVE_CODE', codeHash: d.code });
    expect(d.step).toBe('billingAddress');
  });

  it('verify: two wrong codes, a resend and one more wrong code cancel the code (a resend gives no fresh tries)', () => {
    const d = at('verify');
    d.send({ type: 'GIVE_CODE', codeHash: 'x' });
    d.send({ type: 'GIVE_CODE', codeHash: 'y' });
    d.send({ type: 'RESEND_CODE' });
    expect(says(d.send({ type: 'GIVE_CODE', codeHash: 'z' }))).toEqual(['codeTooManyTries', 'ask']);
    expect(d.ctx.verification).toBeUndefined();
  });

  it('verify: typing the same address again mails a new code but keeps the tries; another address starts afresh', () => {
    const d = at('verify');
    d.send({ type: 'GIVE_CODE', codeHash: 'x' });
    d.send({ type: 'GIVE_CODE', codeHash: 'y' });
    const sent = ofType(d.effects, 'sendCode').length;
    d.send({ type: 'GIVE_EMAIL', email: 'jane@acme.com' });
    expect(ofType(d.effects, 'sendCode')).toHaveLength(sent + 1);
    expect(d.ctx.verification).toMatchObject({ codeHash: d.code, tries: 2 });
    expect(says(d.send({ type: 'GIVE_CODE', codeHash: 'z' }))).toEqual(['codeTooManyTries', 'ask']);
    d.send({ type: 'RESEND_CODE' });
    d.send({ type: 'GIVE_CODE', codeHash: 'w' });
    d.send({ type: 'GIVE_EMAIL', email: 'john@acme.com' });
    expect(d.ctx.verification).toMatchObject({ tries: 0, email: 'john@acme.com' });
  });

  it('verify: every wrong code is reported for the address (counted across conversations)', () => {
    const d = at('verify');
    expect(ofType(d.send({ type: 'GIVE_CODE', codeHash: 'x' }), 'recordCodeFailure')).toEqual([{ type: 'recordCodeFailure', params: { email: 'jane@acme.com' } }]);
    expect(ofType(d.send({ type: 'GIVE_CODE', codeHash: d.code }), 'recordCodeFailure')).toEqual([]);
  });

  it('verify: a refused resend keeps the last code usable and says until when', () => {
    const d = at('verify');
    const until = d.now + 30 * MIN;
    d.answer('sendCode', () => ({ type: 'CODE_LIMITED', reason: 'conversation', until }));
    expect(says(d.send({ type: 'RESEND_CODE' }))).toEqual(['ask']);
    expect(d.ctx.codeLimit).toEqual({ reason: 'conversation', until });
    d.send({ type: 'GIVE_CODE', codeHash: d.code });
    expect(d.step).toBe('billingAddress');
    expect(d.ctx.codeLimit).toBeUndefined();
  });

  it('verify: an address paused for wrong codes voids the code; the right one is then not even checked', () => {
    const d = at('verify');
    const right = d.code;
    d.answer('recordCodeFailure', () => ({ type: 'CODE_LIMITED', reason: 'failures', until: d.now + 24 * 60 * MIN }));
    d.send({ type: 'GIVE_CODE', codeHash: 'x' });
    expect(d.ctx.verification).toBeUndefined();
    expect(d.ctx.codeLimit?.reason).toBe('failures');
    expect(says(d.send({ type: 'GIVE_CODE', codeHash: right }))).toEqual(['ask']);
    expect(d.ctx.verifiedEmail).toBeUndefined();
    expect(d.step).toBe('verify');
  });

  it('billingAddress: a whole address is confirmed, then committed; no asks for confirmation of an incomplete one', () => {
    const d = at('billingAddress');
    expect(d.value).toBe('{"billingAddress":"collecting"}');
    d.send({ type: 'GIVE_ADDRESS', address: { lines: ['1 Infinite Loop'], city: 'Cupertino' } });
    expect(d.value).toBe('{"billingAddress":"collecting"}');
    expect(d.ctx.addressDraft).toEqual({ lines: ['1 Infinite Loop'], city: 'Cupertino' });
    d.send({ type: 'GIVE_ADDRESS', address: { region: 'CA', postalCode: '95014', country: 'us' } });
    expect(d.value).toBe('{"billingAddress":"confirming"}');
    expect(d.ctx.answers.billingAddress).toBeUndefined();
    d.send({ type: 'YES' });
    expect(d.ctx.answers.billingAddress).toEqual(CA_ADDRESS);
    expect(d.step).toBe('serviceAddress');
  });

  it('billingAddress: an invalid postal code is dropped and asked again; NO at confirmation starts the address over', () => {
    const d = at('billingAddress');
    const es = d.send({ type: 'GIVE_ADDRESS', address: { ...CA_ADDRESS, postalCode: 'ABCDE' } });
    expect(says(es)).toContain('addressInvalid');
    expect(d.value).toBe('{"billingAddress":"collecting"}');
    expect(d.ctx.addressDraft?.postalCode).toBeUndefined();
    expect(d.ctx.addressDraft?.city).toBe('Cupertino');
    d.send({ type: 'GIVE_ADDRESS', address: { postalCode: '95014' } });
    expect(d.value).toBe('{"billingAddress":"confirming"}');
    d.send({ type: 'NO' });
    expect(d.value).toBe('{"billingAddress":"collecting"}');
    expect(d.ctx.addressDraft).toEqual({});
  });

  it('serviceAddress: "same as billing" copies the billing address; a different one is collected and confirmed', () => {
    const d = at('serviceAddress');
    d.send({ type: 'SAME_AS_BILLING' });
    expect(d.ctx.answers.serviceAddress).toEqual(CA_ADDRESS);
    expect(d.step).toBe('callingPlan');

    const e = at('serviceAddress');
    e.send({ type: 'GIVE_ADDRESS', address: TX_ADDRESS });
    e.send({ type: 'YES' });
    expect(e.ctx.answers.serviceAddress).toEqual(TX_ADDRESS);
    expect(e.ctx.answers.billingAddress).toEqual(CA_ADDRESS);
    expect(e.step).toBe('callingPlan');
  });

  it('callingPlan: asked for plans with calling, validated (numbers <= licenses, E.164 ports), then the site URL', () => {
    const d = at('callingPlan', { licenses: 5 });
    expect(says(d.send({ type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: 6, port: [] } }))).toEqual(['callingPlanInvalid', 'ask']);
    expect(says(d.send({ type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: 1, port: ['555-1234'] } }))).toEqual(['callingPlanInvalid', 'ask']);
    expect(says(d.send({ type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: -1, port: [] } }))).toEqual(['callingPlanInvalid', 'ask']);
    expect(d.step).toBe('callingPlan');
    expect(d.ctx.answers.callingPlan).toBeUndefined();
    const cp = { newNumbers: 5, area: '415', port: ['+14155550100'] };
    d.send({ type: 'GIVE_CALLING_PLAN', callingPlan: cp });
    expect(d.ctx.answers.callingPlan).toEqual(cp);
    expect(d.step).toBe('siteUrl');
  });

  it('callingPlan: skipped for a plan without calling (Meet), and back from siteUrl skips it too', () => {
    const d = at('serviceAddress', { plan: 'meet' });
    d.send({ type: 'SAME_AS_BILLING' });
    expect(d.step).toBe('siteUrl');
    d.send({ type: 'BACK' });
    expect(d.step).toBe('serviceAddress');
  });

  it('siteUrl: the name derived from the email is checked and offered; yes takes it', () => {
    const d = at('serviceAddress');
    d.send({ type: 'SAME_AS_BILLING' });
    const es2 = d.send({ type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: 0, port: [] } });
    expect(ofType(es2, 'checkSiteUrl')).toEqual([{ type: 'checkSiteUrl', params: { name: 'acme' } }]);
    expect(d.value).toBe('{"siteUrl":"offering"}');
    expect(d.ctx.siteCandidate).toBe('acme');
    d.send({ type: 'YES' });
    expect(d.ctx.answers.siteUrl).toBe('acme');
    expect(d.step).toBe('payment');
  });

  it('siteUrl: a taken derived name is answered with the suggestion, which yes accepts', () => {
    const d = createDriver({ taken: ['acme'] });
    goTo(d, 'callingPlan');
    const es = d.send({ type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: 0, port: [] } });
    expect(es).toContainEqual({ type: 'say', params: { key: 'siteTaken', args: { suggestion: 1, name: 'acme', free: 'acme-2' } } });
    expect(d.value).toBe('{"siteUrl":"offering"}');
    expect(d.ctx.siteCandidate).toBe('acme-2');
    d.send({ type: 'YES' });
    expect(d.ctx.answers.siteUrl).toBe('acme-2');
    expect(d.step).toBe('payment');
  });

  it('siteUrl: no, then a typed name: invalid refused, taken offered its suggestion, a free one chosen at once', () => {
    const d = createDriver({ taken: ['acme-video'] });
    goTo(d, 'siteUrl');
    d.send({ type: 'NO' });
    expect(d.value).toBe('{"siteUrl":"asking"}');
    expect(says(d.send({ type: 'GIVE_SITE_URL', name: 'a_b' }))).toEqual(['siteInvalid', 'ask']);
    expect(says(d.send({ type: 'GIVE_SITE_URL', name: '-ab' }))).toEqual(['siteInvalid', 'ask']);
    d.send({ type: 'GIVE_SITE_URL', name: 'acme-video' });
    expect(d.value).toBe('{"siteUrl":"offering"}');
    expect(d.ctx.siteCandidate).toBe('acme-video-2');
    const es = d.send({ type: 'GIVE_SITE_URL', name: 'acme-meetings' });
    expect(says(es)).toContain('siteChosen');
    expect(d.ctx.answers.siteUrl).toBe('acme-meetings');
    expect(d.step).toBe('payment');
  });

  it('siteUrl: a stale availability answer for another name is ignored', () => {
    const d = at('siteUrl');
    d.answer('checkSiteUrl', () => undefined);
    d.send({ type: 'GIVE_SITE_URL', name: 'acme-one' });
    expect(d.value).toBe('{"siteUrl":"checking"}');
    d.send({ type: 'SITE_URL_CHECKED', name: 'acme', available: true });
    expect(d.value).toBe('{"siteUrl":"checking"}');
    expect(d.ctx.answers.siteUrl).toBeUndefined();
    d.send({ type: 'SITE_URL_CHECKED', name: 'acme-one', available: true });
    expect(d.ctx.answers.siteUrl).toBe('acme-one');
  });

  it('payment: a link for the total (with tax) is created; waiting until the provider confirms', () => {
    const d = at('siteUrl');
    const es = d.send({ type: 'YES' });
    // Suite annual 25 + callback = 780000, CA 7.25% = 56550
    expect(ofType(es, 'createPaymentLink')).toEqual([{ type: 'createPaymentLink',
      params: { amountCents: 836550, currency: 'USD', description: 'Webex Suite (Meet + Call), 25 x annual + Callback' } }]);
    expect(d.value).toBe('{"payment":"waiting"}');
    expect(d.ctx.payment).toMatchObject({ paymentId: 'pay1', status: 'pending' });
    expect(says(d.send({ type: 'YES' }))).toEqual(['paymentWaiting', 'ask']);
    expect(d.step).toBe('payment');
    d.send({ type: 'PAYMENT_SUCCEEDED', paymentId: 'other' });
    expect(d.step).toBe('payment');
    const es2 = d.send({ type: 'PAYMENT_SUCCEEDED', paymentId: 'pay1' });
    expect(says(es2)).toContain('paymentReceived');
    expect(d.ctx.payment?.status).toBe('succeeded');
    expect(d.step).toBe('consent');
  });

  it('payment: failed -> retry creates a new link -> succeeded; the failed link cannot complete it', () => {
    const d = at('payment');
    const es = d.send({ type: 'PAYMENT_FAILED', paymentId: 'pay1', reason: 'declined' });
    expect(says(es)).toEqual(['paymentFailed', 'ask']);
    expect(d.value).toBe('{"payment":"failed"}');
    expect(d.ctx.payment?.status).toBe('failed');
    const es2 = d.send({ type: 'RETRY_PAYMENT' });
    expect(ofType(es2, 'createPaymentLink')).toHaveLength(1);
    expect(d.ctx.payment).toMatchObject({ paymentId: 'pay2', status: 'pending' });
    d.send({ type: 'PAYMENT_SUCCEEDED', paymentId: 'pay1' });
    expect(d.step).toBe('payment');
    d.send({ type: 'PAYMENT_SUCCEEDED', paymentId: 'pay2' });
    expect(d.step).toBe('consent');
  });

  it('payment: yes after a failure also retries', () => {
    const d = at('payment');
    d.send({ type: 'PAYMENT_FAILED', paymentId: 'pay1' });
    d.send({ type: 'YES' });
    expect(d.ctx.payment).toMatchObject({ paymentId: 'pay2', status: 'pending' });
    expect(d.value).toBe('{"payment":"waiting"}');
  });

  it('payment: a failure to create the link says "try later" and yes tries again', () => {
    const d = at('siteUrl');
    d.answer('createPaymentLink', () => ({ type: 'EFFECT_FAILED', effect: 'createPaymentLink', code: 'down' }));
    expect(says(d.send({ type: 'YES' }))).toContain('tryLater');
    expect(d.value).toBe('{"payment":"failed"}');
    d.answer('createPaymentLink', null);
    d.send({ type: 'YES' });
    expect(d.value).toBe('{"payment":"waiting"}');
  });

  it('consent: declined is asked again; accepted records terms, privacy and (calling) emergency policy, time and user', () => {
    const d = at('consent');
    expect(says(d.send({ type: 'NO' }))).toEqual(['consentRequired', 'ask']);
    expect(d.step).toBe('consent');
    expect(d.ctx.consent).toBeUndefined();
    d.advance(MIN);
    const t = d.now;
    d.answer('placeOrder', () => undefined);
    d.send({ type: 'YES' });
    expect(d.ctx.consent).toEqual({
      policies: [{ id: 'terms', version: '2026-01' }, { id: 'privacy', version: '2026-01' }, { id: 'emergency', version: '2025-06' }],
      acceptedAt: t, userId: 'u1',
    });
    expect(d.step).toBe('placing');
  });

  it('consent: without calling (Meet) the emergency calling policy is not part of the record', () => {
    const d = at('consent', { plan: 'meet' });
    d.send({ type: 'YES' });
    expect(d.ctx.consent?.policies.map((p) => p.id)).toEqual(['terms', 'privacy']);
  });

  it('placing: the order is placed once with consent, payment and totals; provisioning starts; complete -> done', () => {
    const d = at('consent');
    const es = d.send({ type: 'YES' });
    const placed = ofType(es, 'placeOrder');
    expect(placed).toHaveLength(1);
    const order = placed[0]!.params.order;
    expect(order).toMatchObject({
      idempotencyKey: 'c1.1', conversationId: 'c1', paymentId: 'pay1', currency: 'USD',
      subtotalCents: 780000, taxCents: 56550, totalCents: 836550,
    });
    expect(order.consent).toEqual(d.ctx.consent);
    expect(order.answers).toMatchObject({ plan: 'suite', renewal: 'annual', licenses: 25, callback: true, siteUrl: 'acme' });
    expect(order.taxExempt).toBeUndefined();
    expect(d.step).toBe('provisioning');
    expect(d.ctx.orderId).toBe('order:c1.1');
    expect(d.ctx.placedAt).toBe(d.now);
    expect(ofType(es, 'startProvisioning')).toEqual([{ type: 'startProvisioning', params: { orderId: 'order:c1.1', siteUrl: 'acme' } }]);
    d.send({ type: 'PROVISIONING_COMPLETE', siteUrl: 'https://acme.webex.com' });
    expect(d.step).toBe('done');
    expect(d.ctx.siteReady).toBe(true);
    expect(d.effects.filter((e) => e.type === 'placeOrder')).toHaveLength(1);
  });

  it('placing: a failed attempt is retried with the same idempotency key; a late duplicate ORDER_PLACED changes nothing', () => {
    const d = at('consent');
    d.answer('placeOrder', () => ({ type: 'EFFECT_FAILED', effect: 'placeOrder', code: 'timeout' }));
    const es = d.send({ type: 'YES' });
    expect(says(es)).toContain('orderFailed');
    expect(d.step).toBe('placing');
    expect(d.ctx.orderId).toBeUndefined();
    // Other commands cannot move the conversation away from a half-placed order.
    for (const ev of [{ type: 'BACK' }, { type: 'RESTART' }, { type: 'CANCEL' }, { type: 'CHANGE', change: { field: 'licenses', value: 30 } }] as const) {
      expect(says(d.send(ev))).toEqual(['locked', 'ask']);
      expect(d.step).toBe('placing');
    }
    d.answer('placeOrder', null);
    const es2 = d.send({ type: 'YES' });
    const orders = d.effects.filter((e): e is Extract<typeof e, { type: 'placeOrder' }> => e.type === 'placeOrder').map((e) => e.params.order);
    expect(orders).toHaveLength(2);
    expect(orders[1]!.idempotencyKey).toBe(orders[0]!.idempotencyKey);
    expect(orders[1]).toEqual(orders[0]);
    expect(ofType(es2, 'startProvisioning')).toHaveLength(1);
    expect(d.step).toBe('provisioning');
    d.send({ type: 'ORDER_PLACED', orderId: 'order:other' });
    expect(d.ctx.orderId).toBe('order:c1.1');
    expect(d.step).toBe('provisioning');
  });

  it('provisioning and done: locked against changes; done offers only a new purchase', () => {
    const d = at('provisioning');
    expect(says(d.send({ type: 'CHANGE', change: { field: 'plan', value: 'meet' } }))).toEqual(['locked', 'ask']);
    expect(d.ctx.answers.plan).toBe('suite');
    d.send({ type: 'PROVISIONING_COMPLETE' });
    expect(says(d.send({ type: 'CHANGE', change: { field: 'licenses', value: 3 } }))).toEqual(['orderPlacedAlready', 'ask']);
    expect(says(d.send({ type: 'BACK' }))).toEqual(['ask']);
    expect(says(d.send({ type: 'CANCEL' }))).toEqual(['ask']);
    expect(d.step).toBe('done');
    d.send({ type: 'RESTART' });
    expect(d.step).toBe('plan');
    expect(d.ctx.purchase).toBe(2);
    expect(d.ctx.answers).toEqual({});
  });

  it('a second purchase after start-over gets a new idempotency key', () => {
    const d = at('done');
    d.send({ type: 'RESTART' });
    goTo(d, 'provisioning');
    const keys = d.effects.filter((e): e is Extract<typeof e, { type: 'placeOrder' }> => e.type === 'placeOrder').map((e) => e.params.order.idempotencyKey);
    expect(keys).toEqual(['c1.1', 'c1.2']);
  });
});

describe('global commands at every step', () => {
  it.each(ASKING_STEPS)('HELP at %s: help and the question again, nothing else changes', (step) => {
    const d = at(step);
    const before = d.snap;
    expect(says(d.send({ type: 'HELP' }))).toEqual(['help', 'ask']);
    expect(d.value).toBe(JSON.stringify(before.value));
    expect(d.ctx).toEqual(before.context);
  });

  it.each(ASKING_STEPS)('SHOW_CART at %s: the cart, then the question again', (step) => {
    const d = at(step);
    const before = d.value;
    expect(says(d.send({ type: 'SHOW_CART' }))).toEqual(['cart', 'ask']);
    expect(d.value).toBe(before);
  });

  it.each(ASKING_STEPS)('SET_LOCALE at %s: switches the language and asks again', (step) => {
    const d = at(step);
    const before = d.value;
    expect(says(d.send({ type: 'SET_LOCALE', locale: 'ru' }))).toEqual(['localeChanged', 'ask']);
    expect(d.ctx.locale).toBe('ru');
    expect(d.value).toBe(before);
    d.send({ type: 'SET_LOCALE', locale: 'en' });
    expect(d.ctx.locale).toBe('en');
  });

  it.each(ASKING_STEPS)('CARD_NUMBER at %s: a warning, the question again, nothing recorded', (step) => {
    const d = at(step);
    const before = d.snap;
    expect(says(d.send({ type: 'CARD_NUMBER' }))).toEqual(['cardNumber', 'ask']);
    expect(d.ctx).toEqual(before.context);
  });

  it.each(ASKING_STEPS)('NOT_UNDERSTOOD twice at %s: first "not understood", then examples', (step) => {
    const d = at(step);
    expect(says(d.send({ type: 'NOT_UNDERSTOOD' }))).toEqual(['notUnderstood', 'ask']);
    expect(says(d.send({ type: 'NOT_UNDERSTOOD' }))).toEqual(['examples', 'ask']);
    expect(d.ctx.misses).toBe(2);
    expect(d.step).toBe(step);
  });

  it('NOT_UNDERSTOOD: the count restarts at a new step', () => {
    const d = at('plan');
    d.send({ type: 'NOT_UNDERSTOOD' });
    d.send({ type: 'CHOOSE_PLAN', plan: 'meet' });
    expect(d.ctx.misses).toBe(0);
    expect(says(d.send({ type: 'NOT_UNDERSTOOD' }))).toEqual(['notUnderstood', 'ask']);
  });

  it('NOT_UNDERSTOOD: examples come after two misses in a row, not after an understood input in between', () => {
    const d = at('licenses');
    d.send({ type: 'NOT_UNDERSTOOD' });
    d.send({ type: 'SET_LICENSES', count: 0 }); // understood (and refused)
    expect(says(d.send({ type: 'NOT_UNDERSTOOD' }))).toEqual(['notUnderstood', 'ask']);
  });

  /** Before the payment succeeds; after it, cancel and start-over are refused (tested below). */
  const UNPAID_STEPS = ASKING_STEPS.filter((s) => s !== 'consent');

  it.each(UNPAID_STEPS)('CANCEL at %s, then RESUME: back at the same step with the draft kept', (step) => {
    const d = at(step);
    const answers = d.ctx.answers;
    d.send({ type: 'CANCEL' });
    expect(d.step).toBe('cancelled');
    expect(d.value).toBe('"cancelled"');
    expect(d.ctx.resumeStep).toBe(step);
    expect(d.ctx.answers).toEqual(answers);
    d.send({ type: 'RESUME' });
    expect(d.step).toBe(step);
    expect(d.ctx.answers).toEqual(answers);
  });

  it('CANCEL after payment is refused (the order is paid); RESUME when not cancelled says there is nothing to resume', () => {
    const d = at('consent');
    expect(says(d.send({ type: 'CANCEL' }))).toEqual(['locked', 'ask']);
    expect(d.step).toBe('consent');
    expect(says(d.send({ type: 'RESUME' }))).toEqual(['nothingToResume', 'ask']);
    expect(says(d.send({ type: 'RESTART' }))).toEqual(['locked', 'ask']);
    expect(d.step).toBe('consent');
  });

  it('cancelled: resuming at verify mails a fresh code', () => {
    const d = at('verify');
    d.send({ type: 'CANCEL' });
    const es = d.send({ type: 'RESUME' });
    expect(d.step).toBe('verify');
    expect(ofType(es, 'sendCode')).toHaveLength(1);
  });

  it.each(UNPAID_STEPS.filter((s) => s !== 'plan'))('RESTART at %s: a fresh draft at plan, a new purchase number', (step) => {
    const d = at(step);
    const es = d.send({ type: 'RESTART' });
    expect(says(es)).toEqual(['restarted', 'ask']);
    expect(d.step).toBe('plan');
    expect(d.ctx.answers).toEqual({});
    expect(d.ctx).toMatchObject({ cartConfirmed: false, purchase: 2, account: undefined, verifiedEmail: undefined, payment: undefined });
  });

  const backs: [(typeof ASKING_STEPS)[number], string][] = [
    ['renewal', 'plan'], ['licenses', 'renewal'], ['callback', 'licenses'], ['cart', 'callback'], ['email', 'cart'], ['verify', 'email'],
    ['billingAddress', 'cart'], ['serviceAddress', 'billingAddress'], ['callingPlan', 'serviceAddress'], ['siteUrl', 'callingPlan'],
    ['payment', 'siteUrl'],
  ];
  it.each(backs)('BACK at %s goes to %s', (from, to) => {
    const d = at(from);
    d.send({ type: 'BACK' });
    expect(d.step).toBe(to);
  });

  it.each(['plan', 'consent'] as const)('BACK at %s cannot go back', (step) => {
    const d = at(step);
    expect(says(d.send({ type: 'BACK' }))).toEqual(['cannotGoBack', 'ask']);
    expect(d.step).toBe(step);
  });

  it('BACK keeps the answers: back at renewal then continuing skips nothing', () => {
    const d = at('cart');
    d.send({ type: 'BACK' });
    d.send({ type: 'BACK' });
    expect(d.step).toBe('licenses');
    expect(d.ctx.answers).toMatchObject({ plan: 'suite', renewal: 'annual', licenses: 25, callback: true });
    d.send({ type: 'SET_LICENSES', count: 30 });
    expect(d.ctx.answers.licenses).toBe(30);
  });
});

describe('changing an earlier answer (CHANGE)', () => {
  it('"make it 30 licenses" at the cart: recorded, cart re-confirmation needed, still at cart and asked', () => {
    const d = at('cart');
    const es = d.send({ type: 'CHANGE', change: { field: 'licenses', value: 30 } });
    expect(es).toContainEqual({ type: 'say', params: { key: 'changed', args: { field: 'licenses' } } });
    expect(says(es)).toContain('ask');
    expect(d.ctx.answers.licenses).toBe(30);
    expect(d.step).toBe('cart');
  });

  it('switch to monthly from the billing address: back to the cart to confirm the new price', () => {
    const d = at('billingAddress');
    expect(d.ctx.cartConfirmed).toBe(true);
    d.send({ type: 'CHANGE', change: { field: 'renewal', value: 'monthly' } });
    expect(d.ctx.answers.renewal).toBe('monthly');
    expect(d.ctx.cartConfirmed).toBe(false);
    expect(d.step).toBe('cart');
    d.send({ type: 'CHECKOUT' });
    // email and verification are kept: straight on to the billing address
    expect(d.step).toBe('billingAddress');
  });

  it('a price change after the payment link voids the link and the consent', () => {
    const d = at('payment');
    d.send({ type: 'CHANGE', change: { field: 'callback', value: false } });
    expect(d.ctx.payment).toBeUndefined();
    expect(d.ctx.answers.callback).toBe(false);
    expect(d.step).toBe('cart');
    d.send({ type: 'CHECKOUT' });
    expect(d.step).toBe('payment');
    const link = ofType(d.effects, 'createPaymentLink').at(-1)!;
    // Suite annual 25 without callback: 675000 + 7.25% (48937.5 -> 48938)
    expect(link.params.amountCents).toBe(723938);
  });

  it('changing the plan to Meet drops the calling plan and skips that step', () => {
    const d = at('siteUrl');
    expect(d.ctx.answers.callingPlan).toBeDefined();
    d.send({ type: 'CHANGE', change: { field: 'plan', value: 'meet' } });
    expect(d.ctx.answers.callingPlan).toBeUndefined();
    expect(d.step).toBe('cart');
    d.send({ type: 'CHECKOUT' });
    expect(d.step).toBe('siteUrl');
  });

  it('fewer licenses than new numbers drops the calling plan', () => {
    const d = at('siteUrl', { licenses: 5 });
    expect(d.ctx.answers.callingPlan?.newNumbers).toBe(2);
    d.send({ type: 'CHANGE', change: { field: 'licenses', value: 1 } });
    expect(d.ctx.answers.callingPlan).toBeUndefined();
    d.send({ type: 'CHECKOUT' });
    expect(d.step).toBe('callingPlan');
  });

  it('re-entering the email: asked again, verification needed again', () => {
    const d = at('serviceAddress');
    d.send({ type: 'CHANGE', change: { field: 'email' } });
    expect(d.step).toBe('email');
    expect(d.ctx.answers.email).toBeUndefined();
    expect(d.ctx.verifiedEmail).toBeUndefined();
    d.send({ type: 'GIVE_EMAIL', email: 'jane@acme.com' });
    expect(d.step).toBe('verify');
  });

  it('changing the site URL from payment asks for it again', () => {
    const d = at('payment');
    d.send({ type: 'CHANGE', change: { field: 'siteUrl' } });
    expect(d.ctx.answers.siteUrl).toBeUndefined();
    expect(d.step).toBe('siteUrl');
  });

  it('0 licenses via CHANGE is too few; more than sold online offers sales; Enterprise offers sales', () => {
    const d = at('cart');
    expect(says(d.send({ type: 'CHANGE', change: { field: 'licenses', value: 0 } }))).toEqual(['licensesTooFew', 'ask']);
    expect(d.ctx.answers.licenses).toBe(25);
    d.send({ type: 'CHANGE', change: { field: 'licenses', value: 101 } });
    expect(d.ctx.pending).toEqual({ type: 'START_HANDOFF', reason: 'largeOrder' });
    expect(d.ctx.requestedLicenses).toBe(101);
    expect(d.ctx.answers.licenses).toBe(25);
    d.send({ type: 'REJECT_PENDING' });
    expect(d.ctx.pending).toBeUndefined();
    d.send({ type: 'CHANGE', change: { field: 'plan', value: 'enterprise' } });
    expect(d.ctx.pending).toEqual({ type: 'START_HANDOFF', reason: 'enterprise' });
    expect(d.ctx.answers.plan).toBe('suite');
    d.send({ type: 'CONFIRM_PENDING' });
    expect(d.step).toBe('handoff');
    expect(d.ctx.handoff).toMatchObject({ reason: 'enterprise', returnTo: 'cart' });
  });

  it('CHANGE with the plan\'s own (smaller) online limit offers sales', () => {
    const small = machineWith((dd) => ({ ...dd, catalog: { ...dd.catalog, plans: dd.catalog.plans.map((p) => (p.id === 'meet' ? { ...p, maxOnline: 50 } : p)) } }));
    const d = createDriver({ machine: small });
    goTo(d, 'cart', { plan: 'meet', licenses: 10 });
    d.send({ type: 'CHANGE', change: { field: 'licenses', value: 60 } });
    expect(d.ctx.answers.licenses).toBe(10);
    expect(d.ctx.pending).toEqual({ type: 'START_HANDOFF', reason: 'largeOrder' });
  });
});

describe('business rules', () => {
  it('Enterprise at plan offers sales; yes hands off with reason enterprise; no stays at plan', () => {
    const d = createDriver();
    const es = d.send({ type: 'CHOOSE_PLAN', plan: 'enterprise' });
    expect(es).toContainEqual({ type: 'say', params: { key: 'confirmHandoff', args: { reason: 'enterprise' } } });
    expect(d.step).toBe('plan');
    expect(d.ctx.answers.plan).toBeUndefined();
    d.send({ type: 'REJECT_PENDING' });
    expect(d.step).toBe('plan');
    d.send({ type: 'CHOOSE_PLAN', plan: 'enterprise' });
    const es2 = d.send({ type: 'CONFIRM_PENDING' });
    expect(d.step).toBe('handoff');
    expect(d.ctx.handoff).toMatchObject({ reason: 'enterprise', returnTo: 'plan', status: 'queued' });
    expect(ofType(es2, 'requestHandoff')).toEqual([{ type: 'requestHandoff', params: { reason: 'enterprise' } }]);
  });

  it('German billing address with annual renewal: told at the address, offered monthly; yes switches and goes on', () => {
    const d = at('billingAddress');
    d.send({ type: 'GIVE_ADDRESS', address: DE_ADDRESS });
    expect(d.value).toBe('{"billingAddress":"confirming"}');
    const es = d.send({ type: 'YES' });
    expect(says(es)).toEqual(['ask']); // the question names the country and why; no notice repeats it
    expect(d.value).toBe('{"billingAddress":"annualNotSold"}');
    expect(d.ctx.answers.renewal).toBe('annual');
    expect(d.ctx.answers.billingAddress).toBeUndefined();
    const es2 = d.send({ type: 'YES' });
    expect(says(es2)).toContain('switchedToMonthly');
    expect(d.ctx.answers.renewal).toBe('monthly');
    expect(d.ctx.answers.billingAddress).toEqual(DE_ADDRESS);
    expect(d.step).toBe('serviceAddress');
  });

  it('German billing address: no to monthly asks for the address again, nothing committed', () => {
    const d = at('billingAddress');
    d.send({ type: 'GIVE_ADDRESS', address: DE_ADDRESS });
    d.send({ type: 'YES' });
    d.send({ type: 'NO' });
    expect(d.value).toBe('{"billingAddress":"collecting"}');
    expect(d.ctx.answers).toMatchObject({ renewal: 'annual' });
    expect(d.ctx.answers.billingAddress).toBeUndefined();
  });

  it('German billing address with monthly renewal is accepted as is', () => {
    const d = at('billingAddress', { renewal: 'monthly' });
    d.send({ type: 'GIVE_ADDRESS', address: DE_ADDRESS });
    d.send({ type: 'YES' });
    expect(d.ctx.answers.billingAddress).toEqual(DE_ADDRESS);
    expect(d.step).toBe('serviceAddress');
  });

  it('with a German billing address, a change to annual is refused (CHANGE and at the renewal step)', () => {
    const d = at('billingAddress', { renewal: 'monthly', billing: DE_ADDRESS });
    goTo(d, 'siteUrl', { renewal: 'monthly', billing: DE_ADDRESS });
    expect(says(d.send({ type: 'CHANGE', change: { field: 'renewal', value: 'annual' } }))).toEqual(['annualNotSold', 'ask']);
    expect(d.ctx.answers.renewal).toBe('monthly');
    expect(d.step).toBe('siteUrl');
    d.send({ type: 'CANCEL' }); d.send({ type: 'RESUME' });
    // at the renewal step itself
    const e = at('siteUrl', { renewal: 'monthly', billing: DE_ADDRESS });
    e.send({ type: 'BACK' }); e.send({ type: 'BACK' }); e.send({ type: 'BACK' }); e.send({ type: 'BACK' });
    e.send({ type: 'BACK' }); e.send({ type: 'BACK' }); e.send({ type: 'BACK' });
    expect(e.step).toBe('renewal');
    expect(says(e.send({ type: 'CHOOSE_RENEWAL', renewal: 'annual' }))).toEqual(['annualNotSold', 'ask']);
    expect(e.ctx.answers.renewal).toBe('monthly');
    e.send({ type: 'CHOOSE_RENEWAL', renewal: 'monthly' });
    expect(e.step).not.toBe('renewal');
  });
});

describe('asking for a person and tax exemption', () => {
  it('HUMAN: confirmed first; yes hands off (queued, timer), no stays', () => {
    const d = at('licenses');
    const es = d.send({ type: 'HUMAN' });
    expect(es).toContainEqual({ type: 'say', params: { key: 'confirmHandoff', args: { reason: 'human' } } });
    expect(d.step).toBe('licenses');
    expect(ofType(es, 'requestHandoff')).toHaveLength(0);
    expect(says(d.send({ type: 'REJECT_PENDING' }))).toEqual(['proposalRejected', 'ask']);
    expect(d.step).toBe('licenses');
    expect(d.ctx.pending).toBeUndefined();
    d.send({ type: 'HUMAN' });
    const es2 = d.send({ type: 'CONFIRM_PENDING' });
    expect(d.step).toBe('handoff');
    expect(d.value).toBe('{"handoff":"queued"}');
    expect(ofType(es2, 'requestHandoff')).toEqual([{ type: 'requestHandoff', params: { reason: 'human' } }]);
    expect(ofType(es2, 'scheduleTimer')).toEqual([{ type: 'scheduleTimer', params: { name: 'claim', delayMs: 600_000 } }]);
    expect(says(es2)).toContain('handoffQueued');
    expect(d.ctx.handoff).toEqual({ reason: 'human', returnTo: 'licenses', status: 'queued', caseId: 'case1', position: 1 });
    expect(d.ctx.pending).toBeUndefined();
  });

  it.each(['plan', 'licenses', 'cart', 'verify', 'billingAddress', 'payment'] as const)(
    'TAX_EXEMPT at %s: confirmed, then handed off with reason taxExempt and the step to return to', (step) => {
      const d = at(step);
      const es = d.send({ type: 'TAX_EXEMPT' });
      expect(es).toContainEqual({ type: 'say', params: { key: 'confirmHandoff', args: { reason: 'taxExempt' } } });
      expect(d.step).toBe(step);
      expect(d.ctx.pending).toEqual({ type: 'START_HANDOFF', reason: 'taxExempt' });
      const es2 = d.send({ type: 'CONFIRM_PENDING' });
      expect(d.step).toBe('handoff');
      expect(d.ctx.handoff).toMatchObject({ reason: 'taxExempt', returnTo: step });
      expect(ofType(es2, 'requestHandoff')).toEqual([{ type: 'requestHandoff', params: { reason: 'taxExempt' } }]);
    });

  it('CONFIRM_PENDING without a proposal just asks again', () => {
    const d = at('cart');
    expect(says(d.send({ type: 'CONFIRM_PENDING' }))).toEqual(['ask']);
    expect(d.step).toBe('cart');
  });

  it('PROPOSE: an unsure reading is confirmed before it applies', () => {
    const d = at('licenses');
    expect(says(d.send({ type: 'PROPOSE', proposal: { type: 'SET_LICENSES', count: 12 } }))).toEqual(['confirmProposal']);
    expect(d.ctx.answers.licenses).toBeUndefined();
    d.send({ type: 'CONFIRM_PENDING' });
    expect(d.ctx.answers.licenses).toBe(12);
    expect(d.step).toBe('callback');
    expect(d.ctx.pending).toBeUndefined();
  });

  it('a yes with more answers takes the proposal and then the answers; answers to the proposal itself replace it', () => {
    const d = at('plan');
    d.send({ type: 'PROPOSE', proposal: { type: 'CHOOSE_PLAN', plan: 'suite' } });
    d.send({ type: 'CONFIRM_PENDING', more: { answers: { renewal: 'annual' } } });
    expect(d.ctx.answers).toMatchObject({ plan: 'suite', renewal: 'annual' });
    expect(d.step).toBe('licenses');
    d.send({ type: 'PROPOSE', proposal: { type: 'SET_LICENSES', count: 20 } });
    d.send({ type: 'CONFIRM_PENDING', more: { answers: { licenses: 30 } } });
    expect(d.ctx.answers.licenses).toBe(30);
    expect(d.ctx.pending).toBeUndefined();
  });

  it('"yes but make it 30" to the offer of sales after 150 licences changes the count and starts no handoff', () => {
    const d = at('licenses');
    d.send({ type: 'SET_LICENSES', count: 150 });
    expect(d.ctx.pending?.type).toBe('START_HANDOFF');
    d.send({ type: 'CONFIRM_PENDING', more: { answers: { licenses: 30 } } });
    expect(d.step).not.toBe('handoff');
    expect(d.ctx.answers.licenses).toBe(30);
  });

  it('a proposal the user answers past is dropped: a later yes is not taken as its confirmation', () => {
    const d = at('licenses');
    d.send({ type: 'HUMAN' });
    d.send({ type: 'SET_LICENSES', count: 25 }); // answered the question instead
    expect(d.step).toBe('callback');
    // While a proposal is pending the understanding turns "yes" into CONFIRM_PENDING (dialogs/understanding/understand.ts),
    // so a stale one would hand "yes, add Callback" over to sales.
    expect(d.ctx.pending).toBeUndefined();
    d.send({ type: 'CONFIRM_PENDING' });
    expect(d.step).toBe('callback');
  });
});

describe('the handoff', () => {
  function inHandoff(step: (typeof STEPS)[number] = 'cart', reason: 'HUMAN' | 'TAX_EXEMPT' = 'HUMAN') {
    const d = at(step);
    d.send({ type: reason });
    d.send({ type: 'CONFIRM_PENDING' });
    expect(d.step).toBe('handoff');
    return d;
  }

  it('queued -> agent joined -> messages relayed both ways, the bot says nothing of its own', () => {
    const d = inHandoff();
    const es = d.send({ type: 'AGENT_JOINED', agentName: 'Sam' });
    expect(d.value).toBe('{"handoff":"claimed"}');
    expect(es).toContainEqual({ type: 'say', params: { key: 'agentJoined', args: { agent: 'Sam' } } });
    expect(ofType(es, 'cancelTimer')).toEqual([{ type: 'cancelTimer', params: { name: 'claim' } }]);
    expect(d.ctx.handoff).toMatchObject({ status: 'claimed', agentName: 'Sam' });
    expect(d.send({ type: 'AGENT_MESSAGE', agentName: 'Sam', text: 'Hi, I can help' }))
      .toEqual([{ type: 'say', params: { key: 'agentMessage', args: { text: 'Hi, I can help', agent: 'Sam' } } }]);
    expect(d.send({ type: 'RELAY', text: 'we are a school' })).toEqual([{ type: 'relayToAgent', params: { text: 'we are a school' } }]);
    for (const ev of [{ type: 'HELP' }, { type: 'BACK' }, { type: 'NOT_UNDERSTOOD' }, { type: 'YES' }, { type: 'SHOW_CART' }, { type: 'HUMAN' }] as const) {
      expect(d.send(ev)).toEqual([]);
    }
    expect(d.value).toBe('{"handoff":"claimed"}');
  });

  it('resumed with tax exemption: back at the step it left, and the order carries no tax', () => {
    const d = inHandoff('billingAddress', 'TAX_EXEMPT');
    d.send({ type: 'AGENT_JOINED', agentName: 'Sam' });
    const exempt = { certificate: 'EX-123', approvedBy: 'Sam' };
    const es = d.send({ type: 'AGENT_RESUMED', taxExempt: exempt });
    expect(says(es)).toContain('taxExemptApproved'); // the user is told the exemption was approved
    expect(ofType(es, 'cancelTimer')).toHaveLength(1);
    expect(d.step).toBe('billingAddress');
    expect(d.ctx.handoff).toBeUndefined();
    expect(d.ctx.taxExempt).toEqual(exempt);
    goTo(d, 'provisioning');
    const link = ofType(d.effects, 'createPaymentLink').at(-1)!;
    expect(link.params.amountCents).toBe(780000);
    const order = ofType(d.effects, 'placeOrder').at(-1)!.params.order as OrderDraft;
    expect(order).toMatchObject({ subtotalCents: 780000, taxCents: 0, totalCents: 780000, taxExempt: exempt });
    expect(order.answers.billingAddress).toEqual(CA_ADDRESS);
  });

  it('an exemption granted after the payment never makes the order disagree with the amount paid', () => {
    const d = at('consent');
    const paid = ofType(d.effects, 'createPaymentLink').at(-1)!.params.amountCents;
    expect(paid).toBe(836550);
    d.send({ type: 'TAX_EXEMPT' });
    d.send({ type: 'CONFIRM_PENDING' });
    d.send({ type: 'AGENT_RESUMED', taxExempt: { certificate: 'EX-1', approvedBy: 'Sam' } });
    goTo(d, 'provisioning');
    const order = ofType(d.effects, 'placeOrder').at(-1)!.params.order;
    expect(order.paymentId).toBe('pay1');
    expect(order.totalCents).toBe(paid);
  });

  it('resumed without exemption: tax is charged as usual', () => {
    const d = inHandoff('billingAddress', 'TAX_EXEMPT');
    d.send({ type: 'AGENT_RESUMED' });
    expect(d.ctx.taxExempt).toBeUndefined();
    goTo(d, 'provisioning');
    expect(ofType(d.effects, 'placeOrder').at(-1)!.params.order.taxCents).toBe(56550);
  });

  it('closed by the agent: cancelled, the draft kept, resumable at the step it left', () => {
    const d = inHandoff('callback');
    const es = d.send({ type: 'AGENT_CLOSED', agentName: 'Sam' });
    expect(says(es)).toContain('closedBySales');
    expect(d.step).toBe('cancelled');
    expect(d.ctx.closedBySales).toBe(true);
    expect(d.ctx.handoff).toBeUndefined();
    expect(d.ctx.answers.licenses).toBe(25);
    d.send({ type: 'RESUME' });
    expect(d.step).toBe('callback');
    expect(d.ctx.closedBySales).toBeUndefined();
  });

  it('the user leaves the handoff (LEAVE_HANDOFF): back at the step it left, the handoff ended', () => {
    const d = inHandoff('serviceAddress');
    d.send({ type: 'AGENT_JOINED', agentName: 'Sam' });
    const es = d.send({ type: 'LEAVE_HANDOFF' });
    expect(ofType(es, 'endHandoff')).toEqual([{ type: 'endHandoff', params: { why: 'userLeft', caseId: 'case1' } }]);
    expect(ofType(es, 'cancelTimer')).toHaveLength(1);
    expect(d.step).toBe('serviceAddress');
    expect(d.ctx.handoff).toBeUndefined();
    expect(d.ctx.answers.billingAddress).toEqual(CA_ADDRESS);
  });

  it('cancel during the handoff ends it and keeps the draft', () => {
    const d = inHandoff('cart');
    const es = d.send({ type: 'CANCEL' });
    expect(ofType(es, 'endHandoff')).toEqual([{ type: 'endHandoff', params: { why: 'userCancelled', caseId: 'case1' } }]);
    expect(d.step).toBe('cancelled');
    d.send({ type: 'RESUME' });
    expect(d.step).toBe('cart');
  });

  it('nobody claims in time: a callback is offered; a contact is left and the case stays queued', () => {
    const d = inHandoff();
    d.send({ type: 'TIMER_FIRED', name: 'other' });
    expect(d.value).toBe('{"handoff":"queued"}');
    expect(says(d.send({ type: 'TIMER_FIRED', name: 'claim' }))).toContain('noAgentYet');
    expect(d.value).toBe('{"handoff":"callbackOffered"}');
    expect(d.ctx.handoff?.status).toBe('callbackOffered');
    const es = d.send({ type: 'CALLBACK_CONTACT', contact: '+14155550100' });
    expect(ofType(es, 'leaveCallbackContact')).toEqual([{ type: 'leaveCallbackContact', params: { contact: '+14155550100' } }]);
    expect(d.ctx.handoff?.contact).toBe('+14155550100');
    expect(d.value).toBe('{"handoff":"queued"}');
  });

  it('keep waiting re-arms the claim timer; an agent releasing the case re-queues it', () => {
    const d = inHandoff();
    d.send({ type: 'TIMER_FIRED', name: 'claim' });
    const es = d.send({ type: 'KEEP_WAITING' });
    expect(ofType(es, 'scheduleTimer')).toEqual([{ type: 'scheduleTimer', params: { name: 'claim', delayMs: 600_000 } }]);
    d.send({ type: 'AGENT_JOINED', agentName: 'Sam' });
    const es2 = d.send({ type: 'AGENT_RELEASED' });
    expect(says(es2)).toContain('agentReleased');
    expect(ofType(es2, 'scheduleTimer')).toHaveLength(1);
    expect(d.value).toBe('{"handoff":"queued"}');
  });
});

describe('restoring a persisted snapshot', () => {
  function restore(d: Driver): Driver {
    const json = JSON.parse(JSON.stringify(machine.getPersistedSnapshot(d.snap)));
    const snapshot = createActor(machine, { snapshot: json, input: { conversationId: 'c1', userId: 'u1', locale: 'en' } }).getSnapshot() as Snap;
    return createDriver({ snapshot, now: d.now });
  }

  it('mid-verification: the same code still works and the flow continues', () => {
    const d = at('verify');
    const code = d.code;
    const r = restore(d);
    expect(r.value).toBe('"verify"');
    expect(r.ctx).toEqual(d.ctx);
    r.send({ type: 'GIVE_CODE', codeHash: code });
    expect(r.step).toBe('billingAddress');
  });

  it('mid-address (confirming) and mid-payment continue', () => {
    const d = at('billingAddress');
    d.send({ type: 'GIVE_ADDRESS', address: CA_ADDRESS });
    const r = restore(d);
    expect(r.value).toBe('{"billingAddress":"confirming"}');
    r.send({ type: 'YES' });
    expect(r.ctx.answers.billingAddress).toEqual(CA_ADDRESS);
    expect(r.step).toBe('serviceAddress');

    const p = restore(at('payment'));
    expect(p.value).toBe('{"payment":"waiting"}');
    p.send({ type: 'PAYMENT_SUCCEEDED', paymentId: 'pay1' });
    expect(p.step).toBe('consent');
    goTo(p, 'done');
  });

  it('in a claimed handoff, then back to the step it left', () => {
    const d = at('cart');
    d.send({ type: 'HUMAN' });
    d.send({ type: 'CONFIRM_PENDING' });
    d.send({ type: 'AGENT_JOINED', agentName: 'Sam' });
    const r = restore(d);
    expect(r.value).toBe('{"handoff":"claimed"}');
    r.send({ type: 'AGENT_RESUMED' });
    expect(r.step).toBe('cart');
    r.send({ type: 'CHECKOUT' });
    expect(r.step).toBe('email');
  });

  it('a cancelled conversation resumes after a restore', () => {
    const d = at('siteUrl');
    d.send({ type: 'CANCEL' });
    const r = restore(d);
    r.send({ type: 'RESUME' });
    expect(r.step).toBe('siteUrl');
    expect(ofType(r.effects, 'checkSiteUrl')).toHaveLength(1);
  });
});

describe('the step in context always names the state', () => {
  it('at every step of a full purchase, context.step matches the top-level state value', () => {
    const d = createDriver();
    const seen: string[] = [];
    for (const step of ['renewal', 'licenses', 'callback', 'cart', 'email', 'verify', 'billingAddress', 'serviceAddress', 'callingPlan', 'siteUrl', 'payment', 'consent', 'placing', 'provisioning', 'done'] as const) {
      d.answer('placeOrder', step === 'placing' ? () => undefined : null);
      goTo(d, step);
      const top = typeof d.snap.value === 'string' ? d.snap.value : Object.keys(d.snap.value)[0];
      expect(top).toBe(d.step);
      seen.push(d.step);
    }
    expect(new Set(seen).size).toBe(15);
  });
});
