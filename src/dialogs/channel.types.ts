import type { SystemEvent } from '../machines/upgrade.types.js';
import type { Reply } from './reply.js';

export type ChannelName = 'webex' | 'teams' | 'console' | 'web' | 'transcript';

/** Where a conversation lives, with what the channel needs to write to it later (proactively). */
export interface ConversationAddress {
  channel: ChannelName;
  /** The channel's own id of the space, room or chat. */
  id: string;
  /** Channel-specific JSON (Teams conversation reference, Webex room/person), stored for proactive sends. */
  ref?: unknown;
  /** A group space: the bot answers only when mentioned, and personal data moves to a 1:1 space. */
  group?: boolean;
}

export interface UserRef {
  id: string;
  email?: string;
  name?: string;
}

interface InboundBase {
  /** The channel's id of this delivery (message id, activity id): turns are idempotent on it. */
  id: string;
  address: ConversationAddress;
  user: UserRef;
  /** BCP 47 locale the channel reports (e.g. "ru-RU"). */
  locale?: string;
  /**
   * What the per-user rate limit counts by where the channel cannot vouch for `user.id` (Teams emulator mode, the
   * playground in a deployment): something the sender cannot vary at will. Default: the user id.
   */
  rateKey?: string;
  raw?: unknown;
}

/** Everything a channel can hand the core: one union, `kind`-keyed, never a throw. */
export type Inbound =
  | (InboundBase & { kind: 'message'; text: string })
  | (InboundBase & { kind: 'submit'; value: Record<string, unknown>; cardId?: string })
  | (InboundBase & { kind: 'joined' })
  | { kind: 'unsupported'; id: string; reason: string; address?: ConversationAddress; raw?: unknown };

/** An outside event for a known conversation (payment page, provisioning, sales desk, timers). */
export interface OutsideEvent {
  id: string;
  conversationId: string;
  event: SystemEvent;
}

/** A channel's way out: deliver replies to a conversation address, in order. Throws on failure. */
export interface ChannelSender {
  deliver(address: ConversationAddress, replies: Reply[], user?: UserRef): Promise<void>;
  /**
   * Optional, for replies whose sender may have posted them and died before marking them sent (the outbox's
   * lapsed lease; never the normal path): like `deliver`, but what the channel's own history shows the bot posted
   * at or after `since` (epoch ms, when the reply was queued) is not posted again. A channel without a history the
   * bot can read (Teams) leaves it out and the outbox uses `deliver`: at-least-once in that crash window.
   */
  redeliver?(address: ConversationAddress, replies: Reply[], user: UserRef | undefined, since: number): Promise<void>;
}
