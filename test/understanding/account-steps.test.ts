import { describe, expect, it } from 'vitest';
import { messageParts } from '../../src/dialogs/understanding/own-and-rest.js';
import { NO, NU, YES, calling, change, ev, propose, text, type Row } from './helpers.js';

const site = (name: string) => ({ type: 'GIVE_SITE_URL' as const, name });
const email = (e: string) => ({ type: 'GIVE_EMAIL' as const, email: e });
const code = (c: string) => ({ type: 'GIVE_CODE' as const, codeHash: `hash:${c}` });

/** The account steps read alone: [where, what the person typed, the one event it must become]. */
const ROWS: Row[] = [
  // email: spoken or spaced addresses, an address said to be wrong
  ['email', 'tom at globex dot example', email('tom@globex.example')],
  ['email', 'tom.b @ globex.example', email('tom.b@globex.example')],
  ['email', 'it is ann@initech.example, not ann@initech.exampel', email('ann@initech.example')],
  // verify: codes in words, asking for another, questions about the code, a new address
  ['verify', 'one two three four five six', code('123456')],
  ['verify', 'that one expired', ev('RESEND_CODE')],
  ['verify', 'nothing arrived, again please', ev('RESEND_CODE')],
  ['verify', 'where do i find the code', ev('HELP')],
  ['verify', 'please use pat@initech.example instead', email('pat@initech.example')],
  // siteUrl: lead-ins, corrections, guesses, a no with nothing else
  ['siteUrl.offering', 'nah, globex-eu', site('globex-eu')],
  ['siteUrl.offering', "i'd rather use globex-na", site('globex-na')],
  ['siteUrl.offering', 'fine... actually no, globex-apac', site('globex-apac')],
  ['siteUrl.offering', 'perhaps globexhq?', propose(site('globexhq'))],
  ['siteUrl.offering', 'a different name please', NO],
  ['siteUrl.offering', 'keep it', YES],
  // callingPlan: kinds of number, self-corrections, areas before "area", vague counts, either area
  ['callingPlan', 'a vanity 888 number would be nice', NU],
  ['callingPlan', '4 new numbers, actually none', propose(calling(0, []))],
  ['callingPlan', '3 new numbers, dallas area', calling(3, [], 'Dallas')],
  ['callingPlan', '3 new numbers 214 area', calling(3, [], '214')],
  ['callingPlan', '2 new in 415 eventually', calling(2, [], '415')],
  ['callingPlan', 'we won\'t need any new numbers', calling(0, [])],
  ['callingPlan', 'some new numbers', change({ field: 'callingPlan' })],
  ['callingPlan', 'whats an area code', ev('HELP')],
  ['callingPlan', '4 new numbers in 214 or 469', propose(calling(4, [], '214'))],
  // payment and consent
  ['payment', "the link won't load, resend it", ev('RETRY_PAYMENT')],
  ['payment.failed', 'ok go for it', YES],
  ['consent', 'show me the terms of use', ev('HELP')],
  ['consent', 'ok whatever', YES],
];

describe('account steps, read alone', () => {
  it.each(ROWS)('%s: %j', (spec, input, event) => {
    expect(text(spec, input).event).toEqual(event);
  });
});

describe('the step\'s answer and the rest of the message', () => {
  it('splits at commas, semicolons, spaced dashes, sentence ends and joining words', () => {
    expect(messageParts('ok 123456 - and make it monthly; site foo-bar. thanks')).toEqual(['123456', 'make it monthly', 'site foo-bar']);
    expect(messageParts('is it free? we need 3')).toEqual(['is it free?', 'we need 3']);
  });

  it('gives a code with order answers at verify', () => {
    expect(text('verify', '482910, and 12 licences please').event).toEqual({ type: 'GIVE_ANSWERS', answers: { licenses: 12 }, early: { codeHash: 'hash:482910' } });
  });

  it('gives a site name with a plan change and with numbers to port at siteUrl', () => {
    expect(text('siteUrl', 'globex-labs, plus go monthly').event).toEqual({ type: 'GIVE_ANSWERS', answers: { renewal: 'monthly' }, early: { siteUrl: 'globex-labs' } });
    expect(text('siteUrl', 'globex-labs, and port +1 415 555 0100').event)
      .toEqual({ type: 'GIVE_ANSWERS', answers: {}, early: { siteUrl: 'globex-labs', callingPlan: { newNumbers: 0, port: ['+14155550100'] } } });
  });

  it('never reads a count of new numbers as licences, and keeps a site named alongside', () => {
    expect(text('callingPlan', '2 new in 415, site globex-sf, annual').event)
      .toEqual({ type: 'GIVE_ANSWERS', answers: { renewal: 'annual' }, early: { siteUrl: 'globex-sf', callingPlan: { newNumbers: 2, area: '415', port: [] } } });
  });

  it('answers a help-page question asked with the answer', () => {
    const e = text('callingPlan', 'port +1 415 555 0100; how long does porting take?').event;
    expect(e).toMatchObject({ type: 'GIVE_ANSWERS', question: 'porting', early: { callingPlan: { newNumbers: 0, port: ['+14155550100'] } } });
  });

  it('reads an address after an email as no calling plan', () => {
    const e = text('email', 'ann@initech.example - billing is 12 Main St, Austin, TX 78701, USA').event;
    expect(JSON.stringify(e)).not.toContain('callingPlan');
  });

  it('leaves a message that corrects itself to be read whole', () => {
    expect(text('siteUrl', 'globex-one, no wait, globex-two').event.type).not.toBe('GIVE_ANSWERS');
  });

  it('does not take a keep with an order change as the site answer', () => {
    expect(text('siteUrl.offering', 'keep it and go to 14 licences').event).not.toEqual(YES);
  });
});
