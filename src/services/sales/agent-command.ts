import type { SystemEvent } from '../../machines/upgrade.types.js';

/** What an agent's message in a case thread means. */
export type AgentCommand =
  | { kind: 'claim' }
  | { kind: 'resume'; certificate?: string }
  | { kind: 'close' }
  | { kind: 'release' }
  | { kind: 'note'; text: string }
  | { kind: 'say'; text: string };

/**
 * Thread commands are whole messages (so "please close the window" still reaches the customer): `claim`,
 * `resume`, `resume tax-exempt CERTIFICATE`, `close`, `release`, `note TEXT`. Anything else is for the customer.
 */
export function parseAgentCommand(raw: string): AgentCommand {
  const text = raw.trim();
  const exempt = /^resume\s+tax[- ]?exempt(?:ion)?\s+(\S.*)$/i.exec(text);
  if (exempt) return { kind: 'resume', certificate: exempt[1]!.trim() };
  if (/^resume\.?$/i.test(text)) return { kind: 'resume' };
  if (/^close\.?$/i.test(text)) return { kind: 'close' };
  if (/^release\.?$/i.test(text)) return { kind: 'release' };
  if (/^claim\.?$/i.test(text)) return { kind: 'claim' };
  const note = /^note\b[:\s]*([\s\S]*)$/i.exec(text);
  if (note) return { kind: 'note', text: note[1]!.trim() };
  return { kind: 'say', text };
}

/**
 * An agent's thread message as the machine event it stands for (undefined for a private note), for sales views
 * that drive the engine directly (the playground); the sales desk itself works from parseAgentCommand.
 */
export function agentEvent(text: string, agentName: string): SystemEvent | undefined {
  const cmd = parseAgentCommand(text);
  switch (cmd.kind) {
    case 'resume': return cmd.certificate ? { type: 'AGENT_RESUMED', taxExempt: { certificate: cmd.certificate, approvedBy: agentName } } : { type: 'AGENT_RESUMED' };
    case 'close': return { type: 'AGENT_CLOSED', agentName };
    case 'release': return { type: 'AGENT_RELEASED' };
    case 'claim': return { type: 'AGENT_JOINED', agentName };
    case 'note': return undefined;
    case 'say': return { type: 'AGENT_MESSAGE', agentName, text: cmd.text };
  }
}

/** "alex.smith@corp.com" -> "Alex Smith": a readable name when the channel gives only an email. */
export function nameFromEmail(email: string): string {
  const local = email.split('@')[0] ?? email;
  return local.split(/[._-]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ') || email;
}

export interface AllowedAgent {
  /** An email or a channel id (Webex person id, Teams AAD object id), compared case-insensitively. */
  key: string;
  name?: string;
}

/** SALES_AGENTS: comma- or semicolon-separated `email`, `id`, or `Name <email>` entries. */
export function parseAgentList(value: string | undefined): AllowedAgent[] {
  if (!value) return [];
  return value.split(/[,;]/).map((s) => s.trim()).filter(Boolean).map((entry) => {
    const m = /^(.*?)\s*<([^>]+)>$/.exec(entry);
    return m ? { key: m[2]!.trim().toLowerCase(), ...(m[1] ? { name: m[1].trim() } : {}) } : { key: entry.toLowerCase() };
  });
}
