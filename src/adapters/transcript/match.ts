import type { BotChoice, BotMessage } from './harness.types.js';
import type { Matcher } from './transcript.types.js';

/** `{{name}}`, with optional spaces inside the braces. */
export const VAR_PATTERN = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export type Vars = Map<string, string>;

/** A step that cannot run as written at run time (unknown variable, ambiguous label): fails that step. */
export class StepError extends Error {
  override name = 'StepError';
}

/** How a substituted value is escaped for where it lands. */
export type SubstituteMode = 'text' | 'regex' | 'json';

export function substitute(text: string, vars: Vars, mode: SubstituteMode = 'text'): string {
  return text.replace(VAR_PATTERN, (_whole, name: string) => {
    const value = vars.get(name);
    if (value === undefined) {
      const known = vars.size === 0 ? 'none captured yet' : `captured: ${[...vars.keys()].join(', ')}`;
      throw new StepError(`unknown variable {{${name}}} (${known})`);
    }
    if (mode === 'regex') return value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    // Inside a JSON string the value must stay one string; as a bare number escaping changes nothing.
    if (mode === 'json') return JSON.stringify(value).slice(1, -1);
    return value;
  });
}

export function fold(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A MATCH with its variables filled in, ready to test texts. */
export interface CompiledMatch {
  /** How the expectation reads in a report. */
  describe: string;
  /**
   * Tests the alternatives of one candidate (e.g. a message's text and its text with the card; a mail's
   * subject and body); returns the named groups of the first that matches, or undefined.
   */
  test(alternatives: string[]): Record<string, string> | undefined;
}

export function compileMatch(m: Matcher, vars: Vars): CompiledMatch {
  switch (m.kind) {
    case 'text': {
      const needle = fold(substitute(m.source, vars)).toLowerCase();
      return {
        describe: `contains "${needle}" (ignoring case)`,
        test: (alts) => (alts.some((a) => fold(a).toLowerCase().includes(needle)) ? {} : undefined),
      };
    }
    case 'exact': {
      const want = fold(substitute(m.source, vars));
      return {
        describe: `equals "${want}"`,
        test: (alts) => (alts.some((a) => fold(a) === want) ? {} : undefined),
      };
    }
    case 'regex': {
      const re = new RegExp(substitute(m.source, vars, 'regex'), m.flags.replace(/[gy]/g, ''));
      return {
        describe: `matches ${String(re)}`,
        test: (alts) => {
          for (const a of alts) {
            const hit = re.exec(a);
            if (hit) return definedGroups(hit.groups);
          }
          return undefined;
        },
      };
    }
  }
}

function definedGroups(groups: Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(groups ?? {})) if (v !== undefined) out[k] = v;
  return out;
}

