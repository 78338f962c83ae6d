import { withBut } from './cart-step.js';
import type { UserEvent } from '../../machines/upgrade.types.js';
import { licenceCount } from './change.js';
import { plansIn } from './plan-words.js';
import { readRenewals } from './renewal-words.js';
import { NOT_UNDERSTOOD, propose, type Message } from './message.js';
import { findNumbers } from './numbers.js';
import { fuzzyValue, matches, valuesOf, yesNo } from './tables.js';
import { ruCallbackUnsure, ruCountUnsure, ruHedged, ruPlanUnsure } from './ru-order.js';

export function parsePlan(msg: Message): UserEvent | undefined {
  const known = new Set(msg.view.catalog.plans.map((p) => p.id));
  const plans = plansIn(msg.norm);
  const plan = plans.length === 1 ? plans[0] : undefined;
  if (plan !== undefined && known.has(plan)) {
    // "what is suite?" asks about the plan; answering it with a choice would skip the user's question.
    if (matches(msg.norm, (t) => t.question)) return { type: 'HELP' };
    const unsure = ruPlanUnsure(msg);
    if (unsure) return unsure;
    return ruHedged(msg) ? propose({ type: 'CHOOSE_PLAN', plan }) : { type: 'CHOOSE_PLAN', plan };
  }
  if (plans.length > 1) return NOT_UNDERSTOOD;
  // A catalog the operator replaced may hold plans the phrasebook does not know: match their names too.
  const byName = msg.view.catalog.plans.find((p) => msg.norm === p.id || msg.norm === p.name.en.toLowerCase() || msg.norm === p.name.ru.toLowerCase());
  if (byName) return { type: 'CHOOSE_PLAN', plan: byName.id };
  if (matches(msg.norm, (t) => t.start)) return { type: 'START' };
  const typo = fuzzyValue(msg.norm, 'planWords');
  if (typo !== undefined && known.has(typo)) return propose({ type: 'CHOOSE_PLAN', plan: typo });
  return undefined;
}

/** "всё равно", "любой", "either is fine", "doesn't matter": no choice made, so both are offered again. */
const EITHER_RENEWAL = /^(?:(?:мне|нам|да|ну) )*(?:вс[её] равно|без разницы|любой|любая|любое|и так и так(?: норм\p{L}*| пойдет| подойдет| ок)?|не важно|неважно|either(?: one| is fine| works)?|any(?: is fine)?|whatever|doesnt matter|does not matter|dont care|no preference|both (?:are )?fine)(?: (?:какой|какая|что|which(?:ever)?) (?:дешевле|выгоднее|is cheaper|cheaper))?$/u;

/** "the cheaper one", "подешевле": annual costs less per license, but is paid for the year, so it is proposed. */
const CHEAPER_RENEWAL = /^(?:(?:the|a|whichever|whatever|which ever|one|is|thats|that is|ok|then|давайте|тот|та|что|который|которая) )*(?:cheaper|cheapest|less expensive|подешевле|дешевле|самый дешевый|самая дешевая|выгоднее|самый выгодный)(?: one| option| plan| вариант| тариф)?$/u;

export function parseRenewal(msg: Message): UserEvent | undefined {
  if (CHEAPER_RENEWAL.test(msg.norm)) return propose({ type: 'CHOOSE_RENEWAL', renewal: 'annual' });
  if (EITHER_RENEWAL.test(msg.norm)) return { type: 'CLARIFY', clarify: { field: 'renewal', options: ['annual', 'monthly'] } };
  const { renewals } = readRenewals(msg.norm);
  if (renewals.length === 1) {
    const renewal = renewals[0] as 'annual';
    return matches(msg.norm, (t) => t.hedge) ? propose({ type: 'CHOOSE_RENEWAL', renewal }) : { type: 'CHOOSE_RENEWAL', renewal };
  }
  if (renewals.length > 1) return NOT_UNDERSTOOD;
  if (valuesOf(msg.norm, (t) => t.renewals).length > 0) return undefined;
  const typo = fuzzyValue(msg.norm, 'renewalWords');
  if (typo) return propose({ type: 'CHOOSE_RENEWAL', renewal: typo });
  return undefined;
}

export function parseLicences(msg: Message): UserEvent | undefined {
  return ruCountUnsure(msg) ?? licenceCount(msg, false);
}

export function parseCallback(msg: Message): UserEvent | undefined {
  const unsure = ruCallbackUnsure(msg);
  if (unsure) return unsure;
  const answer = yesNo(msg.raw, msg.norm);
  if (answer) return { type: 'SET_CALLBACK', value: answer === 'yes' };
  if (matches(msg.norm, (t) => t.callbackWord) || msg.toks.length <= 4) {
    const remove = matches(msg.norm, (t) => t.removeCallback);
    const add = matches(msg.norm, (t) => t.addCallback);
    if (remove !== add) return { type: 'SET_CALLBACK', value: add };
  }
  return undefined;
}

export function parseCart(msg: Message): UserEvent | undefined {
  if (matches(msg.norm, (t) => t.checkout) && !withBut(msg)) return { type: 'CHECKOUT' };
  // A bare number at the cart is most likely a new licence count, but it was not said: ask.
  const nums = findNumbers(msg.text);
  const [only] = nums;
  if (nums.length === 1 && only && only.to - only.from === msg.toks.length) {
    return propose({ type: 'CHANGE', change: { field: 'licenses', value: only.value } });
  }
  return undefined;
}
