import type { Step } from '../../domain/types.js';
import { spokenAt } from './numbers-words.js';

/**
 * Russian constructions rewritten before anything is read, so the readers downstream see only the answers a
 * message gives. Words that name a plan, a renewal or a count but say something else are taken out ("раз в год
 * у нас аудит", "месяц назад", "бюджет на 2025 год", "звонков много", "если возьму 10"), corrections keep their
 * last word ("12 вместо 10", "call, а не meet"), and counts said as collective numerals or sums are made plain
 * ("нас трое", "7 менеджеров и директора"). The text stays readable Russian: the rules only delete or rephrase.
 */

/** Nouns and verbs that describe what a team does rather than name a plan ("встречи проводят", "звонков много"). */
const PLAN_NOUN = '(?:видео)?(?:встреч|совещан|конференц|митинг|звонк|звонит|телефони)\\p{L}*';
const PLAN_NAME = `(?:meet|call|suite|сьют\\p{L}*|сюит\\p{L}*|мит|колл|${PLAN_NOUN})`;
/** What a correction leaves behind: a number, a plan, a renewal ("не знаю, а какая разница" is none). */
const VALUE = `(?:\\d+|${PLAN_NAME}|(?:годов|месячн|ежемесячн|ежегодн|помесячн|год|месяц)\\p{L}*)`;
/**
 * "meet на 10, нет на 12 человек", "meet... хотя нет, suite": a value taken back with a bare "нет" wavers and
 * becomes an alternative, asked back; "нет, лучше на год", "нет, давайте 12" decide for the last value.
 */
const TAKEN_BACK = new RegExp(`(${VALUE})\\s*(?:\\.{2,}|…|,)?\\s*(?:хотя\\s+нет|нет|ой|то есть)\\s*[,.]?\\s*(?:(лучше|давайте|давай)\\s+)?(?:(?:на|для)\\s+)?(?=${VALUE}(?![\\p{L}\\d]))`, 'giu');
const RENEWAL_WORD = /(?<![\p{L}\d])(?:ежемесячн\p{L}*|ежегодн\p{L}*|годов\p{L}*|помесячн\p{L}*|месячн\p{L}*|год\p{L}*|месяц\p{L}*|мес)(?!\p{L})/giu;
/** A clause about an event or the past, in which a renewal word is a frequency or a date. */
const EVENT_CLAUSE = /(?:^|[^\p{L}])(?:у нас|провод\p{L}*|собрани\p{L}*|отч[её]т\p{L}*|аудит\p{L}*|планерк\p{L}*|планёрк\p{L}*|конференц\p{L}*|встреч\p{L}*|совещан\p{L}*|назад|зарегистр\p{L}*|пробн\p{L}*|бюджет\p{L}*|был\p{L}*|бывает)(?![\p{L}])/iu;
const PAYMENT_CLAUSE = /(?:^|[^\p{L}])(?:плат\p{L}*|оплат\p{L}*|подписк\p{L}*|продлен\p{L}*|тариф\p{L}*|лиценз\p{L}*|хоч\p{L}*|хотим|бер[её]м|возьм\p{L}*|удобн\p{L}*|лучше|давай\p{L}*|нужн\p{L}*|нужен)(?![\p{L}])/iu;
/** Opening a clause that asks rather than answers ("в чем разница годовой и месячной", "сколько человек может быть"). */
const ASKING_CLAUSE = /^\s*(?:а\s+|и\s+)?(?:в ч[её]м|чем|сколько|можно ли|зачем|почему|когда|как|какой|какая|какие|что такое|разве)(?![\p{L}])/iu;
/** Inside a sentence ending in "?": words that make a clause a question ("годовой можно?", "скидка будет?"). */
const QUESTION_WORD = /(?:^|[^\p{L}])(?:можно|ли|будет|это|как|что|когда|сколько|зачем|почему|где|какой|какая|какие|чем|разве)(?![\p{L}])/iu;
const PEOPLE_NOUN = '(?:человек|сотрудник|работник|менеджер|пользовател|лиценз|организатор|оператор|специалист|юзер|отдел|офис|команд)\\p{L}*';
/** One person more: "7 менеджеров и директора", "5 инженеров и руководитель" are eight and six. */
const ONE_MORE = '(?:директор|руководител|бухгалтер|начальник|секретар|ассистент|помощник|владел)\\p{L}*|меня|себя';
/** People who join meetings without a licence. */
const GUEST = '(?:гост|участник|посетител|слушател|зрител|клиент|приглаш[её]нн)\\p{L}*';

