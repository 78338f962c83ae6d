import type { Step } from '../../domain/types.js';
import type { UserEvent } from '../../machines/upgrade.types.js';
import { countryCode } from '../../domain/address.js';
import { confirmationContent, isSure, plainYesNo, UNANSWERABLE, withQuestion } from './answer-events.js';
import { parseChange } from './change.js';
import { questionPart } from './faq-search.js';
import { matchGlobal } from './global.js';
import { NOT_UNDERSTOOD, propose, subMessage, toMessage, type Message } from './message.js';
import { readOwnAndRest } from './own-and-rest.js';
import { leadingYesNo, matches, yesNo } from './tables.js';
import { isStreetLine } from '../../domain/address-parse.js';
import { readWhole } from './whole.js';
import { answersWith, holdsWholeAddress, readRest, readWholeAddress, withoutLeadIn } from './address-message.js';
import { readCorrection } from './address-correction.js';
import { readSameAndRest } from './same-and-rest.js';
import { readEmailAndAddress } from './email-and-address.js';

const ADDRESS_STEPS = new Set<Step>(['billingAddress', 'serviceAddress']);
/** Steps whose one-part answer (a code, a site name, numbers, an email) often comes with answers for other steps. */
const PART_STEPS = new Set<Step>(['email', 'verify', 'callingPlan', 'siteUrl']);

export interface LaterStepReaders {
  /** The step's own parser. */
  parse: (msg: Message) => UserEvent | undefined;
  /** The message read for every order answer in it. */
  whole: () => UserEvent | undefined;
  /** The whole understanding, for the content of a confirmation. */
  inner: (msg: Message) => UserEvent;
}

/** A yes at an address confirmation, and the rest of the message read for its answers; undefined when the rest corrects the address or says nothing more. */
function confirmedWithMore(msg: Message, inner: (msg: Message) => UserEvent): UserEvent | undefined {
  const restText = msg.raw.replace(/^\s*[\p{L}]+[\s,.!:;—-]+/u, '').replace(/^(?:and|also|и|а|ещё|еще|также)\s+/iu, '');
  if (restText === msg.raw) return undefined;
  const restMsg = subMessage(msg, restText);
  if (restMsg.raw === '' || readCorrection(msg.raw) || holdsWholeAddress(restMsg)) return undefined;
  // The rest is read as it would be at the cart: "адрес услуг такой же" there is no address of its own.
  const read = readRest(toMessage(restText, { ...msg.view, step: 'cart', state: 'cart', addressField: undefined }, msg.depth + 1), inner);
  if ('leave' in read) return read.leave;
  const { answers, early, question, clarify } = read.rest;
  if (Object.keys(answers).length === 0 && Object.keys(early).length === 0 && !question && !clarify) return undefined;
  return answersWith(read.rest, {}, true);
}

/** The words stand in the message as they are, not derived from another form of them. */
function writtenAsIs(raw: string, words: string): boolean {
  const at = raw.toLowerCase().indexOf(words.toLowerCase());
  return at >= 0 && !/\p{L}/u.test(raw.charAt(at + words.length)) && !/\p{L}/u.test(raw.charAt(at - 1));
}

