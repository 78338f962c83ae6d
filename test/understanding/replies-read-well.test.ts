import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR, loadProductData } from '../../src/domain/product-data.js';
import { STEPS, type Locale } from '../../src/domain/types.js';
import { createRenderer, STRINGS, type Say } from '../../src/dialogs/prompts/render.js';
import type { UpgradeContext } from '../../src/machines/upgrade.types.js';

/**
 * Every prompt the bot can say, at every step and sub-state, alone and after each notice, in both languages,
 * must read like a person wrote it: no sentence said twice in one message, and countries by name, not by code.
 */
const data = loadProductData(DEFAULT_DATA_DIR);
const renderer = createRenderer(data);
const berlin = { lines: ['Unter den Linden 1'], city: 'Berlin', postalCode: '10117', country: 'DE' };

function context(locale: Locale, step: UpgradeContext['step']): UpgradeContext {
  return {
    conversationId: 'c1', userId: 'u1', locale, step, purchase: 1, misses: 0, cartConfirmed: true,
    answers: { plan: 'suite', renewal: 'annual', licenses: 25, callback: true, email: 'klaus@beispiel.example', billingAddress: berlin,
      serviceAddress: berlin, callingPlan: { newNumbers: 2, port: ['+4930555010'] }, siteUrl: 'beispiel' },
    account: { email: 'klaus@beispiel.example', name: 'Klaus' }, verifiedEmail: 'klaus@beispiel.example', addressDraft: berlin,
    siteCandidate: 'beispiel-2', payment: { paymentId: 'p1', status: 'pending', expiresAt: 0 }, orderId: 'o1', placedAt: 0,
    handoff: { reason: 'taxExempt', returnTo: 'cart', status: 'queued', position: 2 }, pending: { type: 'CHOOSE_PLAN', plan: 'suite' },
  };
}

const SUB: Record<string, string[]> = {
  billingAddress: ['collecting', 'confirming', 'annualNotSold'], serviceAddress: ['collecting', 'confirming'],
  siteUrl: ['checking', 'offering', 'asking'], payment: ['creating', 'waiting', 'failed'], email: ['asking'],
  handoff: ['queued', 'callbackOffered'],
};
const states = STEPS.flatMap((s) => (SUB[s] ?? ['']).map((sub) => (sub ? `${s}.${sub}` : s)));

const SPECIAL: Say[] = [
  { key: 'help' }, { key: 'examples' }, { key: 'cart' }, { key: 'accountNotFound', args: { email: 'klaus@beispiel.example' } },
  { key: 'siteTaken', args: { suggestion: 1, name: 'beispiel', free: 'beispiel-2' } }, { key: 'changed', args: { field: 'licenses' } },
  { key: 'understood', args: { fields: 'plan,renewal,licenses,callback', changed: 0 } }, { key: 'understood', args: { fields: 'renewal', changed: 1 } },
  ...(['taxExempt', 'enterprise', 'largeOrder', 'human', 'fromChange'] as const).map((reason) => ({ key: 'confirmHandoff', args: { reason } })),
  { key: 'confirmForget' }, { key: 'forgotten' }, { key: 'confirmProposal' }, { key: 'agentJoined', args: { agent: 'Ana' } },
  { key: 'unanswerable' }, { key: 'faq', args: { id: 'renewal' } },
];

function sentences(text: string): string[] {
  // List items (plans, cart lines, policies) are alike by design; the prose around them is what is read.
  const prose = text.split('\n').filter((l) => !/^\s*[-•]/.test(l)).join('\n');
  return prose.replace(/\*\*|_/g, '').split(/(?<=[.!?])\s+|\n+/u).map((s) => s.trim().toLowerCase()).filter((s) => s.length > 12);
}

/** The same sentence, or the same point said twice in other words (most of the words shared). */
function alike(a: string, b: string): boolean {
  if (a === b) return true;
  const wa = new Set(a.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 2));
  const wb = new Set(b.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 2));
  if (wa.size < 5 || wb.size < 5) return false;
  const shared = [...wa].filter((w) => wb.has(w)).length;
  return shared / Math.min(wa.size, wb.size) >= 0.7;
}

const CODES = /(?:^|[\s,(])(DE|FR|GB|RU|US|CA)(?=[\s,.)!?]|$)/u;

