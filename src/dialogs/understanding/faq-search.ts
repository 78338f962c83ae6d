import MiniSearch, { type SearchOptions } from 'minisearch';
import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemRussian } from '@orama/stemmers/russian';
import { stopwords as englishStopwords } from '@orama/stopwords/english';
import { stopwords as russianStopwords } from '@orama/stopwords/russian';
import { UNANSWERED_ID, type Faq } from '../../domain/faq.js';
import type { Step } from '../../domain/types.js';
import { normalise, tokens } from './normalise.js';

/** A help-page question found in a message, a question the data has no answer to, or no question at all. */
export type FaqMatch = { id: string; score: number } | { id: 'none' };

export interface FaqIndex {
  /**
   * undefined: not a question (an answer, a statement); { id: 'none' }: a question nothing answers well.
   * `step`, where the conversation is, settles what a vague question is about ("what's the difference?").
   */
  match(text: string, step?: Step): FaqMatch | undefined;
}

// ---- Is it a question? -------------------------------------------------------------------------------------

/** "где-то", "как-нибудь": after normalising, the particle that makes a question word indefinite. */
const INDEFINITE = new Set(['то', 'нибудь', 'либо']);

/** Words that open a question even without a "?" ("how does porting work"). */
const WH_OPENERS = new Set([
  'who', 'whom', 'whose', 'what', 'whats', 'wat', 'how', 'hows', 'when', 'why', 'where', 'which', 'wich', 'whether', 'explain',
  'кто', 'кому', 'что', 'чем', 'чего', 'как', 'сколько', 'скока', 'когда', 'почему', 'зачем', 'где', 'куда', 'откуда',
  'какой', 'какая', 'какое', 'какие', 'каким', 'объясните', 'объясни', 'compare', 'сравните', 'сравни',
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
  'да', 'нет', 'колбэк', 'колбэком', 'колбек', 'колбеком', 'обратным']);
/** "how about 20" proposes an answer; with a "?" it is read as a question like any other. */
const PROPOSALS = [['how', 'about'], ['what', 'about']];
/** Phrases that make a sentence a question wherever they stand ("I wonder if guests need one", "Enterprise это что вообще"). */
const CUE_PHRASES = [
  'any idea', 'i wonder', 'wondering', 'tell me', 'not sure how', 'dont know how', 'i would like to know', 'id like to know',
  'ли', 'подскажите', 'подскажи', 'расскажите', 'расскажи', 'скажите', 'не знаю сколько', 'не уверен сколько', 'не уверена сколько',
  'интересно', 'question', 'вопрос', 'это что', 'что это', 'это значит', 'это как', 'what if', 'а если',
  // A question tag at the end: "а suite это meet плюс call или что", "is that per user or what".
  'или что', 'или как', 'or what',
].map((p) => p.split(' '));
/** A condition is asked, never answered: "if i pick annual do i pay everything today?", "если годовая, платить сразу?". */
const CONDITIONALS = new Set(['if', 'если']);
/** Where a later clause may open a question: "20 and tell me ...", "11 — do guests need one?", "one question: do ...". */
const CLAUSE_BREAK = /,|:|\s[—–-]\s|\s(?:and|и|а)\s(?=\S+\s\S+)/u;

/** Chat openers that stand before a question ("а что он даёт", "and what's callback?", "hmm what's the difference"). */
const LEAD_PARTICLES = new Set(['а', 'и', 'но', 'ну', 'так', 'ой', 'еще', 'хм', 'хмм', 'эм', 'ээ', 'um', 'uh', 'hm', 'hmmm', 'and', 'but', 'so', 'oh', 'hmm', 'well', 'ok', 'okay',
  'also', 'btw', 'first', 'then']);
const withoutLead = (words: string[]): string[] => {
  let i = 0;
  while (i < words.length - 1 && LEAD_PARTICLES.has(words[i]!)) i += 1;
  return words.slice(i);
};

const hasPhrase = (words: string[], phrase: string[]): boolean =>
  words.some((_, i) => phrase.every((p, j) => words[i + j] === p));

/** Emails and links are answers (or noise) whatever surrounds them; their words must not reach the search. */
// Anchored to the start of a word (not any \b inside "a-a-a…"), so no attempt rescans a long word (quadratic).
const SPANS = /(?<!\S)\S+@\S+|\bhttps?:\/\/\S+|(?<![\w-])[\w-]+\.webex\.com\S*/giu;

