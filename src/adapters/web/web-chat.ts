import { fold, markdownToPlain } from '../transcript/match.js';
import { botLine } from '../transcript/record.js';
import type { WebChannel } from './web.types.js';

/** A mailed verification code; typing it back becomes `mail:` + `user: {{code}}`, so the file replays with a new code. */
export const CODE_PATTERN = /\b(\d{6})\b/;
const URL_PATTERN = /https?:\/\/[^\s)\]]+/g;
const HAS_URL = /https?:\/\//;

export interface ChatHeader {
  readonly title: string;
  locale: string;
  /** The conversation's first moment: the replay's virtual clock starts there, so dates read the same. */
  startedAt: number;
}

/**
 * The playground conversation as a `.chat` transcript (../shared/TRANSCRIPTS.md): `user:`, `user clicks:`,
 * `user submits:`, `agent:` and `event:` steps as they happened, and `bot: =` lines for every message. Values that
 * differ on every run (payment links, order and case ids) are written as patterns, so the download replays green.
 * Replies nobody asked for get the step that caused them (`event: payment succeeded`, a `wait:`).
 */
export class ChatLog {
  private readonly steps: string[] = [];
  private readonly accounts = new Map<string, string | undefined>();
  private readonly codes = new Set<string>();
  /** The replay's clock: the start plus every `wait:` written so far. */
  private virtualNow: number;
  private lastCause: string | undefined;

  constructor(private readonly header: ChatHeader) {
    this.virtualNow = header.startedAt;
  }

  /** The language the conversation starts in: the page may switch it before the first message. */
  setLocale(locale: string): void {
    if (this.steps.length === 0) this.header.locale = locale;
  }

  account(email: string, organisation?: string): void {
    if (!this.accounts.has(email)) this.accounts.set(email, organisation);
  }

  mailed(text: string): void {
    const m = CODE_PATTERN.exec(text);
    if (m?.[1]) this.codes.add(m[1]);
  }

  userSaid(text: string): void {
    const t = fold(text);
    if (this.codes.has(t)) {
      this.codes.delete(t);
      this.input('mail: /(?<code>\\b\\d{6}\\b)/', 'user: {{code}}');
    } else {
      this.input(`user: ${t}`);
    }
  }

  userClicked(label: string): void { this.input(`user clicks: ${fold(label)}`); }
  userSubmitted(value: Record<string, unknown>): void { this.input(`user submits: ${JSON.stringify(value)}`); }
  agentSaid(text: string): void { this.input(`agent: ${fold(text)}`); }
  agentClicked(label: string): void { this.input(`agent clicks: ${fold(label)}`); }
  event(name: 'payment succeeded' | 'payment failed' | 'provisioning complete'): void { this.input(`event: ${name}`); }

  /** A bot message in the turn of the latest step. */
  botSaid(text: string, volatile: readonly string[] = []): void {
    const line = botStep(text, volatile);
    if (line !== undefined) this.steps.push(line);
  }

  /**
   * A bot message no step of this log caused. `turnId` names the turn that produced it (messages of one turn share
   * one cause); `cause` is the step that explains it, or undefined for time passing (a `wait:` up to `now`).
   */
  unprompted(turnId: string, cause: string | undefined, now: number, text: string, volatile: readonly string[] = []): void {
    if (this.lastCause !== turnId) {
      this.lastCause = turnId;
      if (cause !== undefined) this.steps.push(cause);
      else this.steps.push(this.waitUntil(now));
    }
    this.botSaid(text, volatile);
  }

  private waitUntil(now: number): string {
    const seconds = Math.max(1, Math.ceil((now - this.virtualNow) / 1000));
    this.virtualNow += seconds * 1000;
    return `wait: ${seconds} seconds`;
  }

  private input(...lines: string[]): void {
    this.lastCause = undefined;
    this.steps.push(...lines);
  }

  toString(channel: WebChannel): string {
    const head = [`# ${fold(this.header.title)}`, `@channel ${channel}`, `@locale ${this.header.locale}`, `@now ${new Date(this.header.startedAt).toISOString()}`];
    for (const [email, org] of this.accounts) head.push(`@account ${[email, org].filter(Boolean).join(' ')}`);
    return `${[...head, '', ...this.steps].join('\n')}\n`;
  }
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * `bot: = text`, or an anchored pattern when the text holds a link or a value that changes on every run (payment
 * URL, order id): those parts match any run of non-space characters.
 */
export function botStep(text: string, volatile: readonly string[] = []): string | undefined {
  // The runner matches plain text (TRANSCRIPTS.md): a link counts once, by its text, and markup not at all.
  const t = fold(markdownToPlain(text));
  const vary = [...new Set(volatile.filter((v) => v.length >= 4 && t.includes(v)))];
  if (t === '' || (vary.length === 0 && !HAS_URL.test(t))) return botLine({ text, choices: [] });
  const marked = vary.reduce((s, v) => s.split(v).join('\u0000'), t.replace(URL_PATTERN, '\u0000'));
  const pattern = marked.split('\u0000').map((part) => part.split(' ').map(escapeRegex).join('\\s+')).join('[^\\s)\\]*]+');
  return `bot: /^\\s*${pattern}\\s*$/`;
}
