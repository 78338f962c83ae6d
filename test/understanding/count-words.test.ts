import { describe, expect, it } from 'vitest';
import { rewriteCounts } from '../../src/dialogs/understanding/count-words.js';
import { licenses, propose, text } from './helpers.js';

/** Counts as people write them: exact ones applied, guessed ones ("~20", "человек 15", "a couple") asked back. */
const ROWS: [string, 'en' | 'ru', ReturnType<typeof licenses>][] = [
  ['half a dozen', 'en', licenses(6)], ['two dozen', 'en', licenses(24)], ['a couple', 'en', propose(licenses(2))],
  ['a couple of users', 'en', propose(licenses(2))], ['~20', 'en', propose(licenses(20))], ['20ish', 'en', propose(licenses(20))],
  ['20+', 'en', propose(licenses(20))], ['двадцатью пятью', 'ru', licenses(25)], ['пару', 'ru', propose(licenses(2))],
  ['just me', 'en', licenses(1)], ['me and my cofounder', 'en', licenses(2)], ['10 users plus me', 'en', licenses(11)],
  ['x5', 'en', licenses(5)], ['how about 13', 'en', licenses(13)], ['prob 4', 'en', propose(licenses(4))],
  ['5 licences, maybe more later', 'en', licenses(5)], ['we were founded in 2015', 'en', undefined as never],
  ['7 designers and an art director', 'en', propose(licenses(8))], ['3 sales reps plus their manager', 'en', propose(licenses(4))],
  ['человек 15', 'ru', propose(licenses(15))], ['нам нужно человек 15', 'ru', propose(licenses(15))], ['две дюжины', 'ru', licenses(24)], ['человек на 15', 'ru', propose(licenses(15))],
];

describe('counts as people write them', () => {
  it.each(ROWS)('licenses: %j', (said, locale, event) => {
    const got = text('licenses', said, locale).event;
    if (event === undefined) expect(got.type).not.toBe('SET_LICENSES');
    else expect(got).toEqual(event);
  });
  it('leaves other text alone', () => {
    expect(rewriteCounts('Unter den Linden 1, 10117 Berlin')).toBe('Unter den Linden 1, 10117 Berlin');
    expect(rewriteCounts('семья')).toBe('семья');
    // Places are counted, not people: no one more for the manager.
    expect(rewriteCounts('4 offices and a manager')).toBe('4 offices and a manager');
  });
});
