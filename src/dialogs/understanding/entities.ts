import { isValidSiteName } from '../../machines/upgrade.flow.js';
import { findPhones } from './calling-plan.js';
import { isValidEmail } from './steps-account.js';

/** A recognised span of the raw text: intent words inside it do not count. */
export interface Span { kind: 'email' | 'site' | 'phone' | 'url' | 'digits'; value: string; start: number; end: number }

// Each pattern opening with a run starts only where the run starts (see steps-account.ts EMAIL).
const EMAILS = /(?<![\p{L}\p{N}._%+'-])[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
/** "alex[at]fabrikam.com", "anna собака company.ru", "bo (at) acme (dot) com": an email written round a spam filter. */
const HIDDEN_EMAILS = /(?<![\p{L}\p{N}._%+'-])([\p{L}\p{N}._%+'-]+)\s*(?:\[at\]|\(at\)|\{at\}|\s(?:собака|собачка)\s)\s*([\p{L}\p{N}-]+(?:\s*(?:\.|\[dot\]|\(dot\)|\s(?:dot|точка)\s)\s*[\p{L}\p{N}-]+){1,4})/giu;
const HIDDEN_MARK = /\[at\]|\(at\)|\{at\}|собак|собачк/iu;
const SITES = /(?:https?:\/\/)?([a-z0-9][a-z0-9-]{1,61}[a-z0-9])\.webex\.com\b\S*/giu;
const URLS = /\bhttps?:\/\/\S+|\bwww\.\S+/giu;
const PHONES = /\+?\d[\d\s().-]{6,}\d/g;
/** 12 or more digits in a row (spaced or not): an account or card-like number, never a count. */
const LONG_DIGITS = /\d(?:[ -]?\d){11,}/g;

/**
 * Emails, site names, links and phone numbers, found before any intent is matched ("charity" in
 * grants@charity.example is no tax-exempt claim, "monthly" in a site name no renewal).
 */
export function findSpans(raw: string): Span[] {
  const spans: Span[] = [];
  // Characters already in a span: a lookup per character, where comparing with every span found so far would be
  // quadratic in a text of many (the matches of one kind never overlap, so each character is looked at once a kind).
  const used = new Uint8Array(raw.length);
  const taken = (s: number, e: number) => used.subarray(s, e).includes(1);
  const push = (span: Span) => { spans.push(span); used.fill(1, span.start, span.end); };
  // Each kind is looked for only where its mark is: most messages have no "@", no link and few digits.
  const at = raw.includes('@');
  const digits = (raw.match(/\d/g) ?? []).length;
  if (at) for (const m of raw.matchAll(EMAILS)) {
    const value = m[0].replace(/(?<!\.)\.+$/, '').toLowerCase();
    if (isValidEmail(value)) push({ kind: 'email', value, start: m.index, end: m.index + m[0].length });
  }
  if (HIDDEN_MARK.test(raw)) for (const m of raw.matchAll(HIDDEN_EMAILS)) {
    const domain = (m[2] ?? '').replace(/\s*(?:\[dot\]|\(dot\)|\s(?:dot|точка)\s)\s*/giu, '.').replace(/\s*\.\s*/gu, '.');
    const value = `${m[1]}@${domain}`.toLowerCase();
    if (!taken(m.index, m.index + m[0].length) && isValidEmail(value)) push({ kind: 'email', value, start: m.index, end: m.index + m[0].length });
  }
  if (/webex\.com/i.test(raw)) for (const m of raw.matchAll(SITES)) {
    const name = (m[1] ?? '').toLowerCase();
    if (!taken(m.index, m.index + m[0].length) && isValidSiteName(name)) push({ kind: 'site', value: name, start: m.index, end: m.index + m[0].length });
  }
  if (/https?:|www\./i.test(raw)) for (const m of raw.matchAll(URLS)) {
    if (!taken(m.index, m.index + m[0].length)) push({ kind: 'url', value: m[0], start: m.index, end: m.index + m[0].length });
  }
  if (digits >= 8) for (const m of raw.matchAll(PHONES)) {
    const phone = findPhones(m[0]).phones[0];
    // 8+ digits: shorter runs are counts, postcodes or codes, read elsewhere.
    if (phone && m[0].replace(/\D/g, '').length >= 8 && !taken(m.index, m.index + m[0].length)) {
      push({ kind: 'phone', value: phone.e164, start: m.index, end: m.index + m[0].length });
    }
  }
  if (digits >= 12) for (const m of raw.matchAll(LONG_DIGITS)) {
    if (!taken(m.index, m.index + m[0].length)) push({ kind: 'digits', value: m[0], start: m.index, end: m.index + m[0].length });
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** The text with the spans blanked out (same length, so other offsets still hold). */
export function blank(raw: string, spans: readonly { start: number; end: number }[]): string {
  // Built in one pass: re-slicing the whole text once per span is quadratic in a text of many spans.
  const pieces: string[] = [];
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    const start = Math.max(s.start, at);
    if (s.end <= start) continue;
    pieces.push(raw.slice(at, start), ' '.repeat(s.end - start));
    at = s.end;
  }
  pieces.push(raw.slice(at));
  return pieces.join('');
}
