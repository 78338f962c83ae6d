import { describe, expect, it } from 'vitest';
import { NO, YES, ev, propose, text, type Row } from './helpers.js';

/**
 * The later steps as buyers write them (phrasings new to the tables, not the corpus's own): going on with a
 * cancelled draft, another order after the first, a new payment link, consent typed in Latin, and answers for
 * other steps in parts of their own after an email.
 */
const RU: Row[] = [
  ['cancelled', 'ладно, поехали дальше', ev('RESUME')],
  ['cancelled', 'давайте доделаем заказ', ev('RESUME')],
  ['cancelled', 'открой черновик, продолжу', ev('RESUME')],
  ['cancelled', 'шеф одобрил, берём', ev('RESUME')],
  ['cancelled', 'начнём с чистого листа', ev('RESTART')],
  ['cancelled', 'удалите заказ и все мои данные', ev('FORGET_ME')],
  ['cancelled', 'соедините с продажником', ev('HUMAN')],
  ['cancelled', 'покажите мне черновик', ev('SHOW_CART')],
  ['cancelled', 'давайте закончим', { type: 'NOT_UNDERSTOOD' }],
  ['done', 'хотим оформить второй тариф', ev('START')],
  ['done', 'покажите наш заказ', ev('SHOW_CART')],
  ['payment', 'ссылка не грузится, скиньте новую', ev('RETRY_PAYMENT')],
  ['consent', 'soglasna', YES],
  ['consent', 'пока нет, покажу юристу', NO],
  ['email', 'oleg@stroy.example, на год, обратный вызов нужен', { type: 'GIVE_ANSWERS', answers: { renewal: 'annual', callback: true }, early: { email: 'oleg@stroy.example' } }],
  ['email', 'oleg@stroy.example + 3 новых номера в 812', { type: 'GIVE_ANSWERS', answers: {}, early: { email: 'oleg@stroy.example', callingPlan: { newNumbers: 3, port: [], area: '812' } } }],
  ['email', 'oleg@stroy.example, сайт хочу stroy-spb', { type: 'GIVE_ANSWERS', answers: {}, early: { email: 'oleg@stroy.example', siteUrl: 'stroy-spb' } }],
  // Russian words around a Latin site name: the name; hedged, asked back; a name said to do is that name.
  ['siteUrl', 'давайте zavod-spb', { type: 'GIVE_SITE_URL', name: 'zavod-spb' }],
  ['siteUrl', 'назовите Vector-Msk пж', { type: 'GIVE_SITE_URL', name: 'vector-msk' }],
  ['siteUrl.offering', 'наверное vector-team?', propose({ type: 'GIVE_SITE_URL', name: 'vector-team' })],
  ['siteUrl.offering', 'vector годится', { type: 'GIVE_SITE_URL', name: 'vector' }],
  ['siteUrl.offering', 'да без разницы, оставляйте', YES],
  ['siteUrl.offering', 'ок, тот что вы предложили', YES],
  ['cart', 'почта для входа petr@stroy.example', { type: 'GIVE_ANSWERS', answers: {}, early: { email: 'petr@stroy.example' } }],
];
const WORDS_NOT_ANSWERS: Row[] = [
  // After the plan step, words for the work or for phone numbers name no plan, unless a change comes with them.
  ['callingPlan', 'no phone numbers needed', { type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: 0, port: [] } }],
  ['cart', 'go annual, keep everything else the same', { type: 'CHANGE', change: { field: 'renewal', value: 'annual' } }],
  ['cart', 'switch to calling', { type: 'CHANGE', change: { field: 'plan', value: 'call' } }],
  // The plan left behind in a swap is no answer.
  ['cart', 'swap suite for meet, turns out we dont need phones', { type: 'CHANGE', change: { field: 'plan', value: 'meet' } }],
  ['cart', 'switch from suite to meet', { type: 'CHANGE', change: { field: 'plan', value: 'meet' } }],
  // The add-on is Callback; asking someone first puts the checkout off; "go" goes on.
  ['cart', 'hmm can you remove the add-on', { type: 'CHANGE', change: { field: 'callback', value: false } }],
  ['cart', 'hold on, let me ask my boss', NO],
  ['cart', 'go', ev('CHECKOUT')],
  ['cart', 'switch from monthly to annual', { type: 'CHANGE', change: { field: 'renewal', value: 'annual' } }],
  // A question about later chooses nothing now, with or without its "?".
  ['renewal', 'can i switch from monthly to annual later', ev('UNANSWERABLE')],
  // A correction takes back the answer before it: nothing committed, the question answered and the step asked again.
  ['renewal', 'monthly - actually no, annual?', { type: 'ASK_QUESTION', id: 'renewal' }],
  ['plan', 'suite, 10 - wait no, 12?', { type: 'GIVE_ANSWERS', answers: { plan: 'suite' }, clarify: { field: 'licenses', options: [10, 12] } }],
  // A place after the count is the area, confirmed; a sign-off is none.
  ['callingPlan', '10 new, Denver', propose({ type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: 10, port: [], area: 'Denver' } })],
  ['callingPlan', '2 new numbers, Thanks', { type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: 2, port: [] } }],
  // A code said as one wins over the place it is for; "for now" is when, not where.
  ['callingPlan', 'one new number for reception, area code 617', { type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: 1, port: [], area: '617' } }],
  ['callingPlan', 'a dozen new numbers, chicago (312)', { type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: 12, port: [], area: '312' } }],
  ['callingPlan', 'none for now thx', { type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: 0, port: [] } }],
  ['callingPlan', '3 new numbers for the austin office', { type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: 3, port: [], area: 'Austin' } }],
  // The offered site name kept in other words, or another name given after a verb.
  ['siteUrl.offering', 'fine by me', YES],
  ['siteUrl.offering', 'id prefer northwind-traders', { type: 'GIVE_SITE_URL', name: 'northwind-traders' }],
  ['siteUrl', 'can we use initech-hq', { type: 'GIVE_SITE_URL', name: 'initech-hq' }],
  // An order answer named without its new value is asked again at its step; with the value, that value.
  ['cart', 'I want to change the plan', { type: 'CLARIFY', clarify: { field: 'plan', options: [] } }],
  ['cart', 'change the renewal', { type: 'CLARIFY', clarify: { field: 'renewal', options: [] } }],
  ['cart', 'change the plan to meet', { type: 'CHANGE', change: { field: 'plan', value: 'meet' } }],
  ['cart', 'change my calling plan', { type: 'CHANGE', change: { field: 'callingPlan' } }],
  // The step's own request beats a help-page answer that its words happen to match; edits with it go first.
  ['payment.waiting', 'the link says expired, can I get a new one', ev('RETRY_PAYMENT')],
  ['payment', 'drop the callback and send a new link', { type: 'CHANGE', change: { field: 'callback', value: false } }],
  ['done', 'I want to buy another plan for our second office', ev('START')],
  ['plan', "I'd like to upgrade our free account", ev('START')],
  // A corrected part with the rest approved after it: the part only.
  ['billingAddress.confirming', 'the state is NJ, otherwise fine', { type: 'GIVE_ADDRESS', address: { region: 'NJ' } }],
  // Asked for one part, the answer is that part however it is said.
  ['billingAddress@country', 'Germany (Deutschland)', { type: 'GIVE_ADDRESS', address: { country: 'DE' } }],
  ['billingAddress@country', "we're in Canada", { type: 'GIVE_ADDRESS', address: { country: 'CA' } }],
  // An email written round a spam filter is that email (the code mailed to it proves it).
  ['email', 'my email is alex[at]fabrikam.com thanks', { type: 'GIVE_EMAIL', email: 'alex@fabrikam.com' }],
  ['email', 'bo (at) acme (dot) com', { type: 'GIVE_EMAIL', email: 'bo@acme.com' }],
  ['serviceAddress', 'different one. Hauptstraße 1, 1010 Wien, Austria', { type: 'GIVE_ADDRESS', address: { country: 'AT', postalCode: '1010', city: 'Wien', lines: ['Hauptstraße 1'] } }],
];
const RU_WORDS_NOT_ANSWERS: Row[] = [
  ['callingPlan', 'пока ни одного', { type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: 0, port: [] } }],
  ['callingPlan', 'пока не нужны', { type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: 0, port: [] } }],
  ['callingPlan', 'четыре новых для офиса в нью-йорке, код 212', { type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: 4, port: [], area: '212' } }],
  ['siteUrl.offering', 'нет, не хочу такой', NO],
  ['siteUrl.offering', 'хочу другое: teremok', { type: 'GIVE_SITE_URL', name: 'teremok' }],
  ['siteUrl', 'пусть будет vektor.webex.com', { type: 'GIVE_SITE_URL', name: 'vektor' }],
  ['serviceAddress', 'совпадает с адресом для выставления счетов', ev('SAME_AS_BILLING')],
  ['serviceAddress', 'как у счета', ev('SAME_AS_BILLING')],
  ['cart', 'хочу другой тариф', { type: 'CLARIFY', clarify: { field: 'plan', options: [] } }],
  ['licenses', 'хочу поменять продление', { type: 'CLARIFY', clarify: { field: 'renewal', options: [] } }],
  ['cancelled', 'хочу перейти на платный тариф', ev('START')],
  ['cart', 'уберите надстройку', { type: 'CHANGE', change: { field: 'callback', value: false } }],
  ['cart', 'спрошу у начальника', NO],
  ['done', 'хочу перейти с помесячной на годовую', { type: 'CHANGE', change: { field: 'renewal', value: 'annual' } }],
  ['verify', 'код истек, можно новый?', ev('RESEND_CODE')],
  ['payment.failed', 'давайте еще раз, другой картой', ev('RETRY_PAYMENT')],
  ['cancelled', 'давайте начнем всё с нуля', ev('RESTART')],
  ['cancelled', 'удалите всё, что у вас есть обо мне', ev('FORGET_ME')],
  // Words and a colon before an address are no part of it; a street with its number and a town is an address.
  ['billingAddress', 'адрес фонда: Москва, ул. Арбат, д. 10, 119002', { type: 'GIVE_ADDRESS', address: { postalCode: '119002', country: 'RU', city: 'Москва', lines: ['ул. Арбат, д. 10'] } }],
  ['billingAddress', 'адресс: Ростов-на-Дону, пр. Буденновский 49', { type: 'GIVE_ADDRESS', address: { city: 'Ростов-на-Дону', lines: ['пр. Буденновский 49'] } }],
  // A hedge about later is no hedge of the answer; the add-on removed with the verb after it.
  ['renewal', 'пока помесячно, потом посмотрим', { type: 'CHOOSE_RENEWAL', renewal: 'monthly' }],
  ['licenses', 'на тридцать сотрудников, но может потом больше', { type: 'SET_LICENSES', count: 30 }],
  ['cart', 'сорок две лицензии и обратный вызов убрать', { type: 'GIVE_ANSWERS', answers: { callback: false, licenses: 42 } }],
  ['billingAddress.confirming', 'город Казань, остальное верно', { type: 'GIVE_ADDRESS', address: { city: 'Казань' } }],
  ['billingAddress@country', 'из Германии', { type: 'GIVE_ADDRESS', address: { country: 'DE' } }],
  ['billingAddress@region', 'штат Калифорния', { type: 'GIVE_ADDRESS', address: { region: 'CA' } }],
  ['email', 'anna собака company точка ru', { type: 'GIVE_EMAIL', email: 'anna@company.ru' }],
  ['billingAddress', 'ул ленина 5 пермь', { type: 'GIVE_ADDRESS', address: { city: 'пермь', lines: ['ул ленина 5'] } }],
  ['cart', 'поменяйте suite на meet', { type: 'CHANGE', change: { field: 'plan', value: 'meet' } }],
  ['callingPlan', 'звонки нам вообще не нужны, давайте meet', { type: 'CHANGE', change: { field: 'plan', value: 'meet' } }],
];
const RU_ORDER: Row[] = [
  // "год" forms are years; "годовая" is the renewal, beside a count ("нас 9, годовая").
  ['plan', 'Suite, нас 9, годовая', { type: 'GIVE_ANSWERS', answers: { plan: 'suite', licenses: 9, renewal: 'annual' } }],
  ['plan', 'ежегодно. пятнадцать. с обратным вызовом.', { type: 'GIVE_ANSWERS', answers: { renewal: 'annual', licenses: 15, callback: true } }],
  // A hedge before a count is the count's, not the renewal's after it.
  ['plan', 'meet, человек 8-10, на год', { type: 'GIVE_ANSWERS', answers: { plan: 'meet', renewal: 'annual' }, clarify: { field: 'licenses', options: [8, 10] } }],
];

