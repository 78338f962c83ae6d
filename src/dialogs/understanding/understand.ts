import type { Step } from '../../domain/types.js';
import type { UserEvent } from '../../machines/upgrade.types.js';
import type { Understand, UnderstandingView, Understood } from '../understanding.types.js';
import { parseAddressAnswer } from './address-answer.js';
import { parseCallingPlan } from './calling-plan.js';
import { containsCardNumber } from './card-number.js';
import { parseChange } from './change.js';
import { matchGlobal } from './global.js';
import { parseHandoff } from './handoff.js';
import { detectLanguage } from './language.js';
import { MAX_READ_CHARS, MAX_READ_DEPTH, NOT_UNDERSTOOD, toMessage, type Message } from './message.js';
import { readRelativeLicences } from './relative-licences.js';
import { readWhole } from './whole.js';
import { parseAnnualNotSold } from './annual-not-sold.js';
import { confirmationContent, fromReading, isSure, plainYesNo, UNANSWERABLE, withQuestion, withSpans } from './answer-events.js';
import { understandLaterStep } from './later-steps.js';
import { readCallbackStep } from './callback-step.js';
import { readCartStep } from './cart-step.js';
import { parseConsent } from './consent.js';
import { describesPlacedOrder } from './placed-order.js';
import { parseCode, parseEmail, parsePayment, parseSiteName } from './steps-account.js';
import { parseCallback, parseCart, parseLicences, parsePlan, parseRenewal } from './steps-order.js';
import { fromSubmit } from './submit.js';
import { connectYes } from './ru-order.js';
import { leadingYesNo, matches, yesNo } from './tables.js';
import { restAnswers } from './address-message.js';

type Hash = (code: string) => string;
type StepParser = (msg: Message, hashCode: Hash) => UserEvent | undefined;

const STEP_PARSERS: Partial<Record<Step, StepParser>> = {
  plan: parsePlan,
  renewal: parseRenewal,
  licenses: parseLicences,
  callback: parseCallback,
  cart: parseCart,
  email: parseEmail,
  verify: parseCode,
  billingAddress: parseAddressAnswer,
  serviceAddress: parseAddressAnswer,
  callingPlan: parseCallingPlan,
  siteUrl: parseSiteName,
  payment: parsePayment,
  consent: parseConsent,
};

/** Steps whose answers are free text (emails, addresses, names): their own reading is tried before edits. */
const FREE_TEXT = new Set<Step>(['email', 'verify', 'billingAddress', 'serviceAddress', 'callingPlan', 'siteUrl']);
const STARTABLE = new Set<Step>(['plan', 'cancelled', 'done']);
/** Steps that ask nothing: a bare "ok" or "not now" there answers nothing. */
const NOTHING_ASKED = new Set<Step>(['done', 'provisioning']);


/** Words after a yes or no to a proposal that only restate it: "thats the one", "exactly", "let me think", "подумаю". */
const PLAIN_REST = /^(?:(?:thats|that is|its|it is|this is|that|the|one|right|correct|exactly|it|yes|yeah|sure|please|thanks|thank you|perfect|great|fine|ok|let me think|not now|not yet|i meant it|то|тот|та|он|она|оно|этот|эта|самое|самый|именно|верно|точно|правильно|спасибо|пожалуйста|подумаю|дайте подумать|пока нет)(?: |$))+$/u;

const ABOUT_LATER = /(?:^| )(?:later|later on|someday|in the future|down the road|потом|позже|в будущем|со временем)(?= |$)/u;

