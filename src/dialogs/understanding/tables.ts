import type { IntentTable } from './intent-table.js';
import { EN } from './intents.en.js';
import { RU } from './intents.ru.js';
import { closest } from './fuzzy.js';
import { isEnglishWord } from './dictionary.js';
import { tokens } from './normalise.js';
import { ruLeadingYesNo, ruYesNo } from './ru-yes-no.js';

/** Both phrasebooks, always: a Russian speaker may type "ok", an English one "да" from a button label. */
export const TABLES: readonly IntentTable[] = [EN, RU];

type Patterns = (t: IntentTable) => readonly RegExp[] | RegExp;

export function matches(norm: string, pick: Patterns): boolean {
  return TABLES.some((t) => {
    const ps = pick(t);
    return ps instanceof RegExp ? ps.test(norm) : ps.some((re) => re.test(norm));
  });
}

const YES = new Set(TABLES.flatMap((t) => t.yes));
const NO = new Set(TABLES.flatMap((t) => t.no));
const FILLER = new Set(TABLES.flatMap((t) => t.filler));

/** Trims politeness from both ends so "no thanks" and "да, спасибо" are plain answers. */
export function stripFiller(norm: string): string {
  const toks = tokens(norm);
  let from = 0;
  let to = toks.length;
  while (from < to && FILLER.has(toks[from] as string)) from += 1;
  while (to > from && FILLER.has(toks[to - 1] as string)) to -= 1;
  return toks.slice(from, to).join(' ');
}

/** A plain yes or no, the whole message being one. */
export function yesNo(raw: string, norm: string): 'yes' | 'no' | undefined {
  if (/^\s*(?:👍|👌|✅|✔️?|\+)+\s*$/u.test(raw)) return 'yes';
  if (/^\s*(?:👎|❌|✖️?|-)+\s*$/u.test(raw)) return 'no';
  const core = stripFiller(norm);
  if (core === '') return undefined;
  if (YES.has(core)) return 'yes';
  if (NO.has(core)) return 'no';
  return ruYesNo(core);
}

/** A yes/no word opening a longer message ("no, the zip is 78702"); "no idea what you mean" is no "no". */
export function leadingYesNo(norm: string): { answer: 'yes' | 'no'; rest: string } | undefined {
  const ru = ruLeadingYesNo(norm);
  if (ru !== undefined) return ru === 'unsure' ? undefined : ru;
  const m = /^(yes|yeah|yep|ok|okay|no|nope|да|нет|ок) (?!(?:idea|clue|problem|worries)(?: |$))(.+)$/u.exec(norm);
  if (!m) return undefined;
  const word = m[1] as string;
  return { answer: YES.has(word) ? 'yes' : 'no', rest: m[2] as string };
}

/** The vocabularies typos are matched against, over both languages, built once. */
const VOCABULARIES = {
  planWords: new Map(TABLES.flatMap((t) => [...t.planWords])),
  renewalWords: new Map(TABLES.flatMap((t) => [...t.renewalWords])),
} as const;
type Vocabulary = typeof VOCABULARIES;
/** What each word is a typo of (null: of nothing), per vocabulary: chat repeats its words; bounded against odd input. */
const TYPO_CACHE_MAX = 20_000;
const TYPOS: Record<keyof Vocabulary, Map<string, string | null>> = { planWords: new Map(), renewalWords: new Map() };

/** The one value a typo in the message points to, over one vocabulary of both languages. */
export function fuzzyValue<K extends keyof Vocabulary>(norm: string, which: K): (Vocabulary[K] extends ReadonlyMap<string, infer T> ? T : never) | undefined {
  const vocab = VOCABULARIES[which] as ReadonlyMap<string, string>;
  const seen = TYPOS[which];
  const found = new Set<string>();
  for (const tok of tokens(norm)) {
    let hit = seen.get(tok);
    if (hit === undefined) {
      hit = vocab.has(tok) || isEnglishWord(tok) ? null : closest(tok, vocab) ?? null;
      if (seen.size >= TYPO_CACHE_MAX) seen.clear();
      seen.set(tok, hit);
    }
    if (hit !== null) found.add(hit);
  }
  return (found.size === 1 ? [...found][0] : undefined) as (Vocabulary[K] extends ReadonlyMap<string, infer T> ? T : never) | undefined;
}

/** The values of all `[pattern, value]` rows that match, in table order, over both languages. */
export function valuesOf<T>(norm: string, pick: (t: IntentTable) => readonly (readonly [RegExp, T])[]): T[] {
  const out: T[] = [];
  for (const t of TABLES) for (const [re, v] of pick(t)) if (re.test(norm) && !out.includes(v)) out.push(v);
  return out;
}

