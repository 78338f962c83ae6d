import { countryCode, regionCode } from '../../domain/address.js';
import type { Address } from '../../domain/types.js';

/** Field names people use when they correct one part of the address shown back to them. */
const FIELDS: [RegExp, keyof Address][] = [
  [/^(?:city|town|город)$/iu, 'city'],
  [/^(?:zip|zip code|zipcode|postcode|post code|postal code|индекс)$/iu, 'postalCode'],
  [/^(?:state|province|region|штат|область|регион)$/iu, 'region'],
  [/^(?:country|страна)$/iu, 'country'],
  [/^(?:street|street address|address line|улица)$/iu, 'lines'],
];
const FIELD_NAMES = 'city|town|zip code|zipcode|zip|postcode|post code|postal code|state|province|region|country|street address|street|address line|город|индекс|штат|область|регион|страна|улица';
/** "the city is Round Rock not Austin", "zip should be 78702", "город — Казань, а не Москва". */
const NAMED = new RegExp(`(?:^|[\\s,])(?:the\\s+)?(${FIELD_NAMES})\\s+(?:is|should be|=|:|-|—|–)\\s*(.+)$`, 'iu');
/** "город Казань, а не Москва", "индекс 420111": Russian names the part without a verb. */
const NAMED_RU = /(?:^|[\s,])(город|индекс|улица|страна|область|регион)\s+(?:—|-|:)?\s*([^\s,].*)$/iu;
/** "wrong city, it's Cambridge", "wrong zip: 78702". */
const WRONG = new RegExp(`(?:^|[\\s,])(?:wrong|incorrect|неправильн\\p{L}*|неверн\\p{L}*)\\s+(${FIELD_NAMES})[\\s,:;.!-]+(?:(?:it'?s|it is|its|should be|это)\\s+)?(.+)$`, 'iu');
/** "it's suite 400 not 300", "кв. 14, а не 12": a unit said with the number it replaces. */
const UNIT = /(?:^|[\s,])((?:apt|apartment|suite|ste|unit|flat|floor|room|кв|квартира|офис)\.?\s*#?\s*\d+[\p{L}]?)\s*,?\s+(?:not|а не|не)\s+\S+/iu;
/** What follows the new value: the old one ("not Austin", "а не Москва"), a close ("thanks"), or the rest approved ("otherwise fine", "остальное верно"). */
const AFTER_VALUE = /\s*(?:,\s*)?(?:\b(?:not|instead of|rather than|otherwise|the rest|everything else|all else|rest is)\b|а не|не\s|остальное|в остальном|всё остальное|все остальное|\bthanks\b|\bthank you\b|\bplease\b|\bpls\b|[.!;]).*$/iu;

/** "the city is wrong", "the zip is not right": a part said to be wrong, with no new value. */
const NO_VALUE = /^(?:wrong|incorrect|not (?:right|correct)|off|missing|different|неправильн\p{L}*|неверн\p{L}*|не тот|не та|другой|другая)(?=[\s,.!]|$)/iu;

function fieldOf(name: string): keyof Address | undefined {
  return FIELDS.find(([re]) => re.test(name.trim()))?.[1];
}

/** One part of the address corrected in words, or undefined. */
export function readCorrection(raw: string): Partial<Address> | undefined {
  const m = WRONG.exec(raw) ?? NAMED.exec(raw) ?? NAMED_RU.exec(raw);
  if (m) {
    const field = fieldOf(m[1] as string);
    const value = (m[2] as string).replace(AFTER_VALUE, '').trim();
    if (!field || value === '' || NO_VALUE.test(value) || !/[\p{L}\p{N}]/u.test(value) || value.split(/\s+/).length > 6) return undefined;
    switch (field) {
      case 'country': { const c = countryCode(value); return c ? { country: c } : undefined; }
      case 'region': return { region: regionCode(value)?.region ?? value };
      case 'postalCode': return /\d/.test(value) ? { postalCode: value.toUpperCase() } : undefined;
      case 'lines': return { lines: [value] };
      default: return { city: value };
    }
  }
  const unit = UNIT.exec(raw);
  return unit ? { lines: [(unit[1] as string).trim()] } : undefined;
}
