import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Locale } from '../../domain/types.js';
import type { Reply } from '../../dialogs/reply.js';
import { fold, markdownToPlain } from '../transcript/match.js';

const CODE_PATTERN = /\b(\d{6})\b/;
const PAYMENT_URL = /https?:\/\/[^\s()[\]]+\/pay\/[A-Za-z0-9_-]+/g;

/** A reply as the transcript runner's console channel sees it (markdown as sent, then the numbered choices). */
export function transcriptText(reply: Reply): string {
  const choices = reply.choices ?? [];
  return choices.length ? `${reply.text}\n${choices.map((c, i) => `${i + 1}) ${c.label}`).join('  ')}` : reply.text;
}

const escapeWords = (s: string): string =>
  s.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('\\s+');

/**
 * `bot: = text`, or an anchored regex when the text holds what differs in a replay (payment links, order ids)
 * or `{{`, which would read as a variable.
 */
export function botLine(text: string, volatile: readonly string[] = []): string | undefined {
  // The runner matches plain text (TRANSCRIPTS.md): the line is written as the user read it, without markup.
  const t = fold(markdownToPlain(text));
  if (t === '') return undefined;
  const found = [...new Set([...volatile.filter((v) => v !== '' && t.includes(v)), ...(t.match(PAYMENT_URL) ?? [])])];
  if (found.length === 0 && !t.includes('{{')) return `bot: = ${t}`;
  let pieces = [t];
  for (const v of found) pieces = pieces.flatMap((p) => p.split(v).flatMap((part, i) => (i === 0 ? [part] : ['\u0000', part])));
  const pattern = pieces.map((p) => (p === '\u0000' ? '\\S+' : escapeWords(p))).join('');
  return `bot: /^\\s*${pattern}\\s*$/`;
}

/**
 * Writes a console session as a `.chat` transcript (TRANSCRIPTS.md) as it goes, so a session cut short still
 * leaves a file. Typed codes become `mail:` captures and `{{code}}`, `/pay` and `/decline` become payment
 * events, and replies nobody asked for (provisioning, timers) get the `event:`/`wait:` step that caused them.
 */
export class ChatRecorder {
  private readonly accounts = new Map<string, string | undefined>();
  private readonly steps: string[] = [];
  /** Bot lines that arrived outside a user turn, waiting for the step that explains them. */
  private unprompted: string[] = [];
  private inTurn = false;
  private lastMailedCode: string | undefined;
  private lastInputAt: number;
  /** Written as @now, so dates the bot derives from today (porting) replay the same. */
  private readonly startedAt: number;

  constructor(private readonly file: string, private readonly title: string, private readonly locale: Locale, private readonly now: () => number) {
    this.startedAt = now();
    this.lastInputAt = this.startedAt;
    this.write();
  }

  account(email: string, organisation?: string): void {
    if (this.accounts.has(email)) return;
    this.accounts.set(email, organisation);
    this.write();
  }

  mailed(text: string): void {
    const m = CODE_PATTERN.exec(text);
    if (m) this.lastMailedCode = m[1];
  }

  userSaid(text: string): void {
    const t = fold(text);
    if (this.lastMailedCode !== undefined && t === this.lastMailedCode) {
      this.beginTurn('mail: /(?<code>\\b\\d{6}\\b)/', 'user: {{code}}');
      this.lastMailedCode = undefined;
    } else {
      this.beginTurn(`user: ${t}`);
    }
  }

  userClicked(label: string): void {
    this.beginTurn(`user clicks: ${fold(label)}`);
  }

  paymentEvent(outcome: 'succeeded' | 'failed'): void {
    this.beginTurn(`event: payment ${outcome}`);
  }

  endTurn(): void {
    this.inTurn = false;
    this.write();
  }

  /** A reply delivered to the user; `volatile` parts (the order id) are matched loosely. */
  botSaid(reply: Reply, volatile: readonly string[] = []): void {
    const line = botLine(transcriptText(reply), volatile);
    if (line === undefined) return;
    if (this.inTurn) this.steps.push(line);
    else this.unprompted.push(line);
    this.write();
  }

  /** Replies that came unprompted are explained by this step (e.g. `event: provisioning complete`), else by a wait. */
  explainUnprompted(step?: string): void {
    if (this.unprompted.length === 0) return;
    this.steps.push(step ?? this.waitStep(), ...this.unprompted);
    this.unprompted = [];
    this.lastInputAt = this.now();
    this.write();
  }

  private waitStep(): string {
    return `wait: ${Math.max(1, Math.ceil((this.now() - this.lastInputAt) / 1000))} seconds`;
  }

  private beginTurn(...lines: string[]): void {
    this.explainUnprompted();
    this.steps.push(...lines);
    this.inTurn = true;
    this.lastInputAt = this.now();
  }

  toString(): string {
    const head = [`# ${fold(this.title)}`, '@channel console', `@locale ${this.locale}`, `@now ${new Date(this.startedAt).toISOString()}`];
    for (const [email, org] of this.accounts) head.push(`@account ${[email, org].filter(Boolean).join(' ')}`);
    return `${[...head, '', ...this.steps, ...this.unprompted].join('\n')}\n`;
  }

  private write(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, this.toString(), 'utf8');
    renameSync(tmp, this.file);
  }
}
