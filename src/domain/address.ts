import { postcodeValidator, postcodeValidatorExistsForCountry } from 'postcode-validator';
import type { Address, AddressField } from './types.js';

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
  else if (!/^[A-Z]{2}$/.test(country)) invalid.push('country');
  if (country && REGION_REQUIRED.has(country) && !a.region?.trim()) missing.push('region');
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
