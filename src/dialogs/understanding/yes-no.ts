import { matches } from './tables.js';

/** A yes or a no said with more than one word, weighed: people hedge, set conditions and change their minds. */
export type WeighedYesNo =
  | { kind: 'firm'; answer: 'yes' | 'no' }
  | { kind: 'hedged'; answer: 'yes' | 'no' }
  | { kind: 'both' }
  | { kind: 'condition' };

const YES_WORDS = /(?:^| )(?:yes|yeah|yep|yup|sure|ok|okay|да|ага|угу|конечно)(?= |$)/gu;
const NO_WORDS = /(?:^| )(?:no|nope|nah|нет|неа)(?= |$)(?! (?:idea|clue|problem|worries))/gu;
const CONDITION = /(?:^| )(?:if|unless|depends|depending|если|смотря)(?= |$)/u;
/** "да нет" and "конечно нет" are a Russian no; "of course not" an English one. */
const IDIOMATIC_NO = /^(?:да нет|конечно нет|of course not|sure not)(?= |$)/u;
/** "да... хотя нет, не надо", "yes, wait, actually no": the last word after a correction counts. */
const CORRECTION = /(?:^| )(?:хотя|ой|actually|wait|on second thought|nah actually)(?= |$)/u;
const FIRM_NO_AFTER = /(?:^| )(?:не надо|не нужно|не нужен|dont need it|not needed|no thanks)$/u;

/** Undefined when the message has no yes or no word, or is a plain one (left to the caller's `yesNo`). */
export function weighYesNo(norm: string): WeighedYesNo | undefined {
  const said = norm.replace(IDIOMATIC_NO, 'нет');
  const yes = (said.match(YES_WORDS) ?? []).length > 0;
  const no = (said.match(NO_WORDS) ?? []).length > 0;
  if (!yes && !no) return undefined;
  const hedged = matches(said, (t) => t.hedge);
  if (yes && no) {
    if (CORRECTION.test(said) && FIRM_NO_AFTER.test(said) && !hedged) return { kind: 'firm', answer: 'no' };
    return { kind: 'both' };
  }
  if (CONDITION.test(said)) return { kind: 'condition' };
  const answer = yes ? 'yes' : 'no';
  if (hedged) return { kind: 'hedged', answer };
  return said !== norm ? { kind: 'firm', answer } : undefined;
}
