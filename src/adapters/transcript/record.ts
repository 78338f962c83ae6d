import type { BotMessage, TranscriptSetup } from './harness.types.js';
import { fold, markdownToPlain, visibleCardText } from './match.js';
import { DEFAULT_SETUP } from './parse.js';

/**
 * Writes a live session as a `.chat` file (`npm run chat -- --record FILE`): `user:` lines, `user clicks:` for
 * buttons pressed, `user submits:` for forms, and `bot: = ...` for every message, so the file replays green
 * unchanged and a tester then loosens it into a test. Only directives that differ from the defaults are written.
 */
export class TranscriptRecorder {
  private readonly lines: string[] = [];

  constructor(title: string, setup: Partial<TranscriptSetup> = {}) {
    this.lines.push(`# ${fold(title)}`);
    if (setup.channel && setup.channel !== DEFAULT_SETUP.channel) this.lines.push(`@channel ${setup.channel}`);
    if (setup.locale && setup.locale !== DEFAULT_SETUP.locale) this.lines.push(`@locale ${setup.locale}`);
    if (setup.user && setup.user.email !== DEFAULT_SETUP.user.email) {
      this.lines.push(`@user ${[setup.user.email, setup.user.name].filter(Boolean).join(' ')}`);
    }
    for (const a of setup.accounts ?? []) this.lines.push(`@account ${[a.email, a.organisation].filter(Boolean).join(' ')}`);
    if (setup.now !== undefined && setup.now !== DEFAULT_SETUP.now) this.lines.push(`@now ${new Date(setup.now).toISOString()}`);
    this.lines.push('');
  }

  userSaid(text: string): void {
    this.lines.push(`user: ${fold(text)}`);
  }

  userClicked(label: string): void {
    this.lines.push(`user clicks: ${fold(label)}`);
  }

  userSubmitted(value: Record<string, unknown>): void {
    this.lines.push(`user submits: ${JSON.stringify(value)}`);
  }

  botSaid(messages: BotMessage[]): void {
    for (const m of messages) {
      const line = botLine(m);
      if (line !== undefined) this.lines.push(line);
    }
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

/**
 * `bot: = text` for a message (its card text when it has no plain text). Text holding `{{` would read as a
 * variable, so such a message is written as an anchored regex instead, where `\{\{` is literal.
 */
export function botLine(m: BotMessage): string | undefined {
  // The plain text, as the runner matches it: a recorded `= text` replays against what the user read.
  const plain = fold(markdownToPlain(m.text));
  const text = plain !== '' ? plain : fold(visibleCardText(m));
  if (text === '') return undefined;
  if (!text.includes('{{')) return `bot: = ${text}`;
  const pattern = text.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('\\s+');
  return `bot: /^\\s*${pattern}\\s*$/`;
}
