import type { UserEvent } from '../../machines/upgrade.types.js';
import { NOT_UNDERSTOOD, propose, type Message } from './message.js';
import { editDistance } from './fuzzy.js';
import { matches, yesNo } from './tables.js';

const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/u;
const EMAIL_STRICT = /^[\p{L}\p{N}._%+'-]+@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+[\p{L}]{2,}$/u;

/** Domains people mistype most; a near miss is proposed, never corrected silently. */
const COMMON_DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com', 'yandex.ru', 'mail.ru', 'cisco.com'];

export function findEmail(raw: string): string | undefined {
  const m = EMAIL.exec(raw);
  return m ? m[0].replace(/\.+$/, '').toLowerCase() : undefined;
}

export function isValidEmail(email: string): boolean {
  return email.length <= 254 && EMAIL_STRICT.test(email) && !email.includes('..');
}

export function parseEmail(msg: Message): UserEvent | undefined {
  // Two addresses ("bob@... no wait, robert@...", "either a@... or b@...") or a guess ("probably tom@...?"): the
  // last one is proposed, never taken.
  const emails = [...new Set(msg.spans.filter((s) => s.kind === 'email').map((s) => s.value))];
  const last = emails[emails.length - 1];
  if (last && (emails.length > 1 || matches(msg.norm, (t) => t.hedge) || /\?\s*$/.test(msg.raw))) return propose({ type: 'GIVE_EMAIL', email: last });
  const email = findEmail(msg.raw);
  if (email === undefined) return msg.raw.includes('@') ? NOT_UNDERSTOOD : undefined;
  if (!isValidEmail(email)) return NOT_UNDERSTOOD;
  const [local, domain] = email.split('@') as [string, string];
  const near = COMMON_DOMAINS.find((d) => d !== domain && editDistance(d, domain) === 1);
  if (near && !COMMON_DOMAINS.includes(domain)) return propose({ type: 'GIVE_EMAIL', email: `${local}@${near}` });
  return { type: 'GIVE_EMAIL', email };
}

/** A 6-digit code, also typed with spaces or dashes ("1 2 3 4 5 6", "123-456"). */
export function parseCode(msg: Message, hashCode: (code: string) => string): UserEvent | undefined {
  if (matches(msg.norm, (t) => t.resend)) return { type: 'RESEND_CODE' };
  const runs = msg.raw.match(/\d(?:[\s-]*\d)*/g) ?? [];
  const codes = runs.map((r) => r.replace(/[\s-]/g, ''));
  if (codes.length === 1 && (codes[0] as string).length === 6) return { type: 'GIVE_CODE', codeHash: hashCode(codes[0] as string) };
  if (codes.length > 0) return NOT_UNDERSTOOD;
  return undefined;
}

/** "acme", "https://acme.webex.com", "call it acme-team", "давай acme". */
export function parseSiteName(msg: Message): UserEvent | undefined {
  const answer = yesNo(msg.raw, msg.norm);
  if (answer === 'yes' || matches(msg.norm, (t) => t.keepSite)) return { type: 'YES' };
  if (answer === 'no') return { type: 'NO' };
  const cleaned = msg.raw
    .toLowerCase()
    .replace(/^(?:(?:how about|what about|call it|name it|use|let'?s use|let'?s go with|i want|i'd like|make it|try|change it to|давай|пусть будет|используй|хочу|назови|лучше|а если)\s+)+/u, '')
    .replace(/\s+(?:instead|please|пожалуйста|вместо этого)$/u, '')
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '')
    .replace(/\.webex\.com$/, '')
    .replace(/["'«»“”]/g, '')
    .trim();
  // One word only: the machine checks DNS label rules and availability and explains what is wrong.
  if (/^[\p{L}\p{N}_.-]+$/u.test(cleaned)) return { type: 'GIVE_SITE_URL', name: cleaned };
  return undefined;
}

export function parsePayment(msg: Message): UserEvent | undefined {
  if (matches(msg.norm, (t) => t.retryPayment)) return { type: 'RETRY_PAYMENT' };
  return undefined;
}
