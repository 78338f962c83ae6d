import type { Clarify, EarlyAnswers, OrderAnswers } from '../../machines/upgrade.types.js';
import type { Renewal } from '../../domain/types.js';
import type { Message } from './message.js';
import { isValidSiteName } from '../../machines/upgrade.flow.js';
import { normalise, phrase } from './normalise.js';
import { readRenewals } from './renewal-words.js';
import { describedWorkOut, plansIn } from './plan-words.js';
import { countSaidAgainst, readCount } from './numbers.js';
import type { IntentTable } from './intent-table.js';
import { TABLES, matches } from './tables.js';
import { ruCallbackOpen } from './ru-order.js';

/** Everything one message says about the order, read at any step. */
export interface Reading {
  answers: OrderAnswers;
  early: EarlyAnswers;
  /** A field the message left unsure: a range, a hedge, two values that conflict. */
  clarify?: Clarify;
}

const CALLBACK = phrase('call ?backs?|callback add ?ons?|обратн\\p{L}* (вызов\\p{L}*|звон\\p{L}*)|колб[эе]к\\p{L}*|коллб[эе]к\\p{L}*');
const NO_ADDONS = phrase('(no|without|skip( the)?|dont need( the| any)?) (add ?ons?|extras)|без (надстро\\p{L}*|дополнени\\p{L}*|доп\\p{L}*)|надстро\\p{L}* не (нужн\\p{L}*|надо)');
const NOT_LICENCE_NOUN = /^(?:new |нов\p{L}* )?(?:numbers?|lines?|dids?|номер\p{L}*|лини\p{L}*|days?|дн\p{L}*|дней|months?|месяц\p{L}*|years?|лет|год|года|%|usd|\$|dollars?|долл\p{L}*|руб\p{L}*)(?= |$)/u;

