import type { AdaptiveCard } from '../../dialogs/reply.js';

/** Someone in the sales space, as its channel identifies them. */
export interface SpacePerson {
  id: string;
  name?: string;
  email?: string;
}

/** One post in the sales space: markdown text (the whole fallback) and an optional card. */
export interface SpacePost {
  markdown: string;
  card?: AdaptiveCard;
}

/**
 * Where sales works: a Webex space or a Teams channel. The desk decides what to say; a space only posts,
 * threads and knows its members.
 */
export interface SalesSpace {
  /** A stable name for records and logs, e.g. `webex:<roomId>`. */
  readonly name: string;
  /** Posts at the top of the space (a new case); returns the post's id, the root of the case's thread. */
  post(post: SpacePost): Promise<string>;
  /** Posts in the thread under the root post `threadId`. */
  reply(threadId: string, post: SpacePost): Promise<void>;
  /** Whether this person is a member of the sales space. */
  isMember(person: SpacePerson): Promise<boolean>;
}

/** What reaches the desk from the sales space: a message (in a case's thread, or at the top) or a card action. */
export type SpaceInput =
  | { kind: 'message'; id: string; person: SpacePerson; text: string; threadId?: string }
  | { kind: 'action'; id: string; person: SpacePerson; value: Record<string, unknown>; threadId?: string };

/** The key of a card action the desk owns (its value names the action). */
export const SALES_ACTION_KEY = 'salesAction';
