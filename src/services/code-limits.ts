import { createHmac } from 'node:crypto';
import type { Clock } from './clock.port.js';
import type { LimitStore } from './store.port.js';

/** How many verification codes and wrong codes are allowed, per email across every conversation and instance. */
export interface CodeLimitsConfig {
  /** Codes mailed to one address per hour, whichever conversations asked. */
  codesPerEmailPerHour: number;
  /** Codes mailed from one conversation per hour, to any address (bounds "send a new code" in one chat). */
  codesPerConversationPerHour: number;
  /** Wrong codes typed for one address per day; then its codes pause (and none is mailed) until the oldest ages out. */
  failuresPerEmailPerDay: number;
}

export const DEFAULT_CODE_LIMITS: CodeLimitsConfig = { codesPerEmailPerHour: 5, codesPerConversationPerHour: 3, failuresPerEmailPerDay: 10 };

export type CodeBlockReason = 'conversation' | 'email' | 'failures';
export type CodeGate = { ok: true } | { ok: false; reason: CodeBlockReason; until: number };

export interface CodeLimits {
  /** Before a code is mailed: counts it (`eventId`, unique in the conversation, once however often the turn is replayed), or says why not. */
  beforeSend(conversationId: string, email: string, eventId: string): Promise<CodeGate>;
  /** After a wrong code: counts it; `blockedUntil` when the address has now had too many. */
  failed(conversationId: string, email: string, eventId: string): Promise<{ blockedUntil?: number }>;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface CodeLimitsDeps {
  limits: LimitStore;
  clock: Clock;
  /** Keys are keyed hashes: the limits collection holds no address or conversation id, so "forget me" need not look there. */
  secret: string;
  config: CodeLimitsConfig;
  onBlocked?: (reason: CodeBlockReason) => void;
}

export function createCodeLimits(d: CodeLimitsDeps): CodeLimits {
  const key = (kind: string, value: string) => `${kind}-${createHmac('sha256', d.secret).update(`code-limit:${kind}:${value}`).digest('hex').slice(0, 40)}`;
  const emailKey = (kind: string, email: string) => key(kind, email.trim().toLowerCase());
  // Channels number messages per conversation (Teams, the playground): the conversation makes an event unique.
  const event = (conversationId: string, eventId: string) => key('event', `${conversationId.length}:${conversationId}:${eventId}`);
  const blocked = (reason: CodeBlockReason, until: number | undefined): CodeGate => {
    d.onBlocked?.(reason);
    return { ok: false, reason, until: until ?? d.clock.now() };
  };
  const { codesPerEmailPerHour, codesPerConversationPerHour, failuresPerEmailPerDay } = d.config;
  return {
    async beforeSend(conversationId, email, eventId) {
      const now = d.clock.now();
      // A paused address gets no code at all: a code it could not use would only mail its owner.
      const failures = await d.limits.peek(emailKey('fail', email), now, DAY_MS, failuresPerEmailPerDay);
      if (!failures.allowed) return blocked('failures', failures.freeAt);
      // The conversation first: a chat over its own bound does not use up the address's budget.
      const id = event(conversationId, eventId);
      const conv = await d.limits.take(key('conv', conversationId), id, now, HOUR_MS, codesPerConversationPerHour);
      if (!conv.allowed) return blocked('conversation', conv.freeAt);
      const mails = await d.limits.take(emailKey('mail', email), id, now, HOUR_MS, codesPerEmailPerHour);
      if (!mails.allowed) return blocked('email', mails.freeAt);
      return { ok: true };
    },
    async failed(conversationId, email, eventId) {
      const r = await d.limits.take(emailKey('fail', email), event(conversationId, eventId), d.clock.now(), DAY_MS, failuresPerEmailPerDay);
      if (r.allowed && r.count < failuresPerEmailPerDay) return {};
      d.onBlocked?.('failures');
      return { blockedUntil: r.freeAt ?? d.clock.now() };
    },
  };
}
