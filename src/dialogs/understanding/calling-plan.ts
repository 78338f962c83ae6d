import type { CallingPlan } from '../../domain/types.js';
import type { UserEvent } from '../../machines/upgrade.types.js';
import { NOT_UNDERSTOOD, propose, type Message } from './message.js';
import { normalise } from './normalise.js';
import { findNumbers } from './numbers.js';
import { nominativePlace } from './ru-places.js';
import { TABLES, matches } from './tables.js';

interface Phone { e164: string; guessed: boolean }

/**
 * A phone number to E.164. Without a "+" the country code is a guess (North American 10 digits, Russian
 * "8 ..."), so the caller proposes the result instead of applying it.
 */
export function toE164(text: string, locale?: 'en' | 'ru'): Phone | undefined {
  const digits = text.replace(/\D/g, '');
  if (text.trim().startsWith('+')) return digits.length >= 8 && digits.length <= 15 ? { e164: `+${digits}`, guessed: false } : undefined;
  if (text.trim().startsWith('00') && digits.length >= 10 && digits.length <= 17) return { e164: `+${digits.slice(2)}`, guessed: false };
  if (digits.length === 10) return { e164: `+1${digits}`, guessed: true };
  if (digits.length === 11 && digits.startsWith('1')) return { e164: `+${digits}`, guessed: true };
  // "8-800-555-35-35", "8 916 ...": in a Russian conversation the trunk prefix 8 (or 7) is +7, no guess.
  if (digits.length === 11 && (digits.startsWith('8') || digits.startsWith('7'))) return { e164: `+7${digits.slice(1)}`, guessed: locale !== 'ru' };
  return undefined;
}

const PHONE = /\+?\d[\d\s().-]{6,}\d/g;
const NOT_AN_AREA = new Set(['total', 'all', 'sum', 'итоге', 'сумме', 'общем', 'целом', 'us', 'usa', 'the us', 'the usa', 'the states', 'uk', 'the uk', 'america', 'canada', 'сша', 'россии', 'рф']);

export function findPhones(raw: string, locale?: 'en' | 'ru'): { phones: Phone[]; rest: string } {
  const phones: Phone[] = [];
  const rest = raw.replace(PHONE, (m) => {
    const p = toE164(m, locale);
    if (!p) return m;
    phones.push(p);
    return ' ';
  });
  return { phones, rest };
}

/** "2 new numbers in 512", "no new numbers, port +1 512 555 0100", "5 номеров, код 495", "none". */
/** "toll free", "a ... 800 number": a kind of number, not a count of them. */
const NUMBER_KIND = /(?:^| )(?:toll ?free|freephone|vanity|бесплатн\p{L}*)(?= |$)|(?:^| )(?:a|an|one) (?:[a-z]+ ){0,6}\d{3,} number(?= |$)/u;
/** "just kidding, none", "2 in 512... no wait 3": the message corrects itself, so what it means is confirmed first. */
const CORRECTION = /(?:^| )(?:just kidding|jk|no wait|wait no|actually|i mean|or rather|scratch that|sorry|нет стоп|то есть|вернее|точнее)(?= |$)/u;
/**
 * "2 новых в 812... нет, 3", "3 in 415, no 4": a count taken back with a bare "no" and another said after it
 * wavers (as "suite на 8, нет на 9" does for licences), so both are offered; "no wait 3" above decides.
 */
