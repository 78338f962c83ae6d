import type { UserEvent } from '../../machines/upgrade.types.js';
import { licenceAnswer, withQuestion } from './answer-events.js';
import { parseChange } from './change.js';
import { subMessage, type Message } from './message.js';
import { parseCallback } from './steps-order.js';
import { ruCallbackUnsure } from './ru-order.js';
import { matches, yesNo } from './tables.js';
import { readWhole } from './whole.js';
import { weighYesNo } from './yes-no.js';

/** The first clause and the rest: "sure. email ana@acme.example", "add it, also go annual", "no, but make it 15". */
const FIRST_CLAUSE = /^(.+?)(?:[.,;!:—–]+\s*|(?<!\s)\s+-\s+|(?<!\s)\s+(?=(?:and|also|plus|but|а|и|но|ещё|еще)\s))(?:(?:and|also|plus|but|then|а|и|но|ещё|еще|тогда)[\s,]+)*(.+)$/su;

/**
 * At "Add the Callback add-on?": the yes or no, weighed, and whatever else the message gives ("no. do guests need
 * licenses?", "yes, and switch to annual"). Undefined when the message holds no answer to the question.
 */
export function readCallbackStep(msg: Message): UserEvent | undefined {
  const plain = yesNo(msg.raw, msg.norm);
  if (plain) return { type: 'SET_CALLBACK', value: plain === 'yes' };
  // Russian wavering has its own reading ("думаю да", "нет... хотя да", "да... хотя нет, не надо").
  const ru = ruCallbackUnsure(msg);
  if (ru) return ru;
  const weighed = matches(msg.norm, (t) => t.question) ? undefined : weighYesNo(msg.norm);
  if (weighed?.kind === 'firm') return { type: 'SET_CALLBACK', value: weighed.answer === 'yes' };
  // "не нужен нам этот колбэк", "skip the add-on": the add-on named with its yes or no.
  const whole = readWhole(msg);
  if (whole.answers.callback !== undefined && Object.keys(whole.answers).length === 1 && !whole.clarify && Object.keys(whole.early).length === 0) {
    return { type: 'SET_CALLBACK', value: whole.answers.callback };
  }
  const parts = FIRST_CLAUSE.exec(msg.raw);
  // "да нет, наверное", "yes maybe": the hedge is about the add-on; "yes, maybe 20 licences" hedges the rest.
  const hedgeOnly = parts !== null && matches(subMessage(msg, parts[2] as string).norm, (t) => t.hedge) && (parts[2] as string).trim().split(/\s+/u).length <= 2;
  if (weighed && (weighed.kind !== 'hedged' || !parts || hedgeOnly || matches(subMessage(msg, parts[1] as string).norm, (t) => t.hedge))) {
    return { type: 'CLARIFY', clarify: { field: 'callback', options: weighed.kind === 'both' ? [true, false] : weighed.kind === 'hedged' ? [weighed.answer === 'yes'] : [] } };
  }
  if (!parts) return undefined;
  const first = subMessage(msg, parts[1] as string);
  const said = yesNo(first.raw, first.norm) ?? answerOf(parseCallback(first));
  if (said === undefined) return undefined;
  const rest = subMessage(msg, parts[2] as string);
  // "ok, monthly then, and no callback": the add-on named in the rest is the answer, the "ok" only agrees.
  const named = readWhole(rest).answers.callback;
  const callback = named ?? said === 'yes';
  const asked = msg.view.faq?.match(rest.raw, msg.view.step);
  if (asked && asked.id !== 'none') {
    const q = withQuestion(rest, asked.id);
    if (q.type === 'ASK_QUESTION') return { type: 'GIVE_ANSWERS', answers: { callback }, question: q.id };
    if (q.type === 'GIVE_ANSWERS') return { ...q, answers: { ...q.answers, callback } };
  }
  const r = readWhole(rest);
  const answers = Object.keys(r.answers).length > 0 ? r.answers : licenceAnswer(parseChange(rest)) ?? {};
  const event: UserEvent = { type: 'GIVE_ANSWERS', answers: { ...answers, callback } };
  if (Object.keys(r.early).length > 0) event.early = r.early;
  if (r.clarify && r.clarify.field !== 'callback') event.clarify = r.clarify;
  return Object.keys(answers).length > 0 || event.early || event.clarify ? event : { type: 'SET_CALLBACK', value: callback };
}

function answerOf(e: UserEvent | undefined): 'yes' | 'no' | undefined {
  return e?.type === 'SET_CALLBACK' ? (e.value ? 'yes' : 'no') : undefined;
}