describe('replies read like a person wrote them', () => {
  for (const locale of ['en', 'ru'] as const) {
    const notices = Object.keys(STRINGS[locale].notice).map((key): Say => ({ key }));
    it(`${locale}: every prompt, alone and after every notice, says each sentence once and names countries`, () => {
      let checked = 0;
      const problems = new Set<string>();
      for (const value of states) {
        const step = value.split('.')[0] as UpgradeContext['step'];
        for (const say of [undefined, ...notices, ...SPECIAL]) {
          const replies = renderer.render(say ? [say, { key: 'ask' }] : [{ key: 'ask' }], { value, context: context(locale, step) });
          for (const r of replies) {
            const all = sentences(r.text);
            const repeated = all.filter((s, i) => all.some((t, j) => j < i && alike(s, t)));
            if (repeated.length > 0 || CODES.test(r.text)) problems.add(`${value} after ${say?.key ?? '-'}: ${r.text}`);
            checked += 1;
          }
        }
      }
      expect([...problems]).toEqual([]);
      expect(checked).toBeGreaterThan(1000);
    });
  }

  it('asks back how many new numbers with the area, and an ask with nothing to offer is the step\'s question', () => {
    const ask = (locale: Locale, step: UpgradeContext['step'], clarify: UpgradeContext['clarify']) =>
      renderer.render([{ key: 'ask' }], { value: step, context: { ...context(locale, step), pending: undefined, clarify } })[0];
    const ru = ask('ru', 'callingPlan', { field: 'callingPlan', options: [2, 3], area: '812' });
    expect(ru?.text).toBe('Сколько новых номеров (код 812): 2 или 3? Или напишите другое число.');
    expect(ru?.choices?.map((c) => c.value)).toEqual(['2', '3']);
    expect(ask('en', 'callingPlan', { field: 'callingPlan', options: [4, 6], area: 'Austin' })?.text).toContain('in Austin: 4 or 6?');
    expect(ask('ru', 'licenses', { field: 'licenses', options: [] })?.text).toMatch(/^Сколько нужно лицензий\?/u);
    const emails = ask('ru', 'email', { field: 'email', options: ['olga@acme.example', 'o.sidorova@acme.example'] });
    expect(emails?.text).toBe('На какую почту зарегистрирован ваш бесплатный аккаунт Webex: olga@acme.example или o.sidorova@acme.example? Или напишите другую.');
    expect(emails?.choices?.map((c) => c.value)).toEqual(['olga@acme.example', 'o.sidorova@acme.example']);
  });

  it('a paused code says why, until when (UTC, in the reader\'s language) and the way on now, once, after a wrong code too', () => {
    const until = Date.parse('2026-01-05T10:42:00Z');
    for (const reason of ['conversation', 'email', 'failures'] as const) {
      for (const [locale, when] of [['en', '10:42 UTC on 5 January'], ['ru', '10:42 UTC 5 января']] as const) {
        const ctx = { ...context(locale, 'verify'), pending: undefined, codeLimit: { reason, until } };
        const [r, ...more] = renderer.render([{ key: 'codeWrong' }, { key: 'ask' }], { value: 'verify', context: ctx });
        expect(more).toEqual([]);
        expect(r?.text).toContain(when);
        expect(r?.choices?.map((c) => c.value)).toEqual(['talk to a person']);
        const all = sentences(r?.text ?? '');
        expect(all.filter((x, i) => all.some((t, j) => j < i && alike(x, t)))).toEqual([]);
      }
    }
    // Paused by the third wrong code: no "say send a new code" before the pause.
    const paused = { ...context('en', 'verify'), pending: undefined, codeLimit: { reason: 'failures' as const, until } };
    const [r] = renderer.render([{ key: 'codeTooManyTries' }, { key: 'ask' }], { value: 'verify', context: paused });
    expect(r?.text).not.toContain("That's 3 wrong codes");
    expect(r?.text).toContain("That code isn't right");
  });

  it('the annual-not-sold question names the country in the reader\'s language', () => {
    const en = renderer.render([{ key: 'ask' }], { value: 'billingAddress.annualNotSold', context: context('en', 'billingAddress') });
    const ru = renderer.render([{ key: 'ask' }], { value: 'billingAddress.annualNotSold', context: context('ru', 'billingAddress') });
    expect(en[0]?.text).toContain('Germany');
    expect(ru[0]?.text).toContain('Германи');
  });
});
