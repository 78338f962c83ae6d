import { normalise, tokens } from './normalise.js';
import {
  ADJECTIVE, CONNECTOR, CONNECTOR_SYM, CURRENCY, DATE_PREPOSITION, HEDGE_AFTER, HEDGE_CLAUSE, HEDGE_NEAR, LICENCE, MONTHS,
  NOT_COUNT_AFTER, NOT_COUNT_BEFORE, NOT_ONE_BEFORE, PHONE_NOUN, RANGE_START, RU_INVERTED, YEAR_BEFORE, spokenAt,
} from './numbers-words.js';

/** A number found in a message, with the token range it came from. */
export interface NumberSpan {
  value: number;
  from: number;
  /** Exclusive. */
  to: number;
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
    const span = spokenAt(toks, i, false);
    if (span) { out.push({ value: span.value, from: i, to: span.to }); i = span.to; } else i += 1;
  }
  return out;
}

export type CountReading =
  | { kind: 'exact'; value: number; hedged: boolean; start: number; end: number }
  | { kind: 'options'; values: number[]; start: number; end: number };

/** A token of readCount: digits, a word (lower case, ё as е) or one other character, with its place in the text. */
interface Tok { t: string; s: number; e: number; k: 'd' | 'w' | 'p'; gap: boolean; cap: boolean }
/** A number over toks[from, to); `not` when its context says it is no count, `phone` for "2 new numbers". */
interface Num { value: number; from: number; to: number; not: boolean; hedged: boolean; phone: boolean }

const TOKEN = /(\d+)|(\p{L}+)|[^\s\p{L}\d]/gu;
const EMAIL = /(?<![^\s@])[^\s@]+@[^\s@]+/g;
const URL = /(?:https?:\/\/|www\.)\S+/giu;
const PHONE = /(?<![\p{L}\d])\+?\(?\d(?:[\s().-]{0,2}\d){6,}/gu;
const DATE = /(?<!\d)\d{1,4}([./-])\d{1,2}\1\d{1,4}(?!\d)/g;
const TIME = /(?<!\d)\d{1,2}:\d{2}(?!\d)/g;
/** Russian case endings written after digits: "на 5-ти", "для 2-х". Others ("1-го", "5-й") make ordinals. */
const RU_DIGIT_ENDING = /^(?:ти|х|ми|ью|ух|ех|и|ем)$/u;
const SENTENCE_HEDGE = /^(?:думаю|наверное|наверно|может|возможно|пожалуй|maybe|perhaps|probably|guess|think)$/u;

const spaces = (m: string): string => ' '.repeat(m.length);
/** Seven digits or more is a phone number when it has a "+", ten digits, or a last group of four ("555-0100"). */
function phoneLike(m: string): string {
  const groups = m.split(/\D+/).filter((g) => g !== '');
  const digits = groups.join('').length;
  return m.startsWith('+') || digits >= 10 || (groups.at(-1) ?? '').length >= 4 ? spaces(m) : m;
}

/** Emails, links, phone numbers, dates and times become spaces (same length, so offsets still hold). */
function blank(text: string): string {
  let t = text;
  if (t.includes('@')) t = t.replace(EMAIL, spaces);
  if (t.includes('/') || /www/i.test(t)) t = t.replace(URL, spaces);
  // The regular expressions cost more than the rest of readCount: run each only where it can match.
  if (/\d\D{0,3}\d\D{0,3}\d\D{0,3}\d\D{0,3}\d\D{0,3}\d\D{0,3}\d/.test(t)) t = t.replace(PHONE, phoneLike);
  if (/\d[./-]\d/.test(t)) t = t.replace(DATE, spaces);
  return t.includes(':') ? t.replace(TIME, spaces) : t;
}

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  let last = 0;
  for (const m of blank(text).matchAll(TOKEN)) {
    const raw = m[0];
    const s = m.index;
    const k = m[1] !== undefined ? 'd' : m[2] !== undefined ? 'w' : 'p';
    const t = k === 'w' ? raw.toLowerCase().replace(/ё/g, 'е') : raw;
    out.push({ t, s, e: s + raw.length, k, gap: s > last, cap: k === 'w' && raw[0] !== t[0] });
    last = s + raw.length;
  }
  return out;
}

