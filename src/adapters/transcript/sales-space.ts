import type { AdaptiveCard } from '../../dialogs/reply.js';
import { parseAgentCommand } from '../../services/sales/agent-command.js';
import type { SalesSpace, SpacePerson, SpacePost } from '../../services/sales/sales-space.port.js';
import type { BotChoice, BotMessage } from './harness.types.js';

/** The agent every transcript has: a member of the local sales space. */
export const TRANSCRIPT_AGENT: SpacePerson = { id: 'alex@sales.example', email: 'alex@sales.example', name: 'Alex' };

/** A transcript's sales space: posts kept in order as the runner sees them, threads by root post id. */
export interface TranscriptSalesSpace extends SalesSpace {
  /** Every post, in order (case cards and thread replies). */
  readonly posts: BotMessage[];
  /** The root post of the latest case card (the thread `agent:` lines write in). */
  latestThread(): string | undefined;
}

function choicesOf(card: AdaptiveCard | undefined): BotChoice[] {
  const actions = Array.isArray(card?.actions) ? card.actions : [];
  return actions.flatMap((a): BotChoice[] => {
    if (typeof a !== 'object' || a === null) return [];
    const { title, data } = a as { title?: unknown; data?: unknown };
    if (typeof title !== 'string') return [];
    const d = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
    return [{ label: title, value: title.toLowerCase(), data: d }];
  });
}

export function createTranscriptSalesSpace(members: SpacePerson[] = [TRANSCRIPT_AGENT]): TranscriptSalesSpace {
  const posts: BotMessage[] = [];
  const roots: string[] = [];
  const toMessage = (p: SpacePost): BotMessage => ({ text: p.markdown, choices: choicesOf(p.card), ...(p.card ? { card: p.card } : {}) });
  return {
    name: 'transcript:sales',
    posts,
    async post(p) {
      posts.push(toMessage(p));
      const id = `post-${posts.length}`;
      if (p.card) roots.push(id);
      return id;
    },
    async reply(_threadId, p) { posts.push(toMessage(p)); },
    async isMember(person) {
      return members.some((m) => m.id === person.id || (m.email !== undefined && m.email.toLowerCase() === person.email?.toLowerCase()));
    },
    latestThread: () => roots.at(-1),
  };
}

/**
 * Who writes an `agent:` line: the transcript's agent (Alex, a member), unless the text starts with a bracketed
 * sender, `[pat@partner.example] claim` or `[Pat Lee <pat@partner.example>] claim`, for someone else.
 */
export function agentLine(text: string): { person: SpacePerson; text: string } {
  const m = /^\[\s*(?:([^<\]]*?)\s*<)?([^\s<>\]]+@[^\s<>\]]+)>?\s*\]\s*([\s\S]*)$/.exec(text);
  if (!m) return { person: TRANSCRIPT_AGENT, text };
  const email = m[2]!;
  return { person: { id: email, email, ...(m[1] ? { name: m[1] } : {}) }, text: m[3] ?? '' };
}