/** Russian puts a preposition before the question word: "в чём разница", "для чего он", "на что влияет". */
const PREPOSITIONS = new Set(['в', 'во', 'на', 'за', 'с', 'со', 'о', 'об', 'для', 'по', 'до', 'от', 'из', 'у', 'к']);
/** The word that opens a sentence as a question, past a preposition. */
const opener = (words: string[]): string | undefined =>
  PREPOSITIONS.has(words[0] ?? '') && WH_OPENERS.has(words[1] ?? '') ? words[1] : words[0];
/** Up to three words with a "?" may be an unsure answer ("suite with callback?"), unless none of them is an answer word. */
// Two words with a "?" ask too when neither is an answer word ("записи сохранятся?", "guests free?").
const unsureAnswer = (words: string[]): boolean => words.length < 2 || (words.length <= 3 && words.some((w) => ANSWER_WORDS.has(w)));
/** A later clause that asks: it opens with a question word, or it carries the "?" and no number or answer of its own. */
function asksClause(clause: string): boolean {
  const w = withoutLead(tokens(normalise(clause)));
  const first = opener(w);
  const mark = clause.includes('?');
  if (first !== undefined && (WH_OPENERS.has(first) || AUX_OPENERS.has(first))) return !INDEFINITE.has(w[1] ?? '') && w.length >= (mark ? 2 : 4);
  // A later clause of two words ("... и вернуть деньги?") leaves the sentence's question to the whole of it.
  return mark && !/\d/.test(clause) && w.length >= 3 && !unsureAnswer(w);
}

interface Asked {
  /** What is asked: question sentences, and of a sentence that answers first only the clauses from its question on. */
  asked: string;
  /** The whole sentences the questions stand in: "2 new numbers - when do those start working?" says what "those" are. */
  context: string;
}

/** The question sentences of a message, normalised; empty when the message asks nothing. */
export function questionPart(text: string): string {
  return questionParts(text).asked;
}

function questionParts(text: string): Asked {
  // A span leaves a word behind (one letter, dropped by the search), so the words after it open no clause.
  const sentences = text.replace(SPANS, ' x ').match(/[^.!?;\n]+[.!?;\n]*/gu) ?? [];
  const asked: string[] = [];
  const context: string[] = [];
  for (const raw of sentences) {
    const all = tokens(normalise(raw));
    const words = withoutLead(all);
    const first = opener(words);
    if (first === undefined) continue;
    const mark = raw.includes('?');
    const number = /\d/.test(raw);
    const cue = CUE_PHRASES.some((p) => hasPhrase(all, p));
    // "где-то 25", "как-нибудь потом": indefinite words are no question; without a "?" a question has 3 words ("как хочешь" is none).
    const indefinite = INDEFINITE.has(words[1] ?? '');
    // "whats callback": "whats" (what is) asks with one word after it, as "what is callback" does with two.
    const short = (first === 'whats' || first === 'wats') && !['up', 'new', 'good', 'happening'].includes(words[1] ?? '');
    const wh = WH_OPENERS.has(first) && !indefinite && (mark || short ? words.length >= 2 : words.length >= 3) && (mark || !PROPOSALS.some((p) => hasPhrase(words.slice(0, 2), p)));
    // After an opener ("ну можно и на год") an auxiliary is a hedge as often as a question: it needs the "?".
    const aux = AUX_OPENERS.has(first) && words.length >= 3 && (mark || (!number && first === all[0]));
    const conditional = CONDITIONALS.has(first) && mark && words.length >= 3;
    // "annual, and one question: will recordings carry over?": what follows "question:" is what is asked.
    const labelled = /(?:question|вопрос)\s*:\s*(\S.*)$/iu.exec(raw);
    if (labelled?.[1]) {
      asked.push(tokens(normalise(labelled[1])).join(' '));
      context.push(all.join(' '));
      continue;
    }
    if (cue || wh || aux || conditional) {
      asked.push(all.join(' '));
      context.push(all.join(' '));
      continue;
    }
    // "we need 10, do guests need a license too", "suite на год, и что такое обратный вызов?", "Suite, 25 лицензий,
    // гостям же лицензия не нужна?": a later clause is the question, and only the clauses from there on are asked
    // (the answers before it are no words of the question).
    const clauses = raw.split(CLAUSE_BREAK);
    const from = clauses.findIndex((c, i) => i > 0 && asksClause(c));
    if (from > 0) {
      asked.push(tokens(normalise(clauses.slice(from).join(' '))).join(' '));
      context.push(all.join(' '));
      continue;
    }
    // A "?" alone makes a question of a sentence, not of an unsure answer ("suite annual 25?", "suite with callback?").
    if (mark && !number && unsureAnswer(all) === false) {
      asked.push(all.join(' '));
      context.push(all.join(' '));
    }
  }
  return { asked: asked.join(' '), context: context.join(' ') };
}

