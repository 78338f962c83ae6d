import type { UserEvent } from '../../machines/upgrade.types.js';
import { findPhones } from './calling-plan.js';
import { NOT_UNDERSTOOD, type Message } from './message.js';
import { findEmail, isValidEmail } from './steps-account.js';
import { matches, yesNo } from './tables.js';

/** A contact to call back at: an email, a phone number, or (sales has the case) the words that point to one. */
function contactIn(msg: Message): string | undefined {
  const email = findEmail(msg.raw);
  if (email && isValidEmail(email)) return email;
  const phone = findPhones(msg.raw).phones[0];
  if (phone) return phone.e164;
  // "555-0199, area code 212", "the email I gave before": sales reads them as written.
  const digits = msg.raw.replace(/\D/g, '');
  if (digits.length >= 7 || matches(msg.norm, (t) => t.contactOnFile)) return msg.raw;
  return undefined;
}

/**
 * While a sales agent owns the conversation the bot only relays; the user can still leave, cancel, and (when
 * nobody claimed in time) leave a contact or keep waiting. While nobody has claimed it yet, the bot still
 * answers: help-page questions, where the request stands, a contact left early, a person asked for again.
 */
export function parseHandoff(msg: Message): UserEvent {
  const { view, norm, raw } = msg;
  if (matches(norm, (t) => t.leaveHandoff)) return { type: 'LEAVE_HANDOFF' };
  if (matches(norm, (t) => t.cancel)) return { type: 'CANCEL' };
  // The language is the user's to change whoever has the conversation.
  if (matches(norm, (t) => t.toEnglish)) return { type: 'SET_LOCALE', locale: 'en' };
  if (matches(norm, (t) => t.toRussian)) return { type: 'SET_LOCALE', locale: 'ru' };
  // Before anyone is asked, the bot is still confirming the handoff itself.
  if (view.state.endsWith('.confirming') || view.state.endsWith('.requested')) {
    const answer = yesNo(raw, norm);
    if (answer) return { type: answer === 'yes' ? 'YES' : 'NO' };
  }
  if (view.state.startsWith('handoff.claimed')) return { type: 'RELAY', text: raw };
  const offered = view.state.startsWith('handoff.callbackOffered');
  // Asked for a contact, any contact is one; while queued, only one given as such ("just call me at ...").
  const contact = offered || matches(norm, (t) => t.contactCue) ? contactIn(msg) : undefined;
  if (contact) return { type: 'CALLBACK_CONTACT', contact };
  // How long the queue takes is nothing the help page knows; "when will they call" is no question about Callback;
  // "долго ещё ждать?" asks about the wait before it says it will wait.
  if (matches(norm, (t) => t.aboutTheWait)) return { type: 'UNANSWERABLE' };
  // "пока жду: гостям нужна лицензия?": a question asked while waiting is the question.
  const asked = raw.includes('?') ? view.faq?.match(raw, view.step) : undefined;
  if (asked && asked.id !== 'none') return { type: 'ASK_QUESTION', id: asked.id };
  if (matches(norm, (t) => t.keepWaiting)) return { type: 'KEEP_WAITING' };
  // "call me" with no number to call: asked for one, the bot asks again.
  if (offered && matches(norm, (t) => t.contactCue)) return NOT_UNDERSTOOD;
  if (matches(norm, (t) => t.human) || matches(norm, (t) => t.frustration)) return { type: 'HUMAN' };
  const question = view.faq?.match(raw, view.step);
  if (question) return question.id === 'none' ? { type: 'UNANSWERABLE' } : { type: 'ASK_QUESTION', id: question.id };
  return { type: 'RELAY', text: raw };
}
