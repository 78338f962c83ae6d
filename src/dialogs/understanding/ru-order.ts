import type { UserEvent } from '../../machines/upgrade.types.js';
import { RU } from './intents.ru.js';
import { propose, type Message } from './message.js';
import { phrase } from './normalise.js';
import { spokenAt } from './numbers-words.js';

/**
 * Russian readings at the order steps that the shared step parsers call before their own: hedged choices
 * ("наверное meet", "suite вроде"), counts that are no number ("несколько", "0"), and the Callback answer said
 * unsure or corrected ("наверное да", "да... хотя нет", "нет, хотя давайте добавим").
 */

const E = '\\p{L}*';

/** "наверное meet", "suite вроде", "скорее годовую": the choice is a guess, asked back. */
export function ruHedged(msg: Message): boolean {
  // With a number in the message ("сьют, нас около сорока") the hedge is the count's.
  return RU.hedge.test(msg.norm) && !/\d/.test(msg.text) && !msg.toks.some((w) => spokenAt([w], 0, true));
}

/** "нужна телефония", "с телефонией": Call and Suite both have telephony; "только телефония" is Call. */
const TELEPHONY_ONLY = /^(?:(?:нам |мне )?(?:нужна|нужен|нужно|хотим|хочу|с|со|надо) )?телефони\p{L}*$/u;

export function ruPlanUnsure(msg: Message): UserEvent | undefined {
  if (TELEPHONY_ONLY.test(msg.norm) && msg.norm.split(' ').length > 1) return { type: 'CLARIFY', clarify: { field: 'plan', options: ['call', 'suite'] } };
  return undefined;
}

/** "несколько", "много", "как в прошлый раз", "столько же сколько сотрудников": no count to take ("0" is, and refused). */
const VAGUE_COUNT = phrase(`несколько|много|немного|куча|столько же|как в прошлый раз|как раньше|как обычно|сколько (нужно|надо|скажете)`);

export function ruCountUnsure(msg: Message): UserEvent | undefined {
  const asked: UserEvent = { type: 'CLARIFY', clarify: { field: 'licenses', options: [] } };
  if (!/\d/.test(msg.norm) && VAGUE_COUNT.test(msg.norm) && msg.norm.split(' ').length <= 6) return asked;
  return undefined;
}

const YES_WORD = phrase(`да${E}|ага|угу|ок|окей|конечно|давай${E}|добав${E}|хорошо|подключ${E}|включ${E}|оставь${E}|нужен|нужно|надо|пусть будет`);
const NO_WORD = phrase(`нет|не|неа|не надо|не нужно|не нужен|убер${E}|без него|обойд${E}`);
/** Words that take back what was just said: "да... хотя нет", "нет, ой, да", "да, то есть нет". */
const TAKE_BACK = /(?:^| )(?:хотя|ой|то есть|или)(?= |$)/u;
const UNDECIDED = phrase(`не знаю${E}|не знаю даже|хз|думаю|подумаю|подумать|посмотрим|не уверен${E}|не решил${E}|еще думаю|я еще думаю|пока не знаю|сложно сказать|затрудняюсь`);

function leaning(part: string): boolean | undefined {
  const p = part.replace(/^да нет(?= |$)/u, 'нет');
  const no = /^(?:нет|не|неа)(?= |$)/u.test(p) || (NO_WORD.test(p) && !YES_WORD.test(p.replace(/не (?:надо|нужно|нужен)/gu, '')));
  const yes = YES_WORD.test(p) && !no;
  return yes ? true : no ? false : undefined;
}

/**
 * The Callback answer when it is unsure or taken back: "наверное да" proposes yes, "не знаю" asks, "да... хотя
 * нет" asks with both, and a take-back that says more ("хотя нет, не надо", "хотя давайте добавим") is the answer.
 */
export function ruCallbackUnsure(msg: Message): UserEvent | undefined {
  const { norm } = msg;
  const back = TAKE_BACK.exec(norm);
  if (back) {
    const first = leaning(norm.slice(0, back.index).trim());
    const rest = norm.slice(back.index + back[0].length).trim();
    const last = leaning(rest);
    if (first !== undefined && last !== undefined && first !== last) {
      // A bare "нет" or "да" after the take-back wavers; a restated answer ("нет, не надо") decides.
      return rest.split(' ').length >= 2 && !RU.hedge.test(rest)
        ? { type: 'SET_CALLBACK', value: last }
        : { type: 'CLARIFY', clarify: { field: 'callback', options: [first, last] } };
    }
  }
  if (RU.hedge.test(norm) || UNDECIDED.test(norm)) {
    const lean = leaning(norm.replace(UNDECIDED, ' ').replace(RU.hedge, ' ').trim());
    return lean === undefined ? { type: 'CLARIFY', clarify: { field: 'callback', options: [] } } : propose({ type: 'SET_CALLBACK', value: lean });
  }
  return undefined;
}

const CALLBACK_WORD = `(?:колб[эе]к${E}|коллб[эе]к${E}|callback|обратн${E} (?:вызов${E}|звон${E}))`;
const CALLBACK_OPEN = new RegExp(`(?:^| )(?:(?:может|наверное|возможно) ${CALLBACK_WORD}|${CALLBACK_WORD}(?: пока)? (?:посмотрим|подумаем|не знаю${E}|под вопросом|решим позже|наверное|может быть|может|возможно))(?: (да|нет))?(?= |$)`, 'u');

/** "колбэк посмотрим", "callback наверное да": the add-on left open in a message of answers, asked back. */
export function ruCallbackOpen(norm: string): boolean[] | undefined {
  const m = CALLBACK_OPEN.exec(norm);
  if (!m) return undefined;
  return m[1] === 'да' ? [true] : m[1] === 'нет' ? [false] : [];
}

/** "да, соединяйте", "пусть продажи свяжутся": yes to "Shall I connect you with sales?". */
const CONNECT = /^(?:(?:да|ок|хорошо|давайте) )?(?:соедин\p{L}*|свяжите|переключите|зовите|пусть (?:продажи|менеджер\p{L}*|специалист\p{L}*|кто нибудь) (?:свяж\p{L}*|позвон\p{L}*|напиш\p{L}*))(?: (?:меня|нас|с продажами|с менеджером|с человеком|пожалуйста))*$/u;

/** "yes connect me", "sure, put me through", "ok go ahead": the same yes in English. */
const CONNECT_EN = /^(?:(?:yes|yeah|yep|sure|ok|okay|please) )?(?:please )?(?:connect|transfer|put|hand|pass|go ahead|do it|do that)(?: (?:me|us|through|over|them|it|to (?:sales|them|someone|a person|a human)|with (?:sales|them|someone|a person)|please|now))*$/u;

export function connectYes(norm: string): 'yes' | undefined {
  return CONNECT.test(norm) || CONNECT_EN.test(norm) ? 'yes' : undefined;
}
