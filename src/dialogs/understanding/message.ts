import type { UserEvent } from '../../machines/upgrade.types.js';
import type { UnderstandingView } from '../understanding.types.js';
import { normalise, tokens } from './normalise.js';

/** One message, in the forms the parsers need. */
export interface Message {
  /** As typed, trimmed: emails, addresses and phone numbers are read from this. */
  raw: string;
  norm: string;
  toks: string[];
  view: UnderstandingView;
}

export function toMessage(text: string, view: UnderstandingView): Message {
  const raw = text.trim();
  const norm = normalise(raw);
  return { raw, norm, toks: tokens(norm), view };
}

export const NOT_UNDERSTOOD: UserEvent = { type: 'NOT_UNDERSTOOD' };

export function propose(proposal: UserEvent): UserEvent {
  return { type: 'PROPOSE', proposal };
}
