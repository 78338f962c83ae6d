import { describe, expect, it } from 'vitest';
import { nominativePlace } from '../../src/dialogs/understanding/ru-places.js';

/** [as typed after "в", the nominative, sure]: listed cities in any case, sure suffixes, and guesses asked back. */
const ROWS: [string, string, boolean][] = [
  ['москве', 'Москва', true],
  ['Москвой', 'Москва', true],
  ['питере', 'Питер', true],
  ['санкт петербурге', 'Санкт-Петербург', true],
  ['нижнем новгороде', 'Нижний Новгород', true],
  ['ростове на дону', 'Ростов-на-Дону', true],
  ['казани', 'Казань', true],
  ['перми', 'Пермь', true],
  ['ярославле', 'Ярославль', true],
  ['севастополе', 'Севастополь', true],
  ['сочи', 'Сочи', true],
  ['химки', 'Химки', true],
  ['лондоне', 'Лондон', true],
  ['риге', 'Рига', true],
  ['нью йорке', 'Нью-Йорк', true],
  ['подольске', 'Подольск', true],
  ['зеленограде', 'Зеленоград', true],
  ['оренбурге', 'Оренбург', true],
  ['московской области', 'Московская область', true],
  ['краснодарском крае', 'Краснодарский край', true],
  ['коломне', 'Коломне', false],
  ['твери', 'Тверь', true],
  ['керчи', 'Керчи', false],
  ['старом осколе', 'Старом Осколе', false],
];

describe('Russian place names to the nominative', () => {
  it.each(ROWS)('%s -> %s', (typed, name, sure) => {
    expect(nominativePlace(typed)).toEqual({ name, sure });
  });

  it('leaves Latin names and codes to the caller', () => {
    expect(nominativePlace('berlin')).toBeUndefined();
    expect(nominativePlace('495')).toBeUndefined();
  });
});
