/**
 * Number words in English and Russian (every case and gender), how they combine into one spoken number, and
 * the words around a number that tell readCount whether it is a licence count. Words are lower case, ё as е.
 */

export type Kind = 'unit' | 'teen' | 'tens' | 'hundreds' | 'hundred' | 'thousand' | 'dozen';
interface Word { value: number; kind: Kind }

const EN_UNITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const EN_TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** Russian numerals: nominative first, then the oblique forms ("на двадцать пять", "для двадцати пяти", "с двадцатью пятью"). */
const RU_WORDS: [string, number, Kind][] = [
  ['ноль нуль нуля', 0, 'unit'],
  ['один одна одно одного одной одному одним одну одном', 1, 'unit'],
  ['два две двух двум двумя', 2, 'unit'],
  ['три трех трем тремя', 3, 'unit'],
  ['четыре четырех четырем четырьмя', 4, 'unit'],
  ['пять пяти пятью', 5, 'unit'],
  ['шесть шести шестью', 6, 'unit'],
  ['семь семи семью', 7, 'unit'],
  ['восемь восьми восемью восьмью', 8, 'unit'],
  ['девять девяти девятью', 9, 'unit'],
  ['десять десяти десятью десяток десятка', 10, 'teen'],
  ['сорок сорока', 40, 'tens'],
  ['пятьдесят пятидесяти пятьюдесятью полсотни', 50, 'tens'],
  ['шестьдесят шестидесяти шестьюдесятью', 60, 'tens'],
  ['семьдесят семидесяти семьюдесятью', 70, 'tens'],
  ['восемьдесят восьмидесяти восемьюдесятью восьмьюдесятью', 80, 'tens'],
  ['девяносто девяноста', 90, 'tens'],
  ['сто ста сотня сотню сотней', 100, 'hundreds'],
  ['двести двухсот двумстам двумястами двухстах', 200, 'hundreds'],
  ['триста трехсот тремстам тремястами трехстах', 300, 'hundreds'],
  ['четыреста четырехсот четыремстам четырьмястами четырехстах', 400, 'hundreds'],
  ['тысяча тысячи тысяч тысячу тысячей тысяче тысячам тысячами тысячах', 1000, 'thousand'],
  ['дюжина дюжину дюжины дюжиной дюжине', 12, 'dozen'],
];
// Regular stems: -ь (nominative), -и (genitive, dative, prepositional), -ью (instrumental).
const RU_TEENS = ['одиннадцат', 'двенадцат', 'тринадцат', 'четырнадцат', 'пятнадцат', 'шестнадцат', 'семнадцат', 'восемнадцат', 'девятнадцат'];
RU_TEENS.forEach((s, i) => RU_WORDS.push([`${s}ь ${s}и ${s}ью`, 11 + i, 'teen']));
RU_WORDS.push(['двадцать двадцати двадцатью', 20, 'tens'], ['тридцать тридцати тридцатью', 30, 'tens']);
// 500-900: пятьсот, пятисот, пятистам, пятьюстами, пятистах.
for (const [nom, gen, ins, value] of [['пять', 'пяти', 'пятью', 500], ['шесть', 'шести', 'шестью', 600], ['семь', 'семи', 'семью', 700],
  ['восемь', 'восьми', 'восемью', 800], ['девять', 'девяти', 'девятью', 900]] as const) {
  RU_WORDS.push([`${nom}сот ${gen}сот ${gen}стам ${ins}стами ${gen}стах${value === 800 ? ' восьмьюстами' : ''}`, value, 'hundreds']);
}

const WORDS = new Map<string, Word>();
EN_UNITS.forEach((w, i) => WORDS.set(w, { value: i, kind: 'unit' }));
EN_TEENS.forEach((w, i) => WORDS.set(w, { value: 10 + i, kind: 'teen' }));
EN_TENS.forEach((w, i) => { if (w) WORDS.set(w, { value: i * 10, kind: 'tens' }); });
WORDS.set('hundred', { value: 100, kind: 'hundred' });
WORDS.set('thousand', { value: 1000, kind: 'thousand' });
WORDS.set('dozen', { value: 12, kind: 'dozen' });
for (const [forms, value, kind] of RU_WORDS) for (const f of forms.split(' ')) WORDS.set(f, { value, kind });

