import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FaqSchema, faqAnswer, type Faq } from '../../src/domain/faq.js';
import { DEFAULT_DATA_DIR, loadProductData } from '../../src/domain/product-data.js';
import { createFaqIndex, questionPart } from '../../src/dialogs/understanding/faq-search.js';
import { normalise } from '../../src/dialogs/understanding/normalise.js';
import { MATCHES, NOT_QUESTIONS, UNANSWERED } from './faq-search.cases.js';

const IDS = ['licence-who', 'licence-later', 'callback', 'renewal', 'plans', 'porting', 'new-numbers', 'site-url', 'carry-over',
  'tax-exempt', 'after-order', 'payment'];
const faq = loadProductData(DEFAULT_DATA_DIR).faq;
const index = createFaqIndex(faq);
const idOf = (text: string): string | undefined => index.match(text)?.id;

describe('help-page questions are found from new phrasings', () => {
  for (const [id, byLocale] of Object.entries(MATCHES)) {
    for (const [locale, texts] of Object.entries(byLocale)) {
      it.each(texts)(`${id} (${locale}): %s`, (text) => expect(idOf(text)).toBe(id));
    }
  }

  it('covers every id in both languages', () => {
    expect(Object.keys(MATCHES).sort()).toEqual([...IDS].sort());
  });

  it('the test phrasings are not the data file\'s own', () => {
    const known = new Set(faq.entries.flatMap((e) => [...e.questions.en, ...e.questions.ru]).map(normalise));
    const copied = Object.values(MATCHES).flatMap((l) => [...l.en, ...l.ru]).filter((t) => known.has(normalise(t)));
    expect(copied).toEqual([]);
  });

  it('reads the question in a message that also answers', () => {
    expect(idOf('we need 10, do guests need a license too?')).toBe('licence-who');
    expect(idOf('suite, annual. what does callback do?')).toBe('callback');
    expect(idOf('нам 10 лицензий. а гостям лицензия нужна?')).toBe('licence-who');
  });

  it('takes the named examples as the brief reads them', () => {
    expect(idOf('how many licenses do I need?')).toBe('licence-who');
    expect(idOf('what is suite?')).toBe('plans');
  });

  it('meets Russian word forms through the stemmer', () => {
    for (const text of ['кому нужна лицензия?', 'кому нужны лицензии?', 'на кого брать лицензию?', 'сколько нужно лицензий гостям?']) {
      expect(idOf(text), text).toBe('licence-who');
    }
    for (const text of ['можно перенести номера?', 'перенос номеров долго?', 'сколько длится перенос?', 'когда закончится переноса номера?']) {
      expect(idOf(text), text).toBe('porting');
    }
  });

  it('tolerates typos in words the data does not spell that way', () => {
    expect(idOf('how long does portng take?')).toBe('porting');
    expect(idOf('what is the calback addon?')).toBe('callback');
    expect(idOf('скока лицензй нужно?')).toBe('licence-who');
  });

  it('gives a positive score with a match', () => {
    const m = index.match('how long does porting take?');
    expect(m !== undefined && 'score' in m && m.score > 0).toBe(true);
  });
});

describe('questions the help page does not answer', () => {
  it.each([...UNANSWERED.en, ...UNANSWERED.ru])('%s -> none', (text) => expect(index.match(text)).toEqual({ id: 'none' }));

  it('a question of stop words only is still a question', () => {
    expect(index.match('what is that?')).toEqual({ id: 'none' });
  });
});

describe('answers and statements are not questions', () => {
  it.each([...NOT_QUESTIONS.en, ...NOT_QUESTIONS.ru])('%s -> undefined', (text) => expect(index.match(text)).toBeUndefined());

  it('needs no question mark when the sentence opens as a question', () => {
    expect(idOf('how does porting work')).toBe('porting');
    expect(idOf('подскажите кому нужна лицензия')).toBe('licence-who');
    expect(idOf('I wonder if guests need a license')).toBe('licence-who');
  });
});

