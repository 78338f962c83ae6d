import type { Step } from '../../domain/types.js';
import type { EarlyAnswers, UserEvent } from '../../machines/upgrade.types.js';
import { isSure } from './answer-events.js';
import { parseCallingPlan } from './calling-plan.js';
import { parseChange } from './change.js';
import { questionPart } from './faq-search.js';
import { MAX_PARTS, subMessage, type Message } from './message.js';
import { matches, yesNo } from './tables.js';
import { parseCallback } from './steps-order.js';
import { readWhole, readingSize, type Reading } from './whole.js';

/**
 * "initech-hq, and by the way switch to annual", "code 240617, and make it 15 licences", "3 new in 312, site
 * chi-team, monthly": at a free-text step one part of a message is the step's own answer and the other parts
 * are answers for other steps or a question. Each part is read on its own, so a count of new numbers is no
 * licence count and "monthly" no site name; the step's answer and the rest come back as one GIVE_ANSWERS.
 */

/** Where a message breaks into parts: punctuation, a spaced dash, and words that join clauses. */
// A whitespace run is absorbed only from its start: `\s*` tried inside a long run would rescan it (quadratic).
const BREAKS = /(?:(?<!\s)\s+)?(?:[;,/]|\s\+\s|(?<!\.)\.+(?=\s|$)|(?<=[?!])\s+|\s[-–—]\s|\s(?:and|also|plus|then|btw|и|а также|также|плюс)\s)\s*/u;
/** "just kidding, none", "keep... actually no, acme-eu": a message that corrects itself is read whole. */
const CORRECTION = /(?:^| )(?:just kidding|jk|no wait|wait no|actually|i mean|or rather|scratch that|нет стоп|то есть|вернее|точнее)(?= |$)/u;
/** A calling plan said at another step names numbers: "2 new numbers in 650", "port +1 ...". */
const CALLING_WORDS = /(?:^| )(?:new|numbers?|lines?|dids?|port|porting|номер\p{L}*|лини\p{L}*|перен\p{L}*)(?= |$)/u;
const RATIO = /(?:^| )(?:per|each|every|на каждого|на каждую)(?= |$)/u;
/** The nouns of "keep the site name", never a name. */
const SITE_NOUNS = new Set(['name', 'url', 'address', 'link', 'site']);
/** Words that open or close a part without meaning anything in it. */
const OPENERS = /^(?:(?:and|also|plus|then|so|ok|okay|oh|btw|by the way|but|please|pls|here'?s|it'?s|its|the|hold on|wait|и|а|ещё|еще|также|кстати|ну|вот)\b[\s,:]*)+/iu;
const CLOSERS = /(?:(?<![\s,])[\s,]+)?\b(?:please|pls|plz|thanks|thx|btw|anyway|пожалуйста|спасибо)\s*[.!]*$/iu;

type OwnAnswer = { field: 'siteUrl'; name: string } | { field: 'callingPlan'; event: Extract<UserEvent, { type: 'GIVE_CALLING_PLAN' }> }
  | { field: 'email'; email: string } | { field: 'code'; codeHash: string };

function ownOf(e: UserEvent | undefined): OwnAnswer | undefined {
  if (e?.type === 'GIVE_SITE_URL') return { field: 'siteUrl', name: e.name };
  if (e?.type === 'GIVE_CALLING_PLAN') return { field: 'callingPlan', event: e };
  if (e?.type === 'GIVE_EMAIL') return { field: 'email', email: e.email };
  if (e?.type === 'GIVE_CODE') return { field: 'code', codeHash: e.codeHash };
  return undefined;
}

export function messageParts(raw: string): string[] {
  return raw.split(BREAKS).map((p) => p.replace(OPENERS, '').replace(CLOSERS, '').trim()).filter((p) => p !== '');
}

/** "service address is the same as billing": said at another step, kept for the service address. */
const SAME_AS_BILLING = /\bsame as (?:the )?billing\b|\bservice(?: address)? (?:is )?(?:the )?same\b|такой же,? как (?:и )?(?:платежн|для сч)/iu;