/** Colloquial counts readCount also takes (findNumbers keeps to numerals): "a couple", "пару сотрудников". */
const COLLOQUIAL = new Map<string, Word>([
  ['couple', { value: 2, kind: 'unit' }], ['пара', { value: 2, kind: 'unit' }], ['пару', { value: 2, kind: 'unit' }],
  ['пары', { value: 2, kind: 'unit' }], ['парочку', { value: 2, kind: 'unit' }], ['парочка', { value: 2, kind: 'unit' }],
  ['полдюжины', { value: 6, kind: 'unit' }],
]);
// Collective numerals: "нас пятеро", "на троих".
['двое двоих', 'трое троих', 'четверо четверых', 'пятеро пятерых', 'шестеро шестерых', 'семеро семерых', 'восьмеро восьмерых',
  'девятеро девятерых', 'десятеро десятерых'].forEach((forms, i) => { for (const f of forms.split(' ')) COLLOQUIAL.set(f, { value: i + 2, kind: 'unit' }); });
/** Words that multiply the number before them: "two dozen", "пару десятков", "три дюжины". */
const MULTIPLIERS = new Map([['dozen', 12], ['dozens', 12], ['дюжины', 12], ['дюжин', 12], ['десятка', 10], ['десятков', 10]]);

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

const A_BEFORE = new Set(['dozen', 'hundred', 'thousand']);

/**
 * The spoken number starting at words[start], if any: its value and the index after it. A "-" between two
 * number words joins them ("twenty-five"); `colloquial` adds "a couple", "half a dozen" and multipliers.
 */
export function spokenAt(words: readonly string[], start: number, colloquial: boolean): { value: number; to: number } | undefined {
  const get = (w: string | undefined): Word | undefined => (w === undefined ? undefined : WORDS.get(w) ?? (colloquial ? COLLOQUIAL.get(w) : undefined));
  let i = start;
  let first: Word | undefined;
  if (colloquial && words[i] === 'half' && words[i + 1] === 'a' && words[i + 2] === 'dozen') return { value: 6, to: i + 3 };
  // "a dozen", "a hundred", "a thousand", "a couple"
  if (words[i] === 'a' && (A_BEFORE.has(words[i + 1] ?? '') || (colloquial && words[i + 1] === 'couple'))) {
    first = get(words[i + 1]);
    i += 2;
  } else {
    first = get(words[i]);
    if (!first) return undefined;
    i += 1;
  }
  const w0 = first as Word;
  let total = w0.kind === 'thousand' ? w0.value : 0;
  let current = w0.kind === 'thousand' ? 0 : w0.value;
  let prev = w0.kind;
  while (i < words.length) {
    // "one hundred and five", "twenty-five"
    const skip = (((words[i] === 'and' || words[i] === 'и') && (prev === 'hundred' || prev === 'thousand')) || words[i] === '-') && get(words[i + 1]) ? 1 : 0;
    const w = get(words[i + skip]);
    if (!w || !canFollow(prev, w.kind, current)) break;
    if (w.kind === 'hundred') current = (current || 1) * 100;
    else if (w.kind === 'thousand') { total += (current || 1) * 1000; current = 0; } else current += w.value;
    prev = w.kind;
    i += 1 + skip;
  }
  const times = colloquial ? MULTIPLIERS.get(words[i] ?? '') : undefined;
  if (times !== undefined && prev !== 'dozen') return { value: (total + current) * times, to: i + 1 };
  return { value: total + current, to: i };
}

// ---- the words around a count (tokens of readCount: lower case, ё as е) ----

/** Words naming what is counted as licences: "25 users", "лицензий 15", "на 10 человек". */
export const LICENCE = /^(?:licen[cs]\p{L}*|lisen[cs]\p{L}*|seats?|users?|people|persons?|employees?|staff|hosts?|members?|accounts?|лиценз\p{L}*|пользовател\p{L}*|человек\p{L}*|чел|люд(?:ей|ям|и|ьми)|сотрудник\p{L}*|работник\p{L}*|мест[оау]?|местах|юзер\p{L}*|аккаунт\p{L}*|учетк\p{L}*|штук\p{L}*|шт|лиц|менеджер\p{L}*|организатор\p{L}*|оператор\p{L}*|специалист\p{L}*|стажер\p{L}*|стажёр\p{L}*)$/u;
/** Licence words whose place before a Russian number makes it approximate ("человек 15" is "about 15 people"). */
export const RU_INVERTED = new Set(['человек', 'пользователей', 'сотрудников', 'мест', 'юзеров', 'штук', 'аккаунтов', 'работников', 'людей']);

