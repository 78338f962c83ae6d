import { countryCode, parseAddress, regionCode } from '../../domain/address.js';
import type { Address, CallingPlan } from '../../domain/types.js';
import type { Clarify, EarlyAnswers, OrderAnswers, UserEvent } from '../../machines/upgrade.types.js';
import { parseCallingPlan } from './calling-plan.js';
import { MAX_PARTS, propose, subMessage, type Message } from './message.js';
import { leadingYesNo, matches } from './tables.js';
import { readWhole } from './whole.js';
import { nominativePlace } from './ru-places.js';

/** "ship it to ...", "our office is at ...", "Rechnungsadresse: ...", "доставка по адресу ...": not part of the address. */
const LEAD_IN = /^\s*(?:(?:please\s+)?(?:bill|ship|send|invoice)(?:\s+(?:it|them|that|us))?\s+to|(?:the\s+|our\s+|my\s+)?(?:billing|service|invoice|office|company|head ?office|hq)?\s*address(?:\s+is)?|(?:our|the|my)\s+(?:office|hq|headquarters|company)(?:\s+is)?(?:\s+(?:at|in))?|it'?s\s+at|we'?re\s+(?:at|in)(?:\s+[\p{L}]+)?|[\p{L}]*adresse|bureau|office|адрес(?:\s+для\s+сч[её]тов|\s+офиса|\s+доставки)?|доставка\s+по\s+адресу|наш\s+офис(?:\s+находится)?(?:\s+по\s+адресу)?|офис)\s*(?::|-|–|—|\s)\s*/iu;
/**
 * LEAD_IN at the start of `text`, looked for in its first characters only: a lead-in is a few words, and its nested
 * `\s+`/`\s*` would backtrack quadratically over a long run of spaces.
 */
