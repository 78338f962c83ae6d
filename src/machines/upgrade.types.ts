import type {
  Address, Answers, CallingPlan, ConsentRecord, HandoffReason, Locale, Renewal, Step,
} from '../domain/types.js';

/** "Make it 30 licenses": a value for an answer, or (for the rest) a wish to enter it again. */
export type Change =
  | { field: 'plan'; value: string }
  | { field: 'renewal'; value: Renewal }
  | { field: 'licenses'; value: number }
  | { field: 'callback'; value: boolean }
  | { field: 'email' | 'billingAddress' | 'serviceAddress' | 'callingPlan' | 'siteUrl' };

/** Answers of the first steps, several of which one message may give at once. */
export interface OrderAnswers {
  plan?: string;
  renewal?: Renewal;
  licenses?: number;
  callback?: boolean;
}

/** Answers for later steps said before their step came ("...and send the code to jane@acme.example"). */
export interface EarlyAnswers {
  email?: string;
  siteUrl?: string;
  billingAddress?: Partial<Address>;
  /** A service address said with other answers at its own step ("Москва, Тверская 9, 125009, и 9 лицензий"). */
  serviceAddress?: Partial<Address>;
  /** The service address is the billing address. */
  sameAsBilling?: boolean;
  callingPlan?: CallingPlan;
  /** A verification code typed at the verify step together with other answers (hashed, as in GIVE_CODE). */
  codeHash?: string;
}

/** A field the message left unsure ("20-25", "monthly... no, annual"): asked back with these options. */
export type Clarify =
  | { field: 'plan'; options: string[] }
  | { field: 'renewal'; options: Renewal[] }
  | { field: 'licenses'; options: number[] }
  | { field: 'callback'; options: boolean[] }
  /** "2 new in 812... no, 3": how many new numbers, the area and numbers to port kept for a bare count in reply. */
  | { field: 'callingPlan'; options: number[]; area?: string; port?: string[] }
  /** "either olga@... or o.sidorova@..., not sure which": which of them the free account is on. */
  | { field: 'email'; options: string[] };

/** What the understanding makes of a user's message or card submission. */
export type UserEvent =
  | { type: 'START' }
  | { type: 'CHOOSE_PLAN'; plan: string }
  | { type: 'CHOOSE_RENEWAL'; renewal: Renewal }
  | { type: 'SET_LICENSES'; count: number }
  | { type: 'SET_CALLBACK'; value: boolean }
  | { type: 'CHECKOUT' }
  | { type: 'GIVE_EMAIL'; email: string }
  /** The code is never in an event: the understanding hashes it (see services/verification). */
  | { type: 'GIVE_CODE'; codeHash: string }
  | { type: 'RESEND_CODE' }
  /** Merged into the draft of the address being asked (billing or service). */
  | { type: 'GIVE_ADDRESS'; address: Partial<Address> }
  | { type: 'SAME_AS_BILLING' }
  | { type: 'GIVE_CALLING_PLAN'; callingPlan: CallingPlan }
  | { type: 'GIVE_SITE_URL'; name: string }
  | { type: 'RETRY_PAYMENT' }
  | { type: 'YES' }
  | { type: 'NO' }
  | { type: 'CHANGE'; change: Change }
  /**
   * "2 more licenses", "one less", "ещё 3 лицензии": the count changed by this many. When `sure` is false ("add 2
   * licenses" at the cart may mean two in all) the result is asked back before it is applied.
   */
  | { type: 'ADJUST_LICENSES'; by: number; sure: boolean }
  | { type: 'HELP' }
  | { type: 'BACK' }
  | { type: 'SHOW_CART' }
  | { type: 'RESTART' }
  | { type: 'CANCEL' }
  | { type: 'RESUME' }
  | { type: 'SET_LOCALE'; locale: Locale }
  | { type: 'HUMAN' }
  /** "Forget me": delete my conversation data (confirmed first). */
  | { type: 'FORGET_ME' }
  | { type: 'TAX_EXEMPT' }
  /**
   * A message that gives several answers, or answers for other steps than the current one, maybe with a field to
   * ask back and a help-page question to answer first.
   */
  /** `confirms`: the message opened with a yes to the confirmation asked ("да, и адрес услуг такой же"). */
  | { type: 'GIVE_ANSWERS'; answers: OrderAnswers; early?: EarlyAnswers; clarify?: Clarify; question?: string; confirms?: true }
  /** Ask back about one field, offering its options. */
  | { type: 'CLARIFY'; clarify: Clarify }
  /** A question the help page answers (an id of data/faq.json); the step's question follows. */
  | { type: 'ASK_QUESTION'; id: string }
  /** A question the bot has no answer for: said honestly, with a person offered. */
  | { type: 'UNANSWERABLE' }
  /** The message looked like a payment card number; it is never stored. */
  | { type: 'CARD_NUMBER' }
  | { type: 'NOT_UNDERSTOOD' }
  /** A button or form from an earlier question that means nothing where the conversation is now. */
  | { type: 'OUT_OF_DATE' }
  /** The understanding is unsure: confirm `proposal` with the user before applying it. */
  | { type: 'PROPOSE'; proposal: UserEvent }
  /** `more`: what the yes said besides ("да, и на год" to "Did you mean Suite?"), applied after the proposal. */
  | { type: 'CONFIRM_PENDING'; more?: { answers: OrderAnswers; early?: EarlyAnswers; clarify?: Clarify; question?: string } }
  | { type: 'REJECT_PENDING' }
  /** In handoff: forwarded to the sales agent verbatim (already redacted). */
  | { type: 'RELAY'; text: string }
  | { type: 'LEAVE_HANDOFF' }
  | { type: 'CALLBACK_CONTACT'; contact: string }
  | { type: 'KEEP_WAITING' };

