import type { HandoffCase } from '../../services/outside.port.js';
import { AppError } from '../../services/errors.js';
import { agentEvent } from '../../services/sales/agent-command.js';
import type { Engine, Sessions } from './web-session.js';
import type { SalesCaseView, SalesThreadItem } from './web.types.js';

/** What the playground reads of the sales desk: its cases, open and ended (the local desk has exactly this). */
export interface SalesCases {
  all(): {
    caseId: string; openedAt: number; case: HandoffCase; messages: { at: number; text: string }[];
    callbackContact?: string; ended?: { at: number; why: string };
  }[];
}

/** The one agent of the playground: the transcript runner's sales space uses the same name, so downloads replay. */
export const PLAYGROUND_AGENT = 'Alex';

const REASONS: Record<string, string> = {
  taxExempt: 'Tax-exempt organisation', enterprise: 'Enterprise plan', largeOrder: 'More licenses than sold online', human: 'Asked for a person',
};


export interface SalesDeps {
  engine: Engine;
  sessions: Sessions;
  sales: SalesCases;
  clock: { now(): number };
}

/**
 * The sales space of the playground: the handed-off cases with Claim and a thread. The agent's words go to the
 * conversation as the local sales space's would (`resume`, `resume tax-exempt CERT`, `release`, `close` are commands).
 */
export function createSalesView(deps: SalesDeps) {
  const { engine, sessions, sales, clock } = deps;
  /** What the agent wrote and did, per case (the desk keeps only the customer's side). */
  const agentLog = new Map<string, SalesThreadItem[]>();
  let seq = 0;

  /** `only`: the one conversation whose cases this caller may see (exposed in a deployment: the caller's page). */
  const mustFind = (caseId: string, only?: string) => {
    const c = sales.all().find((x) => x.caseId === caseId && (only === undefined || x.case.conversationId === only));
    if (!c) throw new AppError('NOT_FOUND', `no sales case ${caseId}`);
    return c;
  };
  const note = (caseId: string, item: SalesThreadItem) => {
    const list = agentLog.get(caseId) ?? [];
    list.push(item);
    agentLog.set(caseId, list);
  };

  /** Runs an agent action as a turn of the customer's conversation, recorded in its `.chat` when it is a playground page. */
  async function act(conversationId: string, record: (chat: NonNullable<ReturnType<Sessions['forConversation']>>['chat']) => void, run: (id: string) => Promise<unknown>) {
    const id = `web.agent.${++seq}.${clock.now()}`;
    const s = sessions.forConversation(conversationId);
    if (!s) { await run(id); return; }
    await s.exclusive((t) => t === id, async () => {
      record(s.chat);
      await run(id);
      await sessions.settle(s);
    });
  }

  return {
    async list(only?: string): Promise<SalesCaseView[]> {
      const out: SalesCaseView[] = [];
      for (const c of [...sales.all()].reverse()) {
        if (only !== undefined && c.case.conversationId !== only) continue;
        const handoff = c.ended ? undefined : (await engine.peek(c.case.conversationId))?.snapshot.context.handoff;
        const sameCase = handoff?.caseId === c.caseId ? handoff : undefined;
        const thread: SalesThreadItem[] = [
          ...c.messages.map((m): SalesThreadItem => ({ at: m.at, from: 'customer', text: m.text })),
          ...(agentLog.get(c.caseId) ?? []),
        ].sort((a, b) => a.at - b.at);
        const view: SalesCaseView = {
          caseId: c.caseId, conversationId: c.case.conversationId, openedAt: c.openedAt, reason: c.case.reason,
          reasonLabel: REASONS[c.case.reason] ?? c.case.reason, customer: c.case.customer, summary: c.case.summary, recent: c.case.recent,
          status: c.ended ? 'ended' : sameCase?.status ?? 'queued', thread,
        };
        if (sameCase?.agentName) view.agentName = sameCase.agentName;
        if (c.callbackContact) view.callbackContact = c.callbackContact;
        if (c.ended) view.ended = c.ended;
        out.push(view);
      }
      return out;
    },

    async claim(caseId: string, only?: string): Promise<void> {
      const c = mustFind(caseId, only);
      if (c.ended) throw new AppError('CONFLICT', `sales case ${caseId} has ended`);
      note(caseId, { at: clock.now(), from: 'system', text: `${PLAYGROUND_AGENT} claimed the case` });
      await act(c.case.conversationId, (chat) => chat.agentClicked('Claim'),
        (id) => engine.dispatch({ id, conversationId: c.case.conversationId, event: { type: 'AGENT_JOINED', agentName: PLAYGROUND_AGENT } }));
    },

    async say(caseId: string, text: string, only?: string): Promise<void> {
      const c = mustFind(caseId, only);
      if (c.ended) throw new AppError('CONFLICT', `sales case ${caseId} has ended`);
      const event = agentEvent(text, PLAYGROUND_AGENT);
      note(caseId, { at: clock.now(), from: event?.type === 'AGENT_MESSAGE' || event === undefined ? 'agent' : 'system', text: text.trim() });
      await act(c.case.conversationId, (chat) => chat.agentSaid(text), async (id) => {
        if (event) await engine.dispatch({ id, conversationId: c.case.conversationId, event });
      });
    },
  };
}
export type SalesView = ReturnType<typeof createSalesView>;
