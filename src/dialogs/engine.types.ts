import type { Step } from '../domain/types.js';
import type { ChannelName, ChannelSender, Inbound, OutsideEvent } from './channel.types.js';
import type { Reply } from './reply.js';

export interface TurnOutcome {
  conversationId: string;
  /** The canonical step after the turn (undefined for unsupported input). */
  step: Step | undefined;
  /** The inbound id was processed before: nothing was re-run or re-sent. */
  duplicate: boolean;
  /** The replies this turn produced (already delivered through the channel's sender, or left pending in the outbox). */
  replies: Reply[];
  /** The input was refused without a turn: `not_owner`, a 1:1 conversation's id named by someone else. */
  refused?: 'not_owner';
}

/** The turn engine: one turn per conversation at a time, idempotent on the inbound id. */
export interface TurnEngine {
  handle(inbound: Inbound): Promise<TurnOutcome>;
  /** An outside event (payment, provisioning, sales desk) for a stored conversation. */
  dispatch(ev: OutsideEvent): Promise<TurnOutcome>;
  /** Registers (or replaces) the sender of a channel. */
  registerChannel(name: ChannelName, sender: ChannelSender): void;
  /**
   * Fires due timers, re-sends pending outbox replies and writes due deferred "sent" marks (`flush`: all of them,
   * before the process stops); returns how many timers and re-sent replies it handled.
   */
  sweep(opts?: { flush?: boolean }): Promise<{ timers: number; resent: number }>;
}
