/**
 * Text normalisation shared by every matcher: the tables are written against this form, so it must stay
 * stable. Lower case, ё->е, apostrophes dropped ("don't" -> "dont"), every other non-letter/digit becomes a
 * space (emoji and punctuation included), spaces collapsed.
 */
export function normalise(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/['’ʼ`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function tokens(normalised: string): string[] {
  return normalised === '' ? [] : normalised.split(' ');
}

const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;

/** Share of letters that are Cyrillic (0 when there are no letters). */
export function cyrillicShare(text: string): number {
  let cyr = 0;
  let all = 0;
  for (const ch of text) {
    if (CYRILLIC.test(ch)) { cyr += 1; all += 1; } else if (LATIN.test(ch)) all += 1;
  }
  return all === 0 ? 0 : cyr / all;
}

export function hasCyrillic(text: string): boolean {
  return CYRILLIC.test(text);
}

/**
 * Builds a matcher for whole words/phrases on normalised text. JavaScript's \b knows only ASCII letters, so
 * Cyrillic needs explicit space-or-edge boundaries.
 */
export function phrase(source: string): RegExp {
  return new RegExp(`(?:^| )(?:${source})(?= |$)`, 'u');
}

/** Same as `phrase`, but the whole message must be the phrase (with optional politeness around it). */
export function whole(source: string): RegExp {
  return new RegExp(`^(?:${POLITE_PREFIX})?(?:${source})(?:${POLITE_SUFFIX})?$`, 'u');
}

const POLITE_PREFIX = '(?:(?:ok|okay|please|pls|hmm|um|well|so|oh|ой|ну|так|пожалуйста|хорошо|ладно) )+';
const POLITE_SUFFIX = '(?: (?:please|pls|thanks|thank you|now|then|пожалуйста|спасибо|плиз|уже|тогда))+';

export function matchesAny(text: string, patterns: readonly RegExp[]): boolean {
  return patterns.some((p) => p.test(text));
}