const TAKEN_BACK = /^(.*\d.*?) (?:нет|ой|хотя нет|no|nope|oops)(?: (?:лучше|давайте|make it))? (\d+)(?: (?:нов\p{L}*|номер\p{L}*|new|numbers?|lines?))*$/u;
/** Its `.*\d.*?` tries every digit and every later position (quadratic): only short answers are read this way. */
const TAKEN_BACK_MAX_CHARS = 200;
/** "we don't need any numbers right now", "no numbers needed". */
const NO_NEED = /(?:^| )(?:(?:dont|do not|wont|will not) need (?:any )?(?:new )?(?:phone )?numbers|no (?:new )?numbers? (?:needed|required)|номера не нужны)(?= |$)/u;
/** A number of numbers not said: "a few", "some", "for everyone", "one each". */
const VAGUE_COUNT = /(?:^| )(?:a few|few|some|several|a bunch|for everyone|for everybody|one each|for each (?:user|licen[cs]e|person)|несколько|каждому|для всех)(?= |$)/u;
/** What stands between two counts that are either one: nothing (a dash), "or", "to", "или", "до". */
const EITHER_COUNT = /^(?:|or|to|или|либо|до)$/u;
/** "пару новых номеров", "a couple of new numbers": two, asked back. */
const COUPLE = /(?:^| )(?:пару|пара|парочку|a couple|couple of)(?= |$)/u;
/** "in 512 or 737 whichever is free": either area will do, so the first is proposed. */
const AREA_EITHER = /(?:^| )(?:in|area(?: code)?) (\d{3}) or (\d{3})(?= |$)/u;
/** Words that stand before "area" without naming one ("the area code", "which area"). */
const NOT_A_PLACE = new Set(['the', 'a', 'an', 'this', 'that', 'same', 'our', 'my', 'your', 'any', 'which', 'what', 'whats', 'local', 'new', 'numbers', 'number', 'an', 'of', 'in', 'for', 'with', 'under', 'by']);
/** "the austin area", "512 area": the area named before the word. */
const AREA_BEFORE = /(?:^| )([a-z]+|\d{3,4}) area(?: code)?(?= |$)/u;

/** Time words that a place cue ("for", "в") would take for an area: "none for now", "3 new for the moment". */
const NOT_WHERE = /(?:^| )(?:for now|right now|for the moment|at the moment|for the time being|just now|пока что|пока|сейчас|на данный момент|на первое время)(?= |$)/gu;
/** A dialling code said as one: "area code 617", "код 212", "кодом 495". */
const CODE_SAID = /(?:^| )(?:area code|code|код(?: города)?|кодом|коде)\s+(\d{2,5})(?= |$)/u;
/** "chicago (312)": the code in brackets after a place. */
const CODE_IN_BRACKETS = /\((\d{3})\)(?!\s*\d)/u;
/** The place a code was given for: "for reception", "для офиса в нью-йорке", "chicago": what the code says already. */
const PLACE_BEFORE_CODE = /(?:^| )(?:for|in|для|в)(?: [\p{L}-]+){1,3}$|(?:^| )(?:for|in|для|в)(?: [\p{L}-]+){1,3}(?= )/gu;

/** A capitalised name after the last comma, alone: "10 new, Denver", "2 новых, Казань". */
const PLACE_AFTER = /,\s*(\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+){0,2})\s*[.!]?\s*$/u;

/** Sign-offs that stand where a place would: "2 new numbers, Thanks". */
const CLOSING = /^(?:thanks?|thank you|thx|ty|please|pls|cheers|ok|okay|great|perfect|done|спасибо|пожалуйста|спс|ок|всё|все|отлично)$/iu;

/** One part of a message (before or after a correction) read alone, as a calling plan. */
function readPart(msg: Message, part: string): CallingPlan | undefined {
  const event = part === '' ? undefined : parseCallingPlan({ ...msg, raw: part, text: part, norm: part });
  const read = event?.type === 'PROPOSE' ? event.proposal : event;
  return read?.type === 'GIVE_CALLING_PLAN' ? read.callingPlan : undefined;
}

