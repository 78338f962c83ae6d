import type { UserEvent } from '../../machines/upgrade.types.js';
import type { IntentTable } from './intent-table.js';
import { propose, type Message } from './message.js';
import { TABLES, matches } from './tables.js';

const ADDRESS_STEPS = new Set(['billingAddress', 'serviceAddress']);

/** Tax-exempt talk, unless negated just before ("we are not a non-profit"). */
function taxExempt(msg: Message): UserEvent | undefined {
  // Once sales has approved the exemption, saying so again is no reason to hand the conversation back.
  if (msg.view.taxExemptApproved) return undefined;
  const hit = (pick: (t: IntentTable) => readonly RegExp[]): boolean =>
    TABLES.some((t) => pick(t).some((re) => {
      const m = re.exec(msg.norm);
      if (!m) return false;
      const before = msg.norm.slice(Math.max(0, m.index - 14), m.index + 1);
      return !t.taxNegation.test(before.trim());
    }));
  if (hit((t) => t.taxExempt)) return { type: 'TAX_EXEMPT' };
  // Street and city names ("School St", "University Ave") are not organisations.
  if (!ADDRESS_STEPS.has(msg.view.step) && msg.toks.length <= 8 && hit((t) => t.taxExemptMaybe)) return propose({ type: 'TAX_EXEMPT' });
  return undefined;
}

/**
 * The commands available at every step, other than edits (see change.ts). Order matters where phrases
 * overlap: leaving for a human or switching language beats "help", "restart" beats "back".
 */
export function matchGlobal(msg: Message): UserEvent | undefined {
  const { norm } = msg;
  if (norm === '') return undefined;
  const tax = taxExempt(msg);
  if (tax) return tax;
  if (matches(norm, (t) => t.human)) return { type: 'HUMAN' };
  if (matches(norm, (t) => t.toEnglish)) return { type: 'SET_LOCALE', locale: 'en' };
  if (matches(norm, (t) => t.toRussian)) return { type: 'SET_LOCALE', locale: 'ru' };
  if (matches(norm, (t) => t.restart)) return { type: 'RESTART' };
  if (matches(norm, (t) => t.cancel)) return { type: 'CANCEL' };
  if (matches(norm, (t) => t.resume)) return { type: 'RESUME' };
  if (matches(norm, (t) => t.cart)) return { type: 'SHOW_CART' };
  if (matches(norm, (t) => t.back)) return { type: 'BACK' };
  if (matches(norm, (t) => t.help)) return { type: 'HELP' };
  return undefined;
}
