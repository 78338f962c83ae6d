import {
  PLAYGROUND_KEY_HEADER, type AgentSayBody, type LogEntry, type MessageBody, type PanelState, type PaymentBody, type SalesCaseView, type SubmitBody,
} from '../../src/adapters/web/web.types.js';

const BASE = '/playground/api';

/** Where the page keeps its conversation key (main.ts); sent to the sales view, which may show only this page's cases. */
export const KEY_STORE = 'playground.key';

/** This page's key, or the one a chat page gave the sales view it opened (`/#sales:<key>`). */
const pageKey = (): string => /^#sales:([A-Za-z0-9_-]{8,64})$/.exec(location.hash)?.[1] ?? sessionStorage.getItem(KEY_STORE) ?? '';

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', [PLAYGROUND_KEY_HEADER]: pageKey() };
  const init: RequestInit = { method, headers };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(`${BASE}${path}`, init);
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const message = typeof parsed === 'object' && parsed !== null && 'error' in parsed ? String(parsed.error) : `${res.status} ${res.statusText}`;
    throw new Error(message);
  }
  return parsed as T;
}

/** The API of one page's conversation. */
export function conversationApi(key: string) {
  const c = `/c/${encodeURIComponent(key)}`;
  return {
    say: (body: MessageBody) => call<unknown>('POST', `${c}/message`, body),
    submit: (body: SubmitBody) => call<unknown>('POST', `${c}/submit`, body),
    pay: (body: PaymentBody) => call<{ status: string }>('POST', `${c}/payment`, body),
    provision: () => call<unknown>('POST', `${c}/provision`),
    panel: () => call<PanelState>('GET', `${c}/panel`),
    transcriptUrl: (channel: string) => `${BASE}${c}/transcript.chat?channel=${encodeURIComponent(channel)}`,
    /** Server-sent events: every log entry after `since`, then each new one (replies, proactive ones included). */
    events(locale: string, since: number, onEntry: (e: LogEntry) => void, onState: (open: boolean) => void): () => void {
      const source = new EventSource(`${BASE}${c}/events?since=${since}&locale=${encodeURIComponent(locale)}`);
      source.onmessage = (ev: MessageEvent<string>) => onEntry(JSON.parse(ev.data) as LogEntry);
      source.onopen = () => onState(true);
      source.onerror = () => onState(false);
      return () => source.close();
    },
  };
}
export type ConversationApi = ReturnType<typeof conversationApi>;

export const salesApi = {
  list: (locale: string) => call<SalesCaseView[]>('GET', `/sales?locale=${encodeURIComponent(locale)}`),
  claim: (caseId: string) => call<unknown>('POST', `/sales/${encodeURIComponent(caseId)}/claim`),
  say: (caseId: string, body: AgentSayBody) => call<unknown>('POST', `/sales/${encodeURIComponent(caseId)}/say`, body),
};
