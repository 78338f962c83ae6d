import type { TranscriptSetup } from './harness.types.js';

/** Where a step was written; `via` is the chain of `@include` lines that brought it in, outermost first. */
export interface SourceLocation {
  file: string;
  line: number;
  via: { file: string; line: number }[];
}

/**
 * A MATCH as written. Its source keeps `{{var}}` placeholders: they are substituted when the step runs, since
 * captures only exist then.
 */
export type Matcher =
  | { kind: 'text'; source: string }
  | { kind: 'regex'; source: string; flags: string }
  | { kind: 'exact'; source: string };

export type StepBody =
  | { kind: 'user'; text: string }
  | { kind: 'userClicks'; label: string }
  | { kind: 'userSubmits'; json: string }
  | { kind: 'bot'; match: Matcher }
  | { kind: 'botNot'; match: Matcher }
  | { kind: 'buttons'; labels: string[]; exact: boolean }
  | { kind: 'state'; step: string }
  | { kind: 'order'; fields: { key: OrderKey; value: string }[] }
  | { kind: 'sales'; match: Matcher }
  | { kind: 'agent'; text: string }
  | { kind: 'agentClicks'; label: string }
  | { kind: 'event'; name: EventName; json?: string }
  | { kind: 'wait'; ms: number }
  | { kind: 'mail'; match: Matcher };

export type Step = StepBody & {
  at: SourceLocation;
  /** The line as written, trimmed, for reports. */
  raw: string;
};

export const ORDER_KEYS = [
  'plan', 'renewal', 'licenses', 'callback', 'email', 'siteUrl', 'currency', 'subtotal', 'tax', 'total',
  'taxExempt', 'status',
] as const;
export type OrderKey = (typeof ORDER_KEYS)[number];

export const EVENT_NAMES = ['payment succeeded', 'payment failed', 'provisioning complete'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

export interface Transcript {
  file: string;
  /** The first `# ` line, or the file's name when there is none. */
  title: string;
  setup: TranscriptSetup;
  steps: Step[];
}

/** A file that cannot be parsed: the first problem, located. */
export class TranscriptParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'TranscriptParseError';
  }
}

/** Steps that start a new turn: the bot's replies to them are "this turn". */
export const TURN_STARTERS: ReadonlySet<StepBody['kind']> = new Set([
  'user', 'userClicks', 'userSubmits', 'agent', 'agentClicks', 'event', 'wait',
]);
