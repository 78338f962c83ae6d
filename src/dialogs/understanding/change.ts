import { withoutCallingNumbers } from './whole.js';
import type { Change, UserEvent } from '../../machines/upgrade.types.js';
import { describedWorkOut, plansIn } from './plan-words.js';
import { readRenewals } from './renewal-words.js';
import { propose, type Message } from './message.js';
import { countSaidAgainst, countValues, readCount } from './numbers.js';
import { fuzzyValue, matches, valuesOf } from './tables.js';
import { ruPlanUnsure } from './ru-order.js';
import type { ChangeableField, OrderField } from './intent-table.js';

/** The step whose answer a change edits; a change of the current step's own answer is just that answer. */
export function asStepAnswer(change: Change, step: string): UserEvent | undefined {
  if (change.field !== step) return undefined;
  switch (change.field) {
    case 'plan': return { type: 'CHOOSE_PLAN', plan: change.value };
    case 'renewal': return { type: 'CHOOSE_RENEWAL', renewal: change.value };
    case 'licenses': return { type: 'SET_LICENSES', count: change.value };
    case 'callback': return { type: 'SET_CALLBACK', value: change.value };
    default: return undefined;
  }
}

function changeEvent(change: Change, msg: Message, sure: boolean): UserEvent {
  const own = asStepAnswer(change, msg.view.step);
  const event: UserEvent = own ?? { type: 'CHANGE', change };
  return sure ? event : propose(event);
}

/**
 * A licence count in a message that names licences or says "make it N"; a range or an alternative ("20 or 30") is
 * asked back. Numbers that are no count (a year, a room, a price, a phone number) are not read.
 */
export function licenceCount(msg: Message, requireWord: boolean): UserEvent | undefined {
  // Numbers of phone numbers are no count ("10 лицензий и 2 новых номера с кодом 495"); at the calling-plan step
  // itself every number stays, so a count there is never taken for licences ("one per licence, so 12, in 303").
  const text = msg.view.step === 'callingPlan' ? msg.text : withoutCallingNumbers(msg.text);
  const reading = readCount(text);
  if (!reading) return undefined;
  const named = matches(msg.norm, (t) => t.licenseWord);
  const makeIt = /^(?:make it|make that|lets do|let s do|go with|давай|сделай|пусть будет|поставь)(?: |$)/u.test(msg.norm)
    || /(?:^| )(?:make|bump|lower|raise|increase|decrease|reduce|drop|set|change|cut|up|take|уменьш\p{L}*|увелич\p{L}*|сократ\p{L}*)(?: it| that| them| us| the count| the number| его| их)? (?:to|down to|up to|до) [\p{L}\p{N}]/u.test(msg.norm);
  if (requireWord && !named && !makeIt) return undefined;
  // "twelve licences not ten", "no i said 50 not 15", "не 10 а 12 лицензий": one count said against the other.
  const meant = countSaidAgainst(msg.norm);
  if (meant !== undefined && countValues(text).length === 2) return changeEvent({ field: 'licenses', value: meant }, msg, !matches(msg.norm, (t) => t.hedge));
  if (reading.kind === 'options') return { type: 'CLARIFY', clarify: { field: 'licenses', options: reading.values } };
  // "2 offices with 6 people each", "30 licenses? no, 3": other numbers around the count make it unsure.
  const all = countValues(text);
  if (all.length > 1) return { type: 'CLARIFY', clarify: { field: 'licenses', options: all } };
  const hedged = reading.hedged || matches(msg.norm, (t) => t.hedge);
  return changeEvent({ field: 'licenses', value: reading.value }, msg, !hedged);
}

/**
 * "make it 30 licenses", "switch to monthly", "change the plan to Meet", "remove the callback", "change my
 * email", "давай 30 лицензий", "переключи на ежемесячно". Undefined when the message is no edit.
 */
const changes = new WeakMap<Message, UserEvent | null>();

/** Read once per message (several readers of one turn ask); events are values, never changed by their readers. */
export function parseChange(msg: Message): UserEvent | undefined {
  let e = changes.get(msg);
  if (e === undefined) {
    e = parseChangeOnce(msg) ?? null;
    changes.set(msg, e);
  }
  return e ?? undefined;
}

function parseChangeOnce(msg: Message): UserEvent | undefined {
  const { norm, view } = msg;
  const cue = matches(norm, (t) => t.changeCue);

  const licences = licenceCount(msg, true);
  if (licences) return licences;

  if (matches(norm, (t) => t.callbackWord)) {
    const remove = matches(norm, (t) => t.removeCallback);
    // "remove the add-on": the "add" of "add-on" adds nothing.
    const add = matches(norm.replace(/(?:^| )add ?ons?(?= |$)/gu, ' '), (t) => t.addCallback);
    if (remove !== add) return changeEvent({ field: 'callback', value: add }, msg, true);
  }

  if (cue) {
    const fields = valuesOf(norm, (t) => t.fields);
    if (fields.length === 1) {
      const field = fields[0] as ChangeableField | OrderField;
      if (view.step === field) return undefined;
      // "I want to change the plan", "хочу поменять продление": the step asked again; with its value named
      // ("change the plan to meet"), the value is read below.
      // After the order (done, provisioning) there is no order to edit: "another plan" is a new purchase.
      if ((field === 'plan' || field === 'renewal' || field === 'licenses') && (view.step === 'done' || view.step === 'provisioning')) return undefined;
      if (field === 'plan' || field === 'renewal' || field === 'licenses') {
        const named = field === 'plan' ? plansIn(norm).length > 0 : field === 'renewal' ? readRenewals(norm).renewals.length > 0 : /\d/.test(norm);
        if (!named) return { type: 'CLARIFY', clarify: { field, options: [] } };
      } else return { type: 'CHANGE', change: { field } };
    }
  }

  const hedged = matches(norm, (t) => t.hedge);
  const { renewals } = readRenewals(norm);
  if (renewals.length === 1) {
    return changeEvent({ field: 'renewal', value: renewals[0] as 'annual' }, msg, !hedged && (cue || view.step === 'renewal'));
  }
  const plans = plansIn(describedWorkOut(norm, view.step));
  // "meet and call" matches suite and both parts; the suite row comes first and describes the whole.
  const plan = plans.length === 1 ? plans[0] : undefined;
  // "what is suite?" asks about a plan; the plan step answers it as help.
  if (matches(norm, (t) => t.question)) return undefined;
  if (plan !== undefined && (cue || msg.toks.length <= 3)) {
    const unsure = ruPlanUnsure(msg);
    if (unsure) return unsure;
    return changeEvent({ field: 'plan', value: plan }, msg, !hedged && (cue || view.step === 'plan'));
  }
  if (plans.length > 0 || valuesOf(norm, (t) => t.renewals).length > 0) return undefined;

  // Typos are proposed where an edit is expected: with a change word, at the cart, or at the step itself.
  const editing = cue || view.step === 'cart';
  if (editing || view.step === 'renewal') {
    const renewal = fuzzyValue(norm, 'renewalWords');
    if (renewal) return propose(changeEvent({ field: 'renewal', value: renewal }, msg, true));
  }
  if (editing || view.step === 'plan') {
    const fuzzyPlan = fuzzyValue(norm, 'planWords');
    if (fuzzyPlan) return propose(changeEvent({ field: 'plan', value: fuzzyPlan }, msg, true));
  }
  return undefined;
}