const EN: Row[] = [
  ['email', 'bo@acme.example, monthly, and callback too', { type: 'GIVE_ANSWERS', answers: { renewal: 'monthly', callback: true }, early: { email: 'bo@acme.example' } }],
  // A hedge or a question about the add-on commits nothing.
  ['email', 'bo@acme.example, callback maybe', { type: 'PROPOSE', proposal: { type: 'GIVE_EMAIL', email: 'bo@acme.example' } }],
  ['consent', 'agreed', YES],
  // The email typed at the cart is going on with it; an edit with it keeps the email for its step.
  ['cart', 'ok, account email is dana@acme.example', { type: 'GIVE_ANSWERS', answers: {}, early: { email: 'dana@acme.example' } }],
  ['cart', 'make it 30, my email is dana@acme.example', { type: 'GIVE_ANSWERS', answers: { licenses: 30 }, early: { email: 'dana@acme.example' } }],
];

describe('later steps as written', () => {
  // A question tag makes it a question, whatever plan it names.
  it.each(['а call это только телефония или что', 'suite это meet плюс call или что'])('ru plan: %s asks', (input) => {
    expect(text('plan', input, 'ru').event.type).toBe('ASK_QUESTION');
  });
  it.each(RU)('ru %s: %s', (spec, input, event) => expect(text(spec, input, 'ru').event).toEqual(event));
  it('an email said with a no at the cart is not gone on with', () => {
    expect(text('cart', 'no, dana@acme.example is the old one').event).not.toMatchObject({ early: { email: 'dana@acme.example' } });
  });
  it.each(WORDS_NOT_ANSWERS)('en %s: %s', (spec, input, event) => expect(text(spec, input, 'en').event).toEqual(event));
  it.each(RU_WORDS_NOT_ANSWERS)('ru %s: %s', (spec, input, event) => expect(text(spec, input, 'ru').event).toEqual(event));
  it.each(RU_ORDER)('ru %s: %s', (spec, input, event) => expect(text(spec, input, 'ru').event).toEqual(event));
  it.each(EN)('en %s: %s', (spec, input, event) => expect(text(spec, input, 'en').event).toEqual(event));
});

