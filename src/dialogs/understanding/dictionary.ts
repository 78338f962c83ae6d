import { createRequire } from 'node:module';

/**
 * Whether a Latin token is a correctly spelt English word ("manually", "nearly", "suit"): such a word is what the
 * person meant, never a typo of a keyword ("annually", "yearly", "suite"). The word list (~275,000 words,
 * an-array-of-english-words) is loaded on the first fuzzy look-up only, since most turns never need one.
 */
let words: ReadonlySet<string> | undefined;

export function isEnglishWord(token: string): boolean {
  if (!/^[a-z]+$/.test(token)) return false;
  words ??= new Set(createRequire(import.meta.url)('an-array-of-english-words') as string[]);
  return words.has(token);
}
