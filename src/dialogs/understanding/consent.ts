import type { UserEvent } from '../../machines/upgrade.types.js';
import { questionPart } from './faq-search.js';
import type { Message } from './message.js';

const ACCEPT = /(?:^| )(?:i )?(?:have read and )?(?:accept|agree|agreed|consent|принимаю|согласен|согласна|согласны|соглашаюсь|подтверждаю согласие|soglasen|soglasna|prinimayu|prinimaju)(?= |$)|(?:^| )(?:yes|ok|okay|sure|да|ок) (?:to )?(?:all|everything|все|всё|со всем)(?= |$)|^(?:(?:sure|ok|okay|fine|yes|yeah) )?whatever$/u;
const ABOUT_POLICIES = /(?:^| )(?:terms|policy|policies|privacy|conditions|условия\p{L}*|политик\p{L}*|соглашени\p{L}*)(?= |$)/u;
const REFUSE = /(?:^| )(?:dont|do not|doesnt|cant|wont|not|never|refuse|decline|не|отказываюсь|против)(?= |$)|(?:^| )(?:not yet|пока нет|еще нет|ещё нет)(?= |$)|(?:^| )but(?= |$)|(?:^| )кроме(?= |$)|(?:^| )но(?= |$)/u;
/**
 * "условия принимаю, а про экстренные вызовы — нет", "terms yes, the emergency one no": a bare no refuses a part,
 * and one policy refused is no consent; "вопросов нет", "no problem" say nothing against it.
 */
const NO_TO_A_PART = /(?:^| )(?:нет|no|nope|nah)(?= |$)/u;
const NO_BUT_FINE = /(?:^| )(?:(?:вопросов|возражений|проблем|замечаний) нет|нет (?:вопросов|возражений|проблем|замечаний)|no (?:problem|problems|questions|objections|worries|issues)|no prob)(?= |$)/gu;

/**
 * The policies step: an acceptance in words ("ok fine i accept the terms", "yes to all three", "принимаю все"),
 * refused by any negation or reservation ("I don't agree with the privacy policy", "accept but not the emergency
 * one", "not yet"): an acceptance is recorded only when nothing in the message holds it back.
 */
export function parseConsent(msg: Message): UserEvent | undefined {
  // "where can i read the privacy policy", "terms???": about the policies, which the step's help links to.
  if (ABOUT_POLICIES.test(msg.norm) && (msg.raw.includes('?') || questionPart(msg.raw) !== '' || /^(?:where|what|which|how|show|link|где|что|какие|покажи)(?= |$)/u.test(msg.norm))) return { type: 'HELP' };
  // "accept... hmm, wait", "do I have to accept?": a question or a pause is no acceptance.
  if (msg.raw.includes('?') || /(?:^| )(?:wait|hmm|hold on|hang on|подожд\p{L}*|погод\p{L}*|стоп)(?= |$)/u.test(msg.norm)) return undefined;
  const accept = ACCEPT.test(msg.norm);
  const refuse = REFUSE.test(msg.norm) || NO_TO_A_PART.test(msg.norm.replace(NO_BUT_FINE, ' '));
  if (refuse && (accept || /(?:agree|accept|согла|принима|terms|policy|политик|услови)/u.test(msg.norm) || /(?:^| )(?:not yet|пока нет|еще нет)(?= |$)/u.test(msg.norm))) return { type: 'NO' };
  if (accept) return { type: 'YES' };
  return undefined;
}
