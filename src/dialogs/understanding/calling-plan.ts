import type { CallingPlan } from '../../domain/types.js';
import type { UserEvent } from '../../machines/upgrade.types.js';
import { NOT_UNDERSTOOD, propose, type Message } from './message.js';
import { normalise } from './normalise.js';
import { findNumbers } from './numbers.js';
import { TABLES, matches } from './tables.js';

interface Phone { e164: string; guessed: boolean }

/**
 * A phone number to E.164. Without a "+" the country code is a guess (North American 10 digits, Russian
 * "8 ..."), so the caller proposes the result instead of applying it.
 */
export function toE164(text: string): Phone | undefined {
  const digits = text.replace(/\D/g, '');
  if (text.trim().startsWith('+')) return digits.length >= 8 && digits.length <= 15 ? { e164: `+${digits}`, guessed: false } : undefined;
  if (text.trim().startsWith('00') && digits.length >= 10 && digits.length <= 17) return { e164: `+${digits.slice(2)}`, guessed: false };
  if (digits.length === 10) return { e164: `+1${digits}`, guessed: true };
  if (digits.length === 11 && digits.startsWith('1')) return { e164: `+${digits}`, guessed: true };
  if (digits.length === 11 && (digits.startsWith('8') || digits.startsWith('7'))) return { e164: `+7${digits.slice(1)}`, guessed: true };
  return undefined;
}

const PHONE = /\+?\d[\d\s().-]{6,}\d/g;
const NOT_AN_AREA = new Set(['total', 'all', 'sum', 'итоге', 'сумме', 'общем', 'целом']);

export function findPhones(raw: string): { phones: Phone[]; rest: string } {
  const phones: Phone[] = [];
  const rest = raw.replace(PHONE, (m) => {
    const p = toE164(m);
    if (!p) return m;
    phones.push(p);
    return ' ';
  });
  return { phones, rest };
}

/** "2 new numbers in 512", "no new numbers, port +1 512 555 0100", "5 номеров, код 495", "none". */
export function parseCallingPlan(msg: Message): UserEvent | undefined {
  if (matches(msg.norm, (t) => t.noNumbers)) return { type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: 0, port: [] } };
  // "drop it to 5 licences": a count of licences is an edit of the order, not of the calling plan.
  if (matches(msg.norm, (t) => t.licenseWord) && !matches(msg.norm, (t) => t.newNumbersWord)) return undefined;
  const { phones, rest } = findPhones(msg.raw);
  let norm = normalise(rest);
  let area: string | undefined;
  for (const t of TABLES) {
    const m = t.areaCue.exec(norm);
    const found = m?.[1]?.trim();
    if (m && found && !NOT_AN_AREA.has(found) && found.split(' ').length <= 3) {
      // "512 pls", "Manchester, UK", "512 annual still": politeness, a country or other answers end the area.
      const plain = found.replace(/ (?:pls|please|plz|thanks|thx|ty|uk|usa|us|gb|пожалуйста|спасибо|annual|monthly|yearly|ежегодно|ежемесячно)(?: .*)?$/u, '');
      area = /^\d+$/.test(plain) ? plain : plain.replace(/(^|\s)\p{L}/gu, (c) => c.toUpperCase());
      norm = `${norm.slice(0, m.index)} ${norm.slice(m.index + m[0].length)}`.trim();
      break;
    }
  }
  const nums = findNumbers(norm);
  const none = /(?:^| )(?:no|zero|без|нет|не нужно|не надо)(?: new| новых)?(?: numbers?| номер\p{L}*)?(?= |$)/u.test(norm);
  if (nums.length > 1) return NOT_UNDERSTOOD;
  const count = nums[0]?.value ?? (none || phones.length > 0 ? 0 : undefined);
  if (count === undefined) return area !== undefined ? NOT_UNDERSTOOD : undefined;
  if (nums.length === 0 && !none && phones.length === 0) return undefined;
  const callingPlan: CallingPlan = { newNumbers: count, port: phones.map((p) => p.e164) };
  if (area !== undefined) callingPlan.area = area;
  const event: UserEvent = { type: 'GIVE_CALLING_PLAN', callingPlan };
  return phones.some((p) => p.guessed) || matches(msg.norm, (t) => t.hedge) ? propose(event) : event;
}
