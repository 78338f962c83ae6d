/**
 * Russian place names back to the nominative: "в Москве" names the area Москва, "в Нижнем Новгороде" Нижний
 * Новгород. Russian declines city names, and the area is kept and shown as a name, so the case it was typed in
 * must go. No morphology package fits here (the lemmatisers ship megabytes of dictionaries; the small ones only
 * decline from the nominative), so the cities buyers most often name are listed in the nominative and their case
 * forms made by the regular rules below; a name not listed is read by a few suffixes that are unambiguous for
 * towns ("-ске" is always "-ск"), and anything else stays as typed, asked back when it looks declined.
 */

/** Cities sold to most often, in the nominative as written (a hyphen where the name has one). */
const CITIES = [
  'Москва', 'Санкт-Петербург', 'Петербург', 'Питер', 'Новосибирск', 'Екатеринбург', 'Казань', 'Нижний Новгород',
  'Великий Новгород', 'Челябинск', 'Самара', 'Омск', 'Ростов-на-Дону', 'Ростов', 'Уфа', 'Красноярск', 'Воронеж',
  'Пермь', 'Волгоград', 'Краснодар', 'Саратов', 'Тюмень', 'Тольятти', 'Ижевск', 'Барнаул', 'Ульяновск', 'Иркутск',
  'Хабаровск', 'Ярославль', 'Владивосток', 'Махачкала', 'Томск', 'Оренбург', 'Кемерово', 'Новокузнецк', 'Рязань',
  'Астрахань', 'Пенза', 'Липецк', 'Калининград', 'Тула', 'Киров', 'Сочи', 'Тверь', 'Сургут', 'Мурманск',
  'Архангельск', 'Смоленск', 'Белгород', 'Курск', 'Псков', 'Севастополь', 'Симферополь', 'Зеленоград', 'Химки',
  'Минск', 'Алматы', 'Астана', 'Ташкент', 'Бишкек', 'Тбилиси', 'Ереван', 'Баку', 'Киев', 'Рига', 'Таллин',
  'Вильнюс', 'Лондон', 'Манчестер', 'Берлин', 'Мюнхен', 'Франкфурт', 'Гамбург', 'Париж', 'Вена', 'Прага',
  'Варшава', 'Амстердам', 'Брюссель', 'Мадрид', 'Барселона', 'Рим', 'Милан', 'Женева', 'Цюрих', 'Стокгольм',
  'Хельсинки', 'Дубай', 'Стамбул', 'Нью-Йорк', 'Бостон', 'Чикаго', 'Остин', 'Торонто', 'Сан-Франциско', 'Сиэтл',
];
/** Masculine names in -ь (most towns in -ь are feminine: Казань, Пермь, Тверь). */
const MASCULINE_SOFT = /(?:поль|славль|бриссель|брюссель)$/u;
/** Parts of a name that never change: "Санкт-", "Нью-", "-на-Дону". */
const FIXED = new Set(['санкт', 'нью', 'сан', 'на', 'дону']);
const HUSHING = /[гкхжшчщ]$/u;

/** Nominative, genitive, dative, accusative, instrumental, prepositional of one word of a city name. */
function caseForms(word: string): string[] {
  if (FIXED.has(word) || /[оиыуюе]$/u.test(word)) return [word];
  if (/(?:ний)$/u.test(word)) { const s = word.slice(0, -2); return [word, `${s}его`, `${s}ему`, `${s}им`, `${s}ем`]; }
  if (/(?:ий|ый)$/u.test(word)) { const s = word.slice(0, -2); return [word, `${s}ого`, `${s}ому`, `${s}им`, `${s}ом`]; }
  if (word.endsWith('а')) {
    const s = word.slice(0, -1);
    return [word, `${s}${HUSHING.test(s) ? 'и' : 'ы'}`, `${s}е`, `${s}у`, `${s}${/[жшчщц]$/u.test(s) ? 'ей' : 'ой'}`];
  }
  if (word.endsWith('ь')) {
    const s = word.slice(0, -1);
    return MASCULINE_SOFT.test(word) ? [word, `${s}я`, `${s}ю`, `${s}ем`, `${s}е`] : [word, `${s}и`, `${s}ью`];
  }
  return [word, `${word}а`, `${word}у`, `${word}ом`, `${word}е`];
}

const fold = (s: string): string => s.toLowerCase().replace(/ё/g, 'е').replace(/[^\p{L}\d]+/gu, ' ').trim();

/** Every case form of every listed city (each case across all the words of a name), to its nominative. */
const FORMS: ReadonlyMap<string, string> = (() => {
  const out = new Map<string, string>();
  for (const city of CITIES) {
    const words = fold(city).split(' ').map(caseForms);
    const cases = Math.max(...words.map((f) => f.length));
    for (let c = 0; c < cases; c += 1) out.set(words.map((f) => f[c] ?? f[f.length - 1] ?? f[0]).join(' '), city);
  }
  return out;
})();

/** Endings that only a town in one declension has: Новосибирске, Волгограде, Оренбурге, Ставрополе. */
const SURE_SUFFIXES: readonly [RegExp, string][] = [
  [/ске$/u, 'ск'], [/граде$/u, 'град'], [/городе$/u, 'город'], [/бурге$/u, 'бург'], [/поле$/u, 'поль'],
];

export interface Place { name: string; sure: boolean }

const capitalise = (s: string): string => s.replace(/(^|[\s-])\p{L}/gu, (c) => c.toUpperCase());
const upperFirst = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A place as typed after "в" ("москве", "нижнем новгороде", "новосибирске") to its nominative; `sure` is false
 * for a name not listed that looks like an oblique case, which the caller confirms with the buyer. Undefined when the
 * text has no Cyrillic (a code, "Berlin"), so it stays as typed.
 */
export function nominativePlace(text: string): Place | undefined {
  const folded = fold(text);
  if (!/\p{Script=Cyrillic}/u.test(folded)) return undefined;
  const known = FORMS.get(folded);
  if (known) return { name: known, sure: true };
  // "в Московской области", "в Краснодарском крае": a region's adjective and noun, both regular.
  const region = /^(\p{L}+)(?:ской|цкой) области$/u.exec(folded) ?? /^(\p{L}+)(?:ском|цком) крае$/u.exec(folded);
  if (region) return { name: upperFirst(folded.endsWith('крае') ? folded.replace(/ом крае$/u, 'ий край') : folded.replace(/ой области$/u, 'ая область')), sure: true };
  const words = folded.split(' ');
  const last = words[words.length - 1] ?? '';
  for (const [suffix, nominative] of SURE_SUFFIXES) {
    if (suffix.test(last) && words.length === 1) return { name: capitalise(last.replace(suffix, nominative)), sure: true };
  }
  // Not listed, no sure suffix: a guess at the nominative could invent a name ("Коломне" is Коломна, "Лондоне"
  // Лондон), so the name stays as typed, confirmed with the buyer when it looks like an oblique case.
  return { name: capitalise(folded), sure: !words.some((w) => /(?:ом|ем|ой|ей|е|и)$/u.test(w)) };
}
