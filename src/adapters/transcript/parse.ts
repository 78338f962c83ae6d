import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { STEPS } from '../../domain/types.js';
import type { TranscriptChannel, TranscriptLocale, TranscriptSetup } from './harness.types.js';
import {
  EVENT_NAMES, ORDER_KEYS, TranscriptParseError,
  type EventName, type Matcher, type OrderKey, type SourceLocation, type Step, type StepBody, type Transcript,
} from './transcript.types.js';
import { VAR_PATTERN } from './match.js';

export const DEFAULT_SETUP: TranscriptSetup = {
  channel: 'console',
  locale: 'en',
  user: { email: 'tester@example.com' },
  accounts: [],
  now: Date.parse('2026-01-05T09:00:00Z'),
};

/** Reads an included file; injected so tests can parse from memory. */
export type FileReader = (absolutePath: string) => string;

const STEP_KEYWORDS: Record<string, StepBody['kind']> = {
  'user': 'user', 'user clicks': 'userClicks', 'user submits': 'userSubmits', 'bot': 'bot', 'bot!': 'botNot',
  'buttons': 'buttons', 'buttons include': 'buttons', 'state': 'state', 'order': 'order', 'sales': 'sales',
  'agent': 'agent', 'agent clicks': 'agentClicks', 'event': 'event', 'wait': 'wait', 'mail': 'mail',
};
const KNOWN_STEPS = Object.keys(STEP_KEYWORDS).map((k) => `${k}:`).join(', ');
const DIRECTIVES = ['channel', 'locale', 'user', 'account', 'now', 'include'] as const;
const CHANNELS: readonly TranscriptChannel[] = ['console', 'webex', 'teams'];
const LOCALES: readonly TranscriptLocale[] = ['en', 'ru'];
const MS_PER_UNIT: Record<string, number> = { second: 1_000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Directives of one file: scalars remember nothing but their value; an includer's own values win. */
interface Directives {
  channel?: TranscriptChannel;
  locale?: TranscriptLocale;
  user?: { email: string; name?: string };
  now?: number;
  accounts: { email: string; organisation?: string }[];
}

interface Parsed {
  title?: string;
  directives: Directives;
  steps: Step[];
}

export function parseTranscriptFile(path: string, read: FileReader = (p) => readFileSync(p, 'utf8')): Transcript {
  return parseTranscript(path, read(resolve(path)), read);
}

/** Parses `text` as the file `file`; `@include` paths resolve against its folder and are read with `read`. */
export function parseTranscript(
  file: string, text: string, read: FileReader = (p) => readFileSync(p, 'utf8'),
): Transcript {
  const parsed = parseOne(file, text, read, [{ path: resolve(file), file }], []);
  const d = parsed.directives;
  return {
    file,
    title: parsed.title ?? basename(file),
    setup: {
      channel: d.channel ?? DEFAULT_SETUP.channel,
      locale: d.locale ?? DEFAULT_SETUP.locale,
      user: d.user ?? DEFAULT_SETUP.user,
      accounts: d.accounts,
      now: d.now ?? DEFAULT_SETUP.now,
    },
    steps: parsed.steps,
  };
}

function parseOne(
  file: string, text: string, read: FileReader, stack: { path: string; file: string }[],
  via: SourceLocation['via'],
): Parsed {
  const out: Parsed = { directives: { accounts: [] }, steps: [] };
  const includedDirectives: Directives[] = [];
  let firstStepLine: number | undefined;
  const lines = text.split(/\r?\n/);
  lines.forEach((rawLine, i) => {
    const line = rawLine.trim();
    const lineNo = i + 1;
    const fail = (detail: string): never => { throw new TranscriptParseError(file, lineNo, detail); };
    if (line === '') return;
    if (line.startsWith('#')) {
      // A "# " line among the steps reads as a comment, not as a late title.
      if (out.title === undefined && firstStepLine === undefined && line.startsWith('# ')) out.title = line.slice(2).trim();
      return;
    }
    if (line.startsWith('@')) {
      const m = /^@(\S+)\s*(.*)$/.exec(line);
      const name = m?.[1] ?? '';
      const arg = (m?.[2] ?? '').trim();
      if (name === 'include') {
        const inc = includeFile(file, lineNo, arg, read, stack, via);
        includedDirectives.push(inc.directives);
        out.steps.push(...inc.steps);
        return;
      }
      // @include may splice steps anywhere, but configuration must be known before the first turn.
      if (firstStepLine !== undefined) {
        fail(`directive @${name} must come before the first step (line ${firstStepLine})`);
      }
      parseDirective(name, arg, out.directives, fail);
      return;
    }
    firstStepLine ??= lineNo;
    const body = parseStepLine(line, fail);
    out.steps.push({ ...body, at: { file, line: lineNo, via }, raw: line });
  });
  for (const inc of includedDirectives) {
    const d = out.directives;
    d.channel ??= inc.channel;
    d.locale ??= inc.locale;
    d.user ??= inc.user;
    d.now ??= inc.now;
    for (const a of inc.accounts) {
      if (!d.accounts.some((x) => x.email.toLowerCase() === a.email.toLowerCase())) d.accounts.push(a);
    }
  }
  return out;
}

function includeFile(
  file: string, lineNo: number, arg: string, read: FileReader, stack: { path: string; file: string }[],
  via: SourceLocation['via'],
): Parsed {
  if (arg === '') throw new TranscriptParseError(file, lineNo, 'expected a relative path after @include');
  const target = resolve(dirname(resolve(file)), arg);
  const shown = join(dirname(file), arg);
  if (stack.some((s) => s.path === target)) {
    const chain = [...stack.map((s) => s.file), shown].join(' -> ');
    throw new TranscriptParseError(file, lineNo, `@include cycle: ${chain}`);
  }
  let text: string;
  try {
    text = read(target);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new TranscriptParseError(file, lineNo, `cannot read @include ${arg}: ${why}`);
  }
  return parseOne(shown, text, read, [...stack, { path: target, file: shown }], [...via, { file, line: lineNo }]);
}

function parseDirective(name: string, arg: string, d: Directives, fail: (detail: string) => never): void {
  const [first = '', ...rest] = arg.split(/\s+/).filter((w) => w !== '');
  const tail = rest.join(' ');
  const once = (set: boolean): void => { if (set) fail(`@${name} is given twice`); };
  switch (name) {
    case 'channel':
      once(d.channel !== undefined);
      if (!isOneOf(CHANNELS, arg)) fail(`expected @channel ${CHANNELS.join('|')}, got "${arg}"`);
      d.channel = arg as TranscriptChannel;
      return;
    case 'locale':
      once(d.locale !== undefined);
      if (!isOneOf(LOCALES, arg)) fail(`expected @locale ${LOCALES.join('|')}, got "${arg}"`);
      d.locale = arg as TranscriptLocale;
      return;
    case 'user':
      once(d.user !== undefined);
      if (!EMAIL.test(first)) fail(`expected @user EMAIL [Display name], got "${arg}"`);
      d.user = tail === '' ? { email: first } : { email: first, name: tail };
      return;
    case 'account':
      if (!EMAIL.test(first)) fail(`expected @account EMAIL [Organisation], got "${arg}"`);
      d.accounts.push(tail === '' ? { email: first } : { email: first, organisation: tail });
      return;
    case 'now': {
      once(d.now !== undefined);
      const ms = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(arg) ? Date.parse(arg) : NaN;
      if (Number.isNaN(ms)) fail(`expected @now ISO-8601 (e.g. 2026-01-05T09:00:00Z), got "${arg}"`);
      d.now = ms;
      return;
    }
    default:
      fail(`unknown directive @${name}; expected one of ${DIRECTIVES.map((x) => `@${x}`).join(', ')}`);
  }
}

function parseStepLine(line: string, fail: (detail: string) => never): StepBody {
  const m = /^([A-Za-z]+(?:\s+[A-Za-z]+)*!?)\s*:(.*)$/.exec(line);
  if (!m) fail(`expected a step (${KNOWN_STEPS}) or a directive (@...), got "${line}"`);
  const keyword = (m?.[1] ?? '').toLowerCase().replace(/\s+/g, ' ');
  const arg = (m?.[2] ?? '').trim();
  const kind = STEP_KEYWORDS[keyword];
  if (kind === undefined) fail(`unknown step "${keyword}:"; expected one of ${KNOWN_STEPS}`);
  const need = (what: string): string => (arg === '' ? fail(`expected ${what} after "${keyword}:"`) : arg);
  switch (kind) {
    case 'user': return { kind, text: need('the text the user sends') };
    case 'agent': return { kind, text: need('the text the agent writes') };
    case 'userClicks': return { kind, label: need('a button label') };
    case 'agentClicks': return { kind, label: need('a button label') };
    case 'userSubmits': return { kind, json: parseJsonObject(need('a JSON object'), fail) };
    case 'bot': case 'botNot': case 'sales': case 'mail':
      return { kind, match: parseMatcher(need('a MATCH (text, /regex/flags or = exact text)'), fail) };
    case 'buttons': {
      const labels = need('labels separated by |').split('|').map((s) => s.trim());
      if (labels.some((l) => l === '')) fail(`expected labels separated by |, got an empty label in "${arg}"`);
      return { kind, labels, exact: keyword === 'buttons' };
    }
    case 'state': return { kind, step: parseState(need('a step name'), fail) };
    case 'order': return { kind, fields: parseOrder(need('key=value pairs'), fail) };
    case 'event': return parseEvent(need(`an event (${EVENT_NAMES.join(', ')})`), fail);
    case 'wait': return { kind, ms: parseWait(need('a duration such as "11 minutes"'), fail) };
    default: return fail(`unknown step "${keyword}:"`);
  }
}

export function parseMatcher(arg: string, fail: (detail: string) => never): Matcher {
  const re = /^\/(.*)\/([dgimsuvy]*)$/.exec(arg);
  if (re) {
    const source = re[1] ?? '';
    const flags = re[2] ?? '';
    try {
      // Placeholders are filled at run time; a neutral word checks the rest of the pattern now.
      new RegExp(source.replace(VAR_PATTERN, 'x'), flags);
    } catch (err) {
      fail(`invalid regular expression ${arg}: ${err instanceof Error ? err.message : String(err)}`);
    }
    return { kind: 'regex', source, flags };
  }
  if (arg.startsWith('=')) {
    const source = arg.slice(1).trim();
    if (source === '') fail('expected the exact text after "="');
    return { kind: 'exact', source };
  }
  return { kind: 'text', source: arg };
}

function parseJsonObject(text: string, fail: (detail: string) => never): string {
  let value: unknown;
  try {
    // {{var}} may stand unquoted for a number, so check the JSON with a number in its place.
    value = JSON.parse(text.replace(VAR_PATTERN, '0'));
  } catch (err) {
    fail(`expected a JSON object, got "${text}" (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`expected a JSON object {...}, got "${text}"`);
  }
  return text;
}

function parseState(arg: string, fail: (detail: string) => never): string {
  const top = arg.split('.')[0] ?? '';
  if (!isOneOf(STEPS, top)) fail(`unknown step "${arg}"; expected one of ${STEPS.join(', ')}`);
  return arg;
}

function parseOrder(arg: string, fail: (detail: string) => never): { key: OrderKey; value: string }[] {
  // Split only on commas that start a new key=, so a value may itself hold a comma.
  const parts = arg.split(/,\s*(?=[A-Za-z]+\s*=)/);
  const seen = new Set<string>();
  return parts.map((part) => {
    const m = /^([A-Za-z]+)\s*=\s*(.*)$/.exec(part.trim());
    if (!m) fail(`expected key=value, got "${part.trim()}"`);
    const key = m?.[1] ?? '';
    const value = (m?.[2] ?? '').trim();
    if (!isOneOf(ORDER_KEYS, key)) fail(`unknown order key "${key}"; expected one of ${ORDER_KEYS.join(', ')}`);
    if (value === '') fail(`expected a value after "${key}="`);
    if (seen.has(key)) fail(`order key "${key}" is given twice`);
    seen.add(key);
    return { key: key as OrderKey, value };
  });
}

function parseEvent(arg: string, fail: (detail: string) => never): StepBody {
  const brace = arg.indexOf('{');
  const name = (brace < 0 ? arg : arg.slice(0, brace)).trim().toLowerCase().replace(/\s+/g, ' ');
  if (!isOneOf(EVENT_NAMES, name)) fail(`unknown event "${name}"; expected one of ${EVENT_NAMES.join(', ')}`);
  if (brace < 0) return { kind: 'event', name: name as EventName };
  return { kind: 'event', name: name as EventName, json: parseJsonObject(arg.slice(brace), fail) };
}

function parseWait(arg: string, fail: (detail: string) => never): number {
  const m = /^(\d+(?:\.\d+)?)\s*(second|minute|hour|day)s?$/i.exec(arg);
  if (!m) return fail(`expected "N seconds|minutes|hours|days", got "${arg}"`);
  return Math.round(Number(m[1]) * (MS_PER_UNIT[(m[2] ?? '').toLowerCase()] ?? 0));
}

function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}
