import type { Step } from '../../domain/types.js';
import type { Change, UserEvent } from '../../machines/upgrade.types.js';
import type { Understand, UnderstandingView, Understood } from '../understanding.types.js';
import { countryCode } from '../../domain/address.js';
import { parseAddressAnswer } from './address-answer.js';
import { parseCallingPlan } from './calling-plan.js';
import { containsCardNumber } from './card-number.js';
import { asStepAnswer, parseChange } from './change.js';
import { matchGlobal } from './global.js';
import { parseHandoff } from './handoff.js';
import { detectLanguage } from './language.js';
import { NOT_UNDERSTOOD, propose, subMessage, toMessage, type Message } from './message.js';
import { readWhole, readingSize, type Reading } from './whole.js';
import { questionPart } from './faq-search.js';
import { parseAnnualNotSold } from './annual-not-sold.js';
import { parseConsent } from './consent.js';
import { parseCode, parseEmail, parsePayment, parseSiteName } from './steps-account.js';
import { parseCallback, parseCart, parseLicences, parsePlan, parseRenewal } from './steps-order.js';
import { fromSubmit } from './submit.js';
import { leadingYesNo, matches, yesNo } from './tables.js';

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

function isSure(e: UserEvent | undefined): e is UserEvent {
  return e !== undefined && e.type !== 'PROPOSE' && e.type !== 'NOT_UNDERSTOOD';
}

function plainYesNo(msg: Message): UserEvent | undefined {
  const answer = yesNo(msg.raw, msg.norm);
  return answer ? { type: answer === 'yes' ? 'YES' : 'NO' } : undefined;
}

