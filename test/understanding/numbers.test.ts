import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findNumbers, readCount, readSmallNumber, type CountReading } from '../../src/dialogs/understanding/numbers.js';

/** What a row expects: a number (exact), `~n` (exact, hedged), a list (options) or undefined. */
type Want = number | `~${number}` | number[] | undefined;

function summary(r: CountReading | undefined): Want {
  if (!r) return undefined;
  if (r.kind === 'options') return r.values;
  return r.hedged ? `~${r.value}` : r.value;
}

const EN: [string, Want][] = [
  ['25', 25], ['25 users', 25], ['1,000', 1000], ['1 000 users', 1000], ['we need 12 licenses', 12],
  ['twenty five', 25], ['twenty-five', 25], ['one hundred and five', 105], ['a hundred', 100], ['twelve hundred', 1200],
  ['a couple', 2], ['a couple of users', 2], ['a dozen', 12], ['two dozen', 24], ['half a dozen', 6], ['a couple dozen', 24],
  ['15-20', [15, 20]], ['15–20', [15, 20]], ['10 or 15', [10, 15]], ['between 20 and 25', [20, 25]], ['20 to 25', [20, 25]],
  ['about 20, maybe 25', [20, 25]], ['ten or twelve', [10, 12]], ['20 users or maybe 25 users', [20, 25]],
  ['~20', '~20'], ['20ish', '~20'], ['20-ish', '~20'], ['20+', '~20'], ['about 20', '~20'], ['around 20 people', '~20'],
  ['20 or so', '~20'], ['20 users or so', '~20'], ['up to 50 users', '~50'], ['at least 10', '~10'], ['maybe we need 20', '~20'],
  ['I need 20, I think', '~20'], ['I think we need about 20', '~20'],
  ["I'd like 20 licenses", 20], ['Suite, annual, 25 users with callback', 25], ['maybe annual, 25', 25],
  // Two unrelated numbers: the one next to a licence word, else both.
  ['25 users, 2 new numbers', 25], ['Suite for 25 users and 2 new numbers in 512', 25], ['25 Meet licences, 3 offices', 25],
  ['Call me at 5, we need 25 seats', 25], ['25 users for 2 years', 25], ['users: 25, offices: 3', 25],
  ['25 users and 30 seats', [25, 30]], ['3 offices and 40 rooms', [3, 40]],
  // Not counts.
  ['jane25@acme.example', undefined], ['+1 512 555 0100', undefined], ['call 512-555-0100', undefined], ['10117 Berlin', undefined],
  ['TX 78701', undefined], ['$25', undefined], ['25$', undefined], ['25 usd', undefined], ['12.50', undefined], ['20%', undefined],
  ['at 10:30', undefined], ['at 3', undefined], ['3 pm', undefined], ['3pm', undefined], ["at 5 o'clock", undefined],
  ['on the 3rd', undefined], ['1st', undefined], ['2nd floor', undefined], ['by May 5', undefined], ['5 May', undefined],
  ['12/05', undefined], ['2024-05-01', undefined], ['in 2025', undefined], ['2 weeks', undefined], ['v2', undefined],
  ['a few', undefined], ['some', undefined], ['several', undefined], ['dozens', undefined], ['no one', undefined], ['this one', undefined],
  ['2 new numbers', undefined], ['see https://acme.example/25', undefined],
  ['we may need 5', 5], ['May I get 5 seats', 5], ['25 users, jane25@acme.example', 25],
];

const RU: [string, Want][] = [
  ['двадцать пять', 25], ['двадцати пяти', 25], ['двадцатью пятью', 25], ['на двадцать пять человек', 25], ['пятнадцать', 15],
  ['пятнадцати', 15], ['сто', 100], ['ста', 100], ['десяток', 10], ['пару', 2], ['пара', 2], ['пары сотрудников', 2], ['дюжина', 12],
  ['один', 1], ['одна', 1], ['одну лицензию', 1], ['для одного', 1], ['два', 2], ['две', 2], ['двух', 2], ['три', 3], ['трёх', 3],
  ['трех', 3], ['четыре', 4], ['четырёх', 4], ['сорок', 40], ['сорока', 40], ['девяносто', 90], ['девяноста', 90],
  ['сто двадцать', 120], ['двумястами', 200], ['пару десятков', 20], ['три дюжины', 36], ['нас пятеро', 5], ['на 5-ти человек', 5],
  ['15 человек', 15], ['20 лицензий', 20], ['лицензий: 20', 20],
  ['человек 15', '~15'], ['человек пятнадцать', '~15'], ['нужно лицензий 20', 20], ['около 20', '~20'], ['примерно 20', '~20'],
  ['где-то 20', '~20'], ['порядка 20', '~20'], ['20 человек примерно', '~20'], ['30 с лишним', '~30'], ['до 30 человек', '~30'],
  ['не больше 30', '~30'], ['думаю, нужно 20', '~20'],
  ['15-20', [15, 20]], ['от 10 до 15', [10, 15]], ['10 или 15', [10, 15]], ['десять или двенадцать', [10, 12]],
  ['двадцать пять, может тридцать', [25, 30]], ['то ли 10, то ли 15', [10, 15]], ['пять-шесть человек', [5, 6]],
  ['25 лицензий и 3 новых номера', 25], ['Москва 101000', undefined], ['5 мая', undefined], ['в 10 утра', undefined],
  ['25 долларов', undefined], ['25 руб', undefined], ['2 года', undefined], ['несколько', undefined], ['много', undefined],
  ['дом 5', undefined], ['2 новых номера', undefined], ['код 123456', undefined],
];