const SITE_NAMED = /(?:^|[^\p{L}])(?:site|сайт|(?:имя|название|адрес) сайта)(?:\s+(?:name|url|address|имя|адрес))?(?:\s+(?:should|can|could|will|would|must|shall|to|is|=|будет|пусть будет|назови|хотим|хочу|пусть|нужен|лучше|пусть лучше|:))*(?:\s+(?:be|to be|called|named))?\s*[:=]?\s+["'«]?([a-z0-9][a-z0-9-]{1,61}[a-z0-9])["'»]?(?=[\s,.;!?]|$)/iu;

/** Words that follow "site name" without being one: "the site name from my email is fine", "site name of my choice". */
const NOT_A_SITE_NAME = new Set(['name', 'url', 'address', 'link', 'from', 'of', 'for', 'in', 'on', 'with', 'the', 'my', 'our', 'your', 'that', 'this', 'it', 'and', 'or', 'as', 'is', 'was', 'not', 'no', 'yes', 'ok', 'same', 'later', 'whatever', 'anything']);

/** The add-on joined to another answer: "20 и обратный вызов", "5 шт и колбэк", "18 users + callback", "12 with callback". */
const JOINED_CALLBACK = /(?:\+|\band\b|\bplus\b|\bwith\b|(?:^|\s)(?:и|с|со|плюс|ещё|еще))\s*(?:the\s+|a\s+)?(?:call ?back|обратн\p{L}*\s+(?:вызов|звонок|звонком|вызовом)|колб[эе]к\p{L}*|коллб[эе]к\p{L}*)/u;

const CANCEL_WORD = phrase('cancel|отмен\\p{L}*');

function onlyOne<T>(values: T[]): T | undefined {
  return values.length === 1 ? values[0] : undefined;
}

/** "with callback", "no callback", "без обратного вызова", "no add-ons": undefined when not said or unclear. */
function callbackOf(msg: Message): boolean | 'both' | undefined {
  if (matches(msg.norm, () => NO_ADDONS)) return false;
  // "callback... actually no callback": every mention counts, and two that disagree are asked back.
  const said = new Set<boolean>();
  let bare = false;
  for (const m of msg.norm.matchAll(new RegExp(CALLBACK.source, 'gu'))) {
    const v = mentionOf(msg.norm, m.index, m[0].length);
    if (v === undefined) bare = true; else said.add(v);
  }
  // A bare mention in a list is a yes ("meet, 15, callback"): taken back later ("... actually no callback"), unsure.
  if (bare && said.has(false)) return 'both';
  return said.size > 1 ? 'both' : [...said][0];
}

function mentionOf(norm: string, index: number, length: number): boolean | undefined {
  // The words just before "callback" decide: "no callback", "with callback", "без обратного вызова".
  const before = norm.slice(Math.max(0, index - 24), index + 1);
  const remove = matches(before, (t) => t.removeCallback) || CANCEL_WORD.test(before);
  // "не нужен" and "don't need" hold the add words "нужен" and "need": they are a no only.
  const add = matches(before.replace(/(?:не|not|dont|do not|no) (?:нужен|нужно|нужна|надо|need|want)/gu, ' '), (t) => t.addCallback);
  if (remove && !add) return false;
  if (add && !remove) return true;
  const after = norm.slice(index + length, index + length + 24);
  if (/^ (?:too|as well|please|also|sounds good|is good|would be (?:good|nice|great)|yes|on|true|added|тоже|также|нужен|нужно|надо|да|добавить|добавьте|добавь|подключить|подключите)(?= |$)/u.test(after)) return true;
  if (/^ (?:no|none|off|false|not needed|removed|dropped|не нужен|не нужно|не надо|нет|не берем|не требуется|убрать|уберите|убери|удалить|удалите|отключить|отключите)(?= |$)/u.test(after)) return false;
  return undefined;
}

/** A hedge ("maybe", "наверное") in the few words before what a row matched: "maybe annual", not "annual, maybe 25". */
function hedgedNear(norm: string, pick: (t: IntentTable) => readonly (readonly [RegExp, unknown])[]): boolean {
  for (const t of TABLES) {
    for (const [re] of pick(t)) {
      const m = re.exec(norm);
      // A number between the hedge and the period takes the hedge ("около 8 10 на год" hedges the count only).
      if (m && matches(norm.slice(Math.max(0, m.index - 20), m.index + 1).replace(/^.*\d/u, ''), (x) => x.hedge)) return true;
    }
  }
  return false;
}

/** The plan named, "suite" for "meet and call"; several different ones are unsure. */
function planOf(norm: string, known: ReadonlySet<string>): { plan?: string; options?: string[] } {
  const plans = plansIn(norm).filter((p) => known.has(p));
  // "meet or suite": an alternative, unlike "meet and call" (which is Suite).
  if (plans.length > 1 && /(?:^| )(?:or|или|либо)(?= |$)/u.test(norm)) return { options: plans.filter((p, i) => plans.indexOf(p) === i) };
  if (plans.length === 1) return { plan: plans[0] as string };
  return plans.length > 1 ? { options: plans } : {};
}

/** "2 new numbers in 512", "area code 702", "5 номеров, код 495", "30 or 40 lines" (all of it): calling-plan numbers, never licences. */
const CALLING_NUMBERS = /(?<!\d)(?:\d+\s*(?:or|to|-|–|или|до)\s*)?\d+\s+(?:new\s+|нов\p{L}*\s+)?(?:numbers?|lines?|dids?|ones? in|номер\p{L}*|лини\p{L}*)|(?:^|[\s,])(?:in|area(?: code)?|code|код(?: города)?|кодом|коде|коду|в)\s+\d{2,4}(?!\d)/giu;

/** The text with numbers of phone numbers blanked ("2 new numbers", "в коде 495"): they are never a licence count. */
export function withoutCallingNumbers(text: string): string {
  return text.replace(CALLING_NUMBERS, (m) => ' '.repeat(m.length));
}

/** A licence count: next to a licence word, or a bare number among other answers. Never a number of numbers. */
function licencesOf(msg: Message, otherAnswers: boolean): { count?: number; options?: number[]; hedged?: boolean } {
  const reading = readCount(withoutCallingNumbers(msg.text));
  if (!reading) return {};
  const after = normalise(msg.text.slice(reading.end)).slice(0, 30);
  if (NOT_LICENCE_NOUN.test(after)) return {};
  const named = matches(msg.norm, (t) => t.licenseWord);
  if (!named && !otherAnswers && msg.view.step !== 'licenses') return {};
  // "the emergency calling one": "one" without a licence word among other answers is no count; digits and other
  // number words are ("ежегодно, пятнадцать").
  if (!named && msg.view.step !== 'licenses' && !/\d/.test(msg.text) && (reading.kind !== 'exact' || reading.value < 2)) return {};
  // "meet, 12 not 10", "не 10 а 12 лицензий": the count said against the other is meant.
  const meant = reading.kind === 'options' && reading.values.length === 2 ? countSaidAgainst(msg.norm) : undefined;
  if (meant !== undefined && reading.kind === 'options' && reading.values.includes(meant)) return { count: meant };
  if (reading.kind === 'options') return { options: reading.values };
  return reading.hedged ? { options: [reading.value], hedged: true } : { count: reading.value };
}

/**
 * Reads every order answer a message gives ("Suite, annual, 25 users with callback"), with the callback phrase
 * taken out before plans are read (so "call back" names no plan) and the spans (emails, sites) already blanked.
 */
const readings = new WeakMap<Message, Reading>();

/** A message is read whole by several readers in one turn: the reading is made once per message, and handed out as a copy. */
export function readWhole(msg: Message): Reading {
  let r = readings.get(msg);
  if (r === undefined) {
    r = readWholeOnce(msg);
    readings.set(msg, r);
  }
  return r.clarify ? { answers: { ...r.answers }, early: { ...r.early }, clarify: r.clarify } : { answers: { ...r.answers }, early: { ...r.early } };
}

function readWholeOnce(msg: Message): Reading {
  const answers: OrderAnswers = {};
  const early: EarlyAnswers = {};
  let clarify: Clarify | undefined;
  const known = new Set(msg.view.catalog.plans.map((p) => p.id));

  const openCallback = ruCallbackOpen(msg.norm);
  const callback = openCallback ? undefined : callbackOf(msg);
  if (callback === 'both') clarify = { field: 'callback', options: [true, false] };
  else if (callback !== undefined) answers.callback = callback;
  const bareCallback = !openCallback && callback === undefined && CALLBACK.test(msg.norm) && !matches(msg.norm, (t) => t.removeCallback);
  const withoutCallback = msg.norm.replace(new RegExp(CALLBACK.source, 'gu'), ' ').replace(new RegExp(NO_ADDONS.source, 'gu'), ' ');

  // "meet instead of suite", "not suite", "вместо сьюта": the plan left behind is no answer.
  const plan = planOf(describedWorkOut(withoutCallback, msg.view.step).replace(/(?:^| )(?:instead of|rather than|not|no|вместо|не) (?:the )?\p{L}+/gu, ' '), known);
  if (plan.plan) answers.plan = plan.plan;
  else if (plan.options) clarify = { field: 'plan', options: plan.options };

  const { norm: periods, renewals } = readRenewals(withoutCallback);
  const hedged = renewals.length === 1 && hedgedNear(periods, (t) => t.renewals);
  const renewal = onlyOne(renewals);
  if (renewal && !hedged) answers.renewal = renewal;
  else if (renewals.length > 0) clarify ??= { field: 'renewal', options: renewals.length > 1 ? renewals : [renewal as Renewal] };

  const others = Object.keys(answers).length > 0;
  const lic = licencesOf(msg, others);
  if (lic.count !== undefined) answers.licenses = lic.count;
  else if (lic.options) clarify ??= { field: 'licenses', options: lic.options };
  if (openCallback) clarify ??= { field: 'callback', options: openCallback };
  // "suite annual 10 callback": named in a list of answers, the add-on is wanted; "callback maybe", "what does
  // callback do" are not a yes.
  if (bareCallback && Object.keys(answers).length >= 1) {
    const m = CALLBACK.exec(msg.norm) as RegExpExecArray;
    const near = msg.norm.slice(Math.max(0, m.index - 24), m.index + m[0].length + 24);
    if (matches(near, (t) => t.hedge) || /\?/u.test(msg.raw.slice(m.index))) clarify ??= { field: 'callback', options: [true] };
    else if (!matches(near, (t) => t.question) && (Object.keys(answers).length >= 2 || JOINED_CALLBACK.test(msg.raw.toLowerCase()))) answers.callback = true;
  }

  for (const s of msg.spans) {
    if (s.kind === 'email' && early.email === undefined) early.email = s.value;
    if (s.kind === 'site' && early.siteUrl === undefined) early.siteUrl = s.value;
  }
  // "site name can be acme-nyc", "site chi-team", "сайт acme-team": a site name said in words.
  const site = SITE_NAMED.exec(msg.text);
  if (site?.[1] && early.siteUrl === undefined && isValidSiteName(site[1].toLowerCase()) && !NOT_A_SITE_NAME.has(site[1].toLowerCase())) early.siteUrl = site[1].toLowerCase();
  return clarify ? { answers, early, clarify } : { answers, early };
}

/** How many separate things a reading holds. */
export function readingSize(r: Reading): number {
  return Object.keys(r.answers).length + Object.keys(r.early).length + (r.clarify ? 1 : 0);
}

