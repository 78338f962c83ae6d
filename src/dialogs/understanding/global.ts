import type { UserEvent } from '../../machines/upgrade.types.js';
import { closest } from './fuzzy.js';
import { isEnglishWord } from './dictionary.js';
import type { IntentTable } from './intent-table.js';
import { fromReading } from './answer-events.js';
import { questionPart } from './faq-search.js';
import { propose, subMessage, type Message } from './message.js';
import { TABLES, leadingYesNo, matches, stripFiller } from './tables.js';
import { readWhole, readingSize, type Reading } from './whole.js';

const ADDRESS_STEPS = new Set(['billingAddress', 'serviceAddress']);

/** Where a new clause starts: a new subject or a contrast. */
const SUBJECT_RESTART = /(?:^| )(?:but|though|however|we re|we are|were|im|i am|its|it is|our|но|однако|а|мы|у нас)(?= |$)/u;

/** Tax-exempt talk, unless negated just before ("we are not a non-profit"). */
function taxExempt(msg: Message): UserEvent | undefined {
  // Once sales has approved the exemption, saying so again is no reason to hand the conversation back.
  if (msg.view.taxExemptApproved) return undefined;
  const hit = (pick: (t: IntentTable) => readonly RegExp[]): boolean =>
    TABLES.some((t) => pick(t).some((re) => {
      const m = re.exec(msg.norm);
      if (!m) return false;
      // The negation reaches back over the clause it is in: "we're not a school or a nonprofit" is negated,
      // "we're not a big company, we're a small charity" is not (a new subject starts a new clause).
      const window = msg.norm.slice(Math.max(0, m.index - 40), m.index + 1);
      const clause = window.split(SUBJECT_RESTART).pop() ?? window;
      return !t.taxNegation.test(clause.trim());
    }));
  if (hit((t) => t.taxExempt)) return { type: 'TAX_EXEMPT' };
  // Street and city names ("School St", "University Ave") are not organisations.
  // "почта школы info@school57.example", "the school's email is ...": a school named beside an email or a site name
  // says whose they are, not that the buyer is tax-exempt.
  const named = msg.spans.some((x) => x.kind === 'email' || x.kind === 'site');
  if (!ADDRESS_STEPS.has(msg.view.step) && !named && msg.toks.length <= 8 && hit((t) => t.taxExemptMaybe)) return propose({ type: 'TAX_EXEMPT' });
  return undefined;
}

/** Whether the message gives answers of its own ("let's continue, but monthly", "ugh, just meet then"). */
function givesAnswers(msg: Message): boolean {
  return readingSize(readWhole(msg)) > 0;
}

/** "the suite order", "мой заказ": the draft referred to, not an answer given. */
const DRAFT_NAMED = /(?:^|[\s,.;:!?])(?:the|my|our|that|this|мой|наш|тот|этот)\s+(?:\p{L}+\s+)?(?:order|draft|purchase|заказ\p{L}*|черновик\p{L}*)(?=[\s,.;:!?]|$)/giu;

type Pick = (t: IntentTable) => readonly RegExp[];

/** The words of the message a command table matched ("reset everything"), or undefined. */
function commandWords(norm: string, pick: Pick): string | undefined {
  for (const t of TABLES) for (const re of pick(t)) {
    const m = re.exec(norm);
    if (m) return m[0];
  }
  return undefined;
}

/**
 * A command that comes with answers ("let's continue, but monthly", "redo it: meet, 9 seats"): the answers are
 * what it says. The command's own words give none ("reset everything" names no Suite). With a help-page
 * question besides, the whole message is left to the question's reading.
 */
function commandWithAnswers(msg: Message, pick: Pick, command: UserEvent): UserEvent | undefined {
  const own = readWhole(subMessage(msg, commandWords(msg.norm, pick) ?? ''));
  const beyond = (r: Reading): boolean => Object.keys(r.answers).some((k) => !(k in own.answers)) || Object.keys(r.early).length > 0 || (r.clarify !== undefined && !own.clarify);
  const raw = msg.raw.replace(DRAFT_NAMED, ' ');
  if (!beyond(readWhole(subMessage(msg, raw)))) return command;
  // Only the statements answer: "what's callback?" names no add-on wanted.
  const parts = raw.split(/(?<=[.!?;])\s+|[,;:]\s*/u).map((part) => part.replace(/^\s*(?:and|but|also|plus|а|и|но|еще)\s+/iu, '')).filter((part) => part.trim() !== '');
  const asked = parts.filter((part) => questionPart(part) !== '');
  const r = readWhole(subMessage(msg, parts.filter((part) => !asked.includes(part)).join(', ')));
  if (!beyond(r)) return asked.length > 0 ? undefined : command;
  const found = asked.map((q) => msg.view.faq?.match(q)).find((m) => m && m.id !== 'none');
  const event: UserEvent = { type: 'GIVE_ANSWERS', answers: r.answers };
  if (found) event.question = found.id;
  if (Object.keys(r.early).length > 0) event.early = r.early;
  if (r.clarify) event.clarify = r.clarify;
  return (asked.length === 0 ? fromReading(r, msg.view.step) : undefined) ?? event;
}

