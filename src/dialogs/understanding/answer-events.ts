import { countSaidAgainst } from './numbers.js';
import type { Renewal, Step } from '../../domain/types.js';
import type { Change, Clarify, EarlyAnswers, OrderAnswers, UserEvent } from '../../machines/upgrade.types.js';
import { asStepAnswer } from './change.js';
import { questionPart } from './faq-search.js';
import { propose, subMessage, type Message } from './message.js';
import { leadingYesNo, matches, yesNo } from './tables.js';
import { readRenewals } from './renewal-words.js';
import { plansIn } from './plan-words.js';
import { readWhole, readingSize, type Reading } from './whole.js';

/** Events built from what a message reads as, shared by the order steps and the later ones. */

export function isSure(e: UserEvent | undefined): e is UserEvent {
  return e !== undefined && e.type !== 'PROPOSE' && e.type !== 'NOT_UNDERSTOOD';
}

export function plainYesNo(msg: Message): UserEvent | undefined {
  const answer = yesNo(msg.raw, msg.norm);
  return answer ? { type: answer === 'yes' ? 'YES' : 'NO' } : undefined;
}

/** A reading with several things in it, or only a field to ask back, as one event. */
export function fromReading(r: Reading, step: Step): UserEvent | undefined {
  const size = readingSize(r);
  if (size === 1 && r.clarify) {
    // One unsure value ("maybe yearly", "around 25") is a yes/no question: "Did you mean ...?".
    const [only, ...more] = r.clarify.options;
    if (only !== undefined && more.length === 0) {
      const change = { field: r.clarify.field, value: only } as Change;
      return propose(asStepAnswer(change, step) ?? { type: 'CHANGE', change });
    }
    return { type: 'CLARIFY', clarify: r.clarify };
  }
  if (size < 2) return undefined;
  const event: UserEvent = { type: 'GIVE_ANSWERS', answers: r.answers };
  if (Object.keys(r.early).length > 0) event.early = r.early;
  if (r.clarify) event.clarify = r.clarify;
  return event;
}

/** The emails and site names a message carries, for their later steps. */
export function spansEarly(msg: Message): EarlyAnswers {
  const early: EarlyAnswers = {};
  for (const s of msg.spans) {
    if (s.kind === 'email') early.email ??= s.value;
    if (s.kind === 'site') early.siteUrl ??= s.value;
  }
  return early;
}

/**
 * "make it 30, my email is ivan@acme.example": an edit of an order answer keeps the email or site name said with
 * it for its step, instead of dropping it.
 */
export function withSpans(e: UserEvent, msg: Message): UserEvent {
  if (e.type !== 'CHANGE' || !('value' in e.change)) return e;
  const early = spansEarly(msg);
  if (Object.keys(early).length === 0) return e;
  return { type: 'GIVE_ANSWERS', answers: { [e.change.field]: e.change.value } as OrderAnswers, early };
}

export const UNANSWERABLE: UserEvent = { type: 'UNANSWERABLE' };
/** The licence count of an edit, as an answer. */
export function licenceAnswer(e: UserEvent | undefined): { licenses: number } | undefined {
  if (e?.type === 'CHANGE' && e.change.field === 'licenses') return { licenses: e.change.value };
  if (e?.type === 'SET_LICENSES') return { licenses: e.count };
  return undefined;
}

/** Where a message's clauses part: punctuation, a dash, or "and" before a question ("20 and tell me what callback is"). */
// Spaces before a dash or a joining word are taken from the start of their run only (tried inside it, quadratic).
const CLAUSES = /(?<=[.!?;:])\s+|,\s*|(?<!\s)\s+[—–-]+\s+|(?<!\s)\s+(?:and|but|а|и|но)\s+(?=(?:tell|what|whats|how|can|could|do|does|is|are|will|why|when|where|who|расскаж\p{L}*|что|как|можно|сколько|зачем|почему|когда)(?:\s|$))/iu;

/**
 * A help-page question, alone or with answers ("we need 10, do guests need a license?"); how tax-exempt
 * organisations buy is answered by offering sales, unless sales already approved the exemption.
 */
