import { postcodeValidator, postcodeValidatorExistsForCountry } from 'postcode-validator';
import { COUNTRY_CODES, countryName, isKnownRegion } from './address-names.js';
import type { Address, AddressField, Locale } from './types.js';

export { countryCode, countryName, countryNames, nameKey, regionCode, isPostalCodeOf } from './address-names.js';
export { parseAddress } from './address-parse.js';

/** Countries that need a region (state/province) on an address. */
const REGION_REQUIRED = new Set(['US', 'CA', 'AU']);

export interface AddressCheck {
  missing: AddressField[];
  invalid: AddressField[];
}

/** What is missing or wrong in a (partial) address, in the order the bot should ask for it. */
export function validateAddress(a: Partial<Address>): AddressCheck {
  const missing: AddressField[] = [];
  const invalid: AddressField[] = [];
  if (!a.lines || a.lines.length === 0 || a.lines.every((l) => l.trim() === '')) missing.push('lines');
  if (!a.city?.trim()) missing.push('city');
  const country = a.country?.toUpperCase();
  if (!country) missing.push('country');
  else if (!/^[A-Z]{2}$/.test(country) || !COUNTRY_CODES.includes(country)) invalid.push('country');
  if (country && REGION_REQUIRED.has(country)) {
    if (!a.region?.trim()) missing.push('region');
    else if (!isKnownRegion(country, a.region.trim())) invalid.push('region');
  }
  if (!a.postalCode?.trim()) missing.push('postalCode');
  else if (country && postcodeValidatorExistsForCountry(country) && !postcodeValidator(a.postalCode.trim(), country)) {
    invalid.push('postalCode');
  }
  return { missing, invalid };
}

export function isCompleteAddress(a: Partial<Address> | undefined): a is Address {
  if (!a) return false;
  const c = validateAddress(a);
  return c.missing.length === 0 && c.invalid.length === 0;
}

/**
 * One line for confirmation prompts. English puts "City, ST 12345" the US way; Russian lists street, city,
 * region, postal code and country, as Russian senders write them. Missing parts are left out.
 */
export function formatAddress(a: Partial<Address>, locale: Locale): string {
  const parts: string[] = [...(a.lines ?? []).filter((l) => l.trim() !== '')];
  const country = a.country ? countryName(a.country.toUpperCase(), locale) : undefined;
  if (locale === 'en') {
    if (a.city) parts.push(a.city);
    const regionPostal = [a.region, a.postalCode].filter((x): x is string => Boolean(x)).join(' ');
    if (regionPostal) parts.push(regionPostal);
  } else {
    for (const x of [a.city, a.region, a.postalCode]) if (x) parts.push(x);
  }
  if (country) parts.push(country);
  return parts.join(', ');
}
