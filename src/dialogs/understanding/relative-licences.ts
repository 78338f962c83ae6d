import type { UserEvent } from '../../machines/upgrade.types.js';
import type { Message } from './message.js';

/** Counts as people write them next to "more" and "less" (digits are read as they are). */
const WORDS = new Map<string, number>([
  ['a', 1], ['an', 1], ['one', 1], ['another', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6],
  ['seven', 7], ['eight', 8], ['nine', 9], ['ten', 10], ['один', 1], ['одну', 1], ['одна', 1], ['одно', 1],
  ['два', 2], ['две', 2], ['три', 3], ['четыре', 4], ['пять', 5], ['шесть', 6], ['семь', 7], ['восемь', 8],
  ['девять', 9], ['десять', 10],
]);
const N = '(\\d{1,3}|a|an|one|another|two|three|four|five|six|seven|eight|nine|ten|один|одну|одна|одно|два|две|три|четыре|пять|шесть|семь|восемь|девять|десять)';
const UNIT = '(?:\\s+(?:more\\s+|extra\\s+|additional\\s+)?(?:licen[cs]es?|seats?|users?|people|persons?|лиценз\\p{L}*|пользовател\\p{L}*|мест\\p{L}*|человек|штук\\p{L}*))?';

/** [pattern, sign, sure]: the first that reads the whole message wins. */
const FORMS: [RegExp, 1 | -1, boolean][] = [
  // "2 more", "add 3 more seats", "another license", "plus 2", "ещё 3 лицензии", "на 2 больше", "докупить 2"
  [new RegExp(`^(?:add|get|give me|make it|we need|i need|need|want|plus|\\+)?\\s*${N}\\s+(?:more|extra|additional)${UNIT}$`, 'iu'), 1, true],
  [new RegExp(`^(?:add\\s+)?another(?:\\s+(\\d{1,3}))?${UNIT}$`, 'iu'), 1, true],
  [new RegExp(`^(?:increase(?:\\s+it)?|bump(?:\\s+it)?(?:\\s+up)?|up\\s+it)\\s+by\\s+${N}${UNIT}$|^plus\\s+${N}${UNIT}$|^\\+\\s*(\\d{1,3})${UNIT}$`, 'iu'), 1, true],
  [new RegExp(`^(?:(?:добав\\p{L}*|нужн\\p{L}*|нужен|давайте|докин\\p{L}*)\\s+)?ещ[её]\\s+${N}${UNIT}$|^на\\s+${N}${UNIT}\\s+больше$|^плюс\\s+${N}${UNIT}$|^(?:докуп\\p{L}*|увелич\\p{L}*\\s+на)\\s+${N}${UNIT}$`, 'iu'), 1, true],
  // "add 2 licenses" at an order that has some: two more, or two in all; asked back.
  [new RegExp(`^(?:add|добав\\p{L}*)\\s+${N}${UNIT}$`, 'iu'), 1, false],
  // "one less", "2 fewer seats", "minus 2", "reduce by 3", "на 2 меньше", "минус одну", "сократите на 2"
  [new RegExp(`^${N}${UNIT}\\s+(?:less|fewer)${UNIT}$|^minus\\s+${N}${UNIT}$|^(?:reduce|decrease|lower|cut|drop)(?:\\s+it)?\\s+by\\s+${N}${UNIT}$`, 'iu'), -1, true],
  [new RegExp(`^на\\s+${N}${UNIT}\\s+меньше$|^минус\\s+${N}${UNIT}$|^(?:сократ\\p{L}*|уменьш\\p{L}*|сниз\\p{L}*)\\s+на\\s+${N}${UNIT}$`, 'iu'), -1, true],
  // "remove 2 licenses", "уберите 2 лицензии": two fewer, or down to two; asked back.
  [new RegExp(`^(?:remove|drop|take off|take away|убер\\p{L}*|убра\\p{L}*|удал\\p{L}*)\\s+${N}${UNIT}$`, 'iu'), -1, false],
];

/** Words around the change that say nothing more: "ok, 2 more please", "давайте ещё 2, спасибо". */
const FILLER = /(?:^|\s)(?:please|pls|plz|thanks|thank you|thx|ok|okay|so|and|actually|hmm|sorry|then|to (?:the|my|our) (?:order|cart)|on (?:the|my|our) order|пожалуйста|плиз|спасибо|ну|тогда|давайте|ок|в заказ|к заказу|в корзину|нам|мне)(?=\s|$)/giu;

/** An approval before the change: "looks good but 2 more", "всё ок, но ещё 2". */
const APPROVAL_BUT = /^(?:(?:looks|it'?s|that'?s|all|everything)\s+(?:good|fine|great|ok|okay|right)|great|perfect|fine|good|yes|yeah|yep|ok|okay|да|хорошо|отлично|вс[её]\s+(?:ок|хорошо|норм|верно|отлично))\s+(?:but|only|just|но|только)\s+/u;

/**
 * A message that changes the licence count relative to the count so far, and says nothing else. Undefined for
 * anything more ("2 more and add callback" is read elsewhere) and for counts that are no change ("2 more days").
 */
export function readRelativeLicences(msg: Message): UserEvent | undefined {
  if (!/(?:more|extra|additional|another|less|fewer|plus|minus|\+|increase|bump|reduce|decrease|lower|cut|by|add|remove|drop|take|ещ[её]|больше|меньше|плюс|минус|докуп|увелич|сократ|уменьш|сниз|добав|убер|убра|удал)/iu.test(msg.raw)) return undefined;
  const text = msg.raw.toLowerCase().replace(/[,.!;:]+/gu, ' ').replace(/\s+/gu, ' ').trim().replace(APPROVAL_BUT, '')
    .replace(FILLER, ' ').replace(/\s+/gu, ' ').trim();
  for (const [form, sign, sure] of FORMS) {
    const m = form.exec(text);
    if (!m) continue;
    const said = m.slice(1).find((g) => g !== undefined);
    const count = said === undefined ? 1 : /^\d+$/u.test(said) ? Number(said) : WORDS.get(said);
    if (count === undefined || count < 1) return undefined;
    return { type: 'ADJUST_LICENSES', by: sign * count, sure };
  }
  return undefined;
}
