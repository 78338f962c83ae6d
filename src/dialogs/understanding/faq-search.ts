import MiniSearch, { type SearchOptions } from 'minisearch';
import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemRussian } from '@orama/stemmers/russian';
import { stopwords as englishStopwords } from '@orama/stopwords/english';
import { stopwords as russianStopwords } from '@orama/stopwords/russian';
import type { Faq } from '../../domain/faq.js';
import { normalise, tokens } from './normalise.js';

/** A help-page question found in a message, a question the data has no answer to, or no question at all. */
export type FaqMatch = { id: string; score: number } | { id: 'none' };

export interface FaqIndex {
  /** undefined: not a question (an answer, a statement); { id: 'none' }: a question nothing answers well. */
  match(text: string): FaqMatch | undefined;
}

// ---- Is it a question? -------------------------------------------------------------------------------------

/** "где-то", "как-нибудь": after normalising, the particle that makes a question word indefinite. */
const INDEFINITE = new Set(['то', 'нибудь', 'либо']);

/** Words that open a question even without a "?" ("how does porting work"). */
const WH_OPENERS = new Set([
  'who', 'whom', 'whose', 'what', 'whats', 'wat', 'how', 'hows', 'when', 'why', 'where', 'which', 'wich', 'whether', 'explain',
  'кто', 'кому', 'что', 'чем', 'чего', 'как', 'сколько', 'скока', 'когда', 'почему', 'зачем', 'где', 'куда', 'откуда',
  'какой', 'какая', 'какое', 'какие', 'каким', 'объясните', 'объясни',
]);
/**
 * Auxiliaries open a question too, but also short statements and answers ("do it", "can do 10", "можно 10
 * лицензий"), so without a "?" they need three words and no number. "нужно"/"есть" are left out: "нужно 10
 * лицензий" is an answer; "нужно ли", "есть ли" are caught by "ли".
 */
const AUX_OPENERS = new Set([
  'can', 'could', 'do', 'does', 'did', 'will', 'is', 'are', 'should', 'shall', 'may', 'am', 'isnt', 'arent', 'dont', 'doesnt', 'cant',
  'можно', 'нельзя', 'правда', 'разве', 'неужели',
]);
/** The steps' own answer words: three words of them with a "?" ("suite with callback?") are an unsure answer. */
const ANSWER_WORDS = new Set(['suite', 'suit', 'meet', 'call', 'enterprise', 'annual', 'annually', 'yearly', 'monthly', 'callback',
  'then', 'ok', 'yes', 'no', 'сьют', 'свит', 'ежегодно', 'ежемесячно', 'годовой', 'месячный', 'обратный', 'вызов', 'вызовом', 'тогда',
  'да', 'нет']);
/** "how about 20" proposes an answer; with a "?" it is read as a question like any other. */
const PROPOSALS = [['how', 'about'], ['what', 'about']];
/** Phrases that make a sentence a question wherever they stand ("I wonder if guests need one"). */
const CUE_PHRASES = [
  'any idea', 'i wonder', 'wondering', 'tell me', 'not sure how', 'dont know how', 'i would like to know', 'id like to know',
  'ли', 'подскажите', 'подскажи', 'расскажите', 'расскажи', 'скажите', 'не знаю сколько', 'не уверен сколько', 'не уверена сколько',
  'интересно',
].map((p) => p.split(' '));

const hasPhrase = (words: string[], phrase: string[]): boolean =>
  words.some((_, i) => phrase.every((p, j) => words[i + j] === p));

/** Emails and links are answers (or noise) whatever surrounds them; their words must not reach the search. */
const SPANS = /\S+@\S+|\bhttps?:\/\/\S+|\b[\w-]+\.webex\.com\S*/giu;

/** The question sentences of a message, normalised; empty when the message asks nothing. */
export function questionPart(text: string): string {
  const sentences = text.replace(SPANS, ' ').match(/[^.!?;\n]+[.!?;\n]*/gu) ?? [];
  const asked: string[] = [];
  for (const raw of sentences) {
    const words = tokens(normalise(raw));
    const first = words[0];
    if (first === undefined) continue;
    const mark = raw.includes('?');
    const number = /\d/.test(raw);
    const cue = CUE_PHRASES.some((p) => hasPhrase(words, p));
    // "где-то 25", "как-нибудь потом": indefinite words are no question; without a "?" a question has 3 words ("как хочешь" is none).
    const indefinite = INDEFINITE.has(words[1] ?? '');
    const wh = WH_OPENERS.has(first) && !indefinite && (mark ? words.length >= 2 : words.length >= 3) && (mark || !PROPOSALS.some((p) => hasPhrase(words.slice(0, 2), p)));
    const aux = AUX_OPENERS.has(first) && words.length >= 3 && (mark || !number);
    // "we need 10, do guests need a license too": the question opens a later clause.
    const clause = raw.split(',').slice(1).some((c) => {
      const w = tokens(normalise(c));
      return w[0] !== undefined && (WH_OPENERS.has(w[0]) || AUX_OPENERS.has(w[0])) && w.length >= 4;
    });
    // A "?" alone makes a question of a sentence, not of an unsure answer ("suite annual 25?", "suite with callback?").
    const bare = mark && !number && (words.length >= 4 || (words.length === 3 && !words.some((w) => ANSWER_WORDS.has(w))));
    if (cue || wh || aux || clause || bare) asked.push(words.join(' '));
  }
  return asked.join(' ');
}