/** Right after a number: not a licence count (durations, phone numbers, percentages, money, times of day, "3 times"). */
export const NOT_COUNT_AFTER = /^(?:days?|weeks?|months?|mos?|years?|yrs?|hours?|hrs?|h|minutes?|mins?|seconds?|secs?|numbers?|lines?|dids?|extensions?|percent|per|pct|times|x|am|pm|oclock|usd|eur|euros?|gbp|dollars?|bucks|cents?|день|дня|дней|недел\p{L}*|месяц\p{L}*|год\p{L}*|лет|г|час\p{L}*|минут\p{L}*|секунд\p{L}*|номер\p{L}*|лини\p{L}*|процент\p{L}*|раз|раза|руб\p{L}*|р|евро|доллар\p{L}*|бакс\p{L}*|утра|вечера|ночи|числа|число|этаж\p{L}*|офис\p{L}*|отдел\p{L}*|филиал\p{L}*|кабинет\p{L}*|подъезд\p{L}*)$/u;
/** Phone numbers and lines, for readSmallNumber ("2 new numbers", "два новых номера"). */
export const PHONE_NOUN = /^(?:numbers?|lines?|dids?|номер\p{L}*|лини\p{L}*)$/u;
/** Adjectives that may stand between a number and its noun ("2 new numbers", "25 Meet licences"). */
export const ADJECTIVE = /^(?:new|more|extra|additional|phone|direct|local|meet|call|suite|webex|paid|нов\p{L}*|дополнительн\p{L}*|телефонн\p{L}*|городск\p{L}*|платн\p{L}*|ещ[её])$/u;
/** Right before a number: money, house and flat numbers, codes. */
export const NOT_COUNT_BEFORE = /^(?:usd|eur|gbp|rub|us|дом|д|кв|квартира|офис|офисе|кабинет\p{L}*|комнат\p{L}*|этаж\p{L}*|office|apt|apartment|room|unit|floor|корпус|строение|стр|ул|улица|street|st|zip|postcode|индекс|code|код|pin|version|v|#|№|\$|€|£|₽|¥|₴|₸)$/u;
export const CURRENCY = /^[$€£₽¥₴₸]$/u;
export const MONTHS = /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|январ\p{L}*|феврал\p{L}*|марта?|апрел\p{L}*|мая|май|июн\p{L}*|июл\p{L}*|август\p{L}*|сентябр\p{L}*|октябр\p{L}*|ноябр\p{L}*|декабр\p{L}*)$/u;
/** "may" is a month only capitalised or after a date preposition ("by may 5", "on 5 may"), not in "we may need 5". */
export const DATE_PREPOSITION = /^(?:on|by|until|till|before|after|since|from|of|in|the)$/u;
export const YEAR_BEFORE = /^(?:in|since|until|till|by|of|from|year|в|с|до|к|году?)$/u;
/** "the one", "no one": not a count of one. */
export const NOT_ONE_BEFORE = /^(?:this|that|the|which|no|any|every|each|another|other|last|next)$/u;

/** Hedges right before a number ("about 20", "около 20", "где-то 20", "up to 20"). */
export const HEDGE_NEAR = /(?:^| )(?:about|around|approximately|approx|roughly|circa|ca|nearly|almost|some|close to|something like|at least|at most|up to|no more than|not more than|more than|less than|fewer than|over|under|max|maximum|min|minimum|около|примерно|приблизительно|порядка|где то|почти|плюс минус|не меньше|не больше|не более|не менее|до|больше|более|меньше|менее|свыше|максимум|минимум|где нибудь)$/u;
/** Hedges a few words before a number ("maybe we need 20", "думаю, нужно 20"). */
export const HEDGE_CLAUSE = /(?:^| )(?:maybe|perhaps|probably|prob|probs|prolly|possibly|i think|i guess|guess|not sure|estimate|наверное|наверно|может|возможно|вроде|думаю|пожалуй|не знаю)(?: \p{L}+){0,3}$/u;
/** Hedges right after a number or its licence word ("20 or so", "20 человек примерно", "20 с лишним"). */
export const HEDGE_AFTER = /^(?:or so|ish|or more|or less|plus|give or take|max|maximum|at most|at least|maybe(?! (?:more|later|next))|perhaps|probably|i think|i guess|примерно|приблизительно|где то|или около того|около того|с лишним|с небольшим|или больше|или меньше|плюс|наверное|может|максимум|минимум|не больше|не меньше)(?= |$)/u;
/** Words that join the numbers of one range or alternative ("20 to 25", "10 или 15", "20, maybe 25"). */
export const CONNECTOR = new Set(['to', 'or', 'maybe', 'perhaps', 'possibly', 'probably', 'even', 'till', 'until', 'through', 'up', 'max', 'до', 'или', 'либо', 'может', 'быть', 'возможно', 'а', 'даже', 'то', 'ли', 'максимум',
  'about', 'around', 'approximately', 'roughly', 'около', 'примерно', 'где', 'порядка', 'наверное']);
export const CONNECTOR_SYM = new Set(['-', '–', '—', ',', '/', '~', '…']);
/** Before the first number of a range: "between 20 and 25", "от 10 до 15", "either 10 or 15". */
export const RANGE_START = new Set(['between', 'from', 'either', 'между', 'от', 'либо']);