/** A proposal awaiting the user's yes: a user event, or handing the conversation to sales. */
export type PendingEvent = UserEvent | { type: 'START_HANDOFF'; reason: HandoffReason } | { type: 'ERASE_DATA' };

/** Results of effects and outside events, fed back by the turn engine. */
export type SystemEvent =
  | { type: 'ACCOUNT_FOUND'; email: string; name?: string; organisation?: string }
  | { type: 'ACCOUNT_NOT_FOUND'; email: string }
  | { type: 'CODE_SENT'; codeHash: string; expiresAt: number }
  /** No code was mailed (sendCode), or wrong codes for this address are paused (recordCodeFailure), until `until`. */
  | { type: 'CODE_LIMITED'; reason: CodeLimitReason; until: number }
  | { type: 'SITE_URL_CHECKED'; name: string; available: boolean; suggestion?: string }
  | { type: 'PAYMENT_LINK_CREATED'; paymentId: string; url: string; expiresAt: number }
  | { type: 'PAYMENT_SUCCEEDED'; paymentId: string }
  | { type: 'PAYMENT_FAILED'; paymentId: string; reason?: string }
  | { type: 'ORDER_PLACED'; orderId: string }
  | { type: 'PROVISIONING_COMPLETE'; siteUrl?: string }
  | { type: 'HANDOFF_QUEUED'; caseId: string; position: number }
  | { type: 'AGENT_JOINED'; agentName: string }
  | { type: 'AGENT_MESSAGE'; agentName: string; text: string }
  | { type: 'AGENT_RESUMED'; taxExempt?: { certificate: string; approvedBy: string } }
  | { type: 'AGENT_RELEASED' }
  | { type: 'AGENT_CLOSED'; agentName?: string }
  | { type: 'TIMER_FIRED'; name: string }
  /** The forgetMe effect's result: cases purged and timers cancelled (ok), or not (try again later). */
  | { type: 'FORGOTTEN'; ok: boolean }
  /** An effect failed after its retries; the conversation stays where it was. */
  | { type: 'EFFECT_FAILED'; effect: EffectType; code: string };

/** Internal routing: not sent from outside. */
export type InternalEvent =
  | { type: 'ROUTE'; to: Step }
  | { type: 'START_HANDOFF'; reason: HandoffReason }
  /** "Forget me" confirmed. */
  | { type: 'ERASE_DATA' };

type Stamp<T> = T extends unknown ? T & { /** Engine clock, ms since epoch. */ at: number } : never;
export type UpgradeEvent = Stamp<UserEvent | SystemEvent | InternalEvent>;

export type PaymentStatus = 'pending' | 'failed' | 'succeeded';

export interface HandoffInfo {
  reason: HandoffReason;
  returnTo: Step;
  status: 'requested' | 'queued' | 'claimed' | 'callbackOffered';
  caseId?: string;
  position?: number;
  agentName?: string;
  contact?: string;
}