const COLLECTIVE = new Map([
  ['двое', 2], ['двоих', 2], ['трое', 3], ['троих', 3], ['четверо', 4], ['четверых', 4], ['пятеро', 5], ['пятерых', 5],
  ['шестеро', 6], ['шестерых', 6], ['семеро', 7], ['семерых', 7], ['восьмеро', 8], ['восьмерых', 8], ['девятеро', 9],
  ['девятерых', 9], ['десятеро', 10], ['десятерых', 10],
]);

/** Digits and number words of a clause taken out, the rest kept (a question's "50 лицензий" is no answer). */
function withoutValues(clause: string): string {
  return clause
    .replace(/\d+/gu, ' ')
    .replace(RENEWAL_WORD, ' ')
    .replace(new RegExp(`(?<![\\p{L}])${PLAN_NAME}(?![\\p{L}])`, 'giu'), ' ')
    .replace(/\p{L}+/gu, (w) => (spokenAt([w.toLowerCase()], 0, true) ? ' ' : w));
}

/** Splits at clause marks, keeping them, so each clause can be judged alone and the text put back together. */
function eachClause(text: string, judge: (clause: string, asked: boolean) => string): string {
  return text.replace(/[^.!?;]+[.!?;]*/gu, (sentence) => {
    // Once per sentence, not once per clause: a sentence of many clauses would be scanned again for each.
    const asked = /\?\s*$/u.test(sentence);
    return sentence.split(/(,|\s[—–-]\s|\s(?:но|а|поэтому|потому что|хотя|зато)\s)/u).map((part, i) => (i % 2 === 1 ? part : judge(part, asked))).join('');
  });
}

const GUEST_RE = new RegExp(GUEST, 'iu');
const PEOPLE_NOUN_RE = new RegExp(PEOPLE_NOUN, 'iu');

function clauseRules(text: string): string {
  return eachClause(text, (clause, asked) => {
    // "если возьму на год, ...": what is supposed is not chosen.
    if (/^\s*(?:а\s+)?если(?![\p{L}])/iu.test(clause)) return withoutValues(clause);
    if (ASKING_CLAUSE.test(clause) && !/^\s*(?:а\s+|и\s+)?как (?:в прошлый|раньше)/iu.test(clause)) return withoutValues(clause);
    if (asked && QUESTION_WORD.test(clause)) return withoutValues(clause);
    if (EVENT_CLAUSE.test(clause) && !PAYMENT_CLAUSE.test(clause)) return clause.replace(RENEWAL_WORD, ' ');
    // "участников на вебинарах до 200": guests need no licence, their numbers are no count.
    if (GUEST_RE.test(clause) && !PEOPLE_NOUN_RE.test(clause)) return clause.replace(/\d+/gu, ' ');
    return clause;
  });
}

/** "на сорок пять", "нас около сорока": number words after these are a count of people, written as digits. */
function numberWordsAsDigits(text: string): string {
  return text.replace(/(?<![\p{L}])(на|для|нас|всего)(\s+(?:около|примерно|где[- ]то)\s+|\s+)(\p{L}+(?:\s+\p{L}+){0,2})/giu, (m, pre: string, gap: string, words: string) => {
    const ws = words.toLowerCase().replace(/ё/g, 'е').split(/\s+/u);
    const span = spokenAt(ws, 0, false);
    if (!span) return m;
    return `${pre}${gap}${span.value}${words.split(/\s+/u).slice(span.to).map((w) => ` ${w}`).join('')}`;
  });
}

function termRules(text: string): string {
  return text
    // "на 12 мес", "12 месяцев вперёд": a year; "на 3 месяца": a term not sold, asked back as one of the two.
    .replace(/(?<![\p{L}\d])(?:(?:на|за|раз в)\s+)?(?:12|двенадцать)\s+(?:месяц\p{L}*|мес\.?)(?:\s+вперед|\s+вперёд)?(?![\p{L}])/giu, ' на год ')
    .replace(/(?<![\p{L}\d])на\s+(?:(?:[2-9]|1[01]|два|три|четыре|пять|шесть)\s*(?:месяц\p{L}*|мес\.?)|полгода)(?![\p{L}])/giu, ' помесячно или на год ');
}

