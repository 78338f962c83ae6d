import { postcodeValidator, postcodeValidatorExistsForCountry } from 'postcode-validator';
import { COUNTRY_ALIASES, REGION_NAMES_RU, REGIONS } from './address-regions.js';
import type { Address, Locale } from './types.js';

/** Country and region names compare in this form: "U.S.A." and "usa" are one key. */
export function nameKey(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е').replace(/[.'’]/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Every ISO 3166-1 alpha-2 code ICU can name: the country list comes from the runtime, not a table. */
export const COUNTRY_CODES: readonly string[] = (() => {
  const en = new Intl.DisplayNames(['en'], { type: 'region' });
  const out: string[] = [];
  // Regions that are not countries, and withdrawn codes ICU still names (SU would shadow RU, DD would shadow DE).
  const notCountries = new Set(['ZZ', 'EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'AA', 'QM', 'AN', 'BU', 'CS', 'DD', 'DY', 'FX',
    'HV', 'NH', 'RH', 'SU', 'TP', 'UK', 'VD', 'YD', 'YU', 'ZR']);
  for (let a = 65; a <= 90; a += 1) {
    for (let b = 65; b <= 90; b += 1) {
      const code = String.fromCharCode(a, b);
      if (!notCountries.has(code) && en.of(code) !== code) out.push(code);
    }
  }
  return out;
})();

const COUNTRY_BY_NAME: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const lang of ['en', 'ru']) {
    const names = new Intl.DisplayNames([lang], { type: 'region' });
    for (const code of COUNTRY_CODES) map.set(nameKey(names.of(code) ?? code), code);
  }
  for (const [alias, code] of Object.entries(COUNTRY_ALIASES)) map.set(alias, code);
  return map;
})();

/** Every known country name and alias (normalised) -> ISO2, for typo matching. */
export function countryNames(): ReadonlyMap<string, string> {
  return COUNTRY_BY_NAME;
}

/** ISO2 for a country name or alias in English or Russian ("Germany", "Германия", "USA", "de"), else undefined. */
export function countryCode(text: string): string | undefined {
  const key = nameKey(text);
  const named = COUNTRY_BY_NAME.get(key);
  if (named) return named;
  const upper = text.trim().toUpperCase();
  return /^[A-Z]{2}$/.test(upper) && COUNTRY_CODES.includes(upper) ? upper : undefined;
}

/** One ICU name formatter per locale: building one costs far more than a look-up. */
const displayNames = new Map<Locale, Intl.DisplayNames>();
export function countryName(code: string, locale: Locale): string {
  let names = displayNames.get(locale);
  if (names === undefined) { names = new Intl.DisplayNames([locale], { type: 'region' }); displayNames.set(locale, names); }
  return names.of(code) ?? code;
}

/** Region names by name key, per country (the first region of a name wins, as a scan in table order would). */
const REGION_BY_KEY: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map(Object.entries(REGIONS).map(([c, regions]) => {
  const byKey = new Map<string, string>();
  for (const [code, name] of Object.entries(regions)) if (!byKey.has(nameKey(name))) byKey.set(nameKey(name), code);
  return [c, byKey];
}));

/** A region code for a name or code ("Texas", "tx", "Онтарио"), within `country` when known. */
export function regionCode(text: string, country?: string): { country: string; region: string } | undefined {
  const key = nameKey(text);
  const upper = text.trim().toUpperCase();
  const countries = country ? [country] : Object.keys(REGIONS);
  for (const c of countries) {
    const regions = REGIONS[c];
    if (!regions) continue;
    if (regions[upper]) return { country: c, region: upper };
    const named = REGION_BY_KEY.get(c)?.get(key);
    if (named !== undefined) return { country: c, region: named };
  }
  const ru = REGION_NAMES_RU[key];
  if (ru && (!country || ru[0] === country)) return { country: ru[0], region: ru[1] };
  return undefined;
}

export function isKnownRegion(country: string, region: string): boolean {
  const regions = REGIONS[country];
  return regions === undefined || regions[region.toUpperCase()] !== undefined;
}

/** Whether `code` is a valid postal code of `country`, by postcode-validator (true where it has no rule). */
export function isPostalCodeOf(code: string, country: string): boolean {
  if (!postcodeValidatorExistsForCountry(country)) return true;
  return postcodeValidator(code, country);
}

