import type { UserEvent } from '../../machines/upgrade.types.js';
import { NOT_UNDERSTOOD, propose, type Message } from './message.js';
import { editDistance } from './fuzzy.js';
import { questionPart } from './faq-search.js';
import { matches, yesNo } from './tables.js';
import { readWhole } from './whole.js';
import { hasCyrillic, normalise } from './normalise.js';
import { latinRussianAnswer, OTHER_NAME_EN, OTHER_NAME_RU, toLatin, withoutRussianFiller } from './site-name-words.js';

// Tried only where a run of local-part characters starts: from every position of a long run without an "@" each
// attempt would scan to the run's end again (quadratic).
const EMAIL = /(?<![\p{L}\p{N}._%+'-])[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/u;
const EMAIL_STRICT = /^[\p{L}\p{N}._%+'-]+@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+[\p{L}]{2,}$/u;

/** Domains people mistype most; a near miss is proposed, never corrected silently. */
const COMMON_DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com', 'yandex.ru', 'mail.ru', 'cisco.com'];

export function findEmail(raw: string): string | undefined {
  const m = EMAIL.exec(raw);
  return m ? m[0].replace(/(?<!\.)\.+$/, '').toLowerCase() : undefined;
}

export function isValidEmail(email: string): boolean {
  return email.length <= 254 && EMAIL_STRICT.test(email) && !email.includes('..');
}

/** "jane at acme dot example", "r.singh @ acme.example": an address said or spaced out, as typed. */
export function spokenEmail(raw: string): string {
  const spaced = raw.replace(/([\p{L}\p{N}._%+'-])\s+@\s*(?=[\p{L}\p{N}])|([\p{L}\p{N}._%+'-])\s*@\s+(?=[\p{L}\p{N}])/gu, (_m, a?: string, b?: string) => `${a ?? b ?? ''}@`);
  const m = /^\s*([\p{L}\p{N}._%+'-]+) at ([\p{L}\p{N}-]+(?: dot [\p{L}\p{N}-]+)+)\s*$/iu.exec(spaced);
  return m ? `${m[1]}@${(m[2] as string).replace(/ dot /giu, '.')}` : spaced;
}

/** "i meant bob@... not bob@...", "a@... instead of b@...": the address said to be wrong is no answer. */
function disowned(raw: string, start: number): boolean {
  return /(?:^|\s)(?:not|instead of|rather than|не)\s+$/iu.test(raw.slice(Math.max(0, start - 14), start));
}

/** Words that take the first of two emails back: "bob@... no wait, robert@...", "ой, то есть ...". */
const SELF_CORRECTED = /(?:^| )(?:no|nope|wait|sorry|oops|i mean|actually|rather|scratch that|нет|ой|то есть|точнее|вернее|извините|сорри)(?= |$)/u;

export function parseEmail(msg: Message): UserEvent | undefined {
  // Two addresses ("bob@... no wait, robert@...", "either a@... or b@...") or a guess ("probably tom@...?"): the
  // last one is proposed, never taken.
  const emails = [...new Set(msg.spans.filter((s) => s.kind === 'email' && !disowned(msg.raw, s.start)).map((s) => s.value))];
  const last = emails[emails.length - 1];
  // "either a@... or b@..., not sure which": both offered; "bob@... no wait, robert@...": the last one proposed.
  if (emails.length > 1 && !SELF_CORRECTED.test(msg.norm)) return { type: 'CLARIFY', clarify: { field: 'email', options: emails } };
  if (last && (emails.length > 1 || matches(msg.norm, (t) => t.hedge) || /\?\s*$/.test(msg.raw))) return propose({ type: 'GIVE_EMAIL', email: last });
  const email = last ?? findEmail(spokenEmail(msg.raw));
  if (email === undefined) return msg.raw.includes('@') ? NOT_UNDERSTOOD : undefined;
  if (!isValidEmail(email)) return NOT_UNDERSTOOD;
  const [local, domain] = email.split('@') as [string, string];
  const near = COMMON_DOMAINS.find((d) => d !== domain && editDistance(d, domain) === 1);
  if (near && !COMMON_DOMAINS.includes(domain)) return propose({ type: 'GIVE_EMAIL', email: `${local}@${near}` });
  return { type: 'GIVE_EMAIL', email };
}

const DIGIT_WORDS: Record<string, string> = { zero: '0', oh: '0', o: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
  ноль: '0', один: '1', два: '2', три: '3', четыре: '4', пять: '5', шесть: '6', семь: '7', восемь: '8', девять: '9' };
/** "nine eight seven six five four": a code read out digit by digit. */
function spokenDigits(norm: string): string | undefined {
  const m = /(?:^| )((?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ноль|один|два|три|четыре|пять|шесть|семь|восемь|девять) ){5}(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ноль|один|два|три|четыре|пять|шесть|семь|восемь|девять))(?= |$)/u.exec(norm);
  return m ? (m[1] as string).split(' ').map((w) => DIGIT_WORDS[w]).join('') : undefined;
}
/** "code expired, another one?", "again pls", "not in spam either": at this step, a wish for a new code. */
const ANOTHER_CODE = /(?:^| )(?:another(?: one)?|again|expired|new one|one more|not (?:in|there)|nothing (?:came|arrived)|ещ[её] раз|ещ[её] один|новый|истек\p{L}*|не пришел|не пришло)(?= |$)/u;
/** "how long is the code valid", "code?", "which code do i use": about the code, not a code. */
const ABOUT_CODE = /(?:^| )(?:code|codes|verify|verification|код\p{L}*|подтвержд\p{L}*)(?= |$)/u;

/** A 6-digit code, also typed with spaces or dashes ("1 2 3 4 5 6", "123-456") or in words. */
export function parseCode(msg: Message, hashCode: (code: string) => string): UserEvent | undefined {
  // "wrong email, it's jane.doe@...", "send it to it@globex.example instead": another address to send the code to.
  if (msg.spans.some((x) => x.kind === 'email')) return parseEmail(msg);
  if (matches(msg.norm, (t) => t.resend)) return { type: 'RESEND_CODE' };
  const spoken = spokenDigits(msg.norm);
  if (spoken) return { type: 'GIVE_CODE', codeHash: hashCode(spoken) };
  const sixDigits = /(?:^|\D)\d(?:[\s-]*\d){5}(?!\d)/.test(msg.raw);
  if (!sixDigits && ANOTHER_CODE.test(msg.norm) && msg.spans.length === 0) return { type: 'RESEND_CODE' };
  // "why do I need to verify" is no question the step's help answers.
  const asks = msg.raw.includes('?') || questionPart(msg.raw) !== '' || /(?:^| )(?:which|what|how|where|when)(?= |$)/u.test(msg.norm);
  if (!sixDigits && ABOUT_CODE.test(msg.norm) && asks && !/(?:^| )(?:why|зачем|почему)(?= |$)/u.test(msg.norm)) return { type: 'HELP' };
  const runs = msg.raw.match(/\d(?:[\s-]*\d)*/g) ?? [];
  const codes = runs.map((r) => r.replace(/[\s-]/g, ''));
  if (codes.length === 1 && (codes[0] as string).length === 6) return { type: 'GIVE_CODE', codeHash: hashCode(codes[0] as string) };
  if (codes.length > 0) return NOT_UNDERSTOOD;
  return undefined;
}

/** "acme", "https://acme.webex.com", "call it acme-team", "давай acme". */
/** "something else", "change it", "another name": the name offered is not wanted, no other is given. */
const NOT_THIS_NAME = /(?:^| )(?:something (?:else|different)|another (?:one|name)|a different (?:one|name)|different (?:one|name)|change it|другое|другой|поменять|измени\p{L}*)(?= |$)/u;
/** "keep... actually no, acme-eu": what follows the last correction is meant. */
const CORRECTED = /^.*(?:^|[\s,.])(?:actually|no wait|i mean|or rather|scratch that|вернее|точнее|то есть)(?:[\s,.:]+|$)/iu;

/** Words around a name that say it will do ("romashka подходит, оставляем") or hedge it ("может romashkateam?", asked back). */
const AROUND_NAME_RU = /(?:^|\s)(?:подходит|подойдет|подойдёт|оставляем|оставим|оставьте|годится|сойдет|сойдёт|устраивает|норм|нормально|ок|отлично|пж|плз|спасибо|может|может быть|наверное|возможно)(?=\s|$)/gu;

export function parseSiteName(msg: Message): UserEvent | undefined {
  const latin = msg.view.locale === 'ru' && !hasCyrillic(msg.raw) ? latinRussianAnswer(msg.norm) : undefined;
  if (latin) return { type: latin === 'yes' ? 'YES' : 'NO' };
  const answer = yesNo(msg.raw, msg.norm);
  if (answer === 'no') return { type: 'NO' };
  // "keep it and make it 20 licences": a keep that comes with more is left to the rest of the reading.
  // A name given as a span ("пусть будет vektor.webex.com") is that name, whatever words keep it.
  const site = msg.spans.find((s) => s.kind === 'site');
  if (site) return { type: 'GIVE_SITE_URL', name: site.value };
  const alone = !/\d/.test(msg.raw) && Object.keys(readWhole(msg).answers).length === 0;
  if (answer === 'yes' || (alone && matches(msg.norm, (t) => t.keepSite) && !CORRECTED.test(msg.raw))) return { type: 'YES' };
  // "maybe acmeteam?" is a guess; "how about acmecorp" is a choice.
  const guess = matches(msg.norm.replace(/(?:^| )(?:how|what) about(?= |$)/u, ' '), (t) => t.hedge) || /\?\s*$/.test(msg.raw);
  const cleaned = msg.raw
    .toLowerCase()
    .replace(CORRECTED, '')
    .replace(/^(?:(?:hmm+|well|so|ok|okay|maybe|perhaps|probably|i think|i guess)[\s,.]+)+/u, '')
    .replace(/\?+\s*$/u, '')
    .replace(/^(?:(?:no|nah|nope|нет)[\s,.!]+)?/u, '')
    .replace(/^(?:(?:how about|what about|call it|name it|use|let'?s use|let'?s go with|(?:can|could|may) (?:we|i) (?:use|have|get|go with)|i'?d prefer|i prefer|prefer|we'?d like|we want|go with|let'?s do|set it to|i want|i'd like|i'?d rather (?:have|use|go with)|i would rather (?:have|use|go with)|make it|try|change it to|давай|пусть будет|используй|хочу|назови|лучше|а если|хочу другое:?|другое:|другой:)\s+)+/u, '')
    .replace(/(?<!\s)\s+(?:instead|please|пожалуйста|вместо этого)$/u, '')
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '')
    .replace(/\.webex\.com$/, '')
    .replace(/["'«»“”]/g, '')
    .trim();
  // A site name is Latin: a Russian word is an answer ("поменять") or a name to spell in Latin, offered for a yes.
  if (hasCyrillic(cleaned)) {
    const core = withoutRussianFiller(cleaned);
    // "давайте zavod-ural", "назовите stroymash-spb пж", "romashka подходит": Russian words around a Latin name.
    const name = core.replace(AROUND_NAME_RU, ' ').trim();
    if (name !== '' && !hasCyrillic(name) && /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(name)) {
      const event: UserEvent = { type: 'GIVE_SITE_URL', name };
      return guess ? propose(event) : event;
    }
    if (OTHER_NAME_RU.test(normalise(core))) return { type: 'NO' };
    const latinName = toLatin(core);
    return /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(latinName) ? propose({ type: 'GIVE_SITE_URL', name: latinName }) : undefined;
  }
  if (OTHER_NAME_EN.test(normalise(cleaned))) return { type: 'NO' };
  // One word only: the machine checks DNS label rules and availability and explains what is wrong.
  if (/^[\p{L}\p{N}_.-]+$/u.test(cleaned) && (cleaned.length >= 3 || !/^(?:no|nah|nope|нет)\b/iu.test(msg.raw))) {
    const event: UserEvent = { type: 'GIVE_SITE_URL', name: cleaned };
    return guess ? propose(event) : event;
  }
  // "nah i want something else", "no u": a no without a name.
  if (NOT_THIS_NAME.test(msg.norm) || (msg.toks.length <= 2 && /^(?:no|nah|nope|нет)\b/iu.test(msg.raw))) return { type: 'NO' };
  return undefined;
}

/** "send another", "resend the link", "the link doesn't open": a new payment link. */
const NEW_LINK = /(?:^| )(?:resend|send (?:me )?(?:another|a new one|a new link|it again|the link again)|new link|another link|link (?:doesnt|does not|wont|will not|isnt|is not|cant|wont) (?:open|work|load))(?= |$)/u;
/** After a failed payment ("Shall I make a new payment link?"): "sure go ahead", "please do". */
const GO_AHEAD = /^(?:(?:sure|yes|yeah|yep|ok|okay|fine)\s+)?(?:go ahead|do it|please do|go for it|lets do it|давай|давайте)(?: please| pls)?$/u;

export function parsePayment(msg: Message): UserEvent | undefined {
  if (matches(msg.norm, (t) => t.retryPayment) || NEW_LINK.test(msg.norm)) return { type: 'RETRY_PAYMENT' };
  if (msg.view.state === 'payment.failed' && GO_AHEAD.test(msg.norm)) return { type: 'YES' };
  return undefined;
}