const LEAD_IN_MAX_CHARS = 120;
const leadIn = (text: string): RegExpExecArray | null => LEAD_IN.exec(text.slice(0, LEAD_IN_MAX_CHARS));
/** Words of a sentence about the address, never of the address: "use our school address, ...", "service is at our branch, ...". */
const CHAT_WORD = /(?:^|[\s,])(?:is|are|at|our|my|we|were|we're|it's|its|use|please|pls|ok|so|from|the|to|different|instead|actually|works|runs|bill|ship|send|наш|мой|по|адресу|находится|используйте)(?=[\s,:]|$)/iu;
/** The words just before a house number that lead up to it: "the team works from 2100 Ross Ave", "ok so bill to 350 ...". */
const LEADS_TO_NUMBER = /^([^\d,:]{0,80}?\s)?(?:to|at|from|use|in|on|is)\s+(?=\d)/iu;
/** Words that make a part of a message chat, not address: what follows them is read as the rest of the message. */
const TAIL_WORD = /(?:^|[\s,])(?:and|also|too|then|please|pls|plus|is|are|we|we're|i|i'm|you|my|our|it's|tax|same|service|site|new|numbers?|licen[cs]es?|users?|seats?|monthly|annual|yearly|callback|wrong|email|how|what|why|when|which|do|does|can|could|need|not|sure|yet|port|add|make|switch|drop|question|billing|fine|и|также|тоже|такой|сервисный|давайте|давай|лицензи\p{L}*|номер\p{L}*|сайт\p{L}*|помесячно|ежемесячно|годовая|обратн\p{L}*|почта|кстати|хотим|перенос\p{L}*|перенесите|et|und|dann|lizenzen|numéros)(?=[\s,.:;!?]|$)/iu;

/** "service same", "same for service", "и сервисный адрес такой же": the service address is this one too. */
const SERVICE_SAME = /(?:^| )(?:service|сервисн\p{L}*|услуг\p{L}*|использовани\p{L}*)(?: .*)? (?:same|the same|такой же|тот же|совпадает)(?= |$)|(?:^| )(?:same|такой же|тот же) (?:.* )?(?:service|сервисн\p{L}*)(?= |$)/u;

/** Words of a change of mind inside an address. */
const SELF_CORRECTION = /(?:^|[\s,.])(?:sorry|oops|i mean|scratch that|no wait|wait no|correction|ой|точнее|вернее|то есть)(?=[\s,.!]|$)/iu;

export function withoutLeadIn(msg: Message): Message {
  // "адресс: Ростов-на-Дону, ...": words and a colon before the address, whatever the words.
  const colon = /^[^\d:]{1,80}:\s*/u.exec(msg.raw);
  const m = colon && /\d/.test(msg.raw.slice(colon[0].length)) ? colon : leadIn(msg.raw);
  if (!m || m[0].length >= msg.raw.length || !/\d/.test(msg.raw.slice(m[0].length))) return msg;
  return subMessage(msg, msg.raw.slice(m[0].length));
}

/** "склад в Подольске, ...", "офис в США: ...", "бюро во Франции — ...": what is where, said before the address. */
const RU_PLACE_LEAD = /^\s*(?:(?:наш|наша|наше|у нас)\s+)?\p{L}+(?:\s+\p{L}+)?\s+(?:в|во)\s+[\p{L}-]+(?:\s+[\p{L}-]+)?\s*(?::|,|\s[—–-])\s*/u;
/** The place named in such words: "в Подольске". */
const RU_PLACE = /(?:^|\s)(?:в|во)\s+([\p{L}-]+(?:\s+[\p{L}-]+)?)\s*[:,—–-]?\s*$/u;

/** The words before the address, and the address with what follows it. */
function splitLead(text: string): { lead: string; body: string } {
  const cut = (n: number) => ({ lead: text.slice(0, n), body: text.slice(n).trim() });
  const placed = RU_PLACE_LEAD.exec(text);
  if (placed && /\d/.test(text.slice(placed[0].length))) return cut(placed[0].length);
  // "different: 77 Warehouse Rd ...", "адрес фонда: Москва, ...": a colon before any number ends the lead-in,
  // wherever a known lead-in word stands in it.
  const colon = /^[^\d:]{1,80}:\s*/u.exec(text);
  if (colon && /\d/.test(text.slice(colon[0].length))) return cut(colon[0].length);
  const known = leadIn(text);
  if (known && /\d/.test(text.slice(known[0].length))) return cut(known[0].length);
  // "different one. Hauptstraße 1, ...": a first sentence that talks about the address.
  const sentence = /^([^\d.!?]{1,60})[.!]\s+/u.exec(text);
  if (sentence && CHAT_WORD.test(sentence[1] as string) && /\d/.test(text.slice(sentence[0].length))) return cut(sentence[0].length);
  // "service is at our branch, 60 Wall Street, ...": a first part with no number that talks about the address.
  const comma = /^([^\d,]{1,80}),\s*/u.exec(text);
  if (comma && CHAT_WORD.test(comma[1] as string) && /^\S*\d/u.test(text.slice(comma[0].length))) return cut(comma[0].length);
  const toNumber = LEADS_TO_NUMBER.exec(text);
  if (toNumber) return cut(toNumber[0].length);
  return { lead: '', body: text };
}

/** "в Новосибирске" typed as the town: the town, in the nominative, when the form is known. */
export function townInNominative(address: Partial<Address>): Partial<Address> {
  const m = address.city === undefined ? undefined : /^(?:в|во)\s+(.+)$/iu.exec(address.city);
  const town = m ? nominativePlace(m[1] as string) : undefined;
  return town?.sure ? { ...address, city: town.name } : address;
}

/** A region typed where the town goes: "..., 142100, Московская обл." after "склад в Подольске". */
const RU_REGION = /(?:^|\s)(?:обл\.?|области|область|край|края|респ\.?|республика)(?=\s|$)/u;

/** The address read from the body, with what the words before it named; the body wins, but a town named before it is no region. */
function withPlace(place: Partial<Address>, body: Partial<Address>): Partial<Address> {
  if (place.city !== undefined && body.city !== undefined && body.region === undefined && RU_REGION.test(body.city)) return { ...body, city: place.city, region: body.city };
  return { ...place, ...body };
}

/** A country or region named in the words before the address ("we're in germany: ...", "our UK one"), or a town ("склад в Подольске"). */
function placeIn(lead: string): Partial<Address> {
  const ru = RU_PLACE.exec(lead)?.[1];
  if (ru !== undefined && countryCode(ru) === undefined) {
    const town = nominativePlace(ru);
    if (town?.sure && countryCode(town.name) === undefined) return { city: town.name };
  }
  const ws = lead.replace(/[:,.!]/g, ' ').split(/\s+/).filter((w) => w !== '');
  for (let n = 3; n >= 1; n -= 1) {
    for (let i = 0; i + n <= ws.length; i += 1) {
      const cand = ws.slice(i, i + n).join(' ');
      const plain = cand.length > 3 || (cand.length >= 2 && cand === cand.toUpperCase());
      if (!plain) continue;
      const country = countryCode(cand);
      if (country && cand.length > 2 || (country && cand === cand.toUpperCase())) return { country };
      const region = cand.length > 3 ? regionCode(cand) : undefined;
      if (region) return { region: region.region, country: region.country };
    }
  }
  return {};
}

/**
 * The address and the rest of the message after it ("..., USA and make it 30 licences", "..., UK - service address is
 * the same"): the rest starts at the first part with chat words, once the address has its postal code or country.
 */
function splitTail(body: string, read: (t: string) => Partial<Address>): { address: string; tail: string } {
  const boundary = /(?:(?<!\s)\s+)?(?:[,;\n?!]|\.(?=\s)|\s[-–—]\s|\s(?=(?:and|и|et|und)\s))\s*/giu;
  const cuts = [...body.matchAll(boundary)];
  // Each cut tried reads the address before it again: only the first parts are tried (an address has a few).
  for (let i = 0; i < Math.min(cuts.length, MAX_PARTS); i += 1) {
    const m = cuts[i] as RegExpMatchArray & { index: number };
    const next = cuts[i + 1] as (RegExpMatchArray & { index: number }) | undefined;
    const piece = body.slice(m.index + m[0].length, next ? next.index : body.length);
    // A piece that is a question ("..., USA. how is tax calculated?") is no part of the address either.
    if (piece.trim() === '' || (!TAIL_WORD.test(piece) && !piece.includes('@') && !next?.[0].includes('?'))) continue;
    const a = read(body.slice(0, m.index));
    if ((a.postalCode !== undefined || a.country !== undefined) && a.lines !== undefined) {
      const rest = body.slice(m.index).replace(/^[\s,;.!—–-]+/u, '');
      return { address: body.slice(0, m.index), tail: rest };
    }
  }
  return { address: body, tail: '' };
}

/** A whole address: a street with a postal code or a country, and at least one more part. */
function isWhole(a: Partial<Address>): boolean {
  return a.lines !== undefined && (a.postalCode !== undefined || a.country !== undefined) && Object.keys(a).length >= 3;
}

/** The answers in the rest of a message, as a list to go with the address; undefined when it holds none. */
export interface Rest { answers: OrderAnswers; early: EarlyAnswers; question?: string; clarify?: Clarify }

/** The rest of a message with the first answer's own early answers added, as one GIVE_ANSWERS. */
export function answersWith(rest: Rest, early: EarlyAnswers, confirms?: true): UserEvent {
  return { type: 'GIVE_ANSWERS', answers: rest.answers, early: { ...rest.early, ...early }, ...(confirms ? { confirms } : {}),
    ...(rest.question ? { question: rest.question } : {}), ...(rest.clarify ? { clarify: rest.clarify } : {}) };
}

export function restAnswers(event: UserEvent): Rest | undefined {
  switch (event.type) {
    case 'GIVE_ANSWERS': {
      const { answers, early, question, clarify } = event;
      return { answers, early: early ?? {}, ...(question ? { question } : {}), ...(clarify ? { clarify } : {}) };
    }
    case 'CLARIFY': return { answers: {}, early: {}, clarify: event.clarify };
    case 'ASK_QUESTION': return { answers: {}, early: {}, question: event.id };
    case 'SAME_AS_BILLING': return { answers: {}, early: { sameAsBilling: true } };
    case 'CHOOSE_PLAN': return { answers: { plan: event.plan }, early: {} };
    case 'CHOOSE_RENEWAL': return { answers: { renewal: event.renewal }, early: {} };
    case 'SET_LICENSES': return { answers: { licenses: event.count }, early: {} };
    case 'SET_CALLBACK': return { answers: { callback: event.value }, early: {} };
    case 'CHANGE': return 'value' in event.change ? { answers: { [event.change.field]: event.change.value }, early: {} } : undefined;
    case 'GIVE_EMAIL': return { answers: {}, early: { email: event.email } };
    case 'GIVE_SITE_URL': return { answers: {}, early: { siteUrl: event.name } };
    case 'GIVE_CALLING_PLAN': return { answers: {}, early: { callingPlan: event.callingPlan } };
    default: return undefined;
  }
}

/**
 * A message that holds a whole address, read before any intent (so "Charity Lane" is no tax-exempt claim): the
 * words around it are no part of it, and what follows it is read for the other answers it gives. Undefined when
 * the message holds no whole address.
 */
export function readWholeAddress(msg: Message, inner: (msg: Message) => UserEvent): UserEvent | undefined {
  const { view } = msg;
  if (!/\d/.test(msg.raw)) return undefined;
  // "no, use 200 Bay St, ...": in the confirmation, a no before a whole address is its correction.
  const lead0 = view.state.endsWith('.confirming') ? leadingYesNo(msg.norm) : undefined;
  const text = lead0 ? msg.raw.replace(/^\s*[\p{L}]+[\s,.!:;—-]+/u, '') : msg.raw;
  const { lead, body } = splitLead(text);
  const read = (t: string) => parseAddress(t, view.locale);
  const { address: part, tail } = splitTail(body, read);
  const address = withPlace(placeIn(lead), read(part));
  if (!isWhole(address)) return undefined;
  // "12 rue de la Paix 75002 Paris... sorry no, it's 14 rue de la Paix": the person changed their mind mid-way; asked back.
  if (SELF_CORRECTION.test(body)) return propose({ type: 'GIVE_ADDRESS', address });
  if (tail === '') return { type: 'GIVE_ADDRESS', address };
  // Said at one of the address steps, the address is kept for that step's confirmation, the rest applied first.
  if (view.step !== 'billingAddress' && view.step !== 'serviceAddress') return { type: 'GIVE_ADDRESS', address };
  const read2 = readRest(subMessage(msg, tail), inner);
  // "..., France. is tax-exempt possible?", "... and get me a person": leaving the order goes before the address.
  if ('leave' in read2) return read2.leave;
  const { rest } = read2;
  return answersWith(rest, { [view.step]: address });
}

/**
 * What the rest of a message adds to an answer given first (an address, a yes): order answers, early answers
 * (the service address the same, phone numbers), a question; or the event that leaves the order.
 */
export function readRest(restMsg: Message, inner: (msg: Message) => UserEvent): { rest: Rest } | { leave: UserEvent } {
  const event = inner(restMsg);
  if (LEAVES_ORDER.has(event.type)) return { leave: event };
  const rest = restAnswers(event) ?? { answers: readWhole(restMsg).answers, early: {} };
  const early: EarlyAnswers = { ...readWhole(restMsg).early, ...rest.early };
  if (matches(restMsg.norm, (t) => t.sameAsBilling) || SERVICE_SAME.test(restMsg.norm)) early.sameAsBilling = true;
  const plan = early.callingPlan === undefined ? callingPlanIn(restMsg.raw, restMsg) : undefined;
  if (plan) early.callingPlan = plan;
  return { rest: { ...rest, early } };
}

/** True when the message holds a whole address, however it is worded around it. */
export function holdsWholeAddress(msg: Message): boolean {
  if (!/\d/.test(msg.raw)) return false;
  const read = (t: string) => parseAddress(t, msg.view.locale);
  const { lead, body } = splitLead(msg.raw);
  return isWhole({ ...placeIn(lead), ...read(splitTail(body, read).address) });
}

const LEAVES_ORDER = new Set<UserEvent['type']>(['TAX_EXEMPT', 'HUMAN', 'CANCEL', 'RESTART', 'FORGET_ME', 'CARD_NUMBER']);

/** "; 2 new numbers in birmingham", ", port +1 212 555 0190": the parts of the rest about phone numbers, read together. */
function callingPlanIn(tail: string, msg: Message): CallingPlan | undefined {
  // "no new numbers", "номера не нужны": none is an answer too, when it names the numbers.
  const none = (p: string) => matches(subMessage(msg, p.trim()).norm, (t) => t.noNumbers);
  const parts = tail.split(/[;,]|\.(?=\s)/u).filter((p) => (/\d/.test(p) || none(p)) && /(?:numbers?|номер|port|lines?|перен|перевед)/iu.test(p));
  if (parts.length === 0) return undefined;
  const event = parseCallingPlan(subMessage(msg, parts.join(', ')));
  return event?.type === 'GIVE_CALLING_PLAN' ? event.callingPlan : undefined;
}
