/**
 * Hostile text of 100,000 characters where user text is scanned: the redaction, the understanding at every step
 * (both languages) and card submissions, then a whole conversation through the engine with junk at every step.
 * Every call must come back (vitest's per-test timeout is the only clock: the ratios are in `npm run bench`) with a
 * sane answer: nothing understood, never a value taken from the junk. The turn guard refuses an over-long card
 * submission before the engine sees it.
 */
import { describe, expect, it } from 'vitest';
import type { Inbound } from '../../src/dialogs/channel.types.js';
import type { TurnOutcome } from '../../src/dialogs/engine.types.js';
import { STEPS } from '../../src/domain/types.js';
import { redactText } from '../../src/services/redact-text.js';
import { guardTurns } from '../../src/services/rate-limit.js';
import { checkActivity, toInbound } from '../../src/adapters/teams/teams.activity.js';
import { readFileSync } from 'node:fs';
import { testCore } from '../fuzz/support.js';
import { at, hashCode } from '../understanding/helpers.js';
import { understand } from '../../src/dialogs/understanding/understand.js';

const LONG = 100_000;
const fill = (unit: string, length = LONG) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
/** Each one made a pattern or a reading quadratic (or overflow the stack) before. */
const HOSTILE: Record<string, string> = {
  'a@': fill('a@'), 'a.': fill('a.'), '1 ': fill('1 '), spaces: fill(' '), newlines: fill('\n'), cyrillic: fill('ж'),
  commas: fill(','), 'a,': fill('a,'), 'ok, ': fill('ok, '), 'да, ': fill('да, '), 'a-': fill('a-'), '1.': fill('1.'), digits: fill('1'),
  'emails without domains': fill('jane@ '), 'ул. ': fill('ул. '), '12 a ': fill('12 a '), 'a? ': fill('a? '),
  'www.': fill('www.'), 'a. then @': `${fill('a.', LONG - 1)}@`, 'a- then an email': `${fill('a-', LONG - 8)} x@y.com`, 'a a 800': `${fill('a ', LONG - 20)} 800 number`, 'a@ then a domain': `${fill('a', LONG - 10)}@acme.com`,
  'hidden emails': fill('a собака b точка '), 'a[at]': fill('a[at]'),
};

/** Events that take a value from the text: junk must never give one. */
const TAKES_VALUE = /^(?:GIVE_|SET_|CHOOSE_|PROPOSE|CHANGE|CALLBACK_CONTACT)/;
const sane = (type: string) => expect(type).not.toMatch(TAKES_VALUE);

describe('redaction of hostile text', () => {
  it.each(Object.entries(HOSTILE))('%s comes back with no email left unmasked', (_name, text) => {
    const out = redactText(text);
    expect(out).not.toMatch(/[A-Za-z0-9]@[A-Za-z0-9-]+\.[A-Za-z]{2,}/);
    // At most one email in these, masked as "x***@…".
    expect(out.length).toBeLessThanOrEqual(text.length + 3);
  });

  it('still masks an email at the end of 100,000 characters of local-part noise', () => {
    const out = redactText(`${fill('a.', LONG)} jane.doe@acme.com`);
    expect(out).not.toContain('jane.doe@acme.com');
    expect(out.endsWith(' j***@acme.com')).toBe(true);
  });
});

