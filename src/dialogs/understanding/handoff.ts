import type { UserEvent } from '../../machines/upgrade.types.js';
import { findPhones } from './calling-plan.js';
import type { Message } from './message.js';
import { findEmail, isValidEmail } from './steps-account.js';
import { matches, yesNo } from './tables.js';

/**
 * While a sales agent owns the conversation the bot only relays; the user can still leave, cancel, and (when
 * nobody claimed in time) leave a contact or keep waiting.
 */
export function parseHandoff(msg: Message): UserEvent {
  const { view, norm, raw } = msg;
  if (matches(norm, (t) => t.leaveHandoff)) return { type: 'LEAVE_HANDOFF' };
  if (matches(norm, (t) => t.cancel)) return { type: 'CANCEL' };
  // Before anyone is asked, the bot is still confirming the handoff itself.
  if (view.state.endsWith('.confirming') || view.state.endsWith('.requested')) {
    const answer = yesNo(raw, norm);
    if (answer) return { type: answer === 'yes' ? 'YES' : 'NO' };
  }
  if (view.state.startsWith('handoff.callbackOffered')) {
    if (matches(norm, (t) => t.keepWaiting)) return { type: 'KEEP_WAITING' };
    const email = findEmail(raw);
    if (email && isValidEmail(email)) return { type: 'CALLBACK_CONTACT', contact: email };
    const phone = findPhones(raw).phones[0];
    if (phone) return { type: 'CALLBACK_CONTACT', contact: phone.e164 };
  }
  return { type: 'RELAY', text: raw };
}
