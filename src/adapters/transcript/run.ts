import type { BotChoice, BotMessage, TranscriptBot, TranscriptBotFactory } from './harness.types.js';
import {
  StepError, checkButtons, choicesOf, compileMatch, fold, messageAlternatives, resolveLabel, substitute,
  visibleCardText, type Vars,
} from './match.js';
import { TURN_STARTERS, type Matcher, type SourceLocation, type Step, type Transcript } from './transcript.types.js';

export interface StepFailure {
  at: SourceLocation;
  /** The step as written. */
  raw: string;
  /** What the step expected, in words. */
  expected: string;
  /** What there was instead: the turn's messages, the state, the mails... one line each. */
  actual: string[];
}

export interface FileResult {
  file: string;
  title: string;
  passed: boolean;
  ms: number;
  /** The first failing step (the rest of the file is not run: later steps depend on it). */
  failure?: StepFailure;
  /** The file could not be parsed or the bot could not be created. */
  error?: string;
  stepsReached: string[];
  transitionsTaken: string[];
  allTransitions: string[];
}

export interface RunOptions {
  /** A file taking longer than this fails at the step it was on (a hung turn must not hang CI). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const MAX_SHOWN_CHARS = 600;

/** Failure of one step; thrown inside the runner and turned into a StepFailure. */
class Failed extends Error {
  constructor(readonly expected: string, readonly actual: string[]) {
    super(expected);
  }
}

interface Turn {
  /** The step that started the turn (or "(conversation start)"). */
  cause: string;
  messages: BotMessage[];
  /** Index after the message the previous `bot:` of this turn matched. */
  cursor: number;
}

export async function runTranscript(
  t: Transcript, factory: TranscriptBotFactory, options: RunOptions = {},
): Promise<FileResult> {
  const started = performance.now();
  const result: FileResult = {
    file: t.file, title: t.title, passed: false, ms: 0, stepsReached: [], transitionsTaken: [], allTransitions: [],
  };
  let bot: TranscriptBot;
  try {
    bot = await factory(t.setup);
  } catch (err) {
    result.error = `could not create the bot: ${errorText(err)}`;
    result.ms = performance.now() - started;
    return result;
  }
  const run = new FileRun(bot);
  let timer: NodeJS.Timeout | undefined;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = new Promise<'timeout'>((res) => { timer = setTimeout(() => res('timeout'), timeoutMs); });
  try {
    const outcome = await Promise.race([run.all(t.steps), timeout]);
    if (outcome === 'timeout') {
      const step = run.current;
      const why = `the file did not finish within ${timeoutMs} ms (a turn never became idle)`;
      if (step) result.failure = { at: step.at, raw: step.raw, expected: why, actual: run.turnLines() };
      else result.error = why;
    } else if (outcome !== undefined) {
      result.failure = outcome;
    }
  } finally {
    clearTimeout(timer);
    result.stepsReached = [...run.steps];
    result.transitionsTaken = safe(() => bot.transitionsTaken(), []);
    result.allTransitions = safe(() => bot.allTransitions(), []);
    try {
      await bot.close();
    } catch (err) {
      result.error = `closing the bot failed: ${errorText(err)}`;
    }
  }
  result.passed = result.failure === undefined && result.error === undefined;
  result.ms = performance.now() - started;
  return result;
}

class FileRun {
  readonly steps = new Set<string>();
  current: Step | undefined;
  private readonly vars: Vars = new Map();
  private readonly history: BotMessage[] = [];
  private turn: Turn = { cause: '(conversation start)', messages: [], cursor: 0 };
  private mailCursor = 0;
  private salesCursor = 0;

  constructor(private readonly bot: TranscriptBot) {}

  async all(steps: Step[]): Promise<StepFailure | undefined> {
    try {
      this.startTurn('(conversation start)', await this.bot.opening());
    } catch (err) {
      return { at: steps[0]?.at ?? { file: '?', line: 0, via: [] }, raw: '(conversation start)', expected: 'the bot to open the conversation', actual: [`the bot threw: ${errorText(err)}`] };
    }
    for (const step of steps) {
      this.current = step;
      try {
        await this.one(step);
      } catch (err) {
        if (err instanceof Failed) return { at: step.at, raw: step.raw, expected: err.expected, actual: err.actual };
        // A throw from the bot (or an unknown variable) is this step's failure, reported with the turn so far.
        const expected = err instanceof StepError ? err.message : `the step to run, but the bot threw: ${errorText(err)}`;
        const actual = TURN_STARTERS.has(step.kind) ? [] : this.turnLines();
        return { at: step.at, raw: step.raw, expected, actual };
      }
    }
    this.current = undefined;
    return undefined;
  }

