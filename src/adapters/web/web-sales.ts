import type { ProductData } from '../../domain/catalog.js';
import type { HandoffCase } from '../../services/outside.port.js';
import { AppError } from '../../services/errors.js';
import { agentEvent } from '../../services/sales/agent-command.js';
import { answerFacts, reasonLabel } from '../../services/sales/case-card.js';
import type { Engine, Sessions } from './web-session.js';
import type { SalesCaseView, SalesRecentLine, SalesThreadItem } from './web.types.js';
import { STRINGS } from '../../dialogs/prompts/render.js';
import type { Strings } from '../../dialogs/prompts/strings.types.js';

/** The values the bot's buttons send (src/dialogs/prompts/render.ts), by the label each button shows. */
const COMMAND_CHOICES: Record<string, keyof Strings['choice']> = {
  yes: 'yes', no: 'no', checkout: 'checkout', 'start over': 'startOver', resume: 'resume', 'talk to a person': 'human',
  'i accept': 'accept', 'i decline': 'decline', 'try again': 'retry', 'new link': 'newLink',
};

/** The bot's own buttons send a command word ("checkout", "talk to a person"): shown as the button read. */
export function commandChoiceLabel(value: string, locale: 'en' | 'ru'): string | undefined {
  const key = COMMAND_CHOICES[value.toLowerCase()];
  return key ? STRINGS[locale].choice[key] : undefined;
}

/** What the playground reads of the sales desk: its cases, open and ended (the local desk has exactly this). */
export interface SalesCases {
  all(): {
    caseId: string; openedAt: number; case: HandoffCase; messages: { at: number; text: string }[];
    callbackContact?: string; ended?: { at: number; why: string };
  }[];
}

/** The one agent of the playground: the transcript runner's sales space uses the same name, so downloads replay. */
export const PLAYGROUND_AGENT = 'Alex';

/** The engine writes a card press into the transcript as `[card] {JSON of the submitted data}`. */
const PRESS_PREFIX = '[card] ';

/** A transcript line (`from: text`) for reading: a press shows what was chosen, or a form's values. */
export function recentLine(line: string, labelOf: (value: string) => string | undefined = () => undefined): SalesRecentLine {
  const colon = line.indexOf(': ');
  const from = colon > 0 ? line.slice(0, colon) : '';
  const text = colon > 0 ? line.slice(colon + 2) : line;
  if (!text.startsWith(PRESS_PREFIX)) return { from, text };
  let data: unknown;
  try {
    data = JSON.parse(text.slice(PRESS_PREFIX.length));
  } catch {
    // Redaction can leave the JSON unreadable: the line then shows as it was written.
    return { from, text };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { from, text };
  const fields = data as Record<string, unknown>;
  const shown = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
  if (typeof fields['choice'] === 'string') return { from, text: '', pressed: labelOf(fields['choice']) ?? fields['choice'] };
  const values = Object.entries(fields).filter(([k, v]) => k !== 'form' && v !== '' && v !== undefined).map(([, v]) => shown(v));
  return { from, text: '', pressed: values.join(', ') || shown(fields['form'] ?? '') };
}


export interface SalesDeps {
  engine: Engine;
  data: ProductData;
  sessions: Sessions;
  sales: SalesCases;
  clock: { now(): number };
}

/**
 * The sales space of the playground: the handed-off cases with Claim and a thread. The agent's words go to the
 * conversation as the local sales space's would (`resume`, `resume tax-exempt CERT`, `release`, `close` are commands).
 */
export function createSalesView(deps: SalesDeps) {
  const { engine, sessions, sales, clock, data } = deps;
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

  /** A choice's value as its button read: plan ids by the plan's name, renewals in the page's language. */
  const choiceLabel = (value: string, locale: 'en' | 'ru'): string | undefined => {
    const plan = data.catalog.plans.find((p) => p.id === value);
    if (plan) return plan.name[locale];
    if (value === 'annual' || value === 'monthly') return answerFacts(JSON.stringify({ answers: { renewal: value } }), data, locale)[0]?.value;
    return commandChoiceLabel(value, locale);
  };

  return {
    /** `locale`: the page's interface language, for the answers' labels and prices. */
    async list(only?: string, locale: 'en' | 'ru' = 'en'): Promise<SalesCaseView[]> {
      const out: SalesCaseView[] = [];
      for (const c of [...sales.all()].reverse()) {
        if (only !== undefined && c.case.conversationId !== only) continue;
        const stored = await engine.peek(c.case.conversationId);
        const handoff = c.ended ? undefined : stored?.snapshot.context.handoff;
        // As the channel desk does: a name or email the customer never gave comes from the chat profile.
        const customer = { ...c.case.customer };
        const profile = stored?.doc.user;
        if (!customer.name && profile?.name) customer.name = profile.name;
        if (!customer.email && profile?.email) { customer.email = profile.email; delete customer.emailVerified; }
        const sameCase = handoff?.caseId === c.caseId ? handoff : undefined;
        const thread: SalesThreadItem[] = [
          ...c.messages.map((m): SalesThreadItem => ({ at: m.at, from: 'customer', text: m.text })),
          ...(agentLog.get(c.caseId) ?? []),
        ].sort((a, b) => a.at - b.at);
        const view: SalesCaseView = {
          caseId: c.caseId, conversationId: c.case.conversationId, openedAt: c.openedAt, reason: c.case.reason,
          reasonLabel: reasonLabel(c.case.reason), customer, answers: answerFacts(c.case.summary, data, locale), recent: c.case.recent.map((line) => recentLine(line, (v) => choiceLabel(v, locale))),
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
      note(caseId, { at: clock.now(), from: 'system', text: `${PLAYGROUND_AGENT} claimed the case`, claimedBy: PLAYGROUND_AGENT });
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