function understandText(msg: Message, hashCode: Hash): UserEvent {
  const { view } = msg;
  if (msg.raw === '' || msg.depth > MAX_READ_DEPTH) return NOT_UNDERSTOOD;
  // A card number must never travel further, whatever else the message says.
  if (containsCardNumber(msg.raw)) return { type: 'CARD_NUMBER' };
  // "Forget me" at every step, in handoff too (never relayed to sales).
  if (matches(msg.norm, (t) => t.forget)) return { type: 'FORGET_ME' };
  // In handoff only "forget me" is ever pending, so its yes or no is answered here before relaying.
  if (view.pending) {
    const answer = yesNo(msg.raw, msg.norm) ?? connectYes(msg.norm);
    if (answer) return { type: answer === 'yes' ? 'CONFIRM_PENDING' : 'REJECT_PENDING' };
    // "yep thats the one", "yes exactly", "нет, дайте подумать": a yes or no with a few words that add nothing.
    const lead = leadingYesNo(msg.norm);
    if (lead && lead.rest.split(' ').length <= 4 && !/\d/.test(msg.raw) && PLAIN_REST.test(lead.rest)) return { type: lead.answer === 'yes' ? 'CONFIRM_PENDING' : 'REJECT_PENDING' };
    // "да, и на год" to "Did you mean Suite?": the proposal taken, and what follows it applied after it.
    const more = lead?.answer === 'yes' && !view.state.startsWith('handoff')
      ? confirmationContent(msg, (m) => understandText(toMessage(m.raw, { ...m.view, pending: false }, m.depth), hashCode)) : undefined;
    const rest = more ? restAnswers(more) : undefined;
    if (rest && (Object.keys(rest.answers).length > 0 || Object.keys(rest.early).length > 0)) {
      const early = Object.keys(rest.early).length > 0 ? { early: rest.early } : {};
      return { type: 'CONFIRM_PENDING', more: { answers: rest.answers, ...early, ...(rest.question ? { question: rest.question } : {}), ...(rest.clarify ? { clarify: rest.clarify } : {}) } };
    }
  }
  if (view.step === 'handoff' || view.state.startsWith('handoff')) return parseHandoff(msg);
  if (msg.raw.length > MAX_READ_CHARS) return NOT_UNDERSTOOD;
  if (/^[\s?¿]+$/u.test(msg.raw)) return { type: 'HELP' };
  // "2 more", "one less", "ещё 3 лицензии": a change to the count so far, at whatever step it is said.
  const relative = view.step === 'plan' ? undefined : readRelativeLicences(msg);
  if (relative) return relative;
  if (view.state === 'billingAddress.annualNotSold' && !msg.raw.includes('?') && !matches(msg.norm, (t) => t.hedge)) {
    // The rest of "ok, monthly, and drop to 10 licences" is read as an edit at the cart would be.
    const answer = parseAnnualNotSold(msg, (m) => understandText(toMessage(m.raw, { ...m.view, step: 'cart', state: 'cart' }, m.depth), hashCode));
    if (answer) return answer;
  }
  const stepParser = STEP_PARSERS[view.step];
  const own = (): UserEvent | undefined => stepParser?.(msg, hashCode);
  // One word gives one answer at most: the step's own reading (or an edit) takes it.
  const whole = (): UserEvent | undefined => (msg.toks.length < 2 ? undefined : fromReading(readWhole(msg), view.step));

  if (FREE_TEXT.has(view.step)) return understandLaterStep(msg, { parse: (m) => stepParser?.(m, hashCode), whole, inner: (m) => understandText(m, hashCode) });

  // "continue"/"proceed" at the cart means checkout, not resume; unless it is put off ("checkout later") or an
  // edit comes with it ("remove callback, then check out": the edit first, the cart again).
  if (view.step === 'cart' && !view.pending) {
    const cart = readCartStep(msg);
    if (cart) return cart;
  }
  const global = matchGlobal(msg);
  if (global) return global;
  // "no. do guests need licenses?", "sure. email ana@acme.example": the Callback answer and the rest.
  const callbackStep = view.step === 'callback' && !view.pending ? readCallbackStep(msg) : undefined;
  if (callbackStep) return callbackStep;
  // "the link says expired, can I get a new one?": a new payment link is the step's own request, not a question.
  // Edits with it ("drop the callback and send a new link") are read as edits below.
  if (view.step === 'payment' && parsePayment(msg)?.type === 'RETRY_PAYMENT' && Object.keys(readWhole(msg).answers).length === 0 && !isSure(parseChange(msg))) return { type: 'RETRY_PAYMENT' };
  const question = view.faq?.match(msg.raw, view.step);
  const several = whole();
  if (question && question.id !== 'none') return withQuestion(msg, question.id);
  // "do you have a free trial of suite?": a question with no answer here names no plan; answers outside it count.
  // "can i switch from monthly to annual later": a question about later, with or without its "?", chooses nothing now.
  if (question && (msg.raw.includes('?') || ABOUT_LATER.test(msg.norm))) return withQuestion(msg, undefined);
  if (several) return several;
  const content = confirmationContent(msg, (m) => understandText(m, hashCode));
  if (content) return content;
  const change = parseChange(msg);
  if (isSure(change)) return withSpans(change, msg);
  const answer = own();
  if (isSure(answer)) return answer;
  if (view.step === 'consent' || view.step === 'payment' || view.step === 'callback') {
    const yn = plainYesNo(msg);
    if (yn) return yn;
  }
  // "поговорил с начальством, берём": taking the order after cancelling it is going on with the draft.
  if (view.step === 'cancelled' && matches(msg.norm, (t) => t.checkout) && !matches(msg.norm, (t) => t.start)) return { type: 'RESUME' };
  if (STARTABLE.has(view.step) && matches(msg.norm, (t) => t.start)) return { type: 'START' };
  // "what is callback?": a question the step's help answers better than "I did not understand".
  const asksAbout = matches(msg.norm, (t) => t.question) ? { type: 'HELP' as const } : undefined;
  return change ?? answer ?? (NOTHING_ASKED.has(view.step) && !view.pending ? undefined : plainYesNo(msg)) ?? (question ? UNANSWERABLE : asksAbout) ?? NOT_UNDERSTOOD;
}

/** Answers that are names and places, not the person's own words: an address in Cyrillic says nothing of the language they write in. */
const NOT_OWN_WORDS = new Set<UserEvent['type']>(['GIVE_ADDRESS', 'GIVE_EMAIL', 'GIVE_SITE_URL', 'GIVE_CODE', 'CALLBACK_CONTACT', 'GIVE_CALLING_PLAN']);

function withLanguage(event: UserEvent, raw: string | undefined): Understood {
  const named = NOT_OWN_WORDS.has(event.type) || (event.type === 'PROPOSE' && NOT_OWN_WORDS.has(event.proposal.type));
  const language = raw === undefined || named ? undefined : detectLanguage(raw);
  return language ? { event, language } : { event };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const understand: Understand = (input, view: UnderstandingView, hashCode) => {
  if (input.kind === 'submit') {
    if (!isRecord(input.value)) return { event: NOT_UNDERSTOOD };
    const result = fromSubmit(input.value, hashCode);
    // A pressed button says nothing about the language the person prefers.
    if ('text' in result) return { event: understandText(toMessage(result.text, view), hashCode) };
    return { event: result };
  }
  if (typeof input.text !== 'string') return { event: NOT_UNDERSTOOD };
  const msg = toMessage(input.text, view);
  return withLanguage(describesPlacedOrder(msg, understandText(msg, hashCode)), msg.raw);
};