  turnLines(): string[] {
    const head = `this turn (${this.turn.cause}) produced ${count(this.turn.messages.length, 'message')}`;
    return [head, ...this.turn.messages.map(formatMessage)];
  }

  private startTurn(cause: string, messages: BotMessage[]): void {
    this.turn = { cause, messages, cursor: 0 };
    this.history.push(...messages);
    this.steps.add(this.bot.step());
  }

  private async one(step: Step): Promise<void> {
    const bot = this.bot;
    const text = (s: string): string => substitute(s, this.vars);
    switch (step.kind) {
      case 'user': return this.startTurn(step.raw, await bot.userSays(text(step.text)));
      case 'userClicks': {
        const { choice, message } = this.findChoice(text(step.label), this.history, 'bot message');
        return this.startTurn(step.raw, await bot.userClicks(choice, message));
      }
      case 'userSubmits': return this.startTurn(step.raw, await bot.userSubmits(parseObject(substitute(step.json, this.vars, 'json'))));
      case 'agent': return this.startTurn(step.raw, await bot.agentSays(text(step.text)));
      case 'agentClicks': {
        const { choice, message } = this.findChoice(text(step.label), bot.salesSince(0), 'sales-space message');
        return this.startTurn(step.raw, await bot.agentClicks(choice, message));
      }
      case 'event': {
        const data = step.json === undefined ? undefined : parseObject(substitute(step.json, this.vars, 'json'));
        return this.startTurn(step.raw, await bot.event(step.name, data));
      }
      case 'wait': return this.startTurn(step.raw, await bot.advance(step.ms));
      case 'bot': return this.expectBot(step.match);
      case 'botNot': return this.expectNoBot(step.match);
      case 'buttons': return this.expectButtons(step.labels, step.exact);
      case 'state': return this.expectState(step.step);
      case 'order': return this.expectOrder(step.fields);
      case 'mail': {
        const mails = bot.mailsSince(this.mailCursor);
        const m = compileMatch(step.match, this.vars);
        const i = this.firstHit(mails.map((x) => [x.subject, x.text]), m.test);
        if (i < 0) {
          const shown = mails.map((x, k) => `${k + 1}. to ${x.to}: "${x.subject}" ${clip(fold(x.text))}`);
          throw new Failed(`an email sent since the previous mail: step that ${m.describe}`, [`${count(mails.length, 'email')} since the previous mail: step`, ...shown]);
        }
        this.mailCursor += i + 1;
        return;
      }
      case 'sales': {
        const posts = bot.salesSince(this.salesCursor);
        const m = compileMatch(step.match, this.vars);
        const i = this.firstHit(posts.map(messageAlternatives), m.test);
        if (i < 0) {
          throw new Failed(`a sales-space message since the previous sales: step that ${m.describe}`, [`${count(posts.length, 'sales-space message')} since the previous sales: step`, ...posts.map(formatMessage)]);
        }
        this.salesCursor += i + 1;
        return;
      }
    }
  }

  /** Index of the first candidate that matches; its captures become variables. */
  private firstHit(candidates: string[][], test: (alts: string[]) => Record<string, string> | undefined): number {
    for (let i = 0; i < candidates.length; i++) {
      const groups = test(candidates[i] ?? []);
      if (groups) {
        for (const [k, v] of Object.entries(groups)) this.vars.set(k, v);
        return i;
      }
    }
    return -1;
  }

  private expectBot(match: Matcher): void {
    const m = compileMatch(match, this.vars);
    const { messages, cursor } = this.turn;
    const i = this.firstHit(messages.slice(cursor).map(messageAlternatives), m.test);
    if (i < 0) {
      const where = cursor > 0 ? ` after message ${cursor} (matched by the previous bot:)` : '';
      throw new Failed(`a bot message in this turn${where} that ${m.describe}`, this.turnLines());
    }
    this.turn.cursor = cursor + i + 1;
  }

