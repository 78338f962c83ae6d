import type { UserEvent } from '../../machines/upgrade.types.js';
import { parseAddressAnswer } from './address-answer.js';
import { answersWith, readRest } from './address-message.js';
import { subMessage, type Message } from './message.js';

/** Where the service-address answer ends and the rest begins: "same as billing; we'd also like callback". */
const CLAUSE = /(?:(?<!\s)\s+)?(?:[,;.!]+|\s[—–-]\s)\s*(?:(?:and|also|plus|then|и|а|ещё|еще|также)\s+)?/u;
/** The rest takes the answer back: "такой же... хотя нет, склад", "same as billing, actually no", "but suite 210". */
const RECONSIDERED = /(?:^| )(?:but|except|actually|instead|wait|но|кроме|хотя|стоп)(?= |$)/u;
/** A bare no opening the rest ("same as billing... no, the warehouse"); "no new numbers" is an answer of its own. */
const LEADING_NO = /^(?:no|nope|not|нет|не)(?:\s*[,.!—–-]|$)/iu;

/**
 * At the service address: "same as billing" first and other answers after it ("такой же, и 3 новых номера в коде
 * 495", "same as billing. and switch to 14 licences, monthly"). Undefined when the message is not of that shape.
 */
export function readSameAndRest(msg: Message, inner: (msg: Message) => UserEvent): UserEvent | undefined {
  const m = CLAUSE.exec(msg.raw);
  if (!m || m.index === 0) return undefined;
  const first = subMessage(msg, msg.raw.slice(0, m.index));
  const rest = subMessage(msg, msg.raw.slice(m.index + m[0].length));
  // A question after it ("... - can we port our numbers later instead of now?") takes nothing back.
  const reconsidered = (RECONSIDERED.test(rest.norm) && !rest.raw.includes('?')) || LEADING_NO.test(rest.raw);
  if (rest.raw === '' || reconsidered || parseAddressAnswer(first)?.type !== 'SAME_AS_BILLING') return undefined;
  const read = readRest(rest, inner);
  if ('leave' in read) return read.leave;
  const { answers, early, question, clarify } = read.rest;
  // "такой же, как платёжный" is one answer in two clauses.
  const more = Object.keys(early).filter((k) => k !== 'sameAsBilling');
  if (Object.keys(answers).length === 0 && more.length === 0 && !question && !clarify) return undefined;
  return answersWith(read.rest, { sameAsBilling: true });
}