/** Steps whose answers are free text (emails, addresses, names, numbers): their own reading goes before edits. */
export function understandLaterStep(msg: Message, readers: LaterStepReaders): UserEvent {
  const { view } = msg;
  const { parse, whole } = readers;
  const own = (): UserEvent | undefined => parse(msg);
  // "RU" typed as a country must not switch the language.
  if (view.addressField === 'country' && countryCode(msg.raw)) return own() ?? NOT_UNDERSTOOD;
  if (view.state.endsWith('.confirming') && yesNo(msg.raw, msg.norm)) return own() ?? NOT_UNDERSTOOD;
  // A whole address is read before any intent, and the words after it for the other answers they give.
  const address = ADDRESS_STEPS.has(view.step) ? readWholeAddress(msg, readers.inner) : undefined;
  if (address) return address;
  const same = view.step === 'serviceAddress' && !view.addressField && !view.state.endsWith('.confirming') ? readSameAndRest(msg, readers.inner) : undefined;
  if (same) return same;
  // "yep thats it", "nope, wrong": a yes or no with words but no new parts of the address is that yes or no.
  const lead = view.state.endsWith('.confirming') ? leadingYesNo(msg.norm) : undefined;
  // "да, но город Химки", "yes but suite 400": a yes with a but is no yes, whatever its length.
  const butAfter = lead !== undefined && /^(?:but|except|only|however|но|только|кроме|хотя|правда)(?= |$)/u.test(lead.rest);
  if (lead && !butAfter && !/\d/.test(msg.raw) && lead.rest.split(' ').length <= 3 && Object.keys(readWhole(subMessage(msg, lead.rest)).answers).length === 0) return { type: lead.answer === 'yes' ? 'YES' : 'NO' };
  // "да, и адрес услуг такой же", "yes, and 2 new numbers in 512": the yes and the answers after it.
  const yesAndMore = lead?.answer === 'yes' && !butAfter ? confirmedWithMore(msg, readers.inner) : undefined;
  if (yesAndMore) return yesAndMore;
  const global = matchGlobal(msg);
  if (global) return global;
  // "yes, jane@acme.example", "да, такой же": what follows the yes is the answer ("no, the zip is ..." is the
  // confirming state's own reading).
  if (!view.state.endsWith('.confirming')) {
    const content = confirmationContent(msg, readers.inner);
    if (content) return content;
  }
  // "billing@stark.example, and the billing address is 60 Wall Street, ...": an address is no list of parts.
  const emailAndAddress = view.step === 'email' ? readEmailAndAddress(msg, readers.inner) : undefined;
  if (emailAndAddress) return emailAndAddress;
  // "code 240617, and make it 15 licences", "initech-hq, and switch to annual": the step's answer and the rest.
  if (PART_STEPS.has(view.step)) {
    const split = readOwnAndRest(msg, view.step, parse);
    if (split) return split;
  }
  // "код истек, можно новый?": asking for a new code is the step's own request, not a help-page question.
  if (view.step === 'verify' && matches(msg.norm, (t) => t.resend)) return { type: 'RESEND_CODE' };
  // "keep it, and will our recordings carry over?": the question is answered, nothing is taken.
  if (msg.raw.includes('?')) {
    const asked = view.faq?.match(msg.raw, view.step);
    if (asked && asked.id !== 'none') return withQuestion(msg, asked.id);
  }
  const addressPart = ADDRESS_STEPS.has(view.step) ? withoutLeadIn(msg) : msg;
  // "why do you need the city?", "what do you mean street address": a question, not the field asked for.
  const asking = ADDRESS_STEPS.has(view.step) && !/\d/.test(msg.raw) && questionPart(msg.raw) !== '';
  let answer = parse(addressPart);
  if (asking && answer?.type === 'GIVE_ADDRESS') answer = undefined;
  // "same as billing but suite 210", "same as billing... actually no": a same-as-billing with a but is unsure.
  if (answer?.type === 'SAME_AS_BILLING' && /(?:^| )(?:but|except|actually|instead|no|not|но|кроме|только|нет|не)(?= |$)/u.test(msg.norm)) answer = NOT_UNDERSTOOD;
  // An address without a postcode or a country is only an address when nothing else reads the message
  // ("oh wait, remove callback", "change to 8 people please", "can i pay in euros?").
  // A part corrected by name in the confirmation ("the city is Round Rock not Austin") is shown back all the same.
  // A street with its number and a town of a word or two ("ул ленина 5 пермь", "проспект Революции 20, Воронеж") is an
  // address as sure as one with a postcode: it is shown back for a yes all the same.
  const streetAndTown = answer?.type === 'GIVE_ADDRESS' && answer.address.lines?.some(isStreetLine) === true && answer.address.city !== undefined
    && /^[\p{L}-]+(?: [\p{L}-]+)?$/u.test(answer.address.city) && answer.address.region === undefined
    // A town put in the nominative from "в Воронеже" is a guess: that stays a proposal.
    && writtenAsIs(msg.raw, answer.address.city);
  const weak = answer?.type === 'GIVE_ADDRESS' && !view.addressField && answer.address.postalCode === undefined && answer.address.country === undefined && !streetAndTown
    && !(view.state.endsWith('.confirming') && readCorrection(msg.raw)) ? answer : undefined;
  // "jane@acme.example and make it 30 licenses": the email waits for its step, the order answers go first.
  if (answer?.type === 'GIVE_EMAIL') {
    const r = readWhole(msg);
    if (Object.keys(r.answers).length > 0 || r.early.siteUrl) return { type: 'GIVE_ANSWERS', answers: r.answers, early: { ...r.early, email: answer.email } };
  }
  if (isSure(answer) && !weak) return answer;
  // A question is answered in place; the step's own reading went first ("такой же, как адрес для счетов").
  const question = view.faq?.match(msg.raw, view.step);
  if (question && question.id !== 'none') return withQuestion(msg, question.id);
  // Two or more order answers given at a later step ("actually make it 30 licences, monthly").
  const several = whole();
  if (several?.type === 'GIVE_ANSWERS' && Object.keys(several.answers).length >= 2) return several;
  const change = parseChange(msg);
  if (asking) return change ?? (question ? UNANSWERABLE : { type: 'HELP' });
  if (weak) return isSure(change) ? change : msg.raw.includes('?') || question ? (question ? UNANSWERABLE : NOT_UNDERSTOOD) : propose(weak);
  return change ?? answer ?? plainYesNo(msg) ?? (question ? UNANSWERABLE : NOT_UNDERSTOOD);
}