/**
 * One-word commands typed with a typo ("resum", "cancle", "помошь"). Only commands that lose nothing are
 * guessed at; a correctly spelt English word is what the person meant ("cars" is no "cart").
 */
const COMMAND_WORDS = new Map<string, UserEvent['type']>([
  ['resume', 'RESUME'], ['continue', 'RESUME'], ['cancel', 'CANCEL'], ['help', 'HELP'], ['cart', 'SHOW_CART'], ['basket', 'SHOW_CART'],
  ['продолжить', 'RESUME'], ['продолжим', 'RESUME'], ['отмена', 'CANCEL'], ['отменить', 'CANCEL'], ['помощь', 'HELP'], ['помогите', 'HELP'],
  ['корзина', 'SHOW_CART'],
]);

/** Russian verbs a letter or two from a command that mean something else ("сменить" is no "отменить"). */
const NOT_TYPOS = /^(?:с|из|за|по)мен\p{L}*$/u;

function commandTypo(msg: Message): UserEvent | undefined {
  const core = stripFiller(msg.norm);
  if (core === '' || core.includes(' ') || COMMAND_WORDS.has(core) || isEnglishWord(core) || NOT_TYPOS.test(core)) return undefined;
  const type = closest(core, COMMAND_WORDS);
  if (type === undefined || (type === 'RESUME' && msg.view.step === 'cart')) return undefined;
  return { type } as UserEvent;
}

/**
 * The commands available at every step, other than edits (see change.ts). Order matters where phrases
 * overlap: leaving for a human or switching language beats "help", "restart" beats "back". Commands that
 * come with answers ("let's continue, but monthly", "redo it: meet, 9 seats") leave the answers to be read.
 */
export function matchGlobal(msg: Message): UserEvent | undefined {
  const { norm, view } = msg;
  if (norm === '') return undefined;
  const tax = taxExempt(msg);
  if (tax) return tax;
  if (matches(norm, (t) => t.human)) {
    // "yes, connect me with sales" answers "Shall I connect you with sales?".
    return view.pending && leadingYesNo(norm)?.answer === 'yes' ? { type: 'CONFIRM_PENDING' } : { type: 'HUMAN' };
  }
  if (matches(norm, (t) => t.frustration) && !givesAnswers(msg)) return { type: 'HUMAN' };
  if (matches(norm, (t) => t.toEnglish)) return { type: 'SET_LOCALE', locale: 'en' };
  if (matches(norm, (t) => t.toRussian)) return { type: 'SET_LOCALE', locale: 'ru' };
  // At the cart "continue" is checkout (see understand.ts) and "I'm back" says nothing.
  const resume = view.step !== 'cart' && matches(norm, (t) => t.resume);
  const restart = matches(norm, (t) => t.restart);
  // "resume or start over?": a choice between the two is a question about them.
  if (resume && restart) return { type: 'HELP' };
  // Once the order is placed there is nothing to start over: a new order is a new start.
  if (view.step === 'done' && matches(norm, (t) => t.start)) return commandWithAnswers(msg, (t) => t.start, { type: 'START' });
  if (restart) return commandWithAnswers(msg, (t) => t.restart, { type: 'RESTART' });
  // After the order is placed there is no draft to cancel ("bye" at the end is a goodbye).
  if (view.step !== 'done' && matches(norm, (t) => t.cancel)) return { type: 'CANCEL' };
  if (resume) return commandWithAnswers(msg, (t) => t.resume, { type: 'RESUME' });
  if (matches(norm, (t) => t.cart)) return { type: 'SHOW_CART' };
  if (matches(norm, (t) => t.back)) return { type: 'BACK' };
  if (matches(norm, (t) => t.help)) return { type: 'HELP' };
  return commandTypo(msg);
}
