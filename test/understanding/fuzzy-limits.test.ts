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

/** Frustration, in any wording, reaches a person; not understanding the bot is still a call for help. */
const FED_UP: [string, string, 'en' | 'ru'][] = [
  ['licenses', 'this is useless', 'en'], ['cart', 'you dont understand me', 'en'], ['email', 'stupid bot', 'en'],
  ['plan', 'can I talk to someone?', 'en'], ['licenses', 'I am so frustrated', 'en'], ['plan', 'бесполезный бот', 'ru'],
  ['cart', 'ты меня не понимаешь', 'ru'], ['email', 'позовите кого-нибудь', 'ru'], ['licenses', 'где оператор?', 'ru'],
];

describe('a person, in any wording', () => {
  it.each(FED_UP)('%s: %j reaches a person', (at, said, locale) => {
    expect(text(at, said, locale).event).toEqual({ type: 'HUMAN' });
  });
  it('"I don\'t understand" is help, not a handoff', () => {
    expect(text('plan', "I don't understand").event).toEqual({ type: 'HELP' });
  });
});
