import { valuesOf } from './tables.js';

/**
 * "nice to meet you", "we meet on tuesdays", "call me", "on a call", "the meeting room is booked": the verbs and
 * nouns, not the plans.
 */
const PLAN_VERBS = /(?:^| )(?:(?:instead of|rather than|not|вместо) (?:the )?\p{L}+|on (?:my|the|a) (?:phone|cell|mobile)|my (?:phone|cell|mobile)|(?:nice|glad|good|pleased|great) to meet(?: you)?|(?:we|they|i|you|lets|let us|will|can|could|should|often|usually) meet|call (?:me|us|you|him|her|them|back)|(?:on|in|a|the|quick|phone) call(?! (?:plan|option|tier|package|one|licen\p{L}*|subscription))|calls? (?:me|us)|meeting rooms?|(?:in|have|had|after|before|during) (?:a |the |my |our )?meeting)(?= |$)/gu;

/**
 * "we already have zoom for meetings", "nothing with phones", "no calling": the part not wanted; a choice after it
 * ("не нужны, давайте meet") is not part of it.
 */
const NOT_WANTED = /(?:^| )(?:already (?:have|use|got|using)|nothing with|no|dont need|do not need|without|не нужн\p{L}*|без|уже есть)(?: (?!(?:давайте|давай|лучше|но|а|but|lets|let|go|take|берем|возьмем|instead)(?= |$))\p{L}+){0,3}? (?:for )?(?:meetings?|meet|phones?|calls|calling|telephony|встреч\p{L}*|звонк\p{L}*|телефони\p{L}*)(?= |$)|(?:^| )(?:meetings?|phones?|calls|calling|telephony|встреч\p{L}*|звонк\p{L}*|телефони\p{L}*)(?: \p{L}+){0,2}? (?:not needed|arent needed|are not needed|не нужн\p{L}*|не надо|ни к чему)(?= |$)/gu;

/** "meet and call", "meetings plus calling", "встречи и звонки": the two together are Suite. */
const BOTH = /(?:^| )(?:(?:meet|meetings?|video meetings?|встреч\p{L}*|совещани\p{L}*|видеовстреч\p{L}*)(?: (?:and|plus|with|n|и|плюс))? (?:call|calls|calling|phones?|telephony|звонк\p{L}*|телефони\p{L}*)|(?:call|calls|calling|phones?|telephony|звонк\p{L}*|телефони\p{L}*) (?:and|plus|with|и|плюс) (?:meet|meetings?|встреч\p{L}*|совещани\p{L}*))(?= |$)/gu;

/** "video calls", "видеозвонки": meetings, not telephony. */
const VIDEO_CALLS = /(?:^| )(?:video ?calls?|video ?calling|video ?chats?|видеозвонк\p{L}*|видеосвяз\p{L}*)(?= |$)/gu;

const SUITE_PARTS = new Set(['suite', 'meet', 'call']);
const RECONSIDERED = /(?:^| )(?:or|either|actually|instead|rather|no|not|wait|without|except|minus|или|либо|хотя|нет|не|лучше|вместо|без|кроме)(?= |$)/u;

/**
 * "swap suite for meet", "switch from suite to meet", "replace call with suite", "поменяйте suite на meet",
 * "с suite на meet": the plan left behind is no answer.
 */
const PLAN_NAME = '(?:suite|meet|call|enterprise|сьют\\p{L}*|свит\\p{L}*|мит\\p{L}*|колл)';
const LEFT_BEHIND = new RegExp(`(?:^| )(?:(?:swap|replace|trade|exchange|change|switch|move|go|upgrade|downgrade)(?: from)?|from|поменя\\p{L}*|замени\\p{L}*|смени\\p{L}*|с|со)(?: the| our| my)? ${PLAN_NAME}(?: plan)?(?= (?:for|to|with|into|на) )`, 'gu');

export function withoutVerbs(norm: string): string {
  return norm.replace(LEFT_BEHIND, ' ').replace(PLAN_VERBS, ' ');
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

/**
 * What people do or have, not what they buy: "5 host meetings", "the other 40 just join meetings", "our monthly
 * budget meeting", "phone numbers", "keep everything else the same", "телефоны будут на складе".
 */
const WORK_NOUN = /(?:^| )(?:video (?:meetings?|conferencing)|meetings?|calls|calling|phones?(?: numbers?| lines?)?|numbers|telephony|voice|everything|both|всё|все|встреч\p{L}*|совещани\p{L}*|звонк\p{L}*|телефон\p{L}*|телефони\p{L}*)(?= |$)/gu;
const CHANGE_LEAD = /(?:^| )(?:switch|change|move|go|upgrade|downgrade|make it|instead|prefer|rather|want|need|just|only|add|plan|for|swap|хотим|хочу|нужн\p{L}*|надо|добав\p{L}*|перейти|переключ\p{L}*|смени\p{L}*|поменя\p{L}*|только|лучше)(?: |$)/u;
/** Doing the work named after it: "join meetings", "host calls", "проводят встречи". */
const WORK_VERB = /(?:^| )(?:join|joins|attend|attends|host|hosts|hold|holds|run|runs|have|has|had|schedule|schedules|take|takes|make|makes|do|does|else|the same|keep|leave|провод\p{L}*|уча\p{L}*|будут|будет|есть|были)(?: \p{L}+)?$/u;

/**
 * After the plan step the plan is chosen: a word for the work ("only 5 host meetings") names no plan, unless
 * it comes with a change ("switch to calling", "we need phones too", "хотим звонки"); product names (meet, call,
 * suite) count.
 */
export function describedWorkOut(norm: string, step: string): string {
  if (step === 'plan') return norm;
  return norm.replace(WORK_NOUN, (m, at: number) => {
    // The three words before the noun decide: a change there keeps it, work done there ("just join") does not.
    const lead = norm.slice(0, at).split(' ').filter(Boolean).slice(-3).join(' ');
    return CHANGE_LEAD.test(lead) && !WORK_VERB.test(lead) ? m : ' ';
  });
}