// ---- The search ------------------------------------------------------------------------------------------

/**
 * The libraries' stop lists, less the words that tell entries apart ("after" the order, "more" licenses later),
 * plus chat filler, the product's own name (in every question, so no evidence) and the contracted forms
 * normalise() leaves ("whats", "dont").
 */
const KEEP = new Set(['after', 'more', 'before', 'again', 'после', 'потом', 'больше', 'раз']);
const EXTRA_STOP = ['please', 'pls', 'plz', 'hi', 'hey', 'hello', 'ok', 'okay', 'thanks', 'also', 'just', 'really', 'actually',
  'want', 'would', 'whats', 'wat', 'wich', 'hows', 'dont', 'doesnt', 'isnt', 'arent', 'cant', 'wont', 'didnt', 'im', 'ive', 'id', 'ill',
  'tell', 'wonder', 'wondering', 'idea', 'explain', 'know', 'sure', 'webex', 'пожалуйста', 'привет', 'подскажите', 'подскажи',
  'расскажите', 'расскажи', 'скажите', 'объясните', 'объясни', 'интересно', 'вообще', 'это', 'буду', 'такое', 'такая', 'такие',
  'такую', 'мне', 'нам', 'скока'];
const STOP = new Set([...englishStopwords, ...russianStopwords, ...EXTRA_STOP].map((w) => w.replace(/'/g, '')).filter((w) => !KEEP.has(w)));
/** Porter2 folds "settings" into "set", which would make "site settings" (carry-over) read as "site set up" (after-order). */
const STEM_EXCEPTIONS = new Map([['settings', 'setting'], ['setting', 'setting']]);
const CYRILLIC = /\p{Script=Cyrillic}/u;

/** One term as the index holds it: dropped when a stop word or a number, else its Snowball stem for its script. */
function stem(term: string): string | null {
  const t = term.toLowerCase().replace(/ё/g, 'е');
  if (t.length < 2 || STOP.has(t) || /^\d+$/.test(t)) return null;
  return STEM_EXCEPTIONS.get(t) ?? (CYRILLIC.test(t) ? stemRussian(t) : stemEnglish(t));
}
/** Stemming is most of a search's cost and chat reuses its words; bounded so odd input cannot grow it. */
const STEM_CACHE_MAX = 20_000;
const stems = new Map<string, string | null>();
function processTerm(term: string): string | null {
  let s = stems.get(term);
  if (s === undefined) {
    if (stems.size >= STEM_CACHE_MAX) stems.clear();
    s = stem(term);
    stems.set(term, s);
  }
  return s;
}
const tokenize = (text: string): string[] => tokens(normalise(text));

const SEARCH: SearchOptions = {
  combineWith: 'OR',
  // The query arrives as stems already (they are counted for the coverage), so it is split, not processed again.
  tokenize: (query) => query.split(' '),
  processTerm: (term) => term,
  // Stems of 4+ letters extend ("subscr" -> "subscript").
  prefix: (term) => term.length >= 4,
  maxFuzzy: 2,
};

/**
 * A question is answered when at least half of its words are found in one entry and the entry's score, scaled
 * by that share, reaches MIN_SCORE. The scaling is what turns away "does webex work on linux?": one common word
 * found ("work"), the word that matters ("linux") nowhere. Tuned on test/understanding/faq-search.cases.ts.
 */
const MIN_COVERAGE = 0.5;
const MIN_SCORE = 2;

interface EntryDoc { id: string; text: string }

function buildIndex(faq: Faq): FaqIndex {
  // One document per entry, both languages: BM25 then weighs a word by how many entries use it, not phrasings,
  // and a new phrasing may combine words of several example phrasings.
  const search = new MiniSearch<EntryDoc>({ fields: ['text'], tokenize, processTerm, searchOptions: SEARCH });
  const docs = faq.entries.map((e) => ({ id: e.id, text: [...e.questions.en, ...e.questions.ru].join('\n') }));
  search.addAll(docs);
  // Typo tolerance only for words the data does not hold (a known word is spelt as the data spells it), and only
  // from 5 letters, where one typo cannot turn a word into another.
  const known = new Set(docs.flatMap((d) => tokenize(d.text).map(processTerm)));
  const options: SearchOptions = { fuzzy: (term) => (term.length >= 5 && !known.has(term) ? 0.2 : false) };
  return {
    match(text) {
      const asked = questionPart(text);
      if (asked === '') return undefined;
      const terms = new Set(tokenize(asked).map(processTerm).filter((t): t is string => t !== null));
      // Nothing left to search but a number ("can we do 10?") is an answer put as a question.
      if (terms.size === 0 && /\d/.test(asked)) return undefined;
      const best = terms.size === 0 ? undefined : search.search([...terms].join(' '), options)[0];
      if (best === undefined) return { id: 'none' };
      const coverage = new Set(best.queryTerms).size / terms.size;
      const score = best.score * coverage;
      return coverage < MIN_COVERAGE || score < MIN_SCORE ? { id: 'none' } : { id: best.id as string, score };
    },
  };
}

const cache = new WeakMap<Faq, FaqIndex>();

/** The search over `faq`'s phrasings, built once per Faq object (a turn only searches). */
export function createFaqIndex(faq: Faq): FaqIndex {
  let index = cache.get(faq);
  if (index === undefined) {
    index = buildIndex(faq);
    cache.set(faq, index);
  }
  return index;
}