/** Markdown's backslash escapes (CommonMark: any ASCII punctuation); kept aside while the marks come off. */
const ESCAPED = /\\([!-/:-@[-`{-~])/g;
const HELD = /\uE000(\d+)\uE001/g;

/**
 * What a person reads of a markdown message, the text TRANSCRIPTS.md matches: links as their text, bold, italics
 * and code without their marks, escapes undone, and no word joiners (the bot puts one in echoed URLs).
 */
export function markdownToPlain(md: string): string {
  return md
    .replace(ESCAPED, (_m, c: string) => `\uE000${c.charCodeAt(0)}\uE001`)
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/!?\[([^\]\n]*)\]\([^)\s]*(?:\s+"[^"]*")?\)/g, '$1')
    .replace(/\*\*([^*\n]+)\*\*/g, '$1')
    .replace(/__([^_\n]+)__/g, '$1')
    .replace(/(^|[^\w*])\*([^*\s](?:[^*\n]*[^*\s])?)\*(?![\w*])/g, '$1$2')
    .replace(/(^|[^\w_])_([^_\s](?:[^_\n]*[^_\s])?)_(?![\w_])/g, '$1$2')
    .replace(/\u2060/g, '')
    .replace(HELD, (_m, code: string) => String.fromCharCode(Number(code)));
}

/**
 * The texts a bot message is matched on, all plain (so `bot!:` fails on what a person reads, never on markup):
 * its text with its card's visible text, and (so `= exact` can name the message as the user reads it) the text
 * alone and the card alone.
 */
export function messageAlternatives(msg: BotMessage): string[] {
  const text = markdownToPlain(msg.text);
  const card = visibleCardText(msg);
  return card === '' ? [text] : [`${text}\n${card}`, text, card];
}

/** A card's visible text, plain: TextBlocks are markdown too. */
export function visibleCardText(msg: BotMessage): string {
  if (msg.cardText !== undefined) return markdownToPlain(msg.cardText);
  return msg.card === undefined ? '' : markdownToPlain(extractCardText(msg.card).join('\n'));
}

/** The text a person sees on an Adaptive Card: text blocks, facts, input labels and placeholders, choices, actions. */
export function extractCardText(node: unknown): string[] {
  const out: string[] = [];
  walk(node, out);
  return out;
}

function walk(node: unknown, out: string[]): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, out);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const o = node as Record<string, unknown>;
  const type = typeof o['type'] === 'string' ? o['type'] : '';
  const push = (v: unknown): void => { if (typeof v === 'string' && v.trim() !== '') out.push(v); };
  if (type === 'TextBlock' || type === 'TextRun') push(o['text']);
  if (type === 'FactSet' && Array.isArray(o['facts'])) {
    for (const f of o['facts'] as unknown[]) {
      if (typeof f === 'object' && f !== null) {
        const fact = f as Record<string, unknown>;
        push([fact['title'], fact['value']].filter((x) => typeof x === 'string').join(' '));
      }
    }
  }
  if (type.startsWith('Input.')) {
    push(o['label']);
    push(o['placeholder']);
    if (type === 'Input.Toggle') push(o['title']);
  }
  if (type === 'Input.ChoiceSet' && Array.isArray(o['choices'])) {
    for (const c of o['choices'] as unknown[]) {
      if (typeof c === 'object' && c !== null) push((c as Record<string, unknown>)['title']);
    }
  }
  if (type.startsWith('Action.')) push(o['title']);
  // Children carry their own `type`, so descending everywhere visits each element once.
  for (const [key, value] of Object.entries(o)) {
    if (key === 'facts' || key === 'choices') continue;
    if (typeof value === 'object' && value !== null) walk(value, out);
  }
}

/**
 * Choices a message offers: its own list, or, when the harness gave none, the submit actions of its card
 * (their data is what pressing submits).
 */
export function choicesOf(msg: BotMessage): BotChoice[] {
  if (msg.choices.length > 0 || msg.card === undefined) return msg.choices;
  const out: BotChoice[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) { node.forEach(visit); return; }
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    if (o['type'] === 'Action.Submit' && typeof o['title'] === 'string') {
      const data = o['data'];
      const rec = typeof data === 'object' && data !== null && !Array.isArray(data)
        ? (data as Record<string, unknown>) : undefined;
      out.push(rec === undefined ? { label: o['title'], value: o['title'] } : { label: o['title'], value: o['title'], data: rec });
    }
    for (const v of Object.values(o)) visit(v);
  };
  visit(msg.card);
  return out;
}

const norm = (s: string): string => fold(s).toLowerCase();

/** LABEL rule of TRANSCRIPTS.md: an exact (case-insensitive) label first, else the one label that contains it. */
export function resolveLabel(name: string, labels: string[]): { index: number } | { error: string } {
  const want = norm(name);
  const exact = labels.findIndex((l) => norm(l) === want);
  if (exact >= 0) return { index: exact };
  const containing = labels.map((l, i) => ({ l, i })).filter(({ l }) => norm(l).includes(want));
  const offered = labels.length === 0 ? 'none' : labels.map((l) => `"${l}"`).join(', ');
  const only = containing[0];
  if (containing.length === 1 && only !== undefined) return { index: only.i };
  if (containing.length === 0) return { error: `no label "${name}" (offered: ${offered})` };
  return { error: `"${name}" is ambiguous: ${containing.map(({ l }) => `"${l}"`).join(', ')} all contain it (offered: ${offered})` };
}

/**
 * `buttons:` (exact: the same labels in the same order) or `buttons include:` (each name a distinct offered
 * label). A name matches a label exactly or by containment; for `include` the names are assigned to distinct
 * labels so "Meet | Suite" works even when "Suite (Meet + Call)" also contains "Meet". Returns a problem or
 * undefined.
 */
export function checkButtons(names: string[], labels: string[], exact: boolean): string | undefined {
  const offered = labels.length === 0 ? 'no choices' : labels.map((l) => `"${l}"`).join(' | ');
  const fits = (n: string, l: string): boolean => norm(l) === norm(n) || norm(l).includes(norm(n));
  if (exact) {
    const same = names.length === labels.length && names.every((n, i) => fits(n, labels[i] ?? ''));
    return same ? undefined : `expected exactly ${names.join(' | ')}, offered ${offered}`;
  }
  const taken = new Set<number>();
  const assign = (k: number): boolean => {
    if (k === names.length) return true;
    const n = names[k] ?? '';
    const exactHit = labels.findIndex((l, i) => !taken.has(i) && norm(l) === norm(n));
    const candidates = exactHit >= 0 ? [exactHit] : labels.map((_, i) => i).filter((i) => !taken.has(i) && fits(n, labels[i] ?? ''));
    for (const i of candidates) {
      taken.add(i);
      if (assign(k + 1)) return true;
      taken.delete(i);
    }
    return false;
  };
  if (assign(0)) return undefined;
  const missing = names.filter((n) => !labels.some((l) => fits(n, l)));
  const what = missing.length > 0 ? `missing ${missing.join(' | ')}` : `no distinct label for each of ${names.join(' | ')}`;
  return `expected at least ${names.join(' | ')}: ${what}; offered ${offered}`;
}
