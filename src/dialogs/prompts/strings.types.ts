import type { AddressField, HandoffReason, Renewal } from '../../domain/types.js';

/** Everything the bot says, per language; both languages implement all of it (the compiler checks). */
export interface Strings {
  choice: { yes: string; no: string; annual: string; monthly: string; checkout: string; startOver: string; resume: string;
    sameAsBilling: string; noNumbers: string; keep: string; another: string; retry: string; accept: string; decline: string;
    resend: string; human: string; keepWaiting: string; backToBot: string; submit: string; pay: string; newLink: string };
  welcome: string;
  ask: {
    plan: (plans: string) => string;
    renewal: (prices: string) => string;
    licenses: (max: number) => string;
    callback: (price: string) => string;
    cart: string;
    email: string;
    verify: (email: string) => string;
    addressWhole: (kind: 'billing' | 'service', example: string) => string;
    addressField: (field: AddressField) => string;
    addressConfirm: (kind: 'billing' | 'service', address: string) => string;
    annualNotSold: (country: string) => string;
    callingPlan: (licenses: number) => string;
    siteOffer: (site: string) => string;
    siteAsk: string;
    siteChecking: string;
    payment: (total: string, url: string) => string;
    paymentFailed: string;
    /** Asked again while the link is open: the link itself is in the earlier message only. */
    paymentPending: (total: string) => string;
    consent: (policies: string) => string;
    placing: string;
    provisioning: (orderId: string) => string;
    done: (site: string, porting: string | undefined, newNumbers: boolean) => string;
    handoffQueued: (reason: HandoffReason, position: number | undefined) => string;
    callbackOffered: string;
    cancelled: (closedBySales: boolean) => string;
  };
  notice: Record<
    | 'cannotGoBack' | 'restarted' | 'locked' | 'nothingToResume' | 'localeChanged' | 'cardNumber' | 'notUnderstood'
    | 'proposalRejected' | 'licensesTooFew' | 'licensesRelativeNoCount' | 'annualNotSold' | 'unknownPlan' | 'accountFound' | 'tryLater' | 'codeSent'
    | 'codeNeedsResend' | 'codeExpired' | 'verified' | 'codeTooManyTries' | 'codeWrong' | 'callingPlanInvalid' | 'siteChosen'
    | 'siteInvalid' | 'paymentWaiting' | 'paymentReceived' | 'consentRecorded' | 'consentRequired' | 'orderFailed'
    | 'orderPlacedAlready' | 'noAgentYet' | 'callbackNoted' | 'keepWaiting' | 'stillQueued' | 'queueStatus' | 'passedOn' | 'agentReleased' | 'backToBot' | 'closedBySales'
    | 'annualNotSoldAtAddress' | 'switchedToMonthly' | 'addressInvalid' | 'paymentFailed' | 'resumedAfterUpdate' | 'taxExemptApproved' | 'outOfDate',
    string
  >;
  /** Said once a code proved the address (never before: every address gets the same answer until then). */
  accountNotFound: (email: string) => string;
  /**
   * No new code now, and when one can be had (`until`, a UTC time); `lastCodeUntil`: until when the code sent before
   * stays valid, if one was. Why: this chat asked for several, this address had several, or too many wrong codes.
   */
  codeLimited: (reason: 'conversation' | 'email' | 'failures', until: string, lastCodeUntil: string | undefined) => string;
  siteTaken: (name: string, suggestion: string | undefined) => string;
  changed: (what: string) => string;
  confirmHandoff: (reason: HandoffReason | 'fromChange', extra: string) => string;
  confirmProposal: (what: string) => string;
  /** One line with what a message gave ("Got it: Suite, annual, 25 licenses, with Callback."); `changed` when it replaced answers. */
  understood: (parts: string[], changed: boolean) => string;
  /** The parts of `understood` that need words of their own. */
  part: { licenses: (n: number) => string; callback: (on: boolean) => string };
  /** Asking back about a field the message left unsure, with its options. */
  clarify: { plan: (options: string[]) => string; renewal: string; licenses: (options: number[]) => string; callback: string; callingPlan: (options: number[], area?: string) => string; email: (options: string[]) => string };
  /** A question the bot has no answer for. */
  unanswerable: string;
  /** "Forget me": what will be deleted and what is kept, asked before anything is deleted. */
  confirmForget: string;
  /** Said once the deletion is under way; `order` is the number of a placed order that is kept. */
  forgotten: (order: string | undefined) => string;
  agentJoined: (agent: string) => string;
  agentMessage: (agent: string, text: string) => string;
  help: (stepHelp: string) => string;
  stepHelp: Record<string, string>;
  examples: (examples: string) => string;
  stepExamples: Record<string, string>;
  fields: Record<AddressField | 'line2', string>;
  cart: { title: string; line: (name: string, licenses: number, unit: string, months: number, amount: string) => string;
    subtotal: string; tax: (rate: string) => string; taxLater: string; taxExempt: string; total: string; dueToday: string;
    /** An example edit that changes something: for a monthly order, to annual. */
    editHint: (renewal: Renewal | undefined) => string };
  what: { plan: (name: string) => string; renewal: (r: 'annual' | 'monthly') => string; licenses: (n: number) => string;
    callback: (on: boolean) => string; email: (e: string) => string; site: (s: string) => string; field: Record<string, string> };
  renewalName: { annual: string; monthly: string };
  perMonth: string;
}