export interface UpgradeContext {
  conversationId: string;
  userId: string;
  locale: Locale;
  /** The canonical step the conversation is at (kept in step with the state value). */
  step: Step;
  answers: Answers;
  /** Set by "checkout"; cleared when an answer that changes the price changes. */
  cartConfirmed: boolean;
  /**
   * The directory's answer for `email`, looked up at the email step; `missing` when it has no free account there,
   * which is told only once a code proves the address (until then every address gets the same answer).
   */
  account?: { email: string; name?: string; organisation?: string; missing?: true };
  /**
   * The code out for `email`. `tries`: wrong codes so far; a new code for the same address keeps them (a resend or
   * the address typed again): only cancelling the code after CODE_MAX_TRIES starts again.
   */
  verification?: { codeHash: string; expiresAt: number; tries: number; email?: string };
  /** Why no new code can be had, and until when (per email or per conversation, across instances). */
  codeLimit?: { reason: CodeLimitReason; until: number };
  verifiedEmail?: string;
  /** The address being collected (billing or service), before it is confirmed. */
  addressDraft?: Partial<Address>;
  /** The site name offered or being checked. */
  siteCandidate?: string;
  siteTyped?: boolean;
  /** The link (its token is a credential) is never stored here: it goes out once in the reply that shows it. */
  payment?: { paymentId: string; status: PaymentStatus; expiresAt: number };
  consent?: ConsentRecord;
  orderId?: string;
  /** Incremented on every start-over, so an order's idempotency key is per purchase. */
  purchase: number;
  placedAt?: number;
  siteReady?: boolean;
  handoff?: HandoffInfo;
  taxExempt?: { certificate: string; approvedBy: string };
  pending?: PendingEvent;
  /** Misunderstood inputs in a row. */
  misses: number;
  resumeStep?: Step;
  /** Answers for later steps, given before their step; used (and dropped) when the step comes. */
  early?: EarlyAnswers;
  /** The field being asked back, until the next message. */
  clarify?: Clarify;
  requestedLicenses?: number;
  closedBySales?: boolean;
}

export interface UpgradeInput {
  conversationId: string;
  userId: string;
  locale: Locale;
}

/** What an order looks like when the machine asks for it to be placed. */
export interface OrderDraft {
  idempotencyKey: string;
  conversationId: string;
  answers: Answers;
  consent: ConsentRecord;
  paymentId: string;
  taxExempt?: { certificate: string; approvedBy: string };
  currency: string;
  subtotalCents: number;
  taxCents: number;
  totalCents: number;
}

/** Effects the machine emits as data; the turn engine runs them and feeds results back as events. */
export type Effect =
  | { type: 'say'; params: { key: string; args?: Record<string, string | number> } }
  | { type: 'lookupAccount'; params: { email: string } }
  | { type: 'sendCode'; params: { email: string } }
  /** A wrong code for this address, counted across conversations; CODE_LIMITED when that was one too many. */
  | { type: 'recordCodeFailure'; params: { email: string } }
  | { type: 'checkSiteUrl'; params: { name: string } }
  | { type: 'createPaymentLink'; params: { amountCents: number; currency: string; description: string } }
  | { type: 'placeOrder'; params: { order: OrderDraft } }
  | { type: 'startProvisioning'; params: { orderId: string; siteUrl: string } }
  | { type: 'requestHandoff'; params: { reason: HandoffReason } }
  | { type: 'relayToAgent'; params: { text: string } }
  /** caseId is read before the handoff is cleared in the same transition. */
  | { type: 'endHandoff'; params: { why: 'userLeft' | 'userCancelled'; caseId?: string } }
  | { type: 'leaveCallbackContact'; params: { contact: string } }
  | { type: 'scheduleTimer'; params: { name: string; delayMs: number } }
  | { type: 'cancelTimer'; params: { name: string } }
  /**
   * Ends and purges the conversation's sales cases and cancels its timers; the turn engine then deletes the
   * conversation and its transcripts once this turn's reply is delivered. Placed orders are kept.
   */
  | { type: 'forgetMe'; params: Record<string, never> };
export type EffectType = Effect['type'];

/** Too many codes mailed in this conversation or to this address, or too many wrong ones for this address. */
export type CodeLimitReason = 'conversation' | 'email' | 'failures';

export const CODE_TTL_MS = 10 * 60_000;
export const CODE_MAX_TRIES = 3;
/** How soon a failed start of provisioning (a paid order) is tried again. */
export const PROVISIONING_RETRY_MS = 5_000;
export const PORTING_MIN_DAYS = 21;
