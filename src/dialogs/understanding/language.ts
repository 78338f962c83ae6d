import type { Locale } from '../../domain/types.js';
import { cyrillicShare, normalise, tokens } from './normalise.js';

/**
 * Common English words. Plan names ("meet", "call", "suite"), "ok" and addresses are left out on purpose:
 * a Russian speaker types them too, and switching the reply language on them would be wrong.
 */
const ENGLISH = new Set(`
i me my we our us you your it its is are am was be do dont does did have has want wanna need would like could can
please thanks thank yes yeah yep nope no not the a an and or to of for in on with at from about by that this what
how why who which when where hi hello hey upgrade plan plans license licenses licence licences user users seat seats
people monthly annual annually yearly year month every per help back cart basket start over restart cancel stop quit
resume continue english russian talk speak person human agent sales same billing address keep new number numbers
code send again try link accept agree make change switch add remove show me sure right correct wrong none nothing
buy checkout order place instead just only meetings calling both everything around maybe think twenty thirty forty
fifty hundred dozen two three four five six seven eight nine ten eleven twelve sounds good fine great email mail
profit nonprofit charity school tax exempt government wait waiting bot
`.trim().split(/\s+/));

export function detectLanguage(raw: string): Locale | undefined {
  if (cyrillicShare(raw) > 0.5) return 'ru';
  if (cyrillicShare(raw) > 0) return undefined;
  const words = tokens(normalise(raw)).filter((w) => !/\d/.test(w));
  return words.some((w) => ENGLISH.has(w)) ? 'en' : undefined;
}