export function parseCallingPlan(msg: Message): UserEvent | undefined {
  if (NUMBER_KIND.test(msg.norm)) return NOT_UNDERSTOOD;
  if (CORRECTION.test(msg.norm)) {
    const parts = msg.norm.split(CORRECTION);
    const after = readPart(msg, parts.pop()?.trim() ?? '');
    // "2 in 512... no wait 3": the count corrected, the area kept.
    const area = after && after.newNumbers > 0 && after.area === undefined && after.port.length === 0 ? readPart(msg, parts[0] ?? '')?.area : undefined;
    return after ? propose({ type: 'GIVE_CALLING_PLAN', callingPlan: area === undefined ? after : { ...after, area } }) : NOT_UNDERSTOOD;
  }
  const wavers = msg.norm.length <= TAKEN_BACK_MAX_CHARS ? TAKEN_BACK.exec(msg.norm) : null;
  if (wavers?.[1] && wavers[2]) {
    const first = readPart(msg, wavers[1]);
    // Phones are blanked in the normalised text: the numbers to port are the whole message's.
    const phones = findPhones(msg.raw, msg.view.locale).phones;
    if (!first || phones.some((p) => p.guessed)) return NOT_UNDERSTOOD;
    const options = [...new Set([first.newNumbers, Number(wavers[2])])];
    const port = phones.map((p) => p.e164);
    return { type: 'CLARIFY', clarify: { field: 'callingPlan', options, ...(first.area !== undefined ? { area: first.area } : {}), ...(port.length > 0 ? { port } : {}) } };
  }
  const timeless = msg.norm.replace(NOT_WHERE, ' ').replace(/(?:^| )(?:thx|thanks|thank you|ty|please|pls|спасибо|пожалуйста|спс)(?= |$)/gu, ' ').replace(/\s+/gu, ' ').trim();
  if (matches(msg.norm, (t) => t.noNumbers) || NO_NEED.test(msg.norm) || (timeless !== msg.norm && (matches(timeless, (t) => t.noNumbers) || NO_NEED.test(timeless)))) return { type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: 0, port: [] } };
  // "what's an area code": the step's help explains it.
  if (/(?:^| )(?:what|whats|what is|what does)(?: an?)? area code(?= |$)/u.test(msg.norm)) return { type: 'HELP' };
  if (COUPLE.test(msg.raw.toLowerCase()) && !/\d/.test(msg.raw)) return { type: 'CLARIFY', clarify: { field: 'callingPlan', options: [2] } };
  // "a few new numbers", "new numbers for everyone": how many is asked again.
  if (VAGUE_COUNT.test(msg.norm) && !/\d/.test(msg.raw)) return { type: 'CHANGE', change: { field: 'callingPlan' } };
  // "drop it to 5 licences": a count of licences is an edit of the order, not of the calling plan.
  if (matches(msg.norm, (t) => t.licenseWord) && !matches(msg.norm, (t) => t.newNumbersWord)) return undefined;
  const { phones, rest } = findPhones(msg.raw, msg.view.locale);
  let norm = normalise(rest);
  let area: string | undefined;
  /** The area read from an unknown name in an oblique case: a guess, so the whole answer is confirmed. */
  let unsure = false;
  const either = AREA_EITHER.exec(norm);
  if (either) {
    const n = findNumbers(`${norm.slice(0, either.index)} ${norm.slice(either.index + either[0].length)}`);
    if (n.length !== 1) return NOT_UNDERSTOOD;
    return propose({ type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: (n[0] as { value: number }).value, area: either[1] as string, port: phones.map((p) => p.e164) } });
  }
  // "for now", "пока": when, not where; "area code 617", "chicago (312)", "код 212": a code said as one wins over
  // any place around it ("for reception, area code 617", "для офиса в нью-йорке, код 212").
  norm = norm.replace(NOT_WHERE, ' ').replace(/\s+/gu, ' ').trim();
  const coded = CODE_SAID.exec(norm) ?? CODE_IN_BRACKETS.exec(rest);
  if (coded?.[1]) {
    area = coded[1];
    norm = CODE_SAID.test(norm) ? norm.replace(CODE_SAID, ' ') : normalise(rest.replace(CODE_IN_BRACKETS, ' '));
    norm = norm.replace(PLACE_BEFORE_CODE, ' ').trim();
  }
  const before = area === undefined ? AREA_BEFORE.exec(norm) : null;
  if (before?.[1] && !NOT_AN_AREA.has(before[1]) && !NOT_A_PLACE.has(before[1])) {
    area = /^\d+$/.test(before[1]) ? before[1] : before[1].replace(/^\p{L}/u, (c) => c.toUpperCase());
    norm = `${norm.slice(0, before.index)} ${norm.slice(before.index + before[0].length)}`.trim();
  }
  for (const t of TABLES) {
    if (area !== undefined) break;
    const m = t.areaCue.exec(norm);
    const found = m?.[1]?.trim();
    if (m && found && !NOT_AN_AREA.has(found) && found.split(' ').length <= 3) {
      // "512 pls", "Manchester, UK", "512 annual still": politeness, a country or other answers end the area.
      // "for the austin office": the place, not the office.
      const plain = found.replace(/^(?:the|our|my) /u, '').replace(/ (?:office|offices|branch|team|hq|headquarters|site|location)$/u, '').replace(/ (?:pls|please|plz|thanks|thx|ty|uk|usa|us|gb|пожалуйста|спасибо|annual|monthly|yearly|ежегодно|ежемесячно)(?: .*)?$/u, '');
      // "650 later", "020 london": a dialling code with words after it is that code.
      const code = /^(\d{2,5})(?: \p{L}+)+$/u.exec(plain)?.[1];
      // "в Москве", "в Нижнем Новгороде": the area as a name, in the nominative; a guess at it is confirmed.
      const place = code || /^\d+$/.test(plain) ? undefined : nominativePlace(plain);
      if (place && !place.sure) unsure = true;
      area = code ?? place?.name ?? (/^\d+$/.test(plain) ? plain : plain.replace(/(^|\s)\p{L}/gu, (c) => c.toUpperCase()));
      norm = `${norm.slice(0, m.index)} ${norm.slice(m.index + m[0].length)}`.trim();
      break;
    }
  }
  // "ни одного", "not a single one": no number, though "одного" and "one" are numbers.
  norm = norm.replace(/(?:^| )(?:ни (?:одного|одной|единого)|not (?:a single|one)|none at all)(?: (?:new|нов\p{L}*|numbers?|номер\p{L}*|one))*(?= |$)/gu, ' no ');
  const nums = findNumbers(norm);
  const none = /(?:^| )(?:no|zero|без|нет|не нужно|не надо|ни)(?: new| новых)?(?: numbers?| номер\p{L}*)?(?= |$)/u.test(norm);
  if (nums.length > 1) {
    // "2 или 3 новых номера", "2-3 new in 495", "3 to 5": either count, asked back with both (area and porting kept).
    const [a, b] = nums as [{ value: number; from: number; to: number }, { value: number; from: number; to: number }];
    const between = norm.split(' ').slice(a.to, b.from).join(' ');
    if (nums.length !== 2 || !EITHER_COUNT.test(between) || a.value === b.value) return NOT_UNDERSTOOD;
    const port = phones.map((p) => p.e164);
    return { type: 'CLARIFY', clarify: { field: 'callingPlan', options: [a.value, b.value], ...(area !== undefined ? { area } : {}), ...(port.length > 0 ? { port } : {}) } };
  }
  const count = nums[0]?.value ?? (none || phones.length > 0 ? 0 : undefined);
  if (count === undefined) return area !== undefined ? NOT_UNDERSTOOD : undefined;
  if (nums.length === 0 && !none && phones.length === 0) return undefined;
  // "10 new, Denver": a place named after the count, capitalised as names are, is the area; a guess, so confirmed.
  const placeAfter = area === undefined && count > 0 ? PLACE_AFTER.exec(rest) : null;
  if (placeAfter?.[1] && !NOT_AN_AREA.has(placeAfter[1].toLowerCase()) && !CLOSING.test(placeAfter[1])) {
    area = placeAfter[1];
    unsure = true;
  }
  const callingPlan: CallingPlan = { newNumbers: count, port: phones.map((p) => p.e164) };
  if (area !== undefined) callingPlan.area = area;
  const event: UserEvent = { type: 'GIVE_CALLING_PLAN', callingPlan };
  return unsure || phones.some((p) => p.guessed) || matches(msg.norm, (t) => t.hedge) ? propose(event) : event;
}