describe('how many new numbers, when it is either of two', () => {
  const clarify = (options: number[], area?: string) => ({ type: 'CLARIFY', clarify: { field: 'callingPlan', options, ...(area ? { area } : {}) } });
  it.each<[string, string, 'en' | 'ru', object]>([
    ['3 или 4 новых номера в 812', 'ru', 'ru', clarify([3, 4], '812')],
    ['новых 4-5, код 343', 'ru', 'ru', clarify([4, 5], '343')],
    ['парочку новых номеров', 'ru', 'ru', clarify([2])],
    ['2 to 4 new numbers in 206', 'en', 'en', clarify([2, 4], '206')],
    ['a couple new numbers', 'en', 'en', clarify([2])],
  ])('%s', (input, _lang, locale, event) => expect(text('callingPlan', input, locale).event).toEqual(event));
  it('two counts for two areas are no choice between them', () => {
    expect(text('callingPlan', '2 new in 512 and 3 in 737').event).toEqual({ type: 'NOT_UNDERSTOOD' });
    expect(text('callingPlan', 'ни новых, ни переноса', 'ru').event).toEqual({ type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: 0, port: [] } });
  });
});

describe('at the cart, an approval with a but', () => {
  it.each<[string, 'en' | 'ru', object]>([
    ['all good but 3 more seats', 'en', { type: 'ADJUST_LICENSES', by: 3, sure: true }],
    ['fine, but one less licence', 'en', { type: 'ADJUST_LICENSES', by: -1, sure: true }],
    ['всё хорошо, но ещё 2 места', 'ru', { type: 'ADJUST_LICENSES', by: 2, sure: true }],
    ['looks right but remove callback', 'en', { type: 'CHANGE', change: { field: 'callback', value: false } }],
    ['put the callback back on', 'en', { type: 'CHANGE', change: { field: 'callback', value: true } }],
    ["we didn't ask for callback, take it off", 'en', { type: 'CHANGE', change: { field: 'callback', value: false } }],
  ])('%s', (input, locale, event) => expect(text('cart', input, locale).event).toEqual(event));
  it('is never a checkout', () => {
    for (const input of ['looks good but hold on', 'всё ок, но подождите']) expect(text('cart', input, input.startsWith('вс') ? 'ru' : 'en').event.type).not.toBe('CHECKOUT');
  });
});

