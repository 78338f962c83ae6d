import type { Renewal } from '../../domain/types.js';

export type ChangeableField = 'email' | 'billingAddress' | 'serviceAddress' | 'callingPlan' | 'siteUrl';
/** An order answer named without its new value ("I want to change the plan"): asked again at its step. */
export type OrderField = 'plan' | 'renewal' | 'licenses';

/**
 * One language's phrasebook. Every pattern runs on `normalise()`d text; `phrase()` patterns match anywhere,
 * `whole()` patterns only as the entire message. Both tables are always consulted, since people mix languages.
 */
export interface IntentTable {
  /** Whole-message yes/no forms (after filler words are trimmed). */
  yes: readonly string[];
  no: readonly string[];
  /** Words dropped from the ends of a yes/no answer ("no thanks", "да, спасибо"). */
  filler: readonly string[];
  help: readonly RegExp[];
  back: readonly RegExp[];
  cart: readonly RegExp[];
  restart: readonly RegExp[];
  cancel: readonly RegExp[];
  resume: readonly RegExp[];
  toEnglish: readonly RegExp[];
  toRussian: readonly RegExp[];
  /** Asks for a person in so many words ("talk to sales", "call me back"). */
  human: readonly RegExp[];
  /** Fed up with the bot: reaches a person too, unless the message also gives answers ("ugh, just meet then"). */
  frustration: readonly RegExp[];
  /** "Forget me": delete my conversation data (not "forget it", which cancels). */
  forget: readonly RegExp[];
  taxExempt: readonly RegExp[];
  /** Organisations that are often, not always, tax-exempt: asked about rather than assumed. */
  taxExemptMaybe: readonly RegExp[];
  /** "We are not a non-profit". */
  taxNegation: RegExp;
  start: readonly RegExp[];
  checkout: readonly RegExp[];
  resend: readonly RegExp[];
  retryPayment: readonly RegExp[];
  sameAsBilling: readonly RegExp[];
  /** In the sales queue: waiting on, or asking whether anyone is there ("still waiting", "anyone there?"). */
  keepWaiting: readonly RegExp[];
  leaveHandoff: readonly RegExp[];
  /** "call me", "my number is": a callback contact is being given or asked for. */
  contactCue: readonly RegExp[];
  /** Words that change an order already placed ("switch to annual", "add 5 more"), not ones that describe it. */
  changeOrder: readonly RegExp[];
  /** "how long is the wait?", "when will they call?": about the handoff itself, which the help page does not answer. */
  aboutTheWait: readonly RegExp[];
  /** "the email I gave before": a contact the bot (and sales) already has. */
  contactOnFile: readonly RegExp[];
  keepSite: readonly RegExp[];
  /** "around 25": the number is a guess, so it is proposed, not applied. */
  hedge: RegExp;
  /** "20 or 30". */
  alternative: RegExp;
  /** Words that make a message an edit of an earlier answer. */
  changeCue: RegExp;
  licenseWord: RegExp;
  plans: readonly (readonly [RegExp, string])[];
  renewals: readonly (readonly [RegExp, Renewal])[];
  /** Single words for typo matching. */
  planWords: ReadonlyMap<string, string>;
  renewalWords: ReadonlyMap<string, Renewal>;
  callbackWord: RegExp;
  addCallback: RegExp;
  removeCallback: RegExp;
  fields: readonly (readonly [RegExp, ChangeableField | OrderField])[];
  noNumbers: readonly RegExp[];
  newNumbersWord: RegExp;
  areaCue: RegExp;
  portCue: RegExp;
  /** Words that ask about a plan rather than name one ("what is suite"). */
  question: RegExp;
}
