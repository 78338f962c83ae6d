import type { Clock, Ids } from '../clock.port.js';
import { AppError } from '../errors.js';
import type { HandoffCase, SalesDesk } from '../outside.port.js';

export interface LocalSalesDeskConfig {
  clock: Clock;
  ids: Ids;
}

export interface DeskCase {
  caseId: string;
  openedAt: number;
  case: HandoffCase;
  /** Customer messages relayed while queued or claimed. */
  messages: { at: number; text: string }[];
  callbackContact?: string;
  ended?: { at: number; why: string };
}

/** Ended cases kept for the playground's agent view (oldest ended go first); open cases are all kept. */
export const ENDED_CASES_KEPT = 500;
/** Relayed customer messages kept per case (the latest). */
export const CASE_MESSAGES_KEPT = 100;

/** An in-memory stand-in for the sales space; a later issue posts cases to a real Webex space or Teams channel. */
export interface LocalSalesDesk extends SalesDesk {
  /** Open (not ended) cases in queue order. */
  queue(): DeskCase[];
  get(caseId: string): DeskCase | undefined;
  all(): DeskCase[];
  /** Cases held in memory (open ones and the latest ended ones). */
  size(): number;
}

export function createLocalSalesDesk(config: LocalSalesDeskConfig): LocalSalesDesk {
  const { clock, ids } = config;
  const cases = new Map<string, DeskCase>();
  /** Ended case ids, oldest ended first: the memory of ended cases is bounded. */
  const ended = new Set<string>();

  const openCases = (): DeskCase[] => [...cases.values()].filter((c) => !c.ended);
  const mustGet = (caseId: string): DeskCase => {
    const c = cases.get(caseId);
    if (!c) throw new AppError('NOT_FOUND', `no sales case ${caseId}`);
    return c;
  };
  const copy = (c: DeskCase): DeskCase => structuredClone(c);

  return {
    async open(c: HandoffCase) {
      // One open case per conversation: asking twice must not queue the customer twice.
      const existing = openCases().find((x) => x.case.conversationId === c.conversationId);
      if (existing) return { caseId: existing.caseId, position: openCases().indexOf(existing) + 1 };
      const entry: DeskCase = { caseId: ids.id('case'), openedAt: clock.now(), case: structuredClone(c), messages: [] };
      cases.set(entry.caseId, entry);
      return { caseId: entry.caseId, position: openCases().length };
    },
    async relay(caseId: string, text: string) {
      const c = mustGet(caseId);
      if (c.ended) throw new AppError('CONFLICT', `sales case ${caseId} has ended`);
      c.messages.push({ at: clock.now(), text });
      if (c.messages.length > CASE_MESSAGES_KEPT) c.messages.splice(0, c.messages.length - CASE_MESSAGES_KEPT);
    },
    async end(caseId: string, why: string) {
      // The queue is in memory: after a restart the case is gone, and there is nothing left to end.
      const c = cases.get(caseId);
      // Ending twice (a retried effect) keeps the first reason.
      if (c && !c.ended) {
        c.ended = { at: clock.now(), why };
        ended.add(caseId);
        for (const old of ended) {
          if (ended.size <= ENDED_CASES_KEPT) break;
          ended.delete(old);
          cases.delete(old);
        }
      }
    },
    async callback(caseId: string, contact: string) {
      mustGet(caseId).callbackContact = contact;
    },
    async forget(conversationId: string) {
      const mine = [...cases.values()].filter((c) => c.case.conversationId === conversationId);
      for (const c of mine) { cases.delete(c.caseId); ended.delete(c.caseId); }
      return mine.length;
    },
    queue: () => openCases().map(copy),
    get: (caseId: string) => {
      const c = cases.get(caseId);
      return c ? copy(c) : undefined;
    },
    all: () => [...cases.values()].map(copy),
    size: () => cases.size,
  };
}