describe('channel parsing of hostile text', () => {
  it('a Teams message of 100,000 characters of unclosed mentions is parsed, other mentions still unwrapped', () => {
    const fixture = JSON.parse(readFileSync(new URL('../fixtures/teams/personal-message.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    const checked = checkActivity({ ...fixture, text: `${fill('<at>', LONG)} <at>Ann</at> hi` });
    if (!checked.ok) throw new Error(checked.reason);
    const inbound = toInbound(checked.activity, {});
    expect(inbound?.kind === 'message' ? inbound.text.endsWith('<at> Ann hi') : inbound).toBe(true);
  });
});

describe('understanding of hostile text at every step', () => {
  it.each(Object.entries(HOSTILE))('%s: every step answers, with no value taken', (_name, text) => {
    for (const [i, step] of STEPS.entries()) {
      const { event } = understand({ kind: 'text', text }, at(step, i % 2 === 0 ? 'en' : 'ru'), hashCode);
      sane(event.type);
      // Past the length read for answers a message is not understood; in a handoff it goes to the agent whole.
      if (step === 'handoff') expect(['RELAY', 'UNANSWERABLE', 'NOT_UNDERSTOOD']).toContain(event.type);
    }
  }, 60_000);

  it('a card number is still found anywhere in a long message', () => {
    expect(understand({ kind: 'text', text: `${fill('1 ', LONG)} 4111 1111 1111 1111` }, at('licenses'), hashCode).event).toEqual({ type: 'CARD_NUMBER' });
  });

  it('"forget me" is still heard after the noise', () => {
    expect(understand({ kind: 'text', text: `${fill('ok, ', LONG)} forget me` }, at('cart'), hashCode).event).toEqual({ type: 'FORGET_ME' });
  });
});

/** Runs `fn` counting the regular-expression calls it makes (every exec, test, replace, split, match…): its work. */
function regexCalls(fn: () => void): number {
  const keys = ['exec', 'test', Symbol.replace, Symbol.match, Symbol.matchAll, Symbol.split, Symbol.search] as const;
  const proto = RegExp.prototype as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>;
  const saved = keys.map((k) => proto[k] as (...a: unknown[]) => unknown);
  let calls = 0;
  keys.forEach((k, i) => { proto[k] = function (this: RegExp, ...a: unknown[]) { calls++; return saved[i]?.apply(this, a); }; });
  try { fn(); } finally { keys.forEach((k, i) => { proto[k] = saved[i] as (...a: unknown[]) => unknown; }); }
  return calls;
}

describe('work grows linearly with the text', () => {
  // Ten times the text, about ten times the calls (a pattern's matches count, so a replace over more text counts
  // more); a reading repeated per part or per word would be near a hundred ("ok, " repeated was 65 before).
  const worstRatio = (unit: string, small: number): number => Math.max(...STEPS.flatMap((step) => (['en', 'ru'] as const).map((locale) => {
    const a = regexCalls(() => understand({ kind: 'text', text: fill(unit, small) }, at(step, locale), hashCode));
    const b = regexCalls(() => understand({ kind: 'text', text: fill(unit, small * 10) }, at(step, locale), hashCode));
    return b / Math.max(a, 1);
  })));
  it.each(['ok, ', 'да, ', 'a,', '1,', 'a.', 'a@', '1 ', 'yes, 5 ', 'a? ', 'ж'])('%s: 200 -> 2,000 characters (read part by part)', (unit) => {
    expect(worstRatio(unit, 200)).toBeLessThanOrEqual(15);
  }, 60_000);
  it.each(['ok, ', 'a.', '1 '])('%s: 10,000 -> 100,000 characters (past the length read for answers)', (unit) => {
    expect(worstRatio(unit, 10_000)).toBeLessThanOrEqual(15);
  }, 60_000);
});

describe('card submissions of hostile size', () => {
  const forms = (v: string): Record<string, unknown>[] => [
    { choice: v }, { form: 'billingAddress', line1: v, city: v, postalCode: v, country: v, region: v },
    { form: 'serviceAddress', lines: [v, v] }, { form: 'callingPlan', newNumbers: v, port: v, area: v },
    { form: 'licenses', count: v }, { form: 'email', email: v }, { form: 'code', code: v }, { form: 'siteUrl', name: v },
  ];
  it.each(Object.entries(HOSTILE))('%s in every field of every form, at every step: no value taken', (_name, text) => {
    for (const [i, step] of STEPS.entries()) {
      for (const value of forms(text)) sane(understand({ kind: 'submit', value }, at(step, i % 2 === 0 ? 'en' : 'ru'), hashCode).event.type);
    }
  }, 60_000);

  it('the guard refuses a 62 KB submission (a playground form) before the engine sees it', async () => {
    let seen = 0;
    const engine = {
      async handle(i: Inbound): Promise<TurnOutcome> { seen++; return { conversationId: i.kind === 'unsupported' ? '' : i.address.id, step: undefined, duplicate: false, replies: [] }; },
      dispatch: async () => ({ conversationId: '', step: undefined, duplicate: false, replies: [] }),
      registerChannel: () => undefined, sweep: async () => ({ timers: 0, resent: 0 }), conversationIdFor: () => 'c1',
    };
    const guarded = guardTurns(engine, {
      maxMessageChars: 4_000, perUser: { capacity: 0, perSecond: 0 }, perConversation: { capacity: 0, perSecond: 0 }, defaultLocale: 'en',
      logger: { info: () => undefined, warn: () => undefined },
    });
    const base = { id: 'card-1', address: { channel: 'web' as const, id: 'page' }, user: { id: 'web.page' } };
    const out = await guarded.handle({ ...base, kind: 'submit', value: { form: 'billingAddress', line1: fill('a@', 62_000) } });
    expect(out.replies.map((r) => r.text).join(' ')).toMatch(/too long/);
    await guarded.handle({ ...base, id: 'card-2', kind: 'submit', value: { form: 'billingAddress', line1: '1 Main St' } });
    expect(seen).toBe(1);
  });
});

describe('a conversation with hostile text at every step', () => {
  const PURCHASE = ['I want to upgrade', 'Suite', 'annual', '25', 'yes', 'checkout', 'jane@acme.com', '{code}',
    '100 Congress Ave, Austin, TX 78701, USA', 'yes', 'same as billing', '2 new numbers in 512', 'yes'];
  const JUNK = [HOSTILE['a@'], HOSTILE['ok, '], HOSTILE['1 '], HOSTILE.spaces] as string[];

  it('junk and junk cards leave each step where it was, and the real answer then moves on', async () => {
    const t = await testCore();
    const engine = t.core.engine;
    const conv = engine.conversationIdFor(t.address('hostile'), t.userRef('hostile'));
    const step = async () => (await engine.peek(conv))?.snapshot.context.step;
    let seq = 0;
    const raw = (text: string) => engine.handle({ kind: 'message', id: `raw-${++seq}`, address: t.address('hostile'), user: t.userRef('hostile'), text });
    const card = (value: Record<string, unknown>) => engine.handle({ kind: 'submit', id: `raw-${++seq}`, address: t.address('hostile'), user: t.userRef('hostile'), value });
    const steps: string[] = [];
    for (const answer of PURCHASE) {
      const before = await step();
      if (before !== undefined) {
        // Straight into the engine (no guard): the engine itself must cope with what an operator lets through.
        for (const junk of JUNK) expect((await raw(junk)).step).toBe(before);
        expect((await card({ form: 'billingAddress', line1: HOSTILE['a,'], city: HOSTILE['a.'] })).step).toBe(before);
        steps.push(before);
      }
      const text = answer === '{code}' ? /\b(\d{6})\b/.exec(t.mailer.lastTo('jane@acme.com')?.text ?? '')?.[1] ?? '' : answer;
      await t.say('hostile', text);
    }
    expect(await step()).toBe('payment');
    expect(new Set(steps)).toEqual(new Set(['plan', 'renewal', 'licenses', 'callback', 'cart', 'email', 'verify', 'billingAddress', 'serviceAddress', 'callingPlan', 'siteUrl']));
    // The transcript keeps no email from the junk unmasked, and nothing of it whole.
    const stored = JSON.stringify(await t.store.transcripts.list(conv, 500));
    expect(stored).not.toContain('jane@acme.com');
  }, 120_000);
});