// ---- The search ------------------------------------------------------------------------------------------

/**
 * The libraries' stop lists, less the words that tell entries apart ("after" the order, "more" licenses later),
 * plus chat filler, the product's own name (in every question, so no evidence) and the contracted forms
 * normalise() leaves ("whats", "dont").
 */
const KEEP = new Set(['after', 'more', 'before', 'после', 'потом', 'больше', 'раз']);
const EXTRA_STOP = ['please', 'pls', 'plz', 'hi', 'hey', 'hello', 'ok', 'okay', 'thanks', 'also', 'just', 'really', 'actually',
  'want', 'would', 'whats', 'wat', 'wich', 'hows', 'dont', 'doesnt', 'isnt', 'arent', 'cant', 'wont', 'didnt', 'im', 'ive', 'id', 'ill',
  'tell', 'wonder', 'wondering', 'idea', 'explain', 'compare', 'сравните', 'сравни', 'know', 'sure', 'webex', 'пожалуйста', 'привет', 'подскажите', 'подскажи',
  'расскажите', 'расскажи', 'скажите', 'объясните', 'объясни', 'интересно', 'вообще', 'это', 'буду', 'такое', 'такая', 'такие',
  'такую', 'мне', 'нам', 'скока', 'much'];
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

/** How much more the step's own entries weigh: enough to win a close call, not to beat a subject the question names. */
const STEP_BOOST = 1.6;
/** Pronouns that point back at the step's subject: "can i add it later" at Callback is about Callback. */
const PRONOUNS = new Set(['it', 'its', 'they', 'them', 'those', 'он', 'она', 'оно', 'его', 'ее', 'они', 'их', 'него', 'нее', 'нем', 'ним']);
/** Words of a question that names no subject of its own: "what's that for", "в чём разница?", "а что он даёт". */
const VAGUE = new Set([...PRONOUNS, 'that', 'this', 'difference', 'это', 'этот', 'эта', 'разница', 'разницы', 'отличие', 'отличается']);

/**
 * The frame of a question, not its subject: "how LONG does the confirmation TAKE", "what does it COST", "сколько
 * ЖДАТЬ подтверждения". An entry found through such words only answers a different question about the same frame
 * ("how long does porting take"), so a match must find at least one word of the subject the question names.
 */
const FRAME_WORDS = ['long', 'take', 'takes', 'took', 'work', 'works', 'working', 'happen', 'happens', 'cost', 'costs', 'price',
  'prices', 'pay', 'need', 'needs', 'get', 'make', 'use', 'mean', 'means', 'time', 'soon', 'fast', 'quick', 'quickly', 'wait',
  'much', 'many', 'possible', 'able', 'way', 'thing', 'difference', 'better', 'best', 'free', 'exactly', 'pick', 'choose',
  'долго', 'занимает', 'займет', 'ждать', 'стоит', 'стоимость', 'цена', 'цене', 'работает', 'работать', 'будет', 'нужно', 'нужна',
  'нужен', 'надо', 'можно', 'время', 'быстро', 'скоро', 'разница', 'лучше', 'бесплатно', 'выбрать', 'значит', 'делать'];
const FRAME = new Set(FRAME_WORDS.map((w) => stem(w)).filter((t): t is string => t !== null));

interface EntryDoc { id: string; text: string }