/** Digits at toks[i] with what is attached to them: "1,000", "1 000", "20+", "20ish", "5-ти"; "12.50", "1st", "jane25" are no counts. */
function digitsAt(toks: Tok[], text: string, i: number): Num {
  let digits = (toks[i] as Tok).t;
  let j = i + 1;
  const prev = toks[i - 1];
  let not = prev !== undefined && prev.k === 'w' && !(toks[i] as Tok).gap;
  let hedged = prev !== undefined && !(toks[i] as Tok).gap && /^[~≈<>≤≥]$/u.test(prev.t);
  for (;;) {
    const sep = toks[j];
    const next = toks[j + 1];
    if (sep?.k === 'p' && (sep.t === ',' || sep.t === '.') && !sep.gap && next?.k === 'd' && !next.gap) {
      if (next.t.length === 3 && (j === i + 1 ? digits.length <= 3 : true)) digits += next.t;
      else not = true; // a decimal: a price or a version
      j += 2;
    } else if (sep?.k === 'd' && sep.t.length === 3 && digits.length <= 3 && j === i + 1 && /^[ \u00a0\u202f]$/u.test(text.slice((toks[i] as Tok).e, sep.s))) {
      digits += sep.t;
      j += 1;
    } else break;
  }
  const after = toks[j];
  if (after && !after.gap) {
    const word = after.t === '-' && toks[j + 1]?.k === 'w' && !toks[j + 1]?.gap ? toks[j + 1] as Tok : after.k === 'w' ? after : undefined;
    if (after.t === '+') { hedged = true; j += 1; } else if (word) {
      if (word.t === 'ish') hedged = true;
      else if (word === after || !RU_DIGIT_ENDING.test(word.t)) not = true;
      j += word === after ? 1 : 2;
    } else if (after.t === '%') not = true;
    else if ((after.t === ':' || after.t === '/') && toks[j + 1]?.k === 'd' && !toks[j + 1]?.gap) { not = true; j += 2; } // "12/05", "3/4"
  }
  return { value: Number(digits), from: i, to: j, not, hedged, phone: false };
}

/** What the words around a number say: a phone-number count, no count at all (money, a date, a postcode), or a count. */
function judge(n: Num, toks: Tok[]): void {
  const prev = toks[n.from - 1];
  const next = toks[n.to];
  const noun = next?.k === 'w' && ADJECTIVE.test(next.t) && toks[n.to + 1]?.k === 'w' ? toks[n.to + 1] : next;
  if (noun?.k === 'w' && PHONE_NOUN.test(noun.t)) { n.phone = true; n.not = true; return; }
  const isDigits = (toks[n.from] as Tok).k === 'd';
  const digitCount = isDigits ? String(n.value).length : 0;
  n.not ||= (prev !== undefined && NOT_COUNT_BEFORE.test(prev.t))
    || (next !== undefined && (NOT_COUNT_AFTER.test(next.t) || CURRENCY.test(next.t) || next.t === '%'))
    || (noun !== undefined && noun !== next && NOT_COUNT_AFTER.test(noun.t))
    || (next?.t === 'o' && toks[n.to + 2]?.t === 'clock')
    || monthNear(n, toks)
    || (prev?.t === 'at' && n.value <= 24 && !(next && LICENCE.test(next.t)))
    || (digitCount === 4 && n.value >= 1900 && n.value <= 2100 && prev !== undefined && YEAR_BEFORE.test(prev.t))
    // "10117 Berlin", "Москва 101000", "TX 78701"
    || (digitCount >= 4 && digitCount <= 6 && n.to - n.from === 1 && [prev, next].some((w) => w?.k === 'w' && w.cap && !LICENCE.test(w.t)))
    || ((toks[n.from] as Tok).t === 'one' && ((prev !== undefined && NOT_ONE_BEFORE.test(prev.t)) || next?.t === 'of'));
}

