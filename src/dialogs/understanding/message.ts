import type { UserEvent } from '../../machines/upgrade.types.js';
import type { UnderstandingView } from '../understanding.types.js';
import { blank, findSpans, type Span } from './entities.js';
import { normalise, tokens } from './normalise.js';
import { rewriteCounts } from './count-words.js';
import { rewriteRussian } from './ru-rewrite.js';

/** One message, in the forms the parsers need. */
export interface Message {
  /** As typed, trimmed: emails, addresses and phone numbers are read from this. */
  raw: string;
  /** Emails, site names, links and phone numbers in `raw`. */
  spans: Span[];
  /** `raw` with the spans blanked: intents and counts are read from this. */
  text: string;
  norm: string;
  toks: string[];
  view: UnderstandingView;
}

export function toMessage(text: string, view: UnderstandingView): Message {
  const raw = text.trim();
  const spans = findSpans(raw);
  const rest = rewriteCounts(rewriteRussian(spans.length > 0 ? blank(raw, spans) : raw, view.step));
  // "suite 300" is an address unit, not the Suite plan.
  // In a Russian conversation at the plan step, and before a licence word ("Suite 25 лиц"), it is the plan.
  const norm = view.locale === 'ru' && view.step === 'plan' ? normalise(rest) : normalise(rest).replace(/(^| )suite (?=\d+(?! (?:licen|users?|seats?|лиц|чел|пользов|сотруд|шт)))/gu, '$1ste ');
  return { raw, spans, text: rest, norm, toks: tokens(norm), view };
}

/** The same message read as if only `part` of it had been written (a confirmation's content, say). */
export function subMessage(msg: Message, part: string): Message {
  return toMessage(part, msg.view);
}

export const NOT_UNDERSTOOD: UserEvent = { type: 'NOT_UNDERSTOOD' };

export function propose(proposal: UserEvent): UserEvent {
  return { type: 'PROPOSE', proposal };
}