function buildIndex(faq: Faq): FaqIndex {
  // One document per entry, both languages: BM25 then weighs a word by how many entries use it, not phrasings,
  // and a new phrasing may combine words of several example phrasings. The questions nothing here answers are
  // one more document: a question nearest to them is answered as none.
  const search = new MiniSearch<EntryDoc>({ fields: ['text'], tokenize, processTerm, searchOptions: SEARCH });
  const docs = faq.entries.map((e) => ({ id: e.id, text: [...e.questions.en, ...e.questions.ru].join('\n') }));
  const unanswered = faq.unanswered ? [{ id: UNANSWERED_ID, text: [...faq.unanswered.en, ...faq.unanswered.ru].join('\n') }] : [];
  search.addAll([...docs, ...unanswered]);
  // Typo tolerance only for words the data does not hold (a known word is spelt as the data spells it), and only
  // from 5 letters, where one typo cannot turn a word into another.
  const known = new Set([...docs, ...unanswered].flatMap((d) => tokenize(d.text).map(processTerm)));
  // A word only the unanswered questions use names a subject the help page leaves out: "a refund on annual" is
  // about refunds, however much it says of annual.
  const entryTerms = new Set(docs.flatMap((d) => tokenize(d.text).map(processTerm)));
  const outOfScope = new Set(unanswered.flatMap((d) => tokenize(d.text).map(processTerm)).filter((t) => t !== null && !entryTerms.has(t)));
  const fuzzy = (term: string) => (term.length >= 5 && !known.has(term) ? 0.2 : false);
  // "portng": a word the data does not hold that starts with a stem it does, a few letters more, is that stem
  // misspelt past where the stemmer could fold it (one edit of fuzzy search reaches no further).
  // Its three shortenings are looked up, longest first (no scan of the vocabulary per word).
  const knownStem = (t: string): string => {
    if (known.has(t)) return t;
    for (let n = t.length - 1; n >= Math.max(4, t.length - 3); n -= 1) if (known.has(t.slice(0, n))) return t.slice(0, n);
    return t;
  };
  const topics = (step: Step | undefined): string[] => (step === undefined ? [] : faq.entries.filter((e) => e.steps?.includes(step)).map((e) => e.id));

  function find(asked: string, own: string[]): FaqMatch {
    const words = tokenize(asked);
    const terms = new Set(words.map(processTerm).filter((t): t is string => t !== null).map(knownStem));
    if ([...terms].some((t) => outOfScope.has(t))) return { id: UNANSWERED_ID };
    const boostDocument = (id: unknown) => (own.includes(id as string) ? STEP_BOOST : 1);
    const best = terms.size === 0 ? undefined : search.search([...terms].join(' '), { fuzzy, boostDocument })[0];
    const coverage = best === undefined ? 0 : new Set(best.queryTerms).size / terms.size;
    const score = best === undefined ? 0 : best.score * coverage;
    const vague = words.some((w) => VAGUE.has(w));
    if (best === undefined || best.id === UNANSWERED_ID || coverage < MIN_COVERAGE || score < MIN_SCORE) {
      // "what does it do exactly" at Callback: a question about the step's own subject that names it not, and
      // says little else ("а он работает с мобильными в казахстане?" says more, and is not answered here).
      const aboutStep = vague && terms.size <= 1 && own.length === 1 && best?.id !== UNANSWERED_ID;
      return aboutStep ? { id: own[0]!, score: 0 } : { id: UNANSWERED_ID };
    }
    // "how long does the confirmation take": found through its frame only, the subject ("confirmation") nowhere.
    const subject = [...terms].filter((t) => !FRAME.has(t));
    const found = (t: string) => best.queryTerms.includes(t);
    if (subject.length > 0 && !subject.some(found)) return { id: UNANSWERED_ID };
    // "can i add it later" at Callback: "it" is Callback, so an entry about something else, half matched, is no answer.
    if (own.length > 0 && !own.includes(best.id as string) && coverage <= MIN_COVERAGE && words.some((w) => PRONOUNS.has(w))) return { id: UNANSWERED_ID };
    return { id: best.id as string, score };
  }

  return {
    match(text, step) {
      const { asked, context } = questionParts(text);
      if (asked === '') return undefined;
      // Nothing left to search but a number ("can we do 10?") is an answer put as a question.
      if (tokenize(asked).every((w) => processTerm(w) === null) && /\d/.test(asked)) return undefined;
      const own = topics(step);
      const found = find(asked, own);
      if (context === asked) return found;
      // "2 new numbers - when do those start working?", "а адрес сайта какой будет, можно выбрать?": the clauses
      // before the question may say what it is about; answers there lower the whole sentence's score, so it wins
      // only by saying more.
      const whole = find(context, own);
      const score = (m: FaqMatch) => ('score' in m ? m.score : -1);
      return score(whole) > score(found) ? whole : found;
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
