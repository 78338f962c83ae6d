/**
 * The site-name step in Russian. A site name is a DNS label (Latin letters, digits, hyphens), so a word in
 * Cyrillic there is never the name itself: it is an answer ("поменять", "другое") or a name to be spelt in Latin
 * ("ромашка" -> romashka, offered for a yes). And a Russian answer typed in Latin letters ("ostavit", "da",
 * "net, drugoe") is that answer, not a site called "ostavit".
 */

/** Cyrillic to Latin as Russian names are usually spelt in addresses (ш sh, ж zh, х kh, ц ts, я ya, ь dropped). */
const LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

export function toLatin(text: string): string {
  return [...text.toLowerCase()].map((c) => LATIN[c] ?? c).join('');
}

/** "не, давайте", "хочу ..., пожалуйста": words around a Russian answer or name at this step, taken out. */
const FILLER = /(?:^|[\s,.!]+)(?:не|нет|давай\p{L}*|хочу|хотим|лучше|можно|пожалуйста|тогда|уж|пусть будет|назов\p{L}*)(?=[\s,.!]|$)/gu;

export function withoutRussianFiller(text: string): string {
  return text.toLowerCase().replace(FILLER, ' ').replace(/[\s,.!]+/gu, ' ').trim();
}

/** "другое", "поменять", "хочу другое имя": the name offered is not wanted, and no other is given. */
export const OTHER_NAME_RU = /^(?:друг\p{L}*|ин(?:ое|ой|ая|аче)|нов(?:ое|ый|ая|ого)|помен\p{L}*|смен\p{L}*|измен\p{L}*|не то|не этот|не это|не оставлять|так(?:ой|ое|ую|ая)|эт(?:от|о|у|а))(?: (?:имя|название|адрес|вариант|сайт))?$/u;

/** "change", "another", "a new one": English words that ask for another name, never a name themselves. */
export const OTHER_NAME_EN = /^(?:change|change it|different|another|other|new|new one|rename|edit|modify|something (?:else|different))$/u;

/** Russian answers typed in Latin letters, whole messages in normalised form. */
const LATIN_KEEP = /^(?:(?:da|ok|ag[ao]|khorosho|horosho|xorosho)[ ,]*)?(?:da|ostav\p{L}*|podkhodit|podhodit|pojdet|poidet|poydet|sojdet|soidet|soydet|goditsya|norm|normalno|ustraivaet|kak est)(?: (?:ego|tak|kak est|eto|etot|pozhaluysta|pozhalujsta|spasibo))*$/u;
const LATIN_NO = /^(?:net|ne)(?: (?:spasibo|ne ostavlyat))?$/u;
const LATIN_OTHER = /^(?:(?:net|ne) )?(?:(?:hochu|khochu|davaite|davajte|davay|davai) )?(?:drug\p{L}*|inoe|novoe|pomenyat\p{L}*|pomenyai|pomenyaj|smenit\p{L}*|izmenit\p{L}*)(?: (?:imya|nazvanie|adres|variant))?$/u;

/** A Russian answer at the site step spelt in Latin ("ostavit", "net, drugoe"), for a Russian conversation. */
export function latinRussianAnswer(norm: string): 'yes' | 'no' | undefined {
  if (LATIN_KEEP.test(norm)) return 'yes';
  if (LATIN_NO.test(norm) || LATIN_OTHER.test(norm)) return 'no';
  return undefined;
}