describe('a yes to a proposal with more after it', () => {
  it.each<[string, string, 'en' | 'ru', object]>([
    ['plan!', 'ага, и помесячно', 'ru', { type: 'CONFIRM_PENDING', more: { answers: { renewal: 'monthly' } } }],
    ['plan!', 'yep, 12 licences', 'en', { type: 'CONFIRM_PENDING', more: { answers: { licenses: 12 } } }],
    ['licenses!', 'yes but make it 40', 'en', { type: 'CONFIRM_PENDING', more: { answers: { licenses: 40 } } }],
    ['licenses!', 'да', 'ru', { type: 'CONFIRM_PENDING' }],
    ['plan!', 'sure, connect me please', 'en', { type: 'CONFIRM_PENDING' }],
    ['plan!', "yes that's right", 'en', { type: 'CONFIRM_PENDING' }],
    ['plan!', 'да, именно он', 'ru', { type: 'CONFIRM_PENDING' }],
    ['licenses!', 'no, not yet', 'en', { type: 'REJECT_PENDING' }],
    ['licenses!', 'ok go ahead', 'en', { type: 'CONFIRM_PENDING' }],
  ])('%s %s', (spec, input, locale, event) => expect(text(spec, input, locale).event).toEqual(event));
});

describe('no preference at the renewal step', () => {
  it.each<[string, 'en' | 'ru']>([['да без разницы', 'ru'], ['любая', 'ru'], ['неважно', 'ru'], ['either works', 'en'], ["don't care", 'en']])('%s offers both', (input, locale) => {
    expect(text('renewal', input, locale).event).toEqual({ type: 'CLARIFY', clarify: { field: 'renewal', options: ['annual', 'monthly'] } });
  });
  it('"неважно" cancels nothing', () => expect(text('plan', 'неважно', 'ru').event.type).not.toBe('CANCEL'));
});

