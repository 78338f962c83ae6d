/**
 * Scrubs secrets out of free text before it reaches a log line or a stored transcript. Deliberately greedy:
 * a false positive costs a digit string in a log; a false negative leaks a card number or a live code.
 */

// 13-19 digits, optionally grouped by single spaces or dashes (how people type card numbers).
const CARD_LIKE = /(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)/g;
// A bare 6-digit code, or one typed as "123 456" / "123-456"; not a group inside a phone number or amount.
const SIX_DIGIT_CODE = /(?<![\d.,-]|\d )\d{3}[ -]?\d{3}(?!\d|[.,-]\d| \d)/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi;
// Credentials in URLs: smtp://user:pass@host, https://user:pass@host.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi;
// The local payment page's token is a bearer credential too.
const PAY_TOKEN = /(\/pay\/)[A-Za-z0-9_-]{16,}/g;
// A street line: a house number before (US, UK) or after (RU, DE) the street. Cities and postal codes stay, so a
// transcript still shows where a tax rate came from; the street line alone would locate a person.
const STREET_TYPES = 'Ave(?:nue)?|St(?:reet)?|R(?:oa)?d|Blvd|Boulevard|Dr(?:ive)?|L(?:a)?ne?|Way|Ct|Court|Pl(?:ace)?|Pkwy|Parkway|Hwy|Highway|Sq(?:uare)?|Ter(?:race)?|Cir(?:cle)?';
const STREET_EN = new RegExp(`\\b\\d{1,6}[A-Za-z]?(?:[ \\t]+[\\p{L}'.-]+){1,5}?[ \\t]+(?:${STREET_TYPES})\\b\\.?`, 'giu');
const STREET_RU = /(?<![\p{L}])(?:ул\.|улица|пр-т|пр\.|проспект|пер\.|переулок|ш\.|шоссе|наб\.|набережная|б-р|бульвар|пл\.|площадь)\s*[^,\n]{1,60}/giu;
const STREET_DE = /(?<![\p{L}])[\p{L}-]*(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm)[ \t]*\d{1,5}[a-z]?\b/giu;
const EMAIL = /\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b/g;

export function redactText(text: string): string {
  return text
    .replace(URL_USERINFO, '$1[redacted]@')
    .replace(BEARER, '$1 [redacted]')
    .replace(PAY_TOKEN, '$1[redacted]')
    // Emails before digits, so "user123456@x.com" is masked as an email rather than half-replaced.
    .replace(EMAIL, '$1***@$2')
    .replace(CARD_LIKE, '[card]')
    .replace(STREET_EN, '[street]')
    .replace(STREET_RU, '[street]')
    .replace(STREET_DE, '[street]')
    .replace(SIX_DIGIT_CODE, '[code]');
}
