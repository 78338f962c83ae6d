import { postcodeValidator, postcodeValidatorExistsForCountry } from 'postcode-validator';
import { COUNTRY_ALIASES, REGION_NAMES_RU, REGIONS } from './address-regions.js';
import type { Locale } from './types.js';

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

