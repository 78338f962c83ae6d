/**
 * Scrubs secrets out of free text before it reaches a log line or a stored transcript. Deliberately greedy:
 * a false positive costs a digit string in a log; a false negative leaks a card number or a live code.
 */

// 13-19 digits, optionally grouped by single spaces, dashes or dots (how people type card numbers; the same
// separators the understanding's card check takes, dialogs/understanding/card-number.ts).
const CARD_LIKE = /(?<!\d)\d(?:[ .–-]?\d){12,18}(?!\d)/g;
// A bare 6-digit code, or one typed as "123 456" / "123-456"; not a group inside a phone number or amount.
const SIX_DIGIT_CODE = /(?<![\d.,-]|\d )\d{3}[ -]?\d{3}(?!\d|[.,-]\d| \d)/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi;
// Credentials in URLs: smtp://user:pass@host, https://user:pass@host. Patterns that open with a run of characters
// start only where such a run starts (a lookbehind, not \b): tried at every \b of "a.a.a.a…", each attempt would
// scan to the run's end again, quadratic in the run's length.
const URL_USERINFO = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi;
// The local payment page's token is a bearer credential too.
const PAY_TOKEN = /(\/pay\/)[A-Za-z0-9_-]{16,}/g;
// A street line: a house number before (US, UK) or after (RU, DE) the street. Cities and postal codes stay, so a
// transcript still shows where a tax rate came from; the street line alone would locate a person.
const STREET_TYPES = 'Ave(?:nue)?|St(?:reet)?|R(?:oa)?d|Blvd|Boulevard|Dr(?:ive)?|L(?:a)?ne?|Way|Ct|Court|Pl(?:ace)?|Pkwy|Parkway|Hwy|Highway|Sq(?:uare)?|Ter(?:race)?|Cir(?:cle)?';
const STREET_EN = new RegExp(`\\b\\d{1,6}[A-Za-z]?(?:[ \\t]+[\\p{L}'.-]+){1,5}?[ \\t]+(?:${STREET_TYPES})\\b\\.?`, 'giu');
const STREET_RU = /(?<![\p{L}])(?:ул\.|улица|пр-т|пр\.|проспект|пер\.|переулок|ш\.|шоссе|наб\.|набережная|б-р|бульвар|пл\.|площадь)\s*[^,\n]{1,60}/giu;
const STREET_DE = /(?<![\p{L}-])[\p{L}-]*(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm)[ \t]*\d{1,5}[a-z]?\b/giu;
const EMAIL = /(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b/g;

const HAS_DIGIT = /\d/;
const HAS_CYRILLIC = /[\u0400-\u04ff]/;
const BEARER_WORD = /bearer|basic/i;
// The street words of STREET_DE, with its flags: a text without one cannot match it.
const DE_STREET_WORD = /stra(?:ße|sse)|str\.|weg|platz|allee|gasse|ring|damm/iu;

/**
 * The redactions in the order they apply, each with a cheap test that is true whenever its pattern could match
 * (the patterns are the cost; most texts have no "@", no "/pay/", no Cyrillic, many have no digit at all).
 */
export const REDACTIONS: readonly { pattern: RegExp; replacement: string; mayMatch(text: string): boolean }[] = [
  { pattern: URL_USERINFO, replacement: '$1[redacted]@', mayMatch: (t) => t.includes('@') && t.includes('://') },
  { pattern: BEARER, replacement: '$1 [redacted]', mayMatch: (t) => BEARER_WORD.test(t) },
  { pattern: PAY_TOKEN, replacement: '$1[redacted]', mayMatch: (t) => t.includes('/pay/') },
  // Emails before digits, so "user123456@x.com" is masked as an email rather than half-replaced.
  { pattern: EMAIL, replacement: '$1***@$2', mayMatch: (t) => t.includes('@') },
  { pattern: CARD_LIKE, replacement: '[card]', mayMatch: (t) => HAS_DIGIT.test(t) },
  { pattern: STREET_EN, replacement: '[street]', mayMatch: (t) => HAS_DIGIT.test(t) },
  { pattern: STREET_RU, replacement: '[street]', mayMatch: (t) => HAS_CYRILLIC.test(t) },
  { pattern: STREET_DE, replacement: '[street]', mayMatch: (t) => HAS_DIGIT.test(t) && DE_STREET_WORD.test(t) },
  { pattern: SIX_DIGIT_CODE, replacement: '[code]', mayMatch: (t) => HAS_DIGIT.test(t) },
];

export function redactText(text: string): string {
  let out = text;
  for (const r of REDACTIONS) if (r.mayMatch(out)) out = out.replace(r.pattern, r.replacement);
  return out;
}