describe('readCount', () => {
  it.each([...EN, ...RU])('%s', (text, want) => {
    expect(summary(readCount(text))).toEqual(want);
  });

  it('spans index into the text given, hedge marks and range words included', () => {
    const span = (t: string): string | undefined => { const r = readCount(t); return r && t.slice(r.start, r.end); };
    expect(span('Suite, annual, 25 users with callback')).toBe('25');
    expect(span('we need twenty-five seats')).toBe('twenty-five');
    expect(span('ok ~20 then')).toBe('~20');
    expect(span('20+ people')).toBe('20+');
    expect(span('between 20 and 25 users')).toBe('between 20 and 25');
    expect(span('от 10 до 15 человек')).toBe('от 10 до 15');
    expect(span('на двадцать пять человек')).toBe('двадцать пять');
    expect(span('jane25@acme.example, 30 users')).toBe('30');
    expect(span('Ёлки, 1 000 users')).toBe('1 000');
  });
});

describe('readSmallNumber', () => {
  it.each<[string, number | undefined]>([
    ['2 new numbers', 2], ['two new numbers in 512', 2], ['3 lines', 3], ['25 users, 2 new numbers', 2],
    ['два новых номера', 2], ['5 номеров в Москве', 5], ['25 users', undefined], ['port +1 512 555 0100', undefined],
  ])('%s', (text, want) => { expect(readSmallNumber(text)).toBe(want); });
});

describe('findNumbers keeps its plain behaviour', () => {
  it('digits and words in message order, as token ranges of the normalised text', () => {
    expect(findNumbers('25 users, 2 new numbers')).toEqual([{ value: 25, from: 0, to: 1 }, { value: 2, from: 2, to: 3 }]);
    expect(findNumbers('1,000 or 1 000')).toEqual([{ value: 1000, from: 0, to: 1 }, { value: 1000, from: 2, to: 3 }]);
    expect(findNumbers('one hundred and five')).toEqual([{ value: 105, from: 0, to: 4 }]);
    expect(findNumbers('a dozen and сто двадцать')).toEqual([{ value: 12, from: 0, to: 2 }, { value: 120, from: 3, to: 5 }]);
    expect(findNumbers('a couple of users, пару')).toEqual([]);
  });
});

// ---- words of n, written independently of the tables under test ----

const EN_UNITS = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const EN_TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

function english(n: number, and: boolean, hyphen: boolean): string {
  const h = Math.floor(n / 100);
  const r = n % 100;
  const rest = r === 0 ? '' : r < 10 ? EN_UNITS[r]! : r < 20 ? EN_TEENS[r - 10]! : EN_TENS[Math.floor(r / 10)]! + (r % 10 ? (hyphen ? '-' : ' ') + EN_UNITS[r % 10]! : '');
  if (h === 0) return rest;
  return `${EN_UNITS[h]} hundred${rest ? (and ? ' and ' : ' ') + rest : ''}`;
}

