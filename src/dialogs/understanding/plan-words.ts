import { valuesOf } from './tables.js';

/**
 * "nice to meet you", "we meet on tuesdays", "call me", "on a call", "the meeting room is booked": the verbs and
 * nouns, not the plans.
 */
const PLAN_VERBS = /(?:^| )(?:(?:instead of|rather than|not|вместо) (?:the )?\p{L}+|on (?:my|the|a) (?:phone|cell|mobile)|my (?:phone|cell|mobile)|(?:nice|glad|good|pleased|great) to meet(?: you)?|(?:we|they|i|you|lets|let us|will|can|could|should|often|usually) meet|call (?:me|us|you|him|her|them|back)|(?:on|in|a|the|quick|phone) call(?! (?:plan|option|tier|package|one|licen\p{L}*|subscription))|calls? (?:me|us)|meeting rooms?|(?:in|have|had|after|before|during) (?:a |the |my |our )?meeting)(?= |$)/gu;

/** "we already have zoom for meetings", "nothing with phones", "no calling": the part not wanted. */
const NOT_WANTED = /(?:^| )(?:already (?:have|use|got|using)|nothing with|no|dont need|do not need|without|не нужн\p{L}*|без|уже есть)(?: \p{L}+){0,3}? (?:for )?(?:meetings?|meet|phones?|calls|calling|telephony|встреч\p{L}*|звонк\p{L}*|телефони\p{L}*)(?= |$)|(?:^| )(?:meetings?|phones?|calls|calling|telephony|встреч\p{L}*|звонк\p{L}*|телефони\p{L}*)(?: \p{L}+){0,2}? (?:not needed|arent needed|are not needed|не нужн\p{L}*|не надо|ни к чему)(?= |$)/gu;

/** "meet and call", "meetings plus calling", "встречи и звонки": the two together are Suite. */
const BOTH = /(?:^| )(?:(?:meet|meetings?|video meetings?|встреч\p{L}*|совещани\p{L}*|видеовстреч\p{L}*)(?: (?:and|plus|with|n|и|плюс))? (?:call|calls|calling|phones?|telephony|звонк\p{L}*|телефони\p{L}*)|(?:call|calls|calling|phones?|telephony|звонк\p{L}*|телефони\p{L}*) (?:and|plus|with|и|плюс) (?:meet|meetings?|встреч\p{L}*|совещани\p{L}*))(?= |$)/gu;

/** "video calls", "видеозвонки": meetings, not telephony. */
const VIDEO_CALLS = /(?:^| )(?:video ?calls?|video ?calling|video ?chats?|видеозвонк\p{L}*|видеосвяз\p{L}*)(?= |$)/gu;

const SUITE_PARTS = new Set(['suite', 'meet', 'call']);
const RECONSIDERED = /(?:^| )(?:or|either|actually|instead|rather|no|not|wait|without|except|minus|или|либо|хотя|нет|не|лучше|вместо|без|кроме)(?= |$)/u;

export function withoutVerbs(norm: string): string {
  return norm.replace(PLAN_VERBS, ' ');
}

/** The plans a message names, each once; "meet and call" is Suite, several different ones are for the caller to ask about. */
export function plansIn(norm: string): string[] {
  const text = withoutVerbs(norm).replace(NOT_WANTED, ' ').replace(BOTH, ' suite ').replace(VIDEO_CALLS, ' meetings ');
  const plans = valuesOf(text, (t) => t.plans) as string[];
  // "suite (meet + call)", "meetings and a phone line, whatever has both": Suite and its own parts are Suite,
  // unless the message changes its mind or weighs them ("meet... actually suite", "meet or suite").
  if (plans.includes('suite') && plans.every((p) => SUITE_PARTS.has(p)) && !RECONSIDERED.test(text)) return ['suite'];
  return plans;
}
