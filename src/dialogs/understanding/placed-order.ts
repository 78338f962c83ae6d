import type { UserEvent } from '../../machines/upgrade.types.js';
import { NOT_UNDERSTOOD, type Message } from './message.js';
import { matches } from './tables.js';

/** Steps after the order is placed. */
const PLACED = new Set(['provisioning', 'done']);

const ANSWER_TYPES = new Set<UserEvent['type']>(['CHOOSE_PLAN', 'CHOOSE_RENEWAL', 'SET_LICENSES', 'SET_CALLBACK', 'CHANGE', 'CLARIFY']);

function givesValues(e: UserEvent): boolean {
  if (e.type === 'GIVE_ANSWERS') return Object.keys(e.answers).length > 0 || Object.keys(e.early ?? {}).length > 0 || e.clarify !== undefined;
  if (e.type === 'PROPOSE') return ANSWER_TYPES.has(e.proposal.type);
  return ANSWER_TYPES.has(e.type);
}

/**
 * Once the order is placed, its plan, renewal and counts are facts: "when can my 25 users log in", "can we use
 * calling yet", "I paid for monthly, right?" describe the order and change nothing. Only words that change it
 * ("switch to annual", "add 5 more") or start a new one make these answers; otherwise what is left is the question.
 */
export function describesPlacedOrder(msg: Message, event: UserEvent): UserEvent {
  if (!PLACED.has(msg.view.step) || msg.view.pending || !givesValues(event)) return event;
  if (matches(msg.norm, (t) => t.changeOrder) || matches(msg.norm, (t) => t.start)) return event;
  if (event.type === 'GIVE_ANSWERS' && event.question) return event.question === 'none' ? { type: 'UNANSWERABLE' } : { type: 'ASK_QUESTION', id: event.question };
  const question = msg.view.faq?.match(msg.raw);
  if (question) return question.id === 'none' ? { type: 'UNANSWERABLE' } : { type: 'ASK_QUESTION', id: question.id };
  return msg.raw.includes('?') ? { type: 'UNANSWERABLE' } : NOT_UNDERSTOOD;
}
