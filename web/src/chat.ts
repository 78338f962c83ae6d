import type { Bubble, LogEntry, WebChannel } from '../../src/adapters/web/web.types.js';
import type { ConversationApi } from './api.js';
import { t, tKnown } from './i18n.js';
import { cardElement, markdownElement, type CardPress } from './render.js';

type BotEntry = Extract<LogEntry, { kind: 'bot' }>;

export interface ChatCallbacks {
  /** The user pressed a Teams suggested action (sends its value as a message). */
  suggested(label: string, value: string): void;
  /** The user pressed a card action. */
  pressed(entry: BotEntry, press: CardPress): void;
}

/** The message log: keeps every entry and renders it for the selected channel (switching re-renders all). */
export class ChatLogView {
  private readonly entries: LogEntry[] = [];
  /** Teams' used copies of pressed cards, by message id. */
  private readonly updates = new Map<string, Bubble[]>();
  private lastSeq = 0;

  constructor(private readonly list: HTMLOListElement, private readonly empty: HTMLElement, private channel: WebChannel, private readonly cb: ChatCallbacks) {}

  get seq(): number { return this.lastSeq; }
  get hasUserTurns(): boolean { return this.entries.some((e) => e.kind === 'user'); }

  setChannel(channel: WebChannel): void {
    this.channel = channel;
    this.renderAll();
  }

  add(e: LogEntry): void {
    if (e.seq <= this.lastSeq) return;
    this.lastSeq = e.seq;
    if (e.kind === 'update') {
      this.updates.set(e.id, e.views);
      const li = this.list.querySelector<HTMLElement>(`[data-id="${CSS.escape(e.id)}"]`);
      if (li && this.channel === e.channel) li.replaceWith(this.item(this.entries.find((x): x is BotEntry => x.kind === 'bot' && x.id === e.id) ?? e));
      return;
    }
    // Teams shows suggested actions on the latest message only, until anything else is said.
    if (e.kind === 'user' || e.kind === 'bot') for (const row of this.list.querySelectorAll('.suggested')) row.remove();
    this.entries.push(e);
    this.list.append(this.item(e));
    this.empty.hidden = true;
    this.list.lastElementChild?.scrollIntoView({ block: 'end' });
  }

  clear(): void {
    this.entries.length = 0;
    this.updates.clear();
    this.lastSeq = 0;
    this.list.replaceChildren();
    this.empty.hidden = false;
  }

  private renderAll(): void {
    this.list.replaceChildren(...this.entries.map((e) => this.item(e)));
    this.list.lastElementChild?.scrollIntoView({ block: 'end' });
  }

  private item(e: LogEntry): HTMLLIElement {
    const li = document.createElement('li');
    const who = document.createElement('span');
    who.className = 'who';
    if (e.kind === 'user') {
      li.className = 'msg user';
      who.textContent = t('you');
      const p = document.createElement('p');
      p.textContent = e.text;
      li.append(who, p);
    } else if (e.kind === 'note') {
      li.className = 'msg note';
      who.textContent = t('note');
      const p = document.createElement('p');
      p.textContent = tKnown(e.text);
      li.append(who, p);
    } else if (e.kind === 'bot') {
      li.className = `msg bot ${e.from}`;
      li.dataset['id'] = e.id;
      who.textContent = e.from === 'agent' ? t('agent') : t('bot');
      li.append(who);
      const views = (this.channel === 'teams' ? this.updates.get(e.id) : undefined) ?? e.views[this.channel];
      for (const b of views) li.append(this.bubble(e, b));
    }
    return li;
  }

  private bubble(e: BotEntry, b: Bubble): HTMLElement {
    const div = document.createElement('div');
    div.className = 'bubble';
    if (b.markdown !== undefined && b.markdown !== '') div.append(markdownElement(b.markdown));
    if (b.card) div.append(cardElement(b.card, this.channel, (press) => this.cb.pressed(e, press)));
    if (b.suggested?.length && this.entries.at(-1) === e) {
      const row = document.createElement('div');
      row.className = 'suggested';
      for (const s of b.suggested) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = s.label;
        button.addEventListener('click', () => this.cb.suggested(s.label, s.value));
        row.append(button);
      }
      div.append(row);
    }
    return div;
  }
}

export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export type { ConversationApi };