function countRules(text: string): string {
  return numberWordsAsDigits(text)
    // "примерно на 30 человек": the hedge goes next to the number it hedges.
    .replace(/(?<![\p{L}])(около|примерно|приблизительно|где[- ]то|порядка)\s+(на|для)(?![\p{L}])/giu, '$2 $1')
    .replace(/(?<![\p{L}])(\p{L}+)(?![\p{L}])/gu, (w) => {
      const n = COLLECTIVE.get(w.toLowerCase());
      return n === undefined ? w : `${n} человек`;
    })
    // "снизьте до 10", "увеличить до 25": the number the count is changed to, no upper bound of a range.
    .replace(/(?<![\p{L}])((?:сниз|сниж|уменьш|увелич|сократ|довед|доведи|расшир|урез)\p{L}*)\s+до\s+(?=\d)/giu, '$1 ')
    .replace(/(?<![\p{L}])полтора десятка(?![\p{L}])/giu, 'около 15')
    .replace(/(?<![\p{L}])полторы сотни(?![\p{L}])/giu, 'около 150')
    .replace(/(?<![\p{L}])пар[ауы] десятков(?![\p{L}])/giu, 'около 20')
    .replace(/(?<![\p{L}])(?:только|лишь)\s+(?:на|для)\s+(?:меня|себя)(?:\s+одн(?:ого|ой))?(?![\p{L}])(?!\s+и\s)/giu, 'на 1 человек')
    .replace(/(?<![\p{L}])(?:на|для)\s+(?:меня|себя)\s+одн(?:ого|ой)(?![\p{L}])(?!\s+и\s)/giu, 'на 1 человек')
    .replace(/(?<![\p{L}])я\s+(?:плюс|и|\+)\s+(?:ещ[её]\s+)?(\d+)(?:\s+человек)?/giu, (_m, n: string) => `${Number(n) + 1} человек`)
    // "3 отдела по 10 человек": a product, asked back.
    .replace(new RegExp(`(\\d+)\\s+\\p{L}+\\s+по\\s+(\\d+)\\s+(${PEOPLE_NOUN})`, 'giu'), (_m, a: string, b: string, noun: string) => `около ${Number(a) * Number(b)} ${noun}`)
    .replace(new RegExp(`(\\d+)\\s+(\\p{L}+)\\s+и\\s+(?:ещ[её]\\s+)?(?:${ONE_MORE})(?![\\p{L}])`, 'giu'), (_m, n: string, noun: string) => `около ${Number(n) + 1} ${noun}`)
    .replace(new RegExp(`\\d+(\\s+${GUEST})`, 'giu'), '$1')
    // "на 2 этаже", "3 офиса", "в 2 филиалах": places counted, not people.
    .replace(/\d+(\s+(?:этаж|офис|филиал|отдел|кабинет|подъезд|корпус)\p{L}*)/giu, '$1')
    // Calendar years, days of the month, hours: "бюджет на 2025 год", "с 1 числа", "с 9 до 18", "встреча в 3".
    .replace(/(?<!\d)(?:19|20)\d{2}\s*(?:[—–-]\s*)?(?:г\.?|год\p{L}*)(?![\p{L}])/giu, ' ')
    .replace(/(?<![\p{L}])с\s+\d{1,2}\s+числа(?![\p{L}])/giu, ' ')
    .replace(/(?<![\p{L}])с\s+\d{1,2}(?::\d\d)?\s+до\s+\d{1,2}(?::\d\d)?(?!\d)(?!\s+(?:человек|лиценз|пользовател|сотрудник))/giu, ' ')
    .replace(/(?<![\p{L}])в\s+\d{1,2}(?::\d\d)?(?=\s*(?:[,.!;]|$|час|утра|вечера|дня))/giu, ' ');
}

const CHANGING_PLAN = /(?:^|[^\p{L}])(?:план\p{L}*|тариф\p{L}*|помен\p{L}*|смен\p{L}*|переключ\p{L}*|перейд\p{L}*|перейт\p{L}*|давай\p{L}*|лучше|хоч\p{L}*|хотим|нужн\p{L}*|нужен)(?![\p{L}])/iu;

