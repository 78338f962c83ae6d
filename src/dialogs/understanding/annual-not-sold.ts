import type { UserEvent } from '../../machines/upgrade.types.js';
import type { Message } from './message.js';
import { leadingYesNo, valuesOf, yesNo } from './tables.js';

/**
 * "Annual renewal isn't sold there. Shall I switch your order to monthly? Say no to enter another address."
 * Naming monthly agrees ("ok, monthly then", "fine, switch it to monthly"); naming annual or another address
 * declines. A new address typed here is read by the address parser instead.
 */
export function parseAnnualNotSold(msg: Message): UserEvent | undefined {
  const answer = yesNo(msg.raw, msg.norm);
  if (answer) return { type: answer === 'yes' ? 'YES' : 'NO' };
  const renewals = valuesOf(msg.norm, (t) => t.renewals);
  const lead = leadingYesNo(msg.norm)?.answer;
  if (renewals.length === 1 && renewals[0] === 'monthly' && lead !== 'no') return { type: 'YES' };
  if (renewals.length === 1 && renewals[0] === 'annual' && lead !== 'yes') return { type: 'NO' };
  if (/(?:^| )(?:switch( it)?|go ahead|do it|переключ\p{L}*|переведи\p{L}*|давай\p{L}*)(?= |$)/u.test(msg.norm) && lead !== 'no') return { type: 'YES' };
  if (/(?:^| )(?:another|different|other|change the|другой|другим|иной|поменя\p{L}*)(?= |$)/u.test(msg.norm) && /(?:^| )(?:address|адрес\p{L}*)(?= |$)/u.test(msg.norm)) return { type: 'NO' };
  return undefined;
}
