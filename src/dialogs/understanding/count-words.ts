/**
 * Counts as people write them, rewritten to the plain forms the number reader knows, before anything is read:
 * "half a dozen" -> 6, "two dozen" -> 24, "a couple" / "пару" -> 2, instrumental Russian ("двадцатью пятью")
 * -> nominative, and the marks of a guess ("~20", "20+", "20ish", Russian "человек 15") -> "about 20", so a
 * guessed number is asked back, not applied.
 */
const DOZENS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, a: 1, два: 2, две: 2, три: 3, четыре: 4, пять: 5 };

const INSTRUMENTAL: [RegExp, string][] = [
  [/(^|[^\p{L}])двумя(?=[^\p{L}]|$)/gu, '$1два'], [/(^|[^\p{L}])тремя(?=[^\p{L}]|$)/gu, '$1три'],
  [/(^|[^\p{L}])четырьмя(?=[^\p{L}]|$)/gu, '$1четыре'], [/(^|[^\p{L}])одним(?=[^\p{L}]|$)/gu, '$1один'],
  // пятью, шестью, восемью, девятью, десятью, ...надцатью, двадцатью, тридцатью: the ending -ью of -ь words.
  [/(^|[^\p{L}])(пят|шест|сем|восем|девят|десят|\p{L}+надцат|двадцат|тридцат)ью(?=[^\p{L}]|$)/gu, '$1$2ь'],
  [/(^|[^\p{L}])(пят|шест|сем|восем)ьюдесятью(?=[^\p{L}]|$)/gu, '$1$2ьдесят'],
];

/** Cheap test first: most messages hold none of these, and the rewrite runs on every message. */
const MAYBE = /(?<!\d)\d+ (?:\p{L}+ ){1,2}(?:and|plus|\+) |\bone\b|less|fewer|more|\bme\b|\bx\s?\d|myself|dozen|couple|пар[уыа]|дюжин|~|\d\s*\+|ish\b|человек|пользовател|лицензий|штук|ью(?![\p{L}])|[ую]мя(?![\p{L}])|ьмя(?![\p{L}])|одним/iu;

export function rewriteCounts(text: string): string {
  if (!MAYBE.test(text)) return text;
  let t = text
    .replace(/\bhalf a dozen\b/giu, '6')
    .replace(/(^|[^\p{L}])(one|two|three|four|five|a|два|две|три|четыре|пять)\s+(dozens?|дюжин\p{L}*)(?=[^\p{L}]|$)/giu,
      (_m, pre: string, n: string) => `${pre}${12 * (DOZENS[n.toLowerCase()] ?? 1)}`)
    // "a couple" is about two, not exactly two: asked back.
    .replace(/(^|[^\p{L}])a couple(?: of)?(?=[^\p{L}]|$)/giu, '$1about 2')
    .replace(/(^|[^\p{L}])пар[уыа](?=[^\p{L}]|$)/giu, '$1около 2')
    // "me plus 4 colleagues", "me and my 2 partners": the person writing counts too.
    .replace(/(^|[^\p{L}])(?:me|myself) (?:plus|and|\+) (?:my )?(\d+)(?= )/giu, (_m, pre: string, n: string) => `${pre}${Number(n) + 1} people,`)
    // "10 users plus me", "just me", "me and my cofounder": one more, one, two.
    .replace(/(^|[^\p{L}\d])(\d+)( (?:users?|people|licen[cs]es|seats|others|colleagues))? (?:plus|and|\+) (?:me|myself)(?=[^\p{L}]|$)/giu, (_m, pre: string, n: string) => `${pre}${Number(n) + 1} people`)
    // "5 engineers and a manager", "8 devs plus our office manager": one person more, asked back.
    .replace(/(^|[^\p{L}\d])(\d+) ((?:\p{L}+ )?(?!(?:offices?|floors?|sites?|locations?|branches|teams?|departments?|stores?|shops?)\b)\p{L}+) (?:and|plus|\+) (?:(?:a|an|one|the|our|my|their|his|her) )?(?:\p{L}+ )?(?:manager|director|boss|ceo|cto|cfo|coo|founder|owner|assistant|accountant|admin|administrator|supervisor|receptionist|secretary|team lead|head of \p{L}+)(?=[^\p{L}]|$)/giu,
      (_m, pre: string, n: string, noun: string) => `${pre}about ${Number(n) + 1} ${noun}`)
    .replace(/^(?:(?:just|only) (?:me|myself)|me only|only for me|just for me|(?:it'?s )?just me)(?=[^\p{L}]|$)/iu, '1 person')
    .replace(/^(?:just |only )?(?:me|myself) and (?:my |a |one )?(?:co-?founder|partner|wife|husband|colleague|assistant|boss|business partner|friend|accountant)(?=[^\p{L}]|$)/iu, '2 people')
    // "x5", "x 5": times five.
    .replace(/(^|\s)x\s?(\d+)(?=\s|$|[,.])/giu, '$1$2 users')
    // "one less", "2 more": a change relative to a number not said, never a count; "the meet one" is a pronoun.
    .replace(/(^|[^\p{L}\d]|(?<=\p{L})(?=\d))(?:one|\d+) (?:less|fewer|more)(?=[^\p{L}]|$)/giu, '$1 some more')
    .replace(/(^|[^\p{L}])(the|that|this|which)( \p{L}+)? one(?=[^\p{L}]|$)/giu, '$1$2$3')
    .replace(/~\s*(\d+)/gu, 'about $1')
    .replace(/(?<!\d)(\d+)\s*(?:\+|ish\b|-ish\b)/giu, 'about $1')
    .replace(/(^|[^\p{L}])(человек|пользователей|штук)\s+(?:на\s+)?(\d+)(?![\d.,:])/giu, '$1около $3 $2');
  for (const [re, to] of INSTRUMENTAL) t = t.replace(re, to);
  return t;
}