function planRules(text: string, step: Step): string {
  let t = text
    // "колл-центр" is a kind of team, not the Call plan; "участникам совещаний" are guests of meetings.
    .replace(/(?<![\p{L}])(?:колл|кол|call)[- ]?центр(\p{L}*)/giu, 'контакт-центр$1')
    .replace(new RegExp(`(${GUEST})\\s+${PLAN_NOUN}`, 'giu'), '$1')
    // "suite но без call": Suite less its calling is Meet, and less its meetings Call; said so, it is asked back.
    .replace(/(?<![\p{L}])(?:suite|сьют\p{L}*|сюит\p{L}*)\s*,?\s*(?:но\s+)?без\s+(?:call|звонк\p{L}*|телефони\p{L}*)/giu, 'наверное meet')
    .replace(/(?<![\p{L}])(?:suite|сьют\p{L}*|сюит\p{L}*)\s*,?\s*(?:но\s+)?без\s+(?:meet|встреч\p{L}*|видеовстреч\p{L}*|конференц\p{L}*)/giu, 'наверное call')
    // "телефония не нужна", "без видеовстреч": a plan part declined is no choice of it.
    .replace(new RegExp(`(?<![\\p{L}])(?<!обратн\\p{L}*\\s)${PLAN_NOUN}\\s+(?:нам\\s+|мне\\s+)?(?:не\\s+нуж\\p{L}*|не\\s+надо|не\\s+требуется)`, 'giu'), ' ')
    .replace(new RegExp(`(?<![\\p{L}])(?:без|не\\s+нуж\\p{L}*|не\\s+надо)\\s+${PLAN_NOUN}`, 'giu'), ' ')
    // "у нас встреча в 3": an appointment, not the plan.
    .replace(/(?<![\p{L}])у нас(\s+(?:сейчас|завтра|сегодня|скоро))?\s+(?:встреча|совещание|конференция|созвон|звонок)(?![\p{L}])/giu, ' ')
    // "meet? или там записи не входят": a plan asked about, not chosen.
    .replace(new RegExp(`^(\\s*)(${PLAN_NAME})\\s*\\?(?=\\s*\\S)`, 'iu'), '$1наверное $2?');
  if (step === 'plan') return t;
  // "нет, Meet нам хватит": the plan already chosen is enough, no new choice.
  t = t.replace(new RegExp(`(?<![\\p{L}])${PLAN_NAME}\\s+(?:нам\\s+|мне\\s+)?(?:хватит|хватает|достаточно)`, 'giu'), ' хватит');
  // Once the plan is chosen, "звонков много", "встречи проводят" describe the work; "поменяй план на встречи" names one.
  if (!CHANGING_PLAN.test(t)) t = t.replace(new RegExp(`(?<![\\p{L}])(?<!обратн\\p{L}*\\s)${PLAN_NOUN}`, 'giu'), ' ');
  return t;
}

/** "12 вместо 10", "call, а не meet", "не meet, а suite": the word left behind goes, a change cue stays. */
function correctionRules(text: string): string {
  return text
    // "10, а может и все 15": a second number offered, an alternative.
    .replace(/\s*,?\s*а\s+может(?:\s+быть)?\s+(?:и\s+)?(?:все\s+)?(?=\d)/giu, ' или ')
    .replace(TAKEN_BACK, (_m, value: string, decided: string | undefined) => (decided ? 'лучше ' : `${value} или `))
    .replace(new RegExp(`(^|[\\s,])не\\s+${VALUE}\\s*,?\\s*а\\s+`, 'giu'), '$1лучше ')
    .replace(new RegExp(`\\s*,?\\s*(?:а\\s+не|вместо)\\s+${VALUE}(?![\\p{L}\\d])`, 'giu'), ' лучше');
}

const CYRILLIC = /\p{Script=Cyrillic}/u;
/** The order steps: later steps read names and addresses ("ул. Годовая", "в 3 подъезде"), left as typed. */
const ORDER_STEPS = new Set<Step>(['plan', 'renewal', 'licenses', 'callback', 'cart']);

export function rewriteRussian(text: string, step: Step): string {
  if (!ORDER_STEPS.has(step) || !CYRILLIC.test(text)) return text;
  return planRules(countRules(termRules(clauseRules(correctionRules(text)))), step);
}