describe('the add-on joined to one other answer', () => {
  it.each<[string, 'en' | 'ru', object]>([
    ['15 и колбэк', 'ru', { licenses: 15, callback: true }],
    ['8 шт с обратным вызовом', 'ru', { licenses: 8, callback: true }],
    ['30 seats + callback', 'en', { licenses: 30, callback: true }],
  ])('%s', (input, locale, answers) => expect(text('licenses', input, locale).event).toEqual({ type: 'GIVE_ANSWERS', answers }));
  it('asked about or hedged, it is asked back', () => {
    expect(text('licenses', '15 и обратный вызов?', 'ru').event).toEqual({ type: 'GIVE_ANSWERS', answers: { licenses: 15 }, clarify: { field: 'callback', options: [true] } });
    expect(text('licenses', '30 and maybe callback').event).toEqual({ type: 'GIVE_ANSWERS', answers: { licenses: 30 }, clarify: { field: 'callback', options: [true] } });
  });
});

describe('numbers of phone numbers are no licence count', () => {
  it('takes the licences beside them, and at the calling-plan step never a count for licences', () => {
    expect(text('licenses', '14 лицензий и 3 новых номера с кодом 343', 'ru').event).toEqual({ type: 'SET_LICENSES', count: 14 });
    expect(text('callingPlan', 'one per licence, so 9, in 206').event.type).not.toBe('CHANGE');
  });
});