function monthNear(n: Num, toks: Tok[]): boolean {
  const isMonth = (at: number, numberAfter: boolean): boolean => {
    const w = toks[at];
    if (w?.k !== 'w' || !MONTHS.test(w.t)) return w?.t === 'of' && !numberAfter ? isMonth(at + 1, false) : false;
    // "may" only as "May 5", "by may 5" or "on 5 may", not "we may need 5"
    const before = toks[(numberAfter ? at : n.from) - 1];
    return w.t !== 'may' || w.cap || (before !== undefined && DATE_PREPOSITION.test(before.t));
  };
  return isMonth(n.to, false) || isMonth(n.from - 1, true);
}

/** Approximate: "~20", "20+", "about 20", "maybe we need 20", "20 or so", "человек 15". */
function hedgedAt(n: Num, toks: Tok[]): boolean {
  if (n.hedged) return true;
  const before: string[] = [];
  let i = n.from - 1;
  for (; i >= 0 && before.length < 5; i--) {
    const t = toks[i] as Tok;
    if (t.k === 'w') before.unshift(t.t);
    else if (t.t !== '-') break;
  }
  const joined = before.join(' ');
  // "how about 13" proposes a number, it does not guess one.
  if (/(?:^| )(?:how|what) about$/u.test(joined)) return false;
  // "like 5" guesses; "we'd like 5" asks for five.
  if (/(?:^| )like$/u.test(joined) && !/(?:^| )(?:i|we|d|id|wed|would|they|you|should|really)(?: really)? like$/u.test(joined)) return true;
  if (HEDGE_NEAR.test(joined) || HEDGE_CLAUSE.test(joined)) return true;
  if (toks[i]?.t === ',' && SENTENCE_HEDGE.test(toks[i - 1]?.t ?? '')) return true; // "думаю, нужно 20"
  const prev = toks[n.from - 1];
  const next = toks[n.to];
  if (prev?.k === 'w' && RU_INVERTED.has(prev.t) && !(next?.k === 'w' && LICENCE.test(next.t))) return true;
  const after: string[] = [];
  for (let j = n.to; j < toks.length && after.length < 4; j++) {
    const t = toks[j] as Tok;
    if (t.k === 'w') after.push(t.t);
    else if (t.t === '+' && after.length === 0) return true;
    else if (t.t !== '-' && t.t !== ',') break;
  }
  if (after[0] !== undefined && LICENCE.test(after[0])) after.shift();
  return HEDGE_AFTER.test(after.join(' '));
}

/** Every number readCount sees, judged. */
function numbersIn(text: string): { toks: Tok[]; nums: Num[] } {
  const toks = tokenize(text);
  const words = toks.map((t) => t.t);
  const nums: Num[] = [];
  for (let i = 0; i < toks.length;) {
    const tok = toks[i] as Tok;
    const attached = tok.k === 'w' && !tok.gap && toks[i - 1]?.k === 'd';
    const spoken = tok.k === 'w' && !attached ? spokenAt(words, i, true) : undefined;
    const n = tok.k === 'd' ? digitsAt(toks, text, i) : spoken ? { value: spoken.value, from: i, to: spoken.to, not: false, hedged: false, phone: false } : undefined;
    if (!n) { i += 1; continue; }
    judge(n, toks);
    if (!n.not) n.hedged = hedgedAt(n, toks);
    nums.push(n);
    i = n.to;
  }
  return { toks, nums };
}

/** Whether the words between two numbers make them one range or alternative ("20-25", "10 or 15", "20 users, maybe 25"). */
function joins(toks: Tok[], from: number, to: number, groupStart: number): boolean {
  const between = ['between', 'между'].includes(toks[groupStart - 1]?.t ?? '');
  let connector = false;
  let licence = false;
  for (let i = from; i < to; i++) {
    const t = (toks[i] as Tok).t;
    if (CONNECTOR_SYM.has(t)) connector ||= t !== ',';
    else if (CONNECTOR.has(t) || (between && (t === 'and' || t === 'и'))) connector = true;
    else if (LICENCE.test(t)) licence = true;
    else return false;
  }
  return !licence || connector;
}