export function withQuestion(msg: Message, id: string | undefined): UserEvent {
  const { view } = msg;
  // Only a question about exemption is one: "what's the total with tax?" is about tax, not about being exempt.
  if (id === 'tax-exempt' && !/exempt|profit|charit|ngo|501|освобожд|некоммерч|благотвор|нко|льгот/u.test(msg.norm)) id = undefined;
  else if (id === 'tax-exempt' && !view.taxExemptApproved) return { type: 'TAX_EXEMPT' };
  // Answers count only outside the question ("we need 10, do guests need one?"): the words of the question
  // ("is annual cheaper than monthly?", "can I add 5 later?") are no answer.
  const statements = msg.raw.split(CLAUSES).filter((part) => part.trim() !== '' && questionPart(part) === '');
  const email = msg.spans.find((x) => x.kind === 'email')?.value;
  // A question nothing here answers, asked beside answers ("suite 10 annual. do you integrate with salesforce?"),
  // is said to be so rather than passed over.
  const asked = { question: id ?? 'none' };
  if (statements.length === 0 && email) return { type: 'GIVE_ANSWERS', answers: {}, early: { email }, ...asked };
  if (statements.length > 0) {
    const r = readWhole(subMessage(msg, statements.join(', ')));
    // An email is never part of what a question asks: it counts wherever it stands.
    if (email && r.early.email === undefined) r.early.email = email;
    const takenBack = takenBackInQuestion(msg, statements, r.answers);
    if (takenBack) delete r.answers[takenBack.field as keyof OrderAnswers];
    if (Object.keys(r.answers).length > 0 || Object.keys(r.early).length > 0 || takenBack) {
      const event: UserEvent = { type: 'GIVE_ANSWERS', answers: r.answers, ...asked };
      if (takenBack) event.clarify = takenBack;
      if (Object.keys(r.early).length > 0) event.early = r.early;
      return event;
    }
  }
  return id === undefined ? UNANSWERABLE : { type: 'ASK_QUESTION', id };
}

/** Words that take back what was said before them: "monthly - actually no, annual?". */
const TAKE_BACK = /(?:^| )(?:actually|no|nope|wait|rather|instead|or|хотя|нет|или|лучше|вернее|точнее)(?= |$)/u;

/**
 * "monthly - actually no, annual?": the question part takes back an answer given before it with another value for
 * the same field, so neither is taken and both are offered.
 */
function takenBackInQuestion(msg: Message, statements: string[], answers: OrderAnswers): Clarify | undefined {
  const asked = msg.raw.split(CLAUSES).filter((part) => part.trim() !== '' && !statements.includes(part)).join(', ');
  if (asked === '' || !TAKE_BACK.test(subMessage(msg, asked).norm)) return undefined;
  const there = readWhole(subMessage(msg, asked));
  const other = { ...there.answers } as Record<string, unknown>;
  if (there.clarify) for (const o of there.clarify.options) other[there.clarify.field] ??= o;
  for (const [field, value] of Object.entries(answers)) {
    const then = other[field];
    if (then !== undefined && then !== value) return { field, options: [value, then] } as Clarify;
  }
  return undefined;
}

/** Nothing the conversation can use: a reading of the rest of a message is taken over these. */
const UNINFORMATIVE = new Set(['NOT_UNDERSTOOD', 'HELP', 'UNANSWERABLE']);

/** "ok, monthly then", "yes but make it 30", "sure, same as billing", "да, такой же": the content counts. */
export function confirmationContent(msg: Message, inner: (msg: Message) => UserEvent): UserEvent | undefined {
  if (!leadingYesNo(msg.norm) || yesNo(msg.raw, msg.norm)) return undefined;
  // "не 10 а 12 лицензий": the "не" belongs to the count it sets aside, it answers nothing.
  if (countSaidAgainst(msg.norm) !== undefined) return undefined;
  const rest = msg.raw.replace(/^\s*[\p{L}]+[\s,.!:;—-]+(?:(?:but|and|then|so|however|though|а|но|и|тогда|только)[\s,]+)?/iu, '');
  if (rest === msg.raw || rest.trim().length < 3) return undefined;
  const content = subMessage(msg, rest);
  const event = inner(content);
  if (UNINFORMATIVE.has(event.type)) return undefined;
  // "no, dana@acme.example is the old one" at the cart: after a no, what follows may edit the order, never go on.
  if (leadingYesNo(msg.norm)?.answer === 'no' && goesOn(event)) return undefined;
  // "ok, monthly then", "no wait, monthly": a word said plainly after the yes or no is a decision, not a guess;
  // a typo or a hedge stays a question.
  if (event.type === 'PROPOSE' && !matches(content.norm, (t) => t.hedge) && namedPlainly(event.proposal, content.norm)) return event.proposal;
  return event;
}

/** Checking out, or checking out with the email given (at the cart). */
function goesOn(e: UserEvent): boolean {
  return e.type === 'CHECKOUT' || (e.type === 'GIVE_ANSWERS' && Object.keys(e.answers).length === 0 && e.early?.email !== undefined && e.clarify === undefined);
}

function namedPlainly(e: UserEvent, norm: string): boolean {
  const change = e.type === 'CHANGE' ? e.change : e.type === 'CHOOSE_RENEWAL' ? { field: 'renewal', value: e.renewal } : e.type === 'CHOOSE_PLAN' ? { field: 'plan', value: e.plan } : undefined;
  if (!change || !('value' in change)) return false;
  if (change.field === 'renewal') return readRenewals(norm).renewals.includes(change.value as Renewal);
  if (change.field === 'plan') return plansIn(norm).includes(change.value as string);
  return false;
}