describe('the step a question is asked at', () => {
  it('settles a question that names no subject', () => {
    expect(index.match("what's the difference?", 'renewal')?.id).toBe('renewal');
    expect(index.match("what's the difference?", 'plan')?.id).toBe('plans');
    expect(index.match('в чём разница?', 'renewal')?.id).toBe('renewal');
    expect(index.match('what does it do exactly', 'callback')?.id).toBe('callback');
    expect(index.match('а что он даёт?', 'callback')?.id).toBe('callback');
  });

  it('wins a close call for its own entry', () => {
    expect(index.match('acme-ops, and can it be changed later?', 'siteUrl')?.id).toBe('site-url');
  });

  it('does not answer a half-matched entry about something else when "it" is the step\'s subject', () => {
    expect(index.match('do i have to decide now or can i add it later', 'callback')).toEqual({ id: 'none' });
    expect(index.match('его можно потом отключить?', 'callback')).toEqual({ id: 'none' });
  });

  it('answers a vague question that says more as none', () => {
    expect(index.match('а он работает с мобильными в казахстане?', 'callback')).toEqual({ id: 'none' });
  });
});

describe('the questions nothing here answers', () => {
  it('draw a question away from an entry that shares a word with it', () => {
    for (const text of ['can i get a discount code', 'can i pay by bank transfer instead', 'is there a refund if we cancel annual early',
      'а скидка будет?', 'есть бесплатный пробный период?']) {
      expect(index.match(text), text).toEqual({ id: 'none' });
    }
  });

  it('leave the entries their own questions', () => {
    expect(idOf('how do i pay')).toBe('payment');
    expect(idOf('куда ввести данные банковской карты?')).toBe('payment');
  });

  it('may not be named by an entry', () => {
    const own = { entries: [{ id: 'none', answer: { en: 'A.', ru: 'О.' }, questions: { en: ['q?'], ru: ['в?'] } }] };
    expect(FaqSchema.safeParse(own).error?.issues[0]?.message).toMatch(/"none" is the id of no answer/);
  });
});

describe('where the question stands in a message', () => {
  it('after an opener', () => {
    expect(idOf('а что будет после оплаты')).toBe('after-order');
    expect(idOf('and what does callback do?')).toBe('callback');
  });

  it('in a later clause, after a dash or a colon', () => {
    expect(questionPart('11 — do guests need one too?')).toBe('do guests need one too');
    expect(questionPart('the total looks right, one question: do guests need a license?')).not.toBe('');
    expect(questionPart('resume, call plan, 4 users, annual, and what\'s callback?')).toBe('whats callback');
  });

  it('in a later clause that carries the "?" and no answer of its own', () => {
    expect(questionPart('Suite, 25 лицензий, гостям же лицензия не нужна?')).toBe('гостям же лицензия не нужна');
    expect(questionPart('suite на год, и что такое обратный вызов кстати?')).toBe('что такое обратный вызов кстати');
  });

  it('past a preposition before the question word, and after "compare"', () => {
    expect(idOf('а в чем разница между meet и suite')).toBe('plans');
    expect(idOf('compare plans pls')).toBe('plans');
  });

  it('reads the whole sentence when the clause alone says too little', () => {
    expect(idOf('2 new numbers - when do those start working?')).toBe('new-numbers');
  });

  it('a condition or "это что" is asked, not answered', () => {
    expect(questionPart('если сейчас возьму 10 а потом понадобится больше?')).not.toBe('');
    expect(questionPart('Enterprise это что вообще')).not.toBe('');
    expect(questionPart('if i pick annual do i pay everything today?')).not.toBe('');
  });

  it('an auxiliary after an opener needs the "?"', () => {
    expect(questionPart('ну можно и на год, наверное')).toBe('');
  });
});

