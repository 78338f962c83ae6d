import { postcodeValidator, postcodeValidatorExistsForCountry } from 'postcode-validator';
import { ADDRESS_FORMATS, postalGuessOrder, spellPostalCode } from './address-formats.js';
import { countryCode, regionCode } from './address-names.js';
import { COUNTRY_ALIASES, REGIONS } from './address-regions.js';
import type { Address, Locale } from './types.js';

export { COUNTRY_CODES, countryCode, countryName, countryNames, isKnownRegion, isPostalCodeOf, nameKey, regionCode } from './address-names.js';

const STREET_WORDS = new Set([
  'st', 'street', 'ave', 'av', 'avenue', 'rd', 'road', 'blvd', 'boulevard', 'ln', 'lane', 'dr', 'drive', 'way', 'ct',
  'court', 'pl', 'place', 'loop', 'row', 'trail', 'walk', 'close', 'crescent', 'cres', 'alley', 'sq', 'square', 'pkwy',
  'parkway', 'hwy', 'highway', 'ter', 'terrace', 'cir', 'circle', 'mews',
  'str', 'strasse', 'straße', 'weg', 'platz', 'allee', 'gasse', 'ring', 'damm',
  'rue', 'quai', 'chemin', 'allée', 'impasse', 'bd', 'cours', 'via', 'calle', 'plaza',
  'ул', 'улица', 'пр', 'пр-т', 'просп', 'проспект', 'пер', 'переулок', 'ш', 'шоссе', 'наб', 'набережная', 'пл',
  'площадь', 'б-р', 'бульвар', 'д', 'дом', 'тупик', 'проезд', 'мкр', 'микрорайон',
]);
/** Parts of a building: a line of their own, kept where they were written ("Suite 300", "Flat 3", "кв. 12", "12th floor"). */
const UNIT_WORDS = /^(?:apt|apartment|suite|ste|unit|flat|floor|fl|room|rm|bldg|building|dept|#|bâtiment|batiment|bât|bat|appartement|appt|étage|etage|escalier|кв|квартира|офис|оф|корп|корпус|стр|строение|этаж|помещение|пом|лит|литер|литера)(?![\p{L}])|(?:^|\s)(?:floor|fl|étage|etage|этаж)\.?$/iu;
/** A house number on its own ("15", "д. 7", "No. 4"): it belongs to the street before it. */
const HOUSE_ONLY = /^(?:(?:д|дом|no|nr)\.?\s*)?\d+[\p{L}]?(?:\/\d+)?$/iu;
const CITY_PREFIX = /^(?:г\.?|город|city of|гор\.)\s*/iu;
/** A Russian region written as one ("Московская обл.", "Краснодарский край", "Респ. Татарстан"): never the town. */
const RU_REGION = /(?:^|\s)(?:обл\.?|область|край|респ\.?|республика|ао)(?=\s|$)|^(?:респ\.?|республика)\s/iu;
/** A company's name on the first line ("ООО «Ромашка»"): part of the address lines, not the town. */
const COMPANY_LINE = /^(?:ооо|оао|зао|пао|ао|ип|нко|ано|фгуп|гуп|муп)\s/iu;
/** Street types that may follow their name ("Ленинградский проспект"), so the adjective before them is the street's. */
const POSTFIX_STREET = new Set(['проспект', 'шоссе', 'переулок', 'бульвар', 'проезд', 'набережная', 'площадь', 'улица', 'тупик', 'пр-т', 'просп']);
const LABELS: [RegExp, 'postalCode' | 'city' | 'region' | 'country' | 'lines'][] = [
  [/^(?:(?:the )?(?:zip|zip code|zipcode|postal code|postcode|post code)|(?:почтовый )?индекс)\s*(?:is|:|=|-|это)?\s*/iu, 'postalCode'],
  [/^(?:(?:the )?city|город)\s*(?:is|:|=|-|это)\s*/iu, 'city'],
  [/^(?:(?:the )?(?:state|province|region)|штат|область|регион|провинция)\s*(?:is|:|=|-|это)?\s*/iu, 'region'],
  [/^(?:(?:the )?country|страна)\s*(?:is|:|=|-|это)?\s*/iu, 'country'],
  [/^(?:(?:the )?(?:street|address line)|улица|адрес)\s*(?:is|:|=|-|это)\s*/iu, 'lines'],
];

function words(s: string): string[] {
  return s.split(/\s+/).filter((w) => w !== '');
}

const bare = (w: string): string => w.toLowerCase().replace(/[.,]$/, '');
const isStreetWord = (w: string): boolean => STREET_WORDS.has(bare(w));

/** A street line as written: a street word and a house number ("ул ленина 5", "100 Congress Ave"). */
export function isStreetLine(line: string): boolean {
  return /\d/.test(line) && words(line).some(isStreetWord);
}

function isStreetish(seg: string): boolean {
  return /\d/.test(seg) || words(seg).some(isStreetWord);
}

interface Postal { seg: number; from: number; to: number; code: string; country: string }

/**
 * A house number is no postal code: "12345 Main St" (a number that opens a street with no other number before its
 * street word), "suite 10000". A six-digit Russian code opens "620014 Екатеринбург ул. Малышева 51" all the same.
 */
function isHouseNumber(ws: readonly string[], from: number, to: number): boolean {
  if (from > 0 && UNIT_WORDS.test(ws[from - 1] as string)) return true;
  if (from !== 0 || !/^\d{1,5}$/.test(ws[from] as string)) return false;
  for (let i = to + 1; i < ws.length && i <= to + 3; i += 1) {
    if (/\d/.test(ws[i] as string)) return false;
    if (isStreetWord(ws[i] as string)) return true;
  }
  return false;
}

/** The last postal code written (codes close an address), tried against `countries` in order. */
function findPostal(segs: readonly string[], countries: readonly string[]): Postal | undefined {
  for (let s = segs.length - 1; s >= 0; s -= 1) {
    const ws = words(segs[s] as string);
    for (let to = ws.length - 1; to >= 0; to -= 1) {
      for (const span of [2, 1]) {
        const from = to - span + 1;
        if (from < 0) continue;
        const cand = ws.slice(from, to + 1).join(' ').replace(/[.,]$/, '');
        if (!/\d/.test(cand) || cand.length < 3 || cand.length > 10 || isHouseNumber(ws, from, to)) continue;
        const country = countries.find((c) => postcodeValidatorExistsForCountry(c) && postcodeValidator(cand, c));
        if (country) return { seg: s, from, to, code: cand, country };
      }
    }
  }
  return undefined;
}

/** A region code or name closing `ws` ("Austin TX", "Toronto Ontario"); codes in lower case only next to a postal code. */
function regionAtEnd(ws: readonly string[], country: string | undefined, byPostal: boolean, alone = false): { region: string; country: string; n: number } | undefined {
  for (const n of [3, 2, 1]) {
    if (ws.length < n) continue;
    const cand = ws.slice(ws.length - n).join(' ').replace(/[.,]$/, '');
    const found = regionCode(cand, country);
    // "in" or "me" in lower case are words, "Washington" alone is a city.
    if (found && (cand.length > 3 || cand === cand.toUpperCase() || byPostal) && (cand.length <= 3 || ws.length > n || alone)) return { ...found, n };
  }
  return undefined;
}

/** A whole segment that names a country; a two-letter region code ("CA", "DE") names the region before a postal code. */
function segmentCountry(seg: string): string | undefined {
  const code = countryCode(seg);
  if (!code) return undefined;
  const t = seg.trim();
  // "no", "in", "de" in lower case are words; "us", "uk" are names people type.
  if (t.length === 2 && t !== t.toUpperCase() && !COUNTRY_ALIASES[t.toLowerCase()]) return undefined;
  if (t.length === 2 && t === t.toUpperCase() && Object.values(REGIONS).some((r) => r[t] !== undefined)) return undefined;
  // "Georgia" is a state as much as a country: it is read as the state's name.
  if (t.length > 3 && regionCode(t) !== undefined) return undefined;
  return code;
}

/**
 * Street then city with no comma between ("500 w 2nd st suite 1900 austin", "1 Infinite Loop Cupertino"): the street
 * ends at its last street word or number. A street type written first ("1000 rue de la gauchetiere o montreal")
 * leaves the city as the last word.
 */
function splitStreetCity(ws: readonly string[]): { street?: string; city?: string } {
  let last = -1;
  ws.forEach((w, i) => { if (/\d/.test(w) || isStreetWord(w)) last = i; });
  if (last === -1) return { city: ws.join(' ') };
  if (last === 1 && /^\d/.test(ws[0] as string) && ws.length > 3) last = ws.length - 2;
  const street = ws.slice(0, last + 1).join(' ');
  const city = ws.slice(last + 1).join(' ');
  return city === '' ? { street } : { street, city };
}

/**
 * Town then street with no comma, as Russian is typed ("Самара ул Ленинградская 45", "г Нижний Новгород ул Большая
 * Покровская д 10", "москва ленинградский проспект 39"): the town is the words before the first street word (and
 * before the adjective of a street type that follows its name). Undefined when the words are not of that shape.
 */
function townThenStreet(ws: readonly string[]): { city: string; street: string } | undefined {
  if (!/[а-яё]/iu.test(ws.join(' '))) return undefined;
  const k = ws.findIndex((w) => isStreetWord(w) && !['д', 'дом'].includes(bare(w)));
  if (k < 1 || ws.slice(0, k).some((w) => /\d/.test(w)) || !ws.slice(k).some((w) => /\d/.test(w))) return undefined;
  const adjective = k >= 2 && POSTFIX_STREET.has(bare(ws[k] as string)) && /(?:ский|цкий|ская|цкая|ой|ый|ий|ая)$/u.test(bare(ws[k - 1] as string));
  const end = adjective ? k - 1 : k;
  const city = ws.slice(0, end).join(' ').replace(CITY_PREFIX, '').trim();
  return city === '' || RU_REGION.test(city) ? undefined : { city, street: ws.slice(end).join(' ') };
}

/** "Unter den Linden 77 Berlin", "1 Infinite Loop Cupertino": a lone segment split after the street. */
function splitStreet(seg: string): string[] {
  const ws = words(seg);
  if (ws.length < 3) return [seg];
  if (/^\d+[a-z]?$/i.test(ws[0] as string)) {
    const k = ws.findIndex((w, i) => i > 1 && isStreetWord(w) && !['д', 'дом'].includes(bare(w)));
    return k > 0 && k < ws.length - 1 ? [ws.slice(0, k + 1).join(' '), ws.slice(k + 1).join(' ')] : [seg];
  }
  const j = ws.findIndex((w, i) => i > 0 && /^\d+[a-zа-я]?(?:\/\d+)?$/iu.test(w));
  return j > 0 && j < ws.length - 1 ? [ws.slice(0, j + 1).join(' '), ws.slice(j + 1).join(' ')] : [seg];
}

type Item = { kind: 'street' | 'unit' | 'house' | 'plain'; text: string } | { kind: 'city'; text: string };

function takeLabelled(segs: string[], out: Partial<Address>, lines: string[]): string[] {
  return segs.filter((seg) => {
    for (const [label, field] of LABELS) {
      const m = label.exec(seg);
      if (!m || m[0].trim() === '' || seg.length === m[0].length) continue;
      const value = seg.slice(m[0].length).trim();
      if (field === 'country') { const c = countryCode(value); if (c) out.country = c; } else if (field === 'region') out.region = regionCode(value)?.region ?? value;
      else if (field === 'lines') lines.push(value);
      else if (field === 'postalCode') { if (/\d/.test(value)) out.postalCode = value.toUpperCase(); else return true; }
      else out.city = value;
      return false;
    }
    return true;
  });
}

/** "10117 Berlin Germany", "Россия Москва ...": a country name closing the last or opening the first segment. */
function takeCountryWords(segs: string[], out: Partial<Address>): void {
  const last = words(segs[segs.length - 1] as string);
  const first = words(segs[0] as string);
  for (const n of [3, 2, 1]) {
    const tail = last.length > n ? last.slice(-n).join(' ') : '';
    const head = first.length > n ? first.slice(0, n).join(' ') : '';
    if (tail.length > 2 && segmentCountry(tail)) { out.country = segmentCountry(tail); segs[segs.length - 1] = last.slice(0, -n).join(' '); return; }
    if (head.length > 2 && segmentCountry(head)) { out.country = segmentCountry(head); segs[0] = first.slice(n).join(' '); return; }
  }
}

/** The segment holding the postal code, read around it: region and city before it, or city (and street) after it. */
function readPostalSegment(ws: string[], p: Postal, out: Partial<Address>, cityElsewhere: boolean): Item[] {
  let before = ws.slice(0, p.from);
  const after = ws.slice(p.to + 1);
  const items: Item[] = [];
  // "New York 10005" with no other city: the name is the city, not the state.
  const r = regionAtEnd(before, out.country, true, cityElsewhere);
  if (r && out.region === undefined) {
    out.region = r.region;
    out.country ??= r.country;
    before = before.slice(0, before.length - r.n);
  }
  if (after.length > 0) {
    // "125009 Москва Тверская 7", "620014 Екатеринбург ул. Малышева 51": the city, then the street.
    // The street starts at its street word, or at the name just before its house number.
    const streetAt = after.findIndex((w, i) => i > 0 && (isStreetWord(w) || /\d/.test(after[i + 1] ?? '') || /\d/.test(w)));
    const cityWords = streetAt > 0 ? after.slice(0, streetAt) : after;
    if (before.length > 0) items.push(...[...splitStreet(before.join(' '))].map((t): Item => ({ kind: isStreetish(t) ? 'street' : 'plain', text: t })));
    items.push({ kind: 'city', text: cityWords.join(' ') });
    if (streetAt > 0) items.push({ kind: 'street', text: after.slice(streetAt).join(' ') });
    return items;
  }
  if (before.length === 0) return items;
  const town = cityElsewhere ? undefined : townThenStreet(before);
  if (town) return [{ kind: 'city', text: town.city }, { kind: 'street', text: town.street }];
  const { street, city } = cityElsewhere && !/\d/.test(before.join(' ')) ? { street: undefined, city: before.join(' ') } : splitStreetCity(before);
  if (street) items.push({ kind: 'street', text: street });
  if (city) items.push({ kind: 'city', text: city });
  return items;
}

function classify(seg: string): Item {
  if (UNIT_WORDS.test(seg)) return { kind: 'unit', text: seg };
  if (HOUSE_ONLY.test(seg)) return { kind: 'house', text: seg };
  if (isStreetish(seg)) return { kind: 'street', text: seg };
  return { kind: 'plain', text: seg };
}

/** More comma-, semicolon- or line-separated parts than this are no address. */
export const MAX_ADDRESS_SEGMENTS = 24;

/** A whole or partial address typed as people do, in English or Russian. Only what was recognised is set. */
export function parseAddress(text: string, locale: Locale): Partial<Address> {
  const out: Partial<Address> = {};
  const lines: string[] = [];
  const all = text.split(/[,;\n]+/).map((s) => s.trim()).filter((s) => s !== '');
  // No address has this many parts, and reading one compares parts with each other (quadratic in their number).
  if (all.length > MAX_ADDRESS_SEGMENTS) return out;
  let segs = takeLabelled(all, out, lines);
  const startsBig = segs.length > 0 && (segmentCountry(segs[0] as string) !== undefined || /^\d{5,6}\b/.test(segs[0] as string));

  segs = segs.filter((seg) => {
    const c = segmentCountry(seg);
    if (!c || (out.country && out.country !== c)) return true;
    out.country ??= c;
    return false;
  });
  if (!out.country && segs.length > 0) takeCountryWords(segs, out);
  segs = segs.filter((s) => s.trim() !== '');

  let postal = out.postalCode === undefined ? findPostal(segs, out.country ? [out.country] : postalGuessOrder(locale)) : undefined;
  if (postal && !out.country) {
    // "20095 Hamburg DE": a two-letter country code after the postal code.
    const lastWs = words(segs[segs.length - 1] as string);
    const code = lastWs[lastWs.length - 1] as string;
    const after = postal.seg < segs.length - 1 || postal.to < lastWs.length - 1;
    // "DE" or "us" (a name people type), not "no" or "in" in lower case: those are words.
    const typedAsCode = code === code.toUpperCase() || COUNTRY_ALIASES[code.toLowerCase()] !== undefined;
    const country = code.length === 2 && typedAsCode ? countryCode(code) : undefined;
    if (country && after) {
      out.country = country;
      segs[segs.length - 1] = lastWs.slice(0, -1).join(' ');
      segs = segs.filter((s) => s.trim() !== '');
      if (!isPostalValid(postal.code, country)) postal = findPostal(segs, [country]);
    }
  }
  if (postal) {
    out.postalCode = spellPostalCode(postal.code, out.country ?? postal.country);
    // A six-digit code in a Russian-written address is Russian; elsewhere the country is not guessed from it.
    if (!out.country && postal.country === 'RU' && /[а-яё]/iu.test(text)) out.country = 'RU';
    // "London NW1 6XE", "Toronto M5E 1E5": a code with letters that only one country sold to writes names it.
    if (!out.country && /[a-z]/iu.test(postal.code)) {
      const fits = Object.keys(ADDRESS_FORMATS).filter((c) => isPostalValid(postal?.code ?? '', c));
      if (fits.length === 1) out.country = fits[0];
    }
  }

  const items: Item[] = [];
  segs.forEach((seg, i) => {
    if (postal && i === postal.seg) {
      const cityElsewhere = segs.some((s, j) => j !== i && !isStreetish(s) && !UNIT_WORDS.test(s));
      items.push(...readPostalSegment(words(seg), postal, out, cityElsewhere));
    } else if (segs.length === 1 && !postal) {
      const town = townThenStreet(words(seg));
      items.push(...(town ? [{ kind: 'city', text: town.city } as Item, { kind: 'street', text: town.street } as Item] : splitStreet(seg).map(classify)));
    }
    else items.push(classify(seg));
  });

  // Big to small ("Россия, Москва, ул. ...", Russian): a plain name before the street is the city; small to big, a
  // name before the street is a building's ("St Anne's School, 19 Vicarage Lane").
  const cityFirst = startsBig || /[а-яё]/iu.test(text) || (out.country !== undefined && ADDRESS_FORMATS[out.country]?.cityBeforeStreet === true);
  let streetSeen = false;
  for (const item of items) {
    if (item.kind === 'street' || item.kind === 'unit') { lines.push(item.text); streetSeen ||= item.kind === 'street'; continue; }
    if (item.kind === 'house') {
      if (lines.length > 0) lines[lines.length - 1] = `${lines[lines.length - 1] as string}, ${item.text}`;
      else lines.push(item.text);
      continue;
    }
    if (item.kind === 'city') { if (item.text !== '') out.city ??= item.text.replace(CITY_PREFIX, '').trim(); continue; }
    readPlain(item.text, out, lines, !streetSeen && !cityFirst && !CITY_PREFIX.test(item.text) && items.some((x) => x.kind === 'street'));
  }
  if (lines.length > 0) out.lines = lines.length <= 2 ? lines : [lines[0] as string, lines.slice(1).join(', ')];
  if (out.country && out.region && REGIONS[out.country]) out.region = regionCode(out.region, out.country)?.region ?? out.region;
  return out;
}

function isPostalValid(code: string, country: string): boolean {
  return !postcodeValidatorExistsForCountry(country) || postcodeValidator(code, country);
}

/** A segment of plain words: a building's name before the street, else the city, then the region. */
function readPlain(text: string, out: Partial<Address>, lines: string[], building: boolean): void {
  if (building || COMPANY_LINE.test(text)) { lines.push(text); return; }
  // "Московская обл., г. Химки, ...": a region written first is the region, and the town comes after it.
  if (/[а-яё]/iu.test(text) && RU_REGION.test(text) && out.region === undefined) { out.region = text; return; }
  const ws = words(text);
  if (out.region === undefined && out.city === undefined) {
    // "Austin TX", "somewhere in texas": a region closing the city's segment.
    const r = regionAtEnd(ws, out.country, false);
    if (r && r.n < ws.length) {
      out.region = r.region;
      out.country ??= r.country;
      out.city = ws.slice(0, ws.length - r.n).join(' ').replace(CITY_PREFIX, '').trim();
      return;
    }
  }
  if (out.city === undefined) { out.city = text.replace(CITY_PREFIX, '').trim(); return; }
  if (out.region === undefined) {
    const r = regionCode(text, out.country);
    out.region = r?.region ?? text;
    if (r) out.country ??= r.country;
    return;
  }
  lines.push(text);
}
