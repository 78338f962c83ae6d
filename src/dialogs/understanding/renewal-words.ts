import type { Renewal } from '../../domain/types.js';
import { valuesOf } from './tables.js';

/**
 * Period words that are not the renewal: "the annual report", "our monthly budget meeting", "we pay rent monthly",
 * "we hire monthly"; a renewal inside a condition ("only if annual is cheaper") is not chosen either.
 */
const PERIOD = '(?:annual(?:ly)?|yearly|monthly|годов\\p{L}*|ежегодн\\p{L}*|ежемесячн\\p{L}*|помесячн\\p{L}*)';
const NOT_BILLING_NOUN = '(?:reports?|budget|meetings?|reviews?|newsletters?|payroll|rent|salar(?:y|ies)|bonus(?:es)?|revenue|sales|party|event|conference|retreat|standups?|syncs?|check ?ins?|visits?|audits?|leave|cleaning|inspections?|all ?hands|offsite|kick ?off|town ?hall|отч[её]т\\p{L}*|бюджет\\p{L}*|собрани\\p{L}*|планерк\\p{L}*|совещани\\p{L}*|аренд\\p{L}*|зарплат\\p{L}*|преми\\p{L}*|отпуск\\p{L}*)';
const NOT_BILLING_BEFORE = '(?:rent|salary|salaries|payroll|hire|hiring|recruit|report|review|publish|post|travel|visit|clean|train|grow|newsletter|зарплат\\p{L}*|аренд\\p{L}*|отч[её]т\\p{L}*)';
const OTHER_PERIOD = new RegExp(`(?:^| )(?:${PERIOD} ${NOT_BILLING_NOUN}|${NOT_BILLING_BEFORE}(?: \\p{L}+)? ${PERIOD})(?= |$)`, 'gu');
const CONDITION = new RegExp(`(?:^| )(?:if|unless|whether|если|ли)(?: \\p{L}+){0,2} ${PERIOD}(?: \\p{L}+){0,4}`, 'gu');
/** "not annual", "no monthly", "не помесячно": the other one; "actually no, annual" takes back what came before. */
const NEGATED = new RegExp(`(?:^| )(?<!(?:actually|wait|oh|hmm|sorry|or|ой|хотя|или) )(?:not|no|dont want|never|rather not|не|без|никаких)(?: the| a| an)? (${PERIOD})(?= |$)`, 'u');
/** "annual isnt available there", "годовая недоступна": a period ruled out, said after it. */
const RULED_OUT = new RegExp(`(?:^| )(${PERIOD})(?: \\p{L}+)? (?:isnt|is not|isn t|not|wont|will not|can t|cant|недоступн\\p{L}*|нельзя|не (?:доступн|подходит|продают))(?: \\p{L}+){0,3}`, 'u');
/** "12 months billed at once", "twelve months up front": a year, not a monthly renewal. */
/** "2 yr", "3 years", "на 2 года": a term the shop does not sell, so no renewal is taken from it. */
const LONGER_TERM = /(?:^| )(?:[2-9]|1[0-9]|two|three|four|five|два|две|три|пять) (?:yrs?|years?|год|года|лет)(?= |$)/gu;
const TWELVE_MONTHS = /(?:^| )(?:12|twelve|двенадцать) (?:months?|mos?|месяц\p{L}*)(?= |$)/gu;

export interface RenewalReading {
  /** The message without period words that are no renewal answer. */
  norm: string;
  renewals: Renewal[];
}

/** The renewals a message names, with "not annual" read as monthly and other periods left out. */
/** "switch from monthly to annual", "с помесячной на годовую": the period left behind is no answer. */
const LEFT_BEHIND = new RegExp(`(?:^| )(?:from|с|со) ${PERIOD}(?: (?:billing|renewal|plan|оплат\\p{L}*|подписк\\p{L}*))?(?= (?:to|на|into) )`, 'gu');

export function readRenewals(norm: string): RenewalReading {
  let rest = norm.replace(LEFT_BEHIND, ' ').replace(OTHER_PERIOD, ' ').replace(CONDITION, ' ').replace(TWELVE_MONTHS, ' annual ').replace(LONGER_TERM, ' ');
  const ruledOut = RULED_OUT.exec(rest);
  if (ruledOut && valuesOf(rest.replace(ruledOut[0], ' '), (t) => t.renewals).length > 0) rest = rest.replace(ruledOut[0], ' ');
  const negated = NEGATED.exec(rest);
  if (negated) {
    const named = valuesOf(negated[1] as string, (t) => t.renewals) as Renewal[];
    const others = valuesOf(rest.replace(negated[0], ' '), (t) => t.renewals) as Renewal[];
    if (named.length === 1 && others.every((r) => r !== named[0])) {
      const other: Renewal = named[0] === 'annual' ? 'monthly' : 'annual';
      return { norm: rest, renewals: others.length === 0 || others.includes(other) ? [other] : others };
    }
  }
  return { norm: rest, renewals: valuesOf(rest, (t) => t.renewals) as Renewal[] };
}
