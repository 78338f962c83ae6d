import type { ProductData } from '../../domain/catalog.js';
import type { SystemEvent } from '../../machines/upgrade.types.js';
import type { DeskCase } from '../../services/sales/local-desk.js';
import type { BotMessage } from './harness.types.js';

/** A case as the local sales space shows it: reason, customer, answers, recent messages and a Claim button. */
export function salesCaseMessage(c: DeskCase, _data: ProductData): BotMessage {
  const reason = { taxExempt: 'Tax-exempt organisation', enterprise: 'Enterprise plan', largeOrder: 'More licenses than sold online', human: 'Asked for a person' }[c.case.reason] ?? c.case.reason;
  const text = [
    `New case ${c.caseId}: ${reason} (${c.case.reason})`,
    `Customer: ${c.case.customer.name ?? '?'} <${c.case.customer.email ?? '?'}>`,
    `Answers: ${c.case.summary}`,
    ...c.case.recent.map((r) => `> ${r}`),
  ].join('\n');
  return { text, choices: [{ label: 'Claim', value: 'claim', data: { action: 'claim', caseId: c.caseId } }] };
}

/** The agent's commands in the case thread; anything else is relayed to the customer. */
export function agentCommand(text: string, agentName: string): SystemEvent | undefined {
  const t = text.trim();
  const m = /^resume\s+tax-exempt\s+(\S+)/i.exec(t);
  if (m) return { type: 'AGENT_RESUMED', taxExempt: { certificate: m[1]!, approvedBy: agentName } };
  if (/^resume$/i.test(t)) return { type: 'AGENT_RESUMED' };
  if (/^close$/i.test(t)) return { type: 'AGENT_CLOSED', agentName };
  if (/^release$/i.test(t)) return { type: 'AGENT_RELEASED' };
  if (/^note\s/i.test(t)) return undefined;
  return { type: 'AGENT_MESSAGE', agentName, text: t };
}
