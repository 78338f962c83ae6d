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
  /** How many readings of a part this one is nested in (0 for the message itself); see MAX_READ_DEPTH. */
  depth: number;
}

/**
 * Readings nest: the rest after "ok," is read again, and so on. Beyond this depth a part is not understood, so "ok, "
 * repeated cannot recurse once per word (quadratic work, then a stack overflow); real answers nest two or three deep.
 */
export const MAX_READ_DEPTH = 4;

/**
 * The most parts of one message read one by one: every part costs a full reading, and no answer to a chat question
 * has more; a message of more parts is read whole instead.
 */
export const MAX_PARTS = 16;

/**
 * The longest message read for answers (the longest in the evaluation corpus has 150 characters). Each reading is
 * linear, but a message is read by dozens of them and its parts again inside parts: past this only the checks that
 * must see everything run (a card number, "forget me", a handoff's relay), and the rest is not understood.
 */
export const MAX_READ_CHARS = 2_000;

export function toMessage(text: string, view: UnderstandingView, depth = 0): Message {
  const raw = text.trim();
  const spans = findSpans(raw);
  const rest = rewriteCounts(rewriteRussian(spans.length > 0 ? blank(raw, spans) : raw, view.step));
  const norm = suiteAsUnit(normalise(rest), view);
  return { raw, spans, text: rest, norm, toks: tokens(norm), view, depth };
}

const ADDRESS_STEPS = new Set(['billingAddress', 'serviceAddress']);
/** A street word before "suite N": "500 w 2nd st suite 1900" is an address, "suite 15 lic" is not. */
const STREET_BEFORE = /(?:^| )\d+[a-z]? (?:\p{L}+ ){0,4}(?:st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|way|pkwy|parkway|pl|place|ct|court|hwy|highway|sq|square)(?: [nsew])? suite \d/u;

/** "suite 300" is an address unit, not the Suite plan: at the address steps, or after a street. */
function suiteAsUnit(norm: string, view: UnderstandingView): string {
  if (!ADDRESS_STEPS.has(view.step) && !STREET_BEFORE.test(norm)) return norm;
  return norm.replace(/(^| )suite (?=\d)/gu, '$1ste ');
}

/** The same message read as if only `part` of it had been written (a confirmation's content, say). */
export function subMessage(msg: Message, part: string): Message {
  return toMessage(part, msg.view, msg.depth + 1);
}

export const NOT_UNDERSTOOD: UserEvent = { type: 'NOT_UNDERSTOOD' };

export function propose(proposal: UserEvent): UserEvent {
  return { type: 'PROPOSE', proposal };
}
