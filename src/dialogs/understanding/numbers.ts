import { normalise, tokens } from './normalise.js';

/** A number found in a message, with the token range it came from. */
export interface NumberSpan {
  value: number;
  from: number;
  /** Exclusive. */
  to: number;
}

type Kind = 'unit' | 'teen' | 'tens' | 'hundreds' | 'hundred' | 'thousand' | 'dozen';
interface Word { value: number; kind: Kind }

const EN_UNITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const EN_TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** Russian number words with their common oblique forms ("на двадцать пять", "для пяти человек"). */
const RU_WORDS: [string[], number, Kind][] = [
  [['ноль', 'нуль'], 0, 'unit'],
  [['один', 'одна', 'одно', 'одного', 'одну', 'одной', 'одним'], 1, 'unit'],
  [['два', 'две', 'двух', 'двум'], 2, 'unit'],
  [['три', 'трех', 'трем'], 3, 'unit'],
  [['четыре', 'четырех', 'четырем'], 4, 'unit'],
  [['пять', 'пяти'], 5, 'unit'],
  [['шесть', 'шести'], 6, 'unit'],
  [['семь', 'семи'], 7, 'unit'],
  [['восемь', 'восьми'], 8, 'unit'],
  [['девять', 'девяти'], 9, 'unit'],
  [['десять', 'десяти', 'десяток'], 10, 'teen'],
  [['одиннадцать', 'одиннадцати'], 11, 'teen'],
  [['двенадцать', 'двенадцати'], 12, 'teen'],
  [['тринадцать', 'тринадцати'], 13, 'teen'],
  [['четырнадцать', 'четырнадцати'], 14, 'teen'],
  [['пятнадцать', 'пятнадцати'], 15, 'teen'],
  [['шестнадцать', 'шестнадцати'], 16, 'teen'],
  [['семнадцать', 'семнадцати'], 17, 'teen'],
  [['восемнадцать', 'восемнадцати'], 18, 'teen'],
  [['девятнадцать', 'девятнадцати'], 19, 'teen'],
  [['двадцать', 'двадцати'], 20, 'tens'],
  [['тридцать', 'тридцати'], 30, 'tens'],
  [['сорок', 'сорока'], 40, 'tens'],
  [['пятьдесят', 'пятидесяти', 'полсотни'], 50, 'tens'],
  [['шестьдесят', 'шестидесяти'], 60, 'tens'],
  [['семьдесят', 'семидесяти'], 70, 'tens'],
  [['восемьдесят', 'восьмидесяти'], 80, 'tens'],
  [['девяносто', 'девяноста'], 90, 'tens'],
  [['сто', 'ста', 'сотня', 'сотню'], 100, 'hundreds'],
  [['двести', 'двухсот'], 200, 'hundreds'],
  [['триста', 'трехсот'], 300, 'hundreds'],
  [['четыреста', 'четырехсот'], 400, 'hundreds'],
  [['пятьсот', 'пятисот'], 500, 'hundreds'],
  [['шестьсот'], 600, 'hundreds'],
  [['семьсот'], 700, 'hundreds'],
  [['восемьсот'], 800, 'hundreds'],
  [['девятьсот'], 900, 'hundreds'],
  [['тысяча', 'тысячи', 'тысяч', 'тысячу'], 1000, 'thousand'],
  [['дюжина', 'дюжину', 'дюжины'], 12, 'dozen'],
];

const WORDS = new Map<string, Word>();
EN_UNITS.forEach((w, i) => WORDS.set(w, { value: i, kind: 'unit' }));
EN_TEENS.forEach((w, i) => WORDS.set(w, { value: 10 + i, kind: 'teen' }));
EN_TENS.forEach((w, i) => { if (w) WORDS.set(w, { value: i * 10, kind: 'tens' }); });
WORDS.set('hundred', { value: 100, kind: 'hundred' });
WORDS.set('thousand', { value: 1000, kind: 'thousand' });
WORDS.set('dozen', { value: 12, kind: 'dozen' });
for (const [forms, value, kind] of RU_WORDS) for (const f of forms) WORDS.set(f, { value, kind });

/** What may follow what inside one spoken number ("twenty five", "сто двадцать", "two hundred and five"). */
function canFollow(prev: Kind, next: Kind, current: number): boolean {
  switch (next) {
    case 'unit': return prev === 'tens' || ((prev === 'hundred' || prev === 'hundreds' || prev === 'thousand') && current % 100 === 0);
    case 'teen':
    case 'tens': return (prev === 'hundred' || prev === 'hundreds' || prev === 'thousand') && current % 100 === 0;
    case 'hundred': return prev === 'unit' || prev === 'teen';
    case 'hundreds': return prev === 'thousand';
    case 'thousand': return prev !== 'thousand' && prev !== 'dozen';
    case 'dozen': return false;
  }
}

/** Numbers written with digits or in English/Russian words, in message order. */
export function findNumbers(text: string): NumberSpan[] {
  // "1,000" and "1 000" are thousands separators, which normalisation would split into two numbers.
  const joined = text.replace(/(\d)[,\u00a0\u202f ](\d{3})(?!\d)/g, '$1$2');
  const toks = tokens(normalise(joined));
  const out: NumberSpan[] = [];
  let i = 0;
  while (i < toks.length) {
    const tok = toks[i] as string;
    if (/^\d+$/.test(tok)) {
      out.push({ value: Number(tok), from: i, to: i + 1 });
      i += 1;
      continue;
    }
    const span = readWords(toks, i);
    if (span) { out.push(span); i = span.to; } else i += 1;
  }
  return out;
}

function readWords(toks: string[], start: number): NumberSpan | undefined {
  let i = start;
  // "a dozen", "a hundred", "a thousand"
  if (toks[i] === 'a' && (toks[i + 1] === 'dozen' || toks[i + 1] === 'hundred' || toks[i + 1] === 'thousand')) {
    const w = WORDS.get(toks[i + 1] as string) as Word;
    return extend(toks, i + 2, w.value, w.kind, start);
  }
  const first = WORDS.get(toks[i] as string);
  if (!first) return undefined;
  i += 1;
  return extend(toks, i, first.value, first.kind, start);
}

function extend(toks: string[], at: number, value: number, kind: Kind, start: number): NumberSpan {
  let total = kind === 'thousand' ? value : 0;
  let current = kind === 'thousand' ? 0 : value;
  let prev = kind;
  let i = at;
  while (i < toks.length) {
    // "one hundred and five"
    const skipAnd = (toks[i] === 'and' || toks[i] === 'и') && WORDS.has(toks[i + 1] ?? '') && (prev === 'hundred' || prev === 'thousand');
    const nextTok = skipAnd ? toks[i + 1] : toks[i];
    const w = WORDS.get(nextTok ?? '');
    if (!w || !canFollow(prev, w.kind, current)) break;
    if (w.kind === 'hundred') current = (current || 1) * 100;
    else if (w.kind === 'thousand') { total += (current || 1) * 1000; current = 0; } else current += w.value;
    prev = w.kind;
    i += skipAnd ? 2 : 1;
  }
  return { value: total + current, from: start, to: i };
}