/** A reading with several things in it, or only a field to ask back, as one event. */
function fromReading(r: Reading, step: Step): UserEvent | undefined {
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

const UNANSWERABLE: UserEvent = { type: 'UNANSWERABLE' };
const PUT_OFF = /(?:^| )(?:not|later|tomorrow|first|wait|hold|dont|do not|после|позже|потом|не)(?= |$)/u;

/** The licence count of an edit, as an answer. */
function licenceAnswer(e: UserEvent | undefined): { licenses: number } | undefined {
  if (e?.type === 'CHANGE' && e.change.field === 'licenses') return { licenses: e.change.value };
  if (e?.type === 'SET_LICENSES') return { licenses: e.count };
  return undefined;
}

const ADDRESS_STEPS = new Set<Step>(['billingAddress', 'serviceAddress']);
/** "ship it to ...", "our office is at ...", "Rechnungsadresse: ...", "доставка по адресу ...": not part of the address. */
const LEAD_IN = /^\s*(?:(?:please\s+)?(?:bill|ship|send|invoice)(?:\s+(?:it|them|that|us))?\s+to|(?:the\s+|our\s+|my\s+)?(?:billing|service|invoice|office|company|head ?office|hq)?\s*address(?:\s+is)?|(?:our|the|my)\s+(?:office|hq|headquarters|company)(?:\s+is)?(?:\s+(?:at|in))?|it'?s\s+at|we'?re\s+(?:at|in)(?:\s+[\p{L}]+)?|[\p{L}]*adresse|bureau|office|адрес(?:\s+для\s+сч[её]тов|\s+офиса|\s+доставки)?|доставка\s+по\s+адресу|наш\s+офис(?:\s+находится)?(?:\s+по\s+адресу)?|офис)\s*(?::|-|–|—|\s)\s*/iu;

function withoutLeadIn(msg: Message): Message {
  const m = LEAD_IN.exec(msg.raw);
  if (!m || m[0].length >= msg.raw.length || !/\d/.test(msg.raw.slice(m[0].length))) return msg;
  return subMessage(msg, msg.raw.slice(m[0].length));
}

/**
 * A help-page question, alone or with answers ("we need 10, do guests need a license?"); how tax-exempt
 * organisations buy is answered by offering sales, unless sales already approved the exemption.
 */
function withQuestion(msg: Message, id: string | undefined): UserEvent {
  const { view } = msg;
  // Only a question about exemption is one: "what's the total with tax?" is about tax, not about being exempt.
  if (id === 'tax-exempt' && !/exempt|profit|charit|ngo|501|освобожд|некоммерч|благотвор|нко|льгот/u.test(msg.norm)) id = undefined;
  else if (id === 'tax-exempt' && !view.taxExemptApproved) return { type: 'TAX_EXEMPT' };
  // Answers count only outside the question ("we need 10, do guests need one?"): the words of the question
  // ("is annual cheaper than monthly?", "can I add 5 later?") are no answer.
  const statements = msg.raw.split(/(?<=[.!?;])\s+|,\s*/u).filter((part) => part.trim() !== '' && questionPart(part) === '');
  const email = msg.spans.find((x) => x.kind === 'email')?.value;
  const asked = id === undefined ? {} : { question: id };
  if (statements.length === 0 && email) return { type: 'GIVE_ANSWERS', answers: {}, early: { email }, ...asked };
  if (statements.length > 0) {
    const r = readWhole(subMessage(msg, statements.join(', ')));
    // An email is never part of what a question asks: it counts wherever it stands.
    if (email && r.early.email === undefined) r.early.email = email;
    if (Object.keys(r.answers).length > 0 || Object.keys(r.early).length > 0) {
      const event: UserEvent = { type: 'GIVE_ANSWERS', answers: r.answers, ...asked };
      if (Object.keys(r.early).length > 0) event.early = r.early;
      return event;
    }
  }
  return id === undefined ? UNANSWERABLE : { type: 'ASK_QUESTION', id };
}

/** Nothing the conversation can use: a reading of the rest of a message is taken over these. */
const UNINFORMATIVE = new Set(['NOT_UNDERSTOOD', 'HELP', 'UNANSWERABLE']);

/** "ok, monthly then", "yes but make it 30", "sure, same as billing", "да, такой же": the content counts. */
function confirmationContent(msg: Message, hashCode: Hash): UserEvent | undefined {
  if (!leadingYesNo(msg.norm) || yesNo(msg.raw, msg.norm)) return undefined;
  const rest = msg.raw.replace(/^\s*[\p{L}]+[\s,.!:;—-]+(?:(?:but|and|then|so|however|though|а|но|и|тогда|только)[\s,]+)?/iu, '');
  if (rest === msg.raw || rest.trim().length < 3) return undefined;
  const inner = understandText(subMessage(msg, rest), hashCode);
  return UNINFORMATIVE.has(inner.type) ? undefined : inner;
}

function understandText(msg: Message, hashCode: Hash): UserEvent {
  const { view } = msg;
  if (msg.raw === '') return NOT_UNDERSTOOD;
  // A card number must never travel further, whatever else the message says.
  if (containsCardNumber(msg.raw)) return { type: 'CARD_NUMBER' };
  // "Forget me" at every step, in handoff too (never relayed to sales).
  if (matches(msg.norm, (t) => t.forget)) return { type: 'FORGET_ME' };
  // In handoff only "forget me" is ever pending, so its yes or no is answered here before relaying.
  if (view.pending) {
    const answer = yesNo(msg.raw, msg.norm);
    if (answer) return { type: answer === 'yes' ? 'CONFIRM_PENDING' : 'REJECT_PENDING' };
  }
  if (view.step === 'handoff' || view.state.startsWith('handoff')) return parseHandoff(msg);
  if (/^[\s?¿]+$/u.test(msg.raw)) return { type: 'HELP' };
  if (view.state === 'billingAddress.annualNotSold' && !msg.raw.includes('?') && !matches(msg.norm, (t) => t.hedge)) {
    const answer = parseAnnualNotSold(msg);
    if (answer) return answer;
  }
  const stepParser = STEP_PARSERS[view.step];
  const own = (): UserEvent | undefined => stepParser?.(msg, hashCode);
  // One word gives one answer at most: the step's own reading (or an edit) takes it.
  const whole = (): UserEvent | undefined => (msg.toks.length < 2 ? undefined : fromReading(readWhole(msg), view.step));

  if (FREE_TEXT.has(view.step)) {
    // "RU" typed as a country must not switch the language.
    if (view.addressField === 'country' && countryCode(msg.raw)) return own() ?? NOT_UNDERSTOOD;
    if (view.state.endsWith('.confirming') && yesNo(msg.raw, msg.norm)) return own() ?? NOT_UNDERSTOOD;
    // "yep thats it", "nope, wrong": a yes or no with words but no new parts of the address is that yes or no.
    const lead = view.state.endsWith('.confirming') ? leadingYesNo(msg.norm) : undefined;
    if (lead && !/\d/.test(msg.raw) && lead.rest.split(' ').length <= 3 && Object.keys(readWhole(subMessage(msg, lead.rest)).answers).length === 0) return { type: lead.answer === 'yes' ? 'YES' : 'NO' };
    const global = matchGlobal(msg);
    if (global) return global;
    // "yes, jane@acme.example", "да, такой же": what follows the yes is the answer ("no, the zip is ..." is the
    // confirming state's own reading).
    if (!view.state.endsWith('.confirming')) {
      const content = confirmationContent(msg, hashCode);
      if (content) return content;
    }
    // "keep it, and will our recordings carry over?": the question is answered, nothing is taken.
    if (msg.raw.includes('?')) {
      const asked = view.faq?.match(msg.raw);
      if (asked && asked.id !== 'none') return withQuestion(msg, asked.id);
    }
    const address = ADDRESS_STEPS.has(view.step) ? withoutLeadIn(msg) : msg;
    // "why do you need the city?", "what do you mean street address": a question, not the field asked for.
    const asking = ADDRESS_STEPS.has(view.step) && !/\d/.test(msg.raw) && questionPart(msg.raw) !== '';
    let answer = address === msg ? own() : stepParser?.(address, hashCode);
    if (asking && answer?.type === 'GIVE_ADDRESS') answer = undefined;
    // "same as billing but suite 210", "same as billing... actually no": a same-as-billing with a but is unsure.
    if (answer?.type === 'SAME_AS_BILLING' && /(?:^| )(?:but|except|actually|instead|no|not|но|кроме|только|нет|не)(?= |$)/u.test(msg.norm)) answer = NOT_UNDERSTOOD;
    // An address without a postcode or a country is only an address when nothing else reads the message
    // ("oh wait, remove callback", "change to 8 people please", "can i pay in euros?").
    const weak = answer?.type === 'GIVE_ADDRESS' && !view.addressField && answer.address.postalCode === undefined && answer.address.country === undefined
      ? answer : undefined;
    // "jane@acme.example and make it 30 licenses": the email waits for its step, the order answers go first.
    if (answer?.type === 'GIVE_EMAIL') {
      const r = readWhole(msg);
      if (Object.keys(r.answers).length > 0 || r.early.siteUrl) return { type: 'GIVE_ANSWERS', answers: r.answers, early: { ...r.early, email: answer.email } };
    }
    if (isSure(answer) && !weak) return answer;
    // A question is answered in place; the step's own reading went first ("такой же, как адрес для счетов").
    const question = view.faq?.match(msg.raw);
    if (question && question.id !== 'none') return withQuestion(msg, question.id);
    // Two or more order answers given at a later step ("actually make it 30 licences, monthly").
    const several = whole();
    if (several?.type === 'GIVE_ANSWERS' && Object.keys(several.answers).length >= 2) return several;
    const change = parseChange(msg);
    if (asking) return change ?? (question ? UNANSWERABLE : { type: 'HELP' });
    if (weak) return isSure(change) ? change : msg.raw.includes('?') || question ? (question ? UNANSWERABLE : NOT_UNDERSTOOD) : propose(weak);
    return change ?? answer ?? plainYesNo(msg) ?? (question ? UNANSWERABLE : NOT_UNDERSTOOD);
  }

  // "continue"/"proceed" at the cart means checkout, not resume; unless it is put off ("checkout later") or an
  // edit comes with it ("remove callback, then check out": the edit first, the cart again).
  if (view.step === 'cart' && matches(msg.norm, (t) => t.checkout) && !PUT_OFF.test(msg.norm)) {
    const edit = fromReading(readWhole(msg), view.step) ?? parseChange(msg);
    return edit && edit.type !== 'NOT_UNDERSTOOD' && edit.type !== 'PROPOSE' ? edit : { type: 'CHECKOUT' };
  }
  const global = matchGlobal(msg);
  if (global) return global;
  const question = view.faq?.match(msg.raw);
  const several = whole();
  if (question && question.id !== 'none') return withQuestion(msg, question.id);
  // "do you have a free trial of suite?": a question with no answer here names no plan; answers outside it count.
  if (question && msg.raw.includes('?')) return withQuestion(msg, undefined);
  if (several) return several;
  // "no, but make it 15 licenses", "yes, and switch to annual": the Callback answer and the rest.
  if (view.step === 'callback' && !view.pending) {
    const lead = leadingYesNo(msg.norm);
    if (lead) {
      const rest = readWhole(subMessage(msg, msg.raw.replace(/^\s*[\p{L}]+[\s,.!:;—-]*/u, ''))).answers;
      const more = Object.keys(rest).length > 0 ? rest : licenceAnswer(parseChange(subMessage(msg, msg.raw.replace(/^\s*[\p{L}]+[\s,.!:;—-]*/u, ''))));
      return more ? { type: 'GIVE_ANSWERS', answers: { ...more, callback: lead.answer === 'yes' } } : { type: 'SET_CALLBACK', value: lead.answer === 'yes' };
    }
  }
  const content = confirmationContent(msg, hashCode);
  if (content) return content;
  const change = parseChange(msg);
  if (isSure(change)) return change;
  const answer = own();
  if (isSure(answer)) return answer;
  if (view.step === 'consent' || view.step === 'payment' || view.step === 'callback') {
    const yn = plainYesNo(msg);
    if (yn) return yn;
  }
  if (STARTABLE.has(view.step) && matches(msg.norm, (t) => t.start)) return { type: 'START' };
  // "what is callback?": a question the step's help answers better than "I did not understand".
  const asksAbout = matches(msg.norm, (t) => t.question) ? { type: 'HELP' as const } : undefined;
  return change ?? answer ?? plainYesNo(msg) ?? (question ? UNANSWERABLE : asksAbout) ?? NOT_UNDERSTOOD;
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
  return withLanguage(understandText(msg, hashCode), msg.raw);
};