describe('the index', () => {
  it('is built once per Faq object', () => {
    expect(createFaqIndex(faq)).toBe(index);
  });

  it('searches the data it was given, not the shipped file', () => {
    const own: Faq = FaqSchema.parse({ entries: [{ id: 'sso', answer: { en: 'Ask sales.', ru: 'Спросите отдел продаж.' },
      questions: { en: ['do you support single sign-on?'], ru: ['есть ли единый вход?'] } }] });
    const other = createFaqIndex(own);
    expect(other).not.toBe(index);
    expect(other.match('is single sign-on supported?')).toMatchObject({ id: 'sso' });
    expect(other.match('do guests need a license?')).toEqual({ id: 'none' });
  });
});

describe('FaqSchema and the shipped file', () => {
  const entry = (id: string) => ({ id, answer: { en: 'An answer.', ru: 'Ответ.' }, questions: { en: ['a question?'], ru: ['вопрос?'] } });

  it('the shipped file holds exactly the help-page ids, with answers of at most three sentences', () => {
    expect(faq.entries.map((e) => e.id).sort()).toEqual([...IDS].sort());
    for (const e of faq.entries) {
      for (const locale of ['en', 'ru'] as const) {
        expect(e.answer[locale].split(/[.!?](?:\s|$)/).filter((s) => s.trim() !== '').length, `${e.id} ${locale}`).toBeLessThanOrEqual(3);
        expect(e.questions[locale].length, `${e.id} ${locale}`).toBeGreaterThanOrEqual(8);
        expect(e.questions[locale].length, `${e.id} ${locale}`).toBeLessThanOrEqual(20);
      }
    }
  });

  it('faqAnswer gives the answer in the locale, undefined for an unknown id', () => {
    expect(faqAnswer(faq, 'porting', 'en')).toMatch(/21 days/);
    expect(faqAnswer(faq, 'porting', 'ru')).toMatch(/21 день/);
    expect(faqAnswer(faq, 'no-such-question', 'en')).toBeUndefined();
  });

  it('accepts a well-formed file', () => {
    expect(FaqSchema.safeParse({ entries: [entry('a'), entry('b')] }).success).toBe(true);
  });

  it('rejects a duplicate id', () => {
    const r = FaqSchema.safeParse({ entries: [entry('a'), entry('a')] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/duplicate id "a"/);
  });

  it('rejects a missing language in the answer or the questions', () => {
    const { ru: _a, ...answerEn } = entry('a').answer;
    const { en: _q, ...questionsRu } = entry('a').questions;
    expect(FaqSchema.safeParse({ entries: [{ ...entry('a'), answer: answerEn }] }).success).toBe(false);
    expect(FaqSchema.safeParse({ entries: [{ ...entry('a'), questions: questionsRu }] }).success).toBe(false);
    expect(FaqSchema.safeParse({ entries: [{ ...entry('a'), questions: { en: ['q?'], ru: [] } }] }).success).toBe(false);
  });

  it('rejects an empty or blank answer', () => {
    expect(FaqSchema.safeParse({ entries: [{ ...entry('a'), answer: { en: '', ru: 'Ответ.' } }] }).success).toBe(false);
    expect(FaqSchema.safeParse({ entries: [{ ...entry('a'), answer: { en: 'An answer.', ru: '   ' } }] }).success).toBe(false);
  });

  it('an invalid faq.json stops loadProductData with the file and the field named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faq-'));
    for (const f of ['catalog.json', 'tax.json', 'policies.json']) copyFileSync(join(DEFAULT_DATA_DIR, f), join(dir, f));
    const shipped = JSON.parse(readFileSync(join(DEFAULT_DATA_DIR, 'faq.json'), 'utf8')) as { entries: { id: string }[] };
    shipped.entries[1]!.id = shipped.entries[0]!.id;
    writeFileSync(join(dir, 'faq.json'), JSON.stringify(shipped));
    expect(() => loadProductData(dir)).toThrow(/faq\.json: entries\.1\.id: duplicate id "licence-who"/);
  });
});
