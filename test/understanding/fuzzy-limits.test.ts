import { describe, expect, it } from 'vitest';
import { text } from './helpers.js';

/** Ordinary English words one edit from a keyword: the person meant the word, so nothing is proposed. */
const ORDINARY: [string, string][] = [
  ['cart', 'manually please'], ['cart', 'nearly there'], ['renewal', 'clearly'], ['renewal', 'early'],
  ['plan', 'suits me'], ['plan', 'meat'], ['cart', 'dearly'], ['plan', 'suit yourself'],
];
/** Typos of keywords are still proposed ("Did you mean ...?"), never applied. */
const TYPOS: [string, string, string][] = [
  ['renewal', 'anual', 'annual'], ['renewal', 'montly', 'monthly'], ['plan', 'suiet', 'suite'], ['plan', 'meetigns', 'meet'],
];

describe('typo tolerance knows its limits', () => {
  it.each(ORDINARY)('%s: %j is not read as a keyword', (at, said) => {
    expect(text(at, said).event.type).not.toBe('PROPOSE');
  });
  it.each(TYPOS)('%s: %j is proposed as %s', (at, said, meant) => {
    expect(JSON.stringify(text(at, said).event)).toContain(`"PROPOSE"`);
    expect(JSON.stringify(text(at, said).event)).toContain(`"${meant}"`);
  });
});
