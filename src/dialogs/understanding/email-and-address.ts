import type { UserEvent } from '../../machines/upgrade.types.js';
import { readWholeAddress } from './address-message.js';
import { toMessage, type Message } from './message.js';

/** Words between the email and the address that only say what follows: "- billing is", ", and the billing address is". */
const BRIDGE = /^[\s,;.:—–-]*(?:(?:and|also|plus|и|а|также)\s+)?(?:(?:the|our|my|наш|мой)\s+)?(?:billing|invoice|bill to|billing address|invoice address|адрес для сч[её]тов|адрес (?:для )?оплаты|платёжный адрес|платежный адрес|юр\.? адрес|адрес)?(?:\s+(?:address|адрес))?(?:\s+(?:is|it's|:|-|—|это))?\s*[:—–-]?\s*/iu;

/**
 * At the email step, the email and a whole billing address after it ("billing@stark.example, and the billing
 * address is 60 Wall Street, New York, NY 10005, USA"): the email for its step, the address kept for its own
 * confirmation. Undefined when the message is not of that shape (a comma-split reading would break the address).
 */
export function readEmailAndAddress(msg: Message, inner: (msg: Message) => UserEvent): UserEvent | undefined {
  const emails = msg.spans.filter((s) => s.kind === 'email');
  const email = emails[0];
  if (emails.length !== 1 || !email || !/\d/.test(msg.raw.slice(email.end))) return undefined;
  const after = msg.raw.slice(email.end).replace(BRIDGE, '');
  if (after === '') return undefined;
  const address = readWholeAddress(toMessage(after, { ...msg.view, step: 'billingAddress', state: 'billingAddress', addressField: undefined }, msg.depth + 1), inner);
  if (address?.type === 'GIVE_ADDRESS') return { type: 'GIVE_ANSWERS', answers: {}, early: { email: email.value, billingAddress: address.address } };
  if (address?.type === 'GIVE_ANSWERS' && address.early?.billingAddress) return { ...address, early: { ...address.early, email: email.value } };
  return undefined;
}