describe('Russian numbers to port', () => {
  it('reads 8-prefixed numbers as +7 in a Russian conversation, and asks in an English one', () => {
    expect(text('callingPlan', 'перенесите наш 8 (495) 765-43-21', 'ru').event).toEqual({ type: 'GIVE_CALLING_PLAN', callingPlan: { newNumbers: 0, port: ['+74957654321'] } });
    expect(text('callingPlan', 'port 8 495 765 43 21').event.type).toBe('PROPOSE');
  });
});

describe('more Russian words', () => {
  it('"помогите кто-нибудь" asks for a person; "название сайта X" names the site', () => {
    expect(text('provisioning', 'ничего не работает, помогите кто-нибудь', 'ru').event).toEqual({ type: 'HUMAN' });
    expect(text('email', 'ivan@stroy.example, название сайта stroy-msk', 'ru').event).toEqual({ type: 'GIVE_ANSWERS', answers: {}, early: { email: 'ivan@stroy.example', siteUrl: 'stroy-msk' } });
  });
});

describe('one count said against the other', () => {
  it.each<[string, string, 'en' | 'ru', number]>([
    ['licenses', '14 not 12', 'en', 14],
    ['email', 'fifteen licences not twelve, sorry', 'en', 15],
    ['email', 'не 8 а 9 лицензий', 'ru', 9],
  ])('%s: %s', (spec, input, locale, n) => {
    const e = text(spec, input, locale).event;
    expect(e.type === 'SET_LICENSES' ? e.count : e.type === 'CHANGE' && 'value' in e.change ? e.change.value : undefined).toBe(n);
  });
  it('two counts with no "not" between them are still asked back, and "not sure" sets nothing aside', () => {
    expect(text('licenses', '12 or 14').event).toEqual({ type: 'CLARIFY', clarify: { field: 'licenses', options: [12, 14] } });
    expect(text('licenses', '12 or 14 licences, not sure yet').event.type).toBe('CLARIFY');
  });
});

describe('"whats X" in two words', () => {
  it('asks the help-page question, and "whats up" is no question', () => {
    expect(text('renewal', 'whats callback').event).toEqual({ type: 'ASK_QUESTION', id: 'callback' });
    expect(text('plan', 'whats up').event.type).not.toBe('ASK_QUESTION');
  });
});

describe('the cheaper renewal', () => {
  it.each<[string, 'en' | 'ru']>([['whichever is cheapest', 'en'], ['cheapest one', 'en'], ['подешевле', 'ru']])('%s proposes annual, never takes it', (input, locale) => {
    expect(text('renewal', input, locale).event).toEqual({ type: 'PROPOSE', proposal: { type: 'CHOOSE_RENEWAL', renewal: 'annual' } });
  });
});