type Case = 'nom' | 'gen' | 'dat' | 'ins' | 'prep';
const CASES: Case[] = ['nom', 'gen', 'dat', 'ins', 'prep'];
/** Each row: the word in nominative, genitive, dative, instrumental, prepositional. */
const RU_UNITS: Record<number, string[]> = {
  1: ['один', 'одного', 'одному', 'одним', 'одном'], 2: ['два', 'двух', 'двум', 'двумя', 'двух'], 3: ['три', 'трёх', 'трём', 'тремя', 'трёх'],
  4: ['четыре', 'четырёх', 'четырём', 'четырьмя', 'четырёх'], 5: ['пять', 'пяти', 'пяти', 'пятью', 'пяти'],
  6: ['шесть', 'шести', 'шести', 'шестью', 'шести'], 7: ['семь', 'семи', 'семи', 'семью', 'семи'],
  8: ['восемь', 'восьми', 'восьми', 'восемью', 'восьми'], 9: ['девять', 'девяти', 'девяти', 'девятью', 'девяти'],
};
const TEEN_STEMS = ['десят', 'одиннадцат', 'двенадцат', 'тринадцат', 'четырнадцат', 'пятнадцат', 'шестнадцат', 'семнадцат', 'восемнадцат', 'девятнадцат'];
const RU_TENS: Record<number, string[]> = {
  2: ['двадцать', 'двадцати', 'двадцати', 'двадцатью', 'двадцати'], 3: ['тридцать', 'тридцати', 'тридцати', 'тридцатью', 'тридцати'],
  4: ['сорок', 'сорока', 'сорока', 'сорока', 'сорока'], 5: ['пятьдесят', 'пятидесяти', 'пятидесяти', 'пятьюдесятью', 'пятидесяти'],
  6: ['шестьдесят', 'шестидесяти', 'шестидесяти', 'шестьюдесятью', 'шестидесяти'], 7: ['семьдесят', 'семидесяти', 'семидесяти', 'семьюдесятью', 'семидесяти'],
  8: ['восемьдесят', 'восьмидесяти', 'восьмидесяти', 'восемьюдесятью', 'восьмидесяти'], 9: ['девяносто', 'девяноста', 'девяноста', 'девяноста', 'девяноста'],
};
const RU_HUNDREDS: Record<number, string[]> = {
  1: ['сто', 'ста', 'ста', 'ста', 'ста'], 2: ['двести', 'двухсот', 'двумстам', 'двумястами', 'двухстах'],
  3: ['триста', 'трёхсот', 'трёмстам', 'тремястами', 'трёхстах'], 4: ['четыреста', 'четырёхсот', 'четырёмстам', 'четырьмястами', 'четырёхстах'],
  5: ['пятьсот', 'пятисот', 'пятистам', 'пятьюстами', 'пятистах'], 6: ['шестьсот', 'шестисот', 'шестистам', 'шестьюстами', 'шестистах'],
  7: ['семьсот', 'семисот', 'семистам', 'семьюстами', 'семистах'], 8: ['восемьсот', 'восьмисот', 'восьмистам', 'восемьюстами', 'восьмистах'],
  9: ['девятьсот', 'девятисот', 'девятистам', 'девятьюстами', 'девятистах'],
};

function russian(n: number, c: Case, feminine: boolean): string {
  const k = CASES.indexOf(c);
  const h = Math.floor(n / 100);
  const r = n % 100;
  const parts: string[] = [];
  if (h) parts.push(RU_HUNDREDS[h]![k]!);
  if (r >= 10 && r < 20) parts.push(TEEN_STEMS[r - 10]! + (c === 'nom' ? 'ь' : c === 'ins' ? 'ью' : 'и'));
  else {
    if (r >= 20) parts.push(RU_TENS[Math.floor(r / 10)]![k]!);
    const u = r % 10;
    if (u) parts.push(feminine && c === 'nom' && u <= 2 ? (u === 1 ? 'одна' : 'две') : RU_UNITS[u]![k]!);
  }
  return parts.join(' ');
}

describe('numbers in words read back', () => {
  const n = fc.integer({ min: 1, max: 999 });

  it('English words of every n in 1..999, with and without "and" and hyphens', () => {
    fc.assert(fc.property(n, fc.boolean(), fc.boolean(), fc.constantFrom('', 'we need ', 'about '), (v, and, hyphen, lead) => {
      const text = `${lead}${english(v, and, hyphen)} licenses`;
      expect(readCount(text)).toMatchObject({ kind: 'exact', value: v, hedged: lead === 'about ' });
    }), { numRuns: 3_000 });
  });

  it('Russian words of every n in 1..999, in every case', () => {
    fc.assert(fc.property(n, fc.constantFrom(...CASES), fc.boolean(), (v, c, feminine) => {
      expect(readCount(`${russian(v, c, feminine)} лицензий`)).toMatchObject({ kind: 'exact', value: v, hedged: false });
    }), { numRuns: 3_000 });
  });

  it('the generators agree with every n (a full sweep, not a sample)', () => {
    for (let v = 1; v <= 999; v++) {
      expect(summary(readCount(english(v, v % 2 === 0, v % 3 === 0)))).toBe(v);
      for (const c of CASES) expect(summary(readCount(russian(v, c, false)))).toBe(v);
    }
  });
});
