import type { UserEvent } from '../../machines/upgrade.types.js';
import { fromReading, isSure } from './answer-events.js';
import { parseChange } from './change.js';
import { questionPart } from './faq-search.js';
import type { Message } from './message.js';
import { leadingYesNo, matches, yesNo } from './tables.js';
import { readWhole } from './whole.js';

/** "hold on, let me ask my boss", "посоветуюсь с начальником": going on is put off, though no checkout is named. */
const ASK_FIRST = /(?:^| )(?:(?:ask|check with|talk to|run it by|show (?:it|this) to) (?:my |our |the )?(?:boss|manager|team|finance|cfo|ceo|it|accounting|partner)|need (?:an )?approval|спрошу (?:у )?(?:начальника|руководителя|директора|бухгалтерии|шефа)|надо согласовать|нужно согласовать)(?= |$)/u;

/** "checkout later", "not ready", "need approval first", "позже": the checkout is put off, which is a no. */
const PUT_OFF = /(?:^| )(?:not|later|tomorrow|first|wait|hold|dont|do not|approval|после|позже|потом|не)(?= |$)/u;

/**
 * At the cart: a plain yes or no first ("nope not ready" is a no, whatever "ready" says), then checkout said in
 * words, unless it is asked about ("what happens after I check out?"), put off, or comes with edits or later
 * answers (those go first, and the cart is shown again). Undefined when the message is no checkout at all.
 */
/** An approval taken back or added to: "looks good but hold on", "всё ок, но подождите". */
export function withBut(msg: Message): boolean {
  return /(?:^| )(?:but|except|however|но|кроме|только вот)(?= \S)/u.test(msg.norm);
}

export function readCartStep(msg: Message): UserEvent | undefined {
  // "добавь обратный вызов" is an edit, though its words alone would be a yes.
  const named = parseChange(msg);
  if (isSure(named) && named.type !== 'HELP') return undefined;
  // "ivan@acme.example", "the email for the account is sam@x.example": the email the next step asks for, given
  // now, is going on to checkout with it (the cart state takes it so).
  if (msg.spans.some((s) => s.kind === 'email') && questionPart(msg.raw) === '') {
    const reading = readWhole(msg);
    if (Object.keys(reading.answers).length === 0 && reading.clarify === undefined && !withBut(msg) && leadingYesNo(msg.norm)?.answer !== 'no') {
      return { type: 'GIVE_ANSWERS', answers: {}, early: reading.early };
    }
  }
  // "looks good but ...", "всё ок, но ...": what comes after the but is read, never a checkout.
  if (withBut(msg)) return undefined;
  const plain = yesNo(msg.raw, msg.norm);
  if (plain) return { type: plain === 'yes' ? 'CHECKOUT' : 'NO' };
  if (ASK_FIRST.test(msg.norm) && questionPart(msg.raw) === '' && Object.keys(readWhole(msg).answers).length === 0) return { type: 'NO' };
  if (!matches(msg.norm, (t) => t.checkout) || questionPart(msg.raw) !== '') return undefined;
  if (PUT_OFF.test(msg.norm)) return { type: 'NO' };
  const reading = readWhole(msg);
  const edit = fromReading(reading, msg.view.step) ?? parseChange(msg);
  if (edit && edit.type !== 'NOT_UNDERSTOOD' && edit.type !== 'PROPOSE') return edit;
  // "checkout, account email billing@acme.example": the email is kept for its step, which checkout leads to.
  if (Object.keys(reading.early).length > 0) return { type: 'GIVE_ANSWERS', answers: reading.answers, early: reading.early };
  return { type: 'CHECKOUT' };
}
