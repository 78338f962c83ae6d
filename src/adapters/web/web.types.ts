/**
 * The playground's wire format: what the web adapter sends the page (JSON and server-sent events) and what the page
 * sends back. Type-only, so the front end (web/src) imports it too without pulling server code into the bundle.
 */
import type { AdaptiveCard } from '../../dialogs/reply.js';

export type { AdaptiveCard };

/** The channels the page can impersonate: replies are rendered by that channel's own renderer. */
export const WEB_CHANNELS = ['webex', 'teams'] as const;
/** The header a page sends its key in to the sales view (exposed in a deployment, each page sees only its own cases). */
export const PLAYGROUND_KEY_HEADER = 'x-playground-key';
export type WebChannel = (typeof WEB_CHANNELS)[number];

/** One message as a channel would show it: markdown text, an Adaptive Card, or both; Teams adds suggested actions. */
export interface Bubble {
  markdown?: string;
  card?: AdaptiveCard;
  /** Teams suggested actions (imBack): pressing one sends its value as the user's message. */
  suggested?: { label: string; value: string }[];
}

export type LogEntry =
  | { seq: number; at: number; kind: 'user'; text: string }
  | {
    seq: number; at: number; kind: 'bot'; id: string; from: 'bot' | 'agent'; text: string;
    /** The same reply as Webex (Adaptive Cards 1.3) and Teams (1.5, Universal Actions) would receive it. */
    views: Record<WebChannel, Bubble[]>;
  }
  /** What the simulated outside world did (payment completed, provisioning finished), for the reader. */
  | { seq: number; at: number; kind: 'note'; text: string }
  /** Teams replaces a pressed card with a used, disabled copy: the bot entry `id` now looks like this in Teams. */
  | { seq: number; at: number; kind: 'update'; id: string; channel: WebChannel; views: Bubble[] };

export interface PanelMail {
  at: number;
  to: string;
  subject: string;
  text: string;
  code?: string;
}

/** The tester side panel: the conversation as the simulated outside world sees it. */
export interface PanelState {
  conversationId: string;
  step: string;
  /** The full state value (`handoff.waiting`). */
  state: string;
  locale: string;
  /** The order draft (or the placed order): key/value pairs in display order. */
  order: { key: string; value: string }[];
  mails: PanelMail[];
  /** Where mail goes when it is not the local outbox folder (SMTP): then codes are not shown here. */
  mailNote?: string;
  payment?: { url: string; status: string; expiresAt: number };
  canProvision: boolean;
  handoff?: { status: string; caseId?: string; agentName?: string };
}

export interface SalesThreadItem {
  at: number;
  from: 'customer' | 'agent' | 'system';
  /** Markdown (the bot's and agents' words), or the command an agent typed. */
  text: string;
  /** A system line the page words in its own language: the agent who claimed the case. */
  claimedBy?: string;
}

/** A line of the conversation before the handoff, as the case's card shows it. */
export interface SalesRecentLine {
  /** user, bot, agent or system (the transcript's speakers). */
  from: string;
  /** Markdown as the speaker sent it; empty for a press. */
  text: string;
  /** What a card press chose (a choice's value, or a form's values): shown as the press, not as its JSON. */
  pressed?: string;
}

export interface SalesCaseView {
  caseId: string;
  conversationId: string;
  openedAt: number;
  reason: string;
  reasonLabel: string;
  customer: { name?: string; email?: string; emailVerified?: boolean };
  /** The draft's answers with prices, as on the sales space's case card, in the language the page asked for. */
  answers: { title: string; value: string }[];
  recent: SalesRecentLine[];
  callbackContact?: string;
  /** queued, claimed, callbackOffered... or ended. */
  status: string;
  agentName?: string;
  ended?: { at: number; why: string };
  thread: SalesThreadItem[];
}

/** Bodies the page posts. */
export interface MessageBody { text: string; locale?: string; label?: string }
export interface SubmitBody { value: Record<string, unknown>; messageId?: string; channel?: WebChannel; title?: string }
export interface PaymentBody { outcome: 'succeeded' | 'declined' }
export interface AgentSayBody { text: string }
