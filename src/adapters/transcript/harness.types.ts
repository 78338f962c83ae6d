/**
 * The seam between the `.chat` runner and the bot it drives. The runner parses and checks transcripts; a
 * `TranscriptBot` (implemented with the real turn engine in harness.ts) owns one isolated conversation with a
 * virtual clock and simulated services. Every turn-starting call resolves only when the bot is idle (every
 * reply sent, every effect settled) and returns the messages sent TO THE USER during that turn, in order.
 * Errors thrown by any member are reported as the failure of the step that called it (e.g. "sales steps are
 * not supported yet"), never swallowed.
 */

export type TranscriptChannel = 'console' | 'webex' | 'teams';
export type TranscriptLocale = 'en' | 'ru';

/** A button or choice a message offers. */
export interface BotChoice {
  /** What the user sees on the button (console: the choice's text, without the number). */
  label: string;
  /** The text the choice stands for (what typing instead of pressing would send). */
  value: string;
  /** What pressing it submits on card channels (Action.Submit data), when it differs from sending `value`. */
  data?: Record<string, unknown>;
}

/** One message as the channel rendered it. */
export interface BotMessage {
  /** The plain text as the channel shows it (markdown as sent; console: with its numbered choices). */
  text: string;
  /** The choices this message offers, in display order; [] when none. */
  choices: BotChoice[];
  /**
   * The visible text of the message's card, when the harness has already flattened it. When absent and `card`
   * is set, the runner extracts it (TextBlock text, FactSet titles/values, Input labels/placeholders, ChoiceSet
   * titles, action titles).
   */
  cardText?: string;
  /** The Adaptive Card as sent (webex/teams), for the runner's own extraction and for failure reports. */
  card?: unknown;
}

export interface SentMail {
  to: string;
  subject: string;
  text: string;
}

/** A step of the conversation flow as DOMAIN.md names it (see src/domain/types.ts STEPS). */
export type StepName = string;

export interface TranscriptBot {
  /** Messages the bot sends before the user says anything (a welcome on joining); usually []. Called once. */
  opening(): Promise<BotMessage[]>;
  /** The user sends text. */
  userSays(text: string): Promise<BotMessage[]>;
  /**
   * The user presses `choice`, already resolved by the runner from a LABEL against the latest message
   * offering it (`message`). Console: sends the choice's value; card channels: submits `choice.data`.
   */
  userClicks(choice: BotChoice, message: BotMessage): Promise<BotMessage[]>;
  /** The user submits a card with these inputs. */
  userSubmits(value: Record<string, unknown>): Promise<BotMessage[]>;
  /** A sales agent writes in this case's thread in the sales space; returns the messages to the user. */
  agentSays(text: string): Promise<BotMessage[]>;
  /** A sales agent presses `choice` on `message`, the latest sales-space card of this case offering it. */
  agentClicks(choice: BotChoice, message: BotMessage): Promise<BotMessage[]>;
  /**
   * An outside event: `payment succeeded`, `payment failed`, `provisioning complete` (lower case, single
   * spaces), with the optional JSON object of the step merged into the event.
   */
  event(name: string, data?: Record<string, unknown>): Promise<BotMessage[]>;
  /** Moves the virtual clock on by `ms` and fires the timers due by then; returns what they sent the user. */
  advance(ms: number): Promise<BotMessage[]>;
  /** The canonical step now (one of STEPS). */
  step(): StepName;
  /** The full machine state value as a dotted path (`handoff.waiting`), for nested `state:` checks. */
  stateValue(): string;
  /**
   * The order of this conversation with the `order:` keys of TRANSCRIPTS.md: plan (plan id), renewal
   * (annual/monthly), licenses ("25"), callback (yes/no), email, siteUrl (the host, "acme.webex.com"),
   * currency ("USD"), subtotal/tax/total ("7800.00"; tax and total once the billing address is known),
   * taxExempt (yes/no), status ("placed" once placed, "provisioned" when the site is ready). Before the order is placed:
   * the draft as it stands (status "draft", keys not yet known left out), so `order:` can check answers
   * mid-flow; undefined only when there is nothing yet.
   */
  order(): Record<string, string> | undefined;
  /** Emails sent in this conversation from index `from` on (0 = all), in sending order. */
  mailsSince(from: number): SentMail[];
  /** Messages posted to the sales space for this conversation from index `from` on, in order. */
  salesSince(from: number): BotMessage[];
  /** Transitions taken so far, each named as in allTransitions(). */
  transitionsTaken(): string[];
  /** Every transition the machine defines ("source -> EVENT -> target"), for coverage. */
  allTransitions(): string[];
  /** Releases the bot's resources; called once after the file, pass or fail. */
  close(): Promise<void>;
}

/** Configuration from a file's directives, with TRANSCRIPTS.md's defaults applied. */
export interface TranscriptSetup {
  channel: TranscriptChannel;
  locale: TranscriptLocale;
  user: { email: string; name?: string };
  accounts: { email: string; organisation?: string }[];
  /** The virtual clock's start, ms since the epoch. */
  now: number;
}

/** What the runner receives: one fresh, isolated bot per file. */
export type TranscriptBotFactory = (setup: TranscriptSetup) => Promise<TranscriptBot>;