  private expectNoBot(match: Matcher): void {
    const m = compileMatch(match, this.vars);
    const i = this.turn.messages.findIndex((msg) => m.test(messageAlternatives(msg)) !== undefined);
    if (i >= 0) throw new Failed(`no bot message in this turn that ${m.describe}, but message ${i + 1} does`, this.turnLines());
  }

  private expectButtons(names: string[], exact: boolean): void {
    const latest = [...this.turn.messages].reverse().find((msg) => choicesOf(msg).length > 0);
    const what = `${exact ? 'exactly' : 'at least'} the choices ${names.join(' | ')}`;
    if (!latest) throw new Failed(`${what}, but no bot message in this turn offers choices`, this.turnLines());
    const problem = checkButtons(names, choicesOf(latest).map((c) => c.label), exact);
    if (problem !== undefined) throw new Failed(`the latest message offering choices to offer ${what}: ${problem}`, this.turnLines());
  }

  private expectState(want: string): void {
    const step = this.bot.step();
    const value = this.bot.stateValue();
    const ok = (!want.includes('.') && step === want) || value === want || value.startsWith(`${want}.`);
    if (!ok) throw new Failed(`the conversation at ${want}`, [`it is at ${step} (state ${value})`, ...this.turnLines()]);
  }

  private expectOrder(fields: { key: string; value: string }[]): void {
    const order = this.bot.order();
    if (order === undefined) throw new Failed(`an order with ${fields.map((f) => `${f.key}=${f.value}`).join(', ')}`, ['there is no order in this conversation']);
    const wrong: string[] = [];
    for (const f of fields) {
      const want = substitute(f.value, this.vars);
      const got = order[f.key];
      if (got === undefined || got.trim().toLowerCase() !== want.trim().toLowerCase()) {
        wrong.push(`${f.key}: expected ${want}, got ${got ?? '(not set)'}`);
      }
    }
    if (wrong.length > 0) {
      const all = Object.entries(order).map(([k, v]) => `${k}=${v}`).join(', ');
      throw new Failed(`the order to have ${fields.map((f) => `${f.key}=${f.value}`).join(', ')}`, [...wrong, `order: ${all}`]);
    }
  }

  /** The latest message (newest first) that offers LABEL, resolved by the LABEL rule. */
  private findChoice(label: string, messages: BotMessage[], what: string): { choice: BotChoice; message: BotMessage } {
    for (let i = messages.length - 1; i >= 0; i--) {
      const message = messages[i];
      if (message === undefined) continue;
      const choices = choicesOf(message);
      if (choices.length === 0) continue;
      const r = resolveLabel(label, choices.map((c) => c.label));
      if ('index' in r) {
        const choice = choices[r.index];
        if (choice) return { choice, message };
      } else if (r.error.includes('ambiguous')) {
        throw new Failed(`a ${what} offering "${label}": ${r.error}`, this.turnLines());
      }
    }
    const last = [...messages].reverse().find((m) => choicesOf(m).length > 0);
    const offered = last ? choicesOf(last).map((c) => `"${c.label}"`).join(', ') : 'none';
    throw new Failed(`a ${what} offering "${label}", but none does (latest choices: ${offered})`, this.turnLines());
  }
}

function parseObject(json: string): Record<string, unknown> {
  const v: unknown = JSON.parse(json);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new StepError(`expected a JSON object, got ${json}`);
  return v as Record<string, unknown>;
}

export function formatMessage(m: BotMessage, i: number): string {
  const text = fold(m.text);
  const card = fold(visibleCardText(m));
  const choices = choicesOf(m).map((c) => c.label);
  const parts = [`${i + 1}. "${clip(text)}"`];
  if (card !== '' && !text.includes(card)) parts.push(`[card: ${clip(card)}]`);
  if (choices.length > 0) parts.push(`[choices: ${choices.join(' | ')}]`);
  return parts.join(' ');
}

function clip(s: string): string {
  return s.length > MAX_SHOWN_CHARS ? `${s.slice(0, MAX_SHOWN_CHARS)}…` : s;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch (err) {
    // Coverage is a by-product: a bot that cannot report it still has its pass/fail reported.
    process.emitWarning(`transcript coverage unavailable: ${errorText(err)}`);
    return fallback;
  }
}