/** A licence word right after the group (through one adjective: "25 Meet licences"), inside it, or right before ("users: 25"). */
function named(g: Num[], toks: Tok[]): boolean {
  const first = g[0] as Num;
  const last = g.at(-1) as Num;
  const isLicence = (t: Tok | undefined): boolean => t?.k === 'w' && LICENCE.test(t.t);
  for (let i = first.from; i < last.to + 1; i++) if (isLicence(toks[i])) return true;
  if (toks[last.to]?.k === 'w' && isLicence(toks[last.to + 1])) return true;
  let i = first.from - 1;
  while (toks[i] !== undefined && (/^[:=–—-]$/u.test((toks[i] as Tok).t) || RANGE_START.has((toks[i] as Tok).t))) i--;
  return isLicence(toks[i]);
}

/**
 * The licence count a message gives: one number (hedged when approximate), or the options of a range or an
 * alternative; undefined when it gives none. Digits inside emails, phone numbers, postcodes, prices,
 * dates and times, and ordinals ("1st") are not counts.
 */
export function readCount(text: string): CountReading | undefined {
  const { toks, nums } = numbersIn(text);
  const groups: Num[][] = [];
  for (const n of nums) {
    if (n.not) continue;
    const g = groups.at(-1);
    const last = g?.at(-1);
    if (g && last && joins(toks, last.to, n.from, (g[0] as Num).from)) g.push(n); else groups.push([n]);
  }
  if (groups.length === 0) return undefined;
  const withWord = groups.filter((g) => named(g, toks));
  const chosen = (withWord.length > 0 ? withWord : groups).flat();
  const values = [...new Set(chosen.map((n) => n.value))].sort((a, b) => a - b);
  const first = chosen[0] as Num;
  const opener = toks[first.from - 1];
  const from = opener && (RANGE_START.has(opener.t) || opener.t === '~' || opener.t === '≈') ? first.from - 1 : first.from;
  const start = (toks[from] as Tok).s;
  const end = (toks[(chosen.at(-1) as Num).to - 1] as Tok).e;
  if (values.length === 1) return { kind: 'exact', value: values[0] as number, hedged: chosen.some((n) => n.hedged), start, end };
  return { kind: 'options', values, start, end };
}

/** Every number in the text that could be a count, distinct, in order: a message with two of them is unsure. */
export function countValues(text: string): number[] {
  return [...new Set(numbersIn(text).nums.filter((n) => !n.not).map((n) => n.value))];
}

/** A count of phone numbers or lines ("2 new numbers", "два новых номера"); undefined when the message gives none. */
export function readSmallNumber(text: string): number | undefined {
  return numbersIn(text).nums.find((n) => n.phone)?.value;
}

const UNIT = '(?: (?:licen\\S*|seats?|users?|people|лиценз\\S*|мест\\S*|человек))?';
const NOT_THAT = new RegExp(`(?:^| )(\\S+)${UNIT} (?:not|instead of|rather than) (\\S+)${UNIT}(?= |$)`, 'u');
const NOT_THAT_RU = new RegExp(`(?:^| )не (\\S+)${UNIT} а (\\S+)${UNIT}(?= |$)`, 'u');

/** The count meant when a message sets one against the other ("12 not 10", "не 10 а 12"); undefined otherwise. */
export function countSaidAgainst(norm: string): number | undefined {
  // Both sides must be counts: "30 licences, not sure yet" sets nothing against anything.
  const both = (meant: string, other: string): number | undefined => {
    const m = countValues(meant)[0];
    return m !== undefined && countValues(other).length === 1 ? m : undefined;
  };
  const en = NOT_THAT.exec(norm);
  if (en) return both(en[1] as string, en[2] as string);
  const ru = NOT_THAT_RU.exec(norm);
  return ru ? both(ru[2] as string, ru[1] as string) : undefined;
}
