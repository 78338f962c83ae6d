import { townInNominative } from './address-message.js';
import { countryCode, countryNames, nameKey, parseAddress, regionCode } from '../../domain/address.js';
import type { Address, AddressField } from '../../domain/types.js';
import type { UserEvent } from '../../machines/upgrade.types.js';
import { readCorrection } from './address-correction.js';
import { closest } from './fuzzy.js';
import { NOT_UNDERSTOOD, propose, type Message } from './message.js';
import { leadingYesNo, matches, yesNo } from './tables.js';

const CITY_PREFIX = /^(?:г\.?|город|city of|the city is|city is|city:)\s*/iu;
const FIELD_LABEL = /^(?:(?:it'?s|it is|its|the \w+ is|это|мой|наш)\s+)/iu;
/** "ditto", "same as above", "the same as before", "use that one", "billing address works": the service address is the billing one. */
const SAME_AS_BILLING = new RegExp([
  '(?:^| )(?:ditto|same as above)',
  '(?:^| )(?:identical|same)(?: [\\p{L}]+){0,3} (?:billing|invoice|invoicing|above|before|other (?:one|1)|first (?:one|1)|place)',
  '(?:^| )(?:just )?(?:use|keep|take) (?:the )?(?:billing|invoice|same|first|other|(?:(?:one|1) )?above|that)(?: address| one| 1)?',
  '(?:^| )billing (?:address|one) (?:works|is fine|will do|too|also)',
].map((x) => `${x}(?= |$)`).join('|'), 'u');
/** "not the same", "no, different one": the service address is another one, still to be given. */
const DIFFERENT = /^(?:no |nope )?(?:its )?(?:not the same|not same|(?:a )?different(?: one| address| place)?|another (?:one|address|place))$/u;

/**
 * Words of chat, never of an address: a message with them is no address unless it also has a postal code or a
 * country ("the weather in leeds is awful today", "25 or 30 licences, not sure yet", "we're all remote").
 */
const CHAT_WORDS = /(?:^| )(?:i|im|we|were|you|is|are|am|was|be|do|dont|does|did|have|has|had|not|no|idk|dunno|know|sure|yet|maybe|somewhere|which|what|why|how|when|there|this|that|it|its|today|weather|awful|licen[cs]es?|users?|seats?|numbers?|port|monthly|annual|callback|remote|office|offices|one|better|either|mean|please|pls|thanks|same|different|wrong|incorrect|я|мы|не|нет|знаю|какой|что|где)(?= |$)/u;
/** "we're in Toronto", "we are based in Leeds", "мы в Казани": a place said as a place. */
const PLACE_LEAD = /^\s*(?:we'?re|we are|i'?m|i am|our office is|our company is)\s+(?:(?:based|located)\s+)?in\s+(?=\p{L})/iu;

function give(address: Partial<Address>): UserEvent {
  return { type: 'GIVE_ADDRESS', address };
}

/** A country typed as an answer; "the states", "we're in canada eh", "Georgia" (a country and a state: asked). */
function countryAnswer(text: string): UserEvent {
  const code = countryCode(text);
  if (code) return regionCode(text) !== undefined && text.trim().length > 3 ? propose(give({ country: code })) : give({ country: code });
  const ws = nameKey(text).split(' ');
  for (let n = Math.min(3, ws.length); n >= 1; n -= 1) {
    for (let i = 0; i + n <= ws.length; i += 1) {
      const cand = ws.slice(i, i + n).join(' ');
      const found = cand.length > 2 ? countryCode(cand) : undefined;
      if (found) return give({ country: found });
    }
  }
  const typo = closest(nameKey(text), countryNames());
  return typo ? propose(give({ country: typo })) : NOT_UNDERSTOOD;
}

/** The bot asked for one field: the whole message is that field, or the field with more parts ("Leeds, LS1 6DT"). */
/** "штат Калифорния", "the state of Texas", "province: Ontario": the word for the kind of region, before its name. */
const REGION_WORD = /^(?:(?:the\s+)?(?:state|province)(?:\s+of)?|штат|провинция|провинции|регион)\s*[:-]?\s*/iu;
/** "мы в Канаде", "we're in Canada", "from Germany": the words around a country said as a place. */
const COUNTRY_LEAD = /^\s*(?:(?:we'?re|we are|i'?m|i am|(?:we'?re |we are )?based)\s+in|from|мы\s+(?:в|во|из)|я\s+(?:в|во|из)|в|во|из)\s+/iu;
/** "Канаде", "Германии", "Франции": a country in the locative or genitive, as Russian puts it after "в" and "из". */
function nominativeCountry(text: string): string | undefined {
  for (const form of [text, text.replace(/ии$/u, 'ия'), text.replace(/е$/u, 'а'), text.replace(/ы$/u, 'а')]) {
    if (countryCode(form)) return form;
  }
  return undefined;
}

function fieldAnswer(field: AddressField, msg: Message): UserEvent {
  // A country alone, however it is said: "Germany (Deutschland)" names one country twice, not a town and a country.
  if (field === 'country') {
    const said = msg.raw.replace(/\([^)]*\)/gu, ' ').replace(COUNTRY_LEAD, '').replace(/[.!]+$/, '').trim();
    const nominative = nominativeCountry(said);
    if (nominative) return countryAnswer(nominative);
  }
  if (field === 'region') {
    const named = msg.raw.replace(REGION_WORD, '').replace(/[.!]+$/, '').trim();
    const region = named !== msg.raw.trim() ? regionCode(named)?.region : undefined;
    if (region) return give({ region });
  }
  const whole = parseAddress(msg.raw, msg.view.locale);
  const keys = Object.keys(whole);
  if (keys.length >= 3 || (keys.length >= 2 && keys.includes(field) && field !== 'lines' && !CHAT_WORDS.test(msg.norm))) return give(whole);
  const text = msg.raw.replace(FIELD_LABEL, '').replace(/[.!]+$/, '').trim();
  // Emoji, symbols and invisible characters are no part of an address.
  if (!/[\p{L}\p{N}]/u.test(text)) return NOT_UNDERSTOOD;
  switch (field) {
    case 'lines': return give({ lines: text.split(/\n/).map((l) => l.trim()).filter((l) => l !== '').slice(0, 2) });
    case 'city': {
      const city = text.replace(CITY_PREFIX, '').trim();
      return /\p{L}/u.test(city) ? give({ city }) : NOT_UNDERSTOOD;
    }
    case 'region': return give({ region: regionCode(text)?.region ?? text });
    case 'postalCode': {
      const code = (whole.postalCode ?? text.replace(/^(?:zip|zip code|postal code|postcode|индекс)\s*(?:is|:)?\s*/iu, '')).toUpperCase();
      return /\d/.test(code) && code.length <= 12 ? give({ postalCode: code }) : NOT_UNDERSTOOD;
    }
    case 'country': return countryAnswer(text);
  }
}

/** Something address-like in free text; a lone word that could be a city is only proposed. */
function freeAnswer(text: string, msg: Message): UserEvent | undefined {
  if (!/[\p{L}\p{N}]/u.test(text)) return undefined;
  const place = PLACE_LEAD.exec(text);
  const body = place ? text.slice(place[0].length) : text;
  const a = parseAddress(body, msg.view.locale);
  const keys = Object.keys(a);
  if (keys.length === 0) return undefined;
  // Chat is no address, unless a postal code or a country says it is one (then it is shown back for a yes).
  if (CHAT_WORDS.test(` ${msg.norm} `) && !place && a.postalCode === undefined && a.country === undefined) return undefined;
  if (place && !CHAT_WORDS.test(body.toLowerCase())) return give(a);
  if (keys.length === 1 && a.city !== undefined) {
    // One unlabelled word ("hello", "Austin") is too weak to be taken as a city; "в Новосибирске" is shown back as Новосибирск.
    return /\d/.test(text) ? undefined : propose(give(townInNominative(a)));
  }
  return give(townInNominative(a));
}

/** billingAddress / serviceAddress, including their ".confirming" sub-state. */
export function parseAddressAnswer(msg: Message): UserEvent | undefined {
  const { view } = msg;
  const confirming = view.state.endsWith('.confirming');
  const answer = yesNo(msg.raw, msg.norm);
  if (view.step === 'serviceAddress' && (matches(msg.norm, (t) => t.sameAsBilling) || SAME_AS_BILLING.test(msg.norm))) return { type: 'SAME_AS_BILLING' };
  if (view.step === 'serviceAddress' && !view.addressField && DIFFERENT.test(msg.norm)) return { type: 'NO' };
  if (confirming && answer) return { type: answer === 'yes' ? 'YES' : 'NO' };
  if (answer) return { type: answer === 'yes' ? 'YES' : 'NO' };
  if (view.addressField && !confirming) return fieldAnswer(view.addressField, msg);
  if (confirming) {
    // "yeah but the city is Round Rock not Austin", "wrong city, it's Cambridge": the part corrected.
    const corrected = readCorrection(msg.raw);
    if (corrected) return give(corrected);
    // "no, the zip is 78702": the correction is what counts.
    const lead = leadingYesNo(msg.norm);
    const body = lead ? msg.raw.replace(/^\s*\S+[\s,.!:-]+/u, '') : msg.raw;
    return freeAnswer(body, msg);
  }
  return freeAnswer(msg.raw, msg);
}