const STREET_WORDS = new Set([
  'st', 'street', 'ave', 'av', 'avenue', 'rd', 'road', 'blvd', 'boulevard', 'ln', 'lane', 'dr', 'drive', 'way', 'ct',
  'court', 'pl', 'place', 'loop', 'row', 'trail', 'walk', 'close', 'crescent', 'cres', 'alley', 'sq', 'square', 'pkwy', 'parkway', 'hwy', 'highway', 'ter', 'terrace', 'cir', 'circle',
  'str', 'strasse', 'straße', 'weg', 'platz', 'allee', 'gasse', 'ring', 'damm', 'rue', 'via', 'calle', 'plaza',
  'ул', 'улица', 'пр', 'пр-т', 'просп', 'проспект', 'пер', 'переулок', 'ш', 'шоссе', 'наб', 'набережная', 'пл',
  'площадь', 'б-р', 'бульвар', 'д', 'дом', 'тупик', 'проезд', 'мкр', 'микрорайон',
]);
const LINE2_WORDS = /^(?:apt|apartment|suite|ste|unit|floor|fl|room|rm|bldg|building|dept|#|кв|квартира|офис|оф|корп|корпус|стр|строение|этаж|помещение|пом)(?![\p{L}])/iu;
const HOUSE = /^(?:д|дом)\.?\s*\d/iu;
const CITY_PREFIX = /^(?:г\.?|город|city of|гор\.)\s*/iu;
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

function isStreetish(seg: string): boolean {
  const ws = words(seg).map((w) => w.toLowerCase().replace(/\.$/, ''));
  return /\d/.test(seg) || ws.some((w) => STREET_WORDS.has(w));
}

/** The postal code inside a segment: single tokens and adjacent pairs ("SW1A 2AA") tried against the countries. */
function takePostal(seg: string, countries: readonly string[]): { code: string; country: string; rest: string } | undefined {
  const ws = words(seg);
  for (const span of [2, 1]) {
    for (let i = 0; i + span <= ws.length; i += 1) {
      const cand = ws.slice(i, i + span).join(' ').replace(/[.,]$/, '');
      if (!/\d/.test(cand) || cand.length < 3 || cand.length > 10) continue;
      for (const c of countries) {
        if (postcodeValidatorExistsForCountry(c) && postcodeValidator(cand, c)) {
          return { code: cand.toUpperCase(), country: c, rest: [...ws.slice(0, i), ...ws.slice(i + span)].join(' ') };
        }
      }
    }
  }
  return undefined;
}

/** A region code or name at the end of a segment ("Austin TX", "Toronto Ontario"), within known countries. */
function takeRegion(seg: string, country?: string): { region: string; country: string; rest: string } | undefined {
  const ws = words(seg);
  for (const n of [3, 2, 1]) {
    for (const from of [ws.length - n, 0]) {
      if (from < 0) continue;
      const cand = ws.slice(from, from + n).join(' ');
      const found = regionCode(cand, country);
      // Two-letter codes only when typed as codes: "in" or "me" in lower case are words.
      if (found && (cand.length > 3 || cand === cand.toUpperCase())) {
        return { ...found, rest: [...ws.slice(0, from), ...ws.slice(from + n)].join(' ') };
      }
    }
  }
  return undefined;
}

/**
 * Splits a segment that runs the street into the rest ("1 Infinite Loop Cupertino CA 95014",
 * "Unter den Linden 77 10117 Berlin") after the street word or after the house number.
 */
function splitStreet(seg: string): string[] {
  const ws = words(seg);
  if (ws.length < 3) return [seg];
  const clean = ws.map((w) => w.toLowerCase().replace(/\.$/, ''));
  if (/^\d+[a-z]?$/i.test(ws[0] as string)) {
    const k = clean.findIndex((w, i) => i > 0 && STREET_WORDS.has(w) && !['д', 'дом'].includes(w));
    if (k > 0 && k < ws.length - 1) return [ws.slice(0, k + 1).join(' '), ws.slice(k + 1).join(' ')];
    return [seg];
  }
  const j = ws.findIndex((w, i) => i > 0 && /^\d+[a-zа-я]?(?:\/\d+)?$/iu.test(w));
  if (j > 0 && j < ws.length - 1) return [ws.slice(0, j + 1).join(' '), ws.slice(j + 1).join(' ')];
  return [seg];
}

function guessOrder(locale: Locale, country?: string): string[] {
  const base = locale === 'ru' ? ['RU', 'US', 'DE', 'GB', 'CA', 'FR'] : ['US', 'GB', 'CA', 'DE', 'FR', 'RU'];
  return country ? [country] : base;
}

/** A whole or partial address typed as people do, in English or Russian. Only what was recognised is set. */
export function parseAddress(text: string, locale: Locale): Partial<Address> {
  const out: Partial<Address> = {};
  const lines: string[] = [];
  let segs = text.split(/[,;\n]+/).map((s) => s.trim()).filter((s) => s !== '');

  segs = segs.filter((seg) => {
    for (const [label, field] of LABELS) {
      const m = label.exec(seg);
      if (!m || m[0].trim() === '' || seg.length === m[0].length) continue;
      const value = seg.slice(m[0].length).trim();
      if (field === 'country') { const c = countryCode(value); if (c) out.country = c; } else if (field === 'region') out.region = regionCode(value)?.region ?? value;
      else if (field === 'lines') lines.push(value);
      else if (field === 'postalCode') out.postalCode = value.toUpperCase();
      else out.city = value;
      return false;
    }
    return true;
  });

  segs = segs.filter((seg) => {
    const c = countryCode(seg);
    if (!c || (out.country && out.country !== c)) return true;
    out.country ??= c;
    return false;
  });
  // "10117 Berlin Germany", "Россия Москва ...": a country name at the end of the last or start of the first segment.
  if (!out.country && segs.length > 0) {
    const last = words(segs[segs.length - 1] as string);
    const first = words(segs[0] as string);
    for (const n of [3, 2, 1]) {
      const tail = last.length > n ? last.slice(-n).join(' ') : '';
      const head = first.length > n ? first.slice(0, n).join(' ') : '';
      if (tail.length > 2 && countryCode(tail)) { out.country = countryCode(tail); segs[segs.length - 1] = last.slice(0, -n).join(' '); break; }
      if (head.length > 2 && countryCode(head)) { out.country = countryCode(head); segs[0] = first.slice(n).join(' '); break; }
    }
  }
  if (segs.length === 1) segs = splitStreet(segs[0] as string);

  const rest: string[] = [];
  for (const seg of segs) {
    let left = seg;
    if (out.postalCode === undefined) {
      const p = takePostal(left, guessOrder(locale, out.country));
      // A street number is not a postal code: only take one from a street line when it stands apart.
      if (p && !(isStreetish(p.rest) && words(p.rest).some((w) => STREET_WORDS.has(w.toLowerCase().replace(/\.$/, ''))))) {
        out.postalCode = p.code;
        left = p.rest;
        // A six-digit code in a Russian-written address is Russian; elsewhere the country is not guessed from it.
        if (!out.country && p.country === 'RU' && /[а-яё]/iu.test(text)) out.country = 'RU';
      }
    }
    if (out.region === undefined && left !== '' && !/\d/.test(left)) {
      const r = takeRegion(left, out.country);
      if (r && (r.rest !== '' || seg !== left || segs.length >= 2)) { out.region = r.region; out.country ??= r.country; left = r.rest; }
    }
    if (left !== '') rest.push(left);
  }

  for (const seg of rest) {
    if (LINE2_WORDS.test(seg)) lines.push(seg);
    else if (HOUSE.test(seg) && lines.length > 0) lines[lines.length - 1] = `${lines[lines.length - 1] as string}, ${seg}`;
    else if (isStreetish(seg)) lines.unshift(seg);
    else if (out.city === undefined) out.city = seg.replace(CITY_PREFIX, '').trim();
    else if (out.region === undefined) out.region = seg;
    else lines.push(seg);
  }
  // Street line 1 first, then the line-2 parts (apartment, suite), at most two lines.
  const main = lines.filter((l) => !LINE2_WORDS.test(l));
  const second = lines.filter((l) => LINE2_WORDS.test(l));
  const ordered = [...main, ...second];
  if (ordered.length > 0) out.lines = ordered.length <= 2 ? ordered : [ordered[0] as string, ordered.slice(1).join(', ')];
  if (out.country && out.region && REGIONS[out.country]) out.region = regionCode(out.region, out.country)?.region ?? out.region;
  return out;
}
