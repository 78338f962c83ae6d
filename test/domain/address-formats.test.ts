import { describe, expect, it } from 'vitest';
import { ADDRESS_FORMATS, postalGuessOrder, spellPostalCode } from '../../src/domain/address-formats.js';

describe('address formats', () => {
  it('covers the countries sold to', () => {
    expect(Object.keys(ADDRESS_FORMATS).sort()).toEqual(['CA', 'DE', 'FR', 'GB', 'RU', 'US']);
  });
  it.each([
    ['m5j2j2', 'CA', 'M5J 2J2'], ['M5J  2J2', 'CA', 'M5J 2J2'], ['sw1a2aa', 'GB', 'SW1A 2AA'], ['b12jr', 'GB', 'B1 2JR'],
    ['ls1 6dt', 'GB', 'LS1 6DT'], ['10117', 'DE', '10117'], ['06000', 'FR', '06000'], ['125009', 'RU', '125009'],
    ['78701', 'US', '78701'], ['m5j2j2', undefined, 'M5J2J2'],
  ])('spells %s in %s as %s', (code, country, spelt) => {
    expect(spellPostalCode(code, country)).toBe(spelt);
  });
  it('tries Russian codes first in a Russian conversation', () => {
    expect(postalGuessOrder('ru')[0]).toBe('RU');
    expect(postalGuessOrder('en')[0]).toBe('US');
  });
});
