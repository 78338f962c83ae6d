import type { UserEvent } from '../../machines/upgrade.types.js';
import { holdsWholeAddress, readRest } from './address-message.js';
import { subMessage, type Message } from './message.js';
import { leadingYesNo, valuesOf, yesNo } from './tables.js';

/** Clauses of a reply: "ok switch, and add callback" is "ok switch" and "add callback". */
const CLAUSE = /[,;.!]+\s*|\s+(?=(?:and|also|plus|then|и|а|ещё|еще|также)\s)/u;
/** Words that only agree or name the switch: "ok", "monthly then", "fine, switch it". */
const AGREEING = /^(?:(?:and|also|then|yes|yeah|yep|ok|okay|sure|fine|go ahead|do it|switch|switch it|to|please|monthly|month to month|then|да|ок|окей|хорошо|ладно|давайте|давай|тогда|помесячно|ежемесячно|на|ежемесячное|переключайте|переведите|и)\s*)+$/u;

/**
 * "Annual renewal isn't sold there. Shall I switch your order to monthly? Say no to enter another address."
 * Naming monthly agrees ("ok, monthly then", "fine, switch it to monthly"); naming annual or another address
 * declines. A new address typed here is read by the address parser instead. What follows an agreement is read
 * too ("yes monthly, and drop to 10 licences"): the switch and the other answers go together.
 */
export function parseAnnualNotSold(msg: Message, inner: (msg: Message) => UserEvent): UserEvent | undefined {
  // "давайте наш лондонский адрес: 48 Market Street, Leeds LS1 6DT": another address, not an agreement.
  if (holdsWholeAddress(msg)) return undefined;
  const clauses = msg.raw.split(CLAUSE).filter((c) => c.trim() !== '');
  const first = clauses.findIndex((c) => !AGREEING.test(subMessage(msg, c).norm));
  if (first <= 0) return agreement(msg);
  const said = agreement(subMessage(msg, clauses.slice(0, first).join(', ')));
  if (said?.type !== 'YES') return agreement(msg);
  const rest = clauses.slice(first).join(', ').replace(/^\s*(?:and|also|plus|then|и|а|ещё|еще|также)\s+/iu, '');
  const read = readRest(subMessage(msg, rest), inner);
  if ('leave' in read) return read.leave;
  const { answers, early, question, clarify } = read.rest;
  if (answers.renewal === 'annual') return agreement(msg);
  if (Object.keys(answers).length === 0 && Object.keys(early).length === 0 && !question && !clarify) return said;
  return { type: 'GIVE_ANSWERS', answers: { ...answers, renewal: 'monthly' }, early,
    ...(question ? { question } : {}), ...(clarify ? { clarify } : {}) };
}

function agreement(msg: Message): UserEvent | undefined {
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
