/**
 * How the countries sold to write an address, as data: which way round the postal code and the city go, and how
 * a postal code is spelt. Post code patterns themselves come from postcode-validator; only the spelling is here.
 */
export interface AddressFormat {
  /** "10117 Berlin" (the code before the city) or "Austin, TX 78701" (the code last). */
  postalBeforeCity: boolean;
  /** "Москва, ул. Тверская 7": the city may come before the street (big to small). */
  cityBeforeStreet: boolean;
  /** The postal code as the post writes it ("m5j2j2" -> "M5J 2J2"). */
  spell?: [pattern: RegExp, replacement: string];
}

const NUMBER_FIRST: AddressFormat = { postalBeforeCity: false, cityBeforeStreet: false };
const CONTINENTAL: AddressFormat = { postalBeforeCity: true, cityBeforeStreet: false };

export const ADDRESS_FORMATS: Record<string, AddressFormat> = {
  US: NUMBER_FIRST,
  CA: { ...NUMBER_FIRST, spell: [/^([A-Z]\d[A-Z])\s*(\d[A-Z]\d)$/, '$1 $2'] },
  GB: { ...NUMBER_FIRST, spell: [/^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$/, '$1 $2'] },
  DE: CONTINENTAL,
  FR: CONTINENTAL,
  RU: { postalBeforeCity: true, cityBeforeStreet: true },
};

/** Countries tried, in this order, for a postal code when the address names none. */
export function postalGuessOrder(locale: 'en' | 'ru'): string[] {
  const all = Object.keys(ADDRESS_FORMATS);
  return locale === 'ru' ? ['RU', ...all.filter((c) => c !== 'RU')] : all;
}

/** A postal code in upper case, spelt as the country's post spells it. */
export function spellPostalCode(code: string, country: string | undefined): string {
  const upper = code.trim().toUpperCase().replace(/\s+/g, ' ');
  const spell = country ? ADDRESS_FORMATS[country]?.spell : undefined;
  return spell ? upper.replace(spell[0], spell[1]) : upper;
}
