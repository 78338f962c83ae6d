import { countryCode, countryNames, nameKey, parseAddress, regionCode } from '../../domain/address.js';
import type { Address, AddressField } from '../../domain/types.js';
import type { UserEvent } from '../../machines/upgrade.types.js';
import { closest } from './fuzzy.js';
import { NOT_UNDERSTOOD, propose, type Message } from './message.js';
import { leadingYesNo, matches, yesNo } from './tables.js';

const CITY_PREFIX = /^(?:г\.?|город|city of|the city is|city is|city:)\s*/iu;
const FIELD_LABEL = /^(?:(?:it'?s|it is|its|the \w+ is|это|мой|наш)\s+)/iu;

function give(address: Partial<Address>): UserEvent {
  return { type: 'GIVE_ADDRESS', address };
}

function countryAnswer(text: string): UserEvent {
  const code = countryCode(text);
  if (code) return give({ country: code });
  const typo = closest(nameKey(text), countryNames());
  return typo ? propose(give({ country: typo })) : NOT_UNDERSTOOD;
}

/** The bot asked for one field: the whole message is that field (unless it is clearly a whole address). */
function fieldAnswer(field: AddressField, msg: Message): UserEvent {
  const whole = parseAddress(msg.raw, msg.view.locale);
  if (Object.keys(whole).length >= 3) return give(whole);
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
  const a = parseAddress(text, msg.view.locale);
  const keys = Object.keys(a);
  if (keys.length === 0) return undefined;
  if (keys.length === 1 && a.city !== undefined) {
    // One unlabelled word ("hello", "Austin") is too weak to be taken as a city.
    return /\d/.test(text) ? undefined : propose(give(a));
  }
  return give(a);
}

/** billingAddress / serviceAddress, including their ".confirming" sub-state. */
export function parseAddressAnswer(msg: Message): UserEvent | undefined {
  const { view } = msg;
  const confirming = view.state.endsWith('.confirming');
  const answer = yesNo(msg.raw, msg.norm);
  if (view.step === 'serviceAddress' && matches(msg.norm, (t) => t.sameAsBilling)) return { type: 'SAME_AS_BILLING' };
  if (confirming && answer) return { type: answer === 'yes' ? 'YES' : 'NO' };
  if (answer) return { type: answer === 'yes' ? 'YES' : 'NO' };
  if (view.addressField && !confirming) return fieldAnswer(view.addressField, msg);
  if (confirming) {
    // "no, the zip is 78702": the correction is what counts.
    const lead = leadingYesNo(msg.norm);
    const body = lead ? msg.raw.replace(/^\s*\S+[\s,.!:-]+/u, '') : msg.raw;
    return freeAnswer(body, msg);
  }
  return freeAnswer(msg.raw, msg);
}
