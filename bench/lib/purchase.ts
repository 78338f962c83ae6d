/**
 * The purchase every benchmark drives: transcript 01 (Suite, annual, 25 licenses, Callback, Texas address,
 * two new numbers, payment, consent, provisioning). 14 user messages and 2 outside events = 16 turns.
 */
export type PurchaseStep =
  | { kind: 'say'; text: string }
  /** The buyer pays on the payment page (an outside event into the conversation). */
  | { kind: 'pay' }
  /** Provisioning finishes (an outside event). */
  | { kind: 'provisioned' };

const say = (text: string): PurchaseStep => ({ kind: 'say', text });

export const PURCHASE: readonly PurchaseStep[] = [
  say('I want to upgrade'),
  say('Suite'),
  say('annual'),
  say('25'),
  say('yes'),
  say('checkout'),
  say('{email}'),
  say('{code}'),
  say('100 Congress Ave, Austin, TX 78701, USA'),
  say('yes'),
  say('same as billing'),
  say('2 new numbers in 512'),
  say('yes'),
  { kind: 'pay' },
  say('I accept'),
  { kind: 'provisioned' },
];

/** The step the conversation is at after each turn of PURCHASE (as in transcript 01). */
export const PURCHASE_STEPS: readonly string[] = [
  'plan', 'renewal', 'licenses', 'callback', 'cart', 'email', 'verify', 'billingAddress', 'billingAddress',
  'serviceAddress', 'callingPlan', 'siteUrl', 'payment', 'consent', 'provisioning', 'done',
];

/** The part of the purchase that needs no mailbox or payment page: what the HTTP load sends per conversation. */
export const HTTP_SCRIPT: readonly string[] = [
  'I want to upgrade', 'Suite', 'annual', '25', 'yes', 'make it 30 licenses', 'checkout', 'jane@acme.com',
];
