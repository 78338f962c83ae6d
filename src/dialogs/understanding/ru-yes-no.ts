import { RU } from './intents.ru.js';

/**
 * Russian yes and no beyond the phrasebook's fixed forms: "дааа", "хорошо давайте", "не нужно нам это",
 * "колбек не берём", "нет всё-таки не надо" (every word says the same), and the phrases whose first word says
 * the opposite: "нет проблем" and "не вопрос" are yes, "да нет" is no.
 */

const YES_TOKENS = new Set(['да', 'ага', 'угу', 'ок', 'окей', 'конечно', 'давай', 'давайте', 'хорошо', 'ладно', 'добавь', 'добавьте',
  'добавляй', 'добавляйте', 'пусть', 'будет', 'подключите', 'подключай', 'подключайте', 'согласен', 'согласна', 'естественно',
  'разумеется', 'норм', 'отлично', 'супер', 'можно', 'нужен', 'нужно', 'надо', 'берем', 'беру', 'оставляем', 'оставьте']);
const NO_TOKENS = new Set(['нет', 'не', 'неа', 'надо', 'нужно', 'нужен', 'нужна', 'берем', 'беру', 'хочу', 'хотим', 'требуется',
  'обойдемся', 'обойдусь', 'обойдется', 'будем', 'стоит']);
const NEGATORS = new Set(['нет', 'не', 'неа', 'обойдемся', 'обойдусь', 'обойдется']);
/** Words that add nothing to a yes or no: particles, pronouns, the add-on's own name. */
const NEUTRAL = /(?:^| )(?:все таки|всетаки|все же|же|уж|ну|нам|мне|нас|это|этого|его|ее|их|он|она|тогда|уже|спасибо|пожалуйста|колб[эе]к\p{L}*|коллб[эе]к\p{L}*|callback|обратн\p{L}* (?:вызов|звонок)\p{L}*|надстройк\p{L}*|эт\p{L}* надстройк\p{L}*)(?= |$)/gu;
const OPPOSITE_YES = /^(?:нет проблем|без проблем|не вопрос|не проблема)(?= |$)/u;
/** Words that take an answer back or leave it open: a yes or no said with them is no plain answer. */
const UNSURE = /(?:^| )(?:хотя|ой|то есть|или)(?= |$)/u;

function plainWords(norm: string): string[] {
  const collapsed = norm.replace(/(\p{L})\1{2,}/gu, '$1');
  const flipped = collapsed.replace(OPPOSITE_YES, 'да').replace(/^(?:да|конечно|ну|точно|однозначно) нет(?= |$)/u, 'нет');
  return flipped.replace(NEUTRAL, ' ').split(' ').filter((w) => w !== '');
}

/** A yes or no the whole message is made of, by its words; undefined when they are mixed or say more. */
export function ruYesNo(core: string): 'yes' | 'no' | undefined {
  if (!/\p{Script=Cyrillic}/u.test(core) || UNSURE.test(core) || RU.hedge.test(core)) return undefined;
  const words = plainWords(core);
  if (words.length === 0) return undefined;
  if (words.some((w) => NEGATORS.has(w)) && words.every((w) => NO_TOKENS.has(w))) return 'no';
  if (words.every((w) => YES_TOKENS.has(w))) return 'yes';
  return undefined;
}

/**
 * A Russian yes or no opening a longer message: "да нет, не надо", "нет проблем, добавляйте", "не, нам не нужно",
 * "ага, 30". 'unsure' when the rest takes it back or hedges ("да... хотя нет", "да нет, наверное").
 */
export function ruLeadingYesNo(norm: string): { answer: 'yes' | 'no'; rest: string } | 'unsure' | undefined {
  const m = /^(да нет|нет проблем|без проблем|не вопрос|не|неа|ага|угу|конечно|хорошо|ладно|да|нет|ок) (.+)$/u.exec(norm);
  if (!m) return undefined;
  const rest = m[2] as string;
  if (UNSURE.test(rest) || RU.hedge.test(norm)) return 'unsure';
  // "не знаю", "не уверен": "не" negates the verb, it is no "no"; "конечно нет" is a no.
  if (/^(?:не|неа) (?:знаю|уверен\p{L}*|решил\p{L}*|понимаю|понял\p{L}*|помню|могу)(?= |$)/u.test(norm)) return 'unsure';
  const lead = /^(?:конечно|ок|хорошо|ладно) нет(?= |$)/u.test(norm) ? 'нет' : m[1] as string;
  const answer = lead === 'да нет' || lead === 'не' || lead === 'неа' || lead === 'нет' ? 'no' : 'yes';
  return { answer, rest };
}