function mergeReading(into: Reading, r: Reading): void {
  Object.assign(into.answers, r.answers);
  for (const [k, v] of Object.entries(r.early)) if ((into.early as Record<string, unknown>)[k] === undefined) (into.early as Record<string, unknown>)[k] = v;
  if (r.clarify) into.clarify ??= r.clarify;
}

/**
 * The message read part by part at `step`, with `parse` its own parser: a GIVE_ANSWERS when one or more parts
 * give the step's own answer and others give something else; undefined when the message is not of that shape.
 */
export function readOwnAndRest(msg: Message, step: Step, parse: (m: Message) => UserEvent | undefined): UserEvent | undefined {
  const parts = messageParts(msg.raw);
  if (parts.length < 2 || parts.length > MAX_PARTS || CORRECTION.test(msg.norm)) return undefined;
  const rest: Reading = { answers: {}, early: {} };
  const own: string[] = [];
  let question: string | undefined;
  let asked = false;
  let sure = false;
  for (const part of parts) {
    const sub = subMessage(msg, part);
    // "petrov@vector.example, годовая, 30 лицензий, обратный вызов нужен": the add-on named in a part of its own.
    const addOn = matches(sub.norm, (t) => t.callbackWord) && !matches(sub.norm, (t) => t.hedge) && !sub.raw.includes('?') ? parseCallback(sub) : undefined;
    if (addOn?.type === 'SET_CALLBACK') { mergeReading(rest, { answers: { callback: addOn.value }, early: {} }); continue; }
    if (yesNo(sub.raw, sub.norm)) continue;
    const mine = parse(sub);
    const r = readWhole(sub);
    if (r.early.siteUrl !== undefined && SITE_NOUNS.has(r.early.siteUrl)) delete r.early.siteUrl;
    // A part that the step reads as its own answer and that names nothing else is the step's.
    if (isSure(mine) && ownOf(mine) && Object.keys(r.answers).length === 0 && r.clarify === undefined) { own.push(part); sure = true; continue; }
    // "one per licence": a ratio says how the count was found, the count itself is elsewhere.
    if (RATIO.test(sub.norm)) continue;
    if (readingSize(r) > 0) { mergeReading(rest, r); continue; }
    const change = parseChange(sub);
    if (change?.type === 'CHANGE' && 'value' in change.change) { mergeReading(rest, { answers: { [change.change.field]: change.change.value }, early: {} }); continue; }
    if (part.includes('?') || questionPart(part) !== '') {
      asked = true;
      const match = msg.view.faq?.match(part, msg.view.step);
      if (match && match.id !== 'none') question ??= match.id;
      continue;
    }
    if (step !== 'callingPlan' && (CALLING_WORDS.test(sub.norm) || sub.spans.some((x) => x.kind === 'phone'))) {
      const plan = parseCallingPlan(sub);
      if (plan?.type === 'GIVE_CALLING_PLAN') { rest.early.callingPlan ??= plan.callingPlan; continue; }
    }
    if (step !== 'serviceAddress' && SAME_AS_BILLING.test(part)) { rest.early.sameAsBilling = true; continue; }
    // A piece of the step's answer that nothing else reads ("in 303" after "so 12") goes with it.
    if (mine?.type === 'NOT_UNDERSTOOD') own.push(part);
  }
  if (!sure || (readingSize(rest) === 0 && question === undefined)) return undefined;
  // A question the help page cannot answer leaves the answers to the ordinary reading (which says so honestly).
  if (asked && question === undefined) return undefined;
  const answer = ownOf(parse(subMessage(msg, own.join(', '))));
  if (!answer) return undefined;
  const early: EarlyAnswers = { ...rest.early };
  if (answer.field === 'siteUrl') early.siteUrl = answer.name;
  else if (answer.field === 'callingPlan') early.callingPlan = answer.event.callingPlan;
  else if (answer.field === 'email') early.email = answer.email;
  else early.codeHash = answer.codeHash;
  const event: UserEvent = { type: 'GIVE_ANSWERS', answers: rest.answers, early };
  if (rest.clarify) event.clarify = rest.clarify;
  if (question) event.question = question;
  return event;
}
