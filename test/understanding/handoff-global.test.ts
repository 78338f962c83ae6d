import { describe, expect, it } from 'vitest';
import { NU, ev, text, type Row } from './helpers.js';

const relay = (t: string) => ({ type: 'RELAY', text: t }) as const;
const contact = (c: string) => ({ type: 'CALLBACK_CONTACT', contact: c }) as const;

/** Sales handoff: what is the bot's to answer while nobody has claimed the case, and what goes to the agent. */
const HANDOFF: Row[] = [
  // queued: waiting on, or (asked as a question) told where the request stands
  ['handoff.queued', 'ok, still waiting', ev('KEEP_WAITING')],
  ['handoff.queued', 'is anybody there??', ev('KEEP_WAITING')],
  ['handoff.queued', 'any update?', ev('KEEP_WAITING')],
  ['handoff.queued', 'this takes ages', ev('KEEP_WAITING')],
  ['handoff.queued', 'ну что там?', ev('KEEP_WAITING')],
  ['handoff.queued', 'есть кто-нибудь?', ev('KEEP_WAITING')],
  ['handoff.queued', 'жду', ev('KEEP_WAITING')],
  // queued: help-page questions are the bot's to answer; the wait itself it cannot answer
  ['handoff.queued', 'meanwhile, how long does number porting take?', { type: 'ASK_QUESTION', id: 'porting' }],
  ['handoff.queued', 'how long will I have to wait?', ev('UNANSWERABLE')],
  ['handoff.callbackOffered', 'when will someone call me back?', ev('UNANSWERABLE')],
  ['handoff.queued', 'сколько ещё ждать?', ev('UNANSWERABLE')],
  ['handoff.queued', 'когда мне перезвонят?', ev('UNANSWERABLE')],
  ['handoff.queued', 'help', relay('help')],
  ['handoff.queued', 'we have 300 staff in two offices', relay('we have 300 staff in two offices')],
  // a contact: any when it was asked for, while queued only when given as one
  ['handoff.queued', 'please call me back on +1 512 555 0100', contact('+15125550100')],
  ['handoff.queued', 'email me at Pat@Acme.com instead', contact('pat@acme.com')],
  ['handoff.queued', 'позвоните мне: +7 495 555 01 23', contact('+74955550123')],
  ['handoff.queued', 'our office line is +1 512 555 0100', relay('our office line is +1 512 555 0100')],
  ['handoff.callbackOffered', 'pat@acme.com', contact('pat@acme.com')],
  ['handoff.callbackOffered', 'ring me at 555-0100, area code 512', contact('ring me at 555-0100, area code 512')],
  ['handoff.callbackOffered', 'the same email I gave you earlier', contact('the same email I gave you earlier')],
  ['handoff.callbackOffered', 'тот же номер, что я указывал', contact('тот же номер, что я указывал')],
  ['handoff.callbackOffered', 'call me', NU],
  ['handoff.callbackOffered', 'это издевательство, никто не отвечает, бесполезно', ev('HUMAN')],
  ['handoff.callbackOffered', 'twenty minutes and nothing, useless', ev('HUMAN')],
  // leaving the queue for the bot is not cancelling the order
  ['handoff.queued', "never mind sales, I'll finish with the bot", ev('LEAVE_HANDOFF')],
  ['handoff.queued', 'cancel the request please', ev('LEAVE_HANDOFF')],
  ['handoff.queued', "we don't need an agent anymore", ev('LEAVE_HANDOFF')],
  ['handoff.claimed', 'thanks, done with the agent, back to ordering with the bot', ev('LEAVE_HANDOFF')],
  ['handoff.queued', 'менеджер уже не нужен, продолжу с ботом', ev('LEAVE_HANDOFF')],
  ['handoff.queued', 'отмените заявку', ev('LEAVE_HANDOFF')],
  ['handoff.queued', 'cancel', ev('CANCEL')],
  // claimed: everything but leaving, cancelling and forgetting goes to the agent
  ['handoff.claimed', 'how long does porting take?', relay('how long does porting take?')],
  ['handoff.claimed', 'still waiting', relay('still waiting')],
  ['handoff.claimed', 'call me at +1 512 555 0100', relay('call me at +1 512 555 0100')],
];

/** The commands of every step, in wordings beyond the one-word forms. */
const GLOBAL: Row[] = [
  // Russian commands in other word orders and with a reason
  ['billingAddress', 'корзину покажите', ev('SHOW_CART')],
  ['payment', 'покажите снова заказ', ev('SHOW_CART')],
  ['email', 'а менеджера можно?', ev('HUMAN')],
  ['payment', 'оформлю лучше через отдел продаж', ev('HUMAN')],
  ['serviceAddress', 'давайте начнём всё сначала', ev('RESTART')],
  ['siteUrl', 'отбой, не сегодня', ev('CANCEL')],
  ['consent', 'ладно, отменяйте', ev('CANCEL')],
  // a person, in so many words
  ['licenses', 'could somebody from sales ring me tomorrow', ev('HUMAN')],
  ['plan', 'call me back please', ev('HUMAN')],
  ['renewal', 'customer support please', ev('HUMAN')],
  ['plan', 'can a human talk with me instead?', ev('HUMAN')],
  ['renewal', 'дайте живого менеджера', ev('HUMAN')],
  ['callback', 'перезвоните мне, пожалуйста', ev('HUMAN')],
  ['callback', 'хочу звонок от специалиста, а не надстройку', ev('HUMAN')],
  ['plan', 'соедините с отделом продаж', ev('HUMAN')],
  ['licenses!', 'yes, connect me with sales', ev('CONFIRM_PENDING')],
  // who the order is for is no request for a person
  ['licenses', 'for our sales team, 12', { type: 'SET_LICENSES', count: 12 }],
  ['plan', 'call me maybe', NU],
  // frustration reaches a person, unless the message also answers
  ['plan', 'you are really not helpful', ev('HUMAN')],
  ['renewal', 'bots never understand anything', ev('HUMAN')],
  ['renewal', 'ну сколько можно уже', ev('HUMAN')],
  ['plan', 'дурацкий бот', ev('HUMAN')],
  ['plan', 'ты вообще понимаешь меня?', ev('HUMAN')],
  // lost in the conversation: help
  ['plan', "i'm confused, what should i type here", ev('HELP')],
  ['renewal', 'не понимаю что от меня нужно', ev('HELP')],
  ['plan', 'где тут выбрать тариф?', ev('HELP')],
  ['callback', 'подскажите, что выбрать', ev('HELP')],
  // back, restart, cancel, cart
  ['renewal', 'oops go back, wrong plan', ev('BACK')],
  ['callback', 'верни меня к продлению', ev('BACK')],
  ['cart', 'на шаг назад', ev('BACK')],
  ['licenses', 'go back to the beginning', ev('RESTART')],
  ['licenses', 'давай всё заново', ev('RESTART')],
  ['licenses', 'начнем с нуля', ev('RESTART')],
  ['cart', 'reset all', ev('RESTART')],
  ['payment', 'cancel, not today', ev('CANCEL')],
  ['plan', 'ok thanks, bye', ev('CANCEL')],
  ['renewal', "I don't want to continue this anymore", ev('CANCEL')],
  ['cart', 'let me think', NU],
  ['plan', 'brb, back in 10', NU],
  ['cart', 'не сейчас, вернусь завтра', ev('CANCEL')],
  ['cart', 'дорого, не буду покупать', ev('CANCEL')],
  ['renewal', 'отложим', ev('CANCEL')],
  ['renewal', 'я передумал насчёт продления, давай помесячно', { type: 'CHOOSE_RENEWAL', renewal: 'monthly' }],
  ['licenses', 'show me what we picked so far', ev('SHOW_CART')],
  ['renewal', 'что у нас в корзине?', ev('SHOW_CART')],
  ['cart', 'сколько это всё стоит?', ev('SHOW_CART')],
  ['plan', 'сколько стоит обратный вызов?', { type: 'ASK_QUESTION', id: 'callback' }],
  // forget me, language
  ['plan', 'забудь всё, что я написал', ev('FORGET_ME')],
  ['plan', 'сотри нашу переписку', ev('FORGET_ME')],
  ['licenses', 'on russian pls', { type: 'SET_LOCALE', locale: 'ru' }],
  ['cart', 'включи русский', { type: 'SET_LOCALE', locale: 'ru' }],
  // resuming, and the answers that come with it
  ['cancelled', 'proceed', ev('RESUME')],
  ['cancelled', 'давай продолжим', ev('RESUME')],
  ['cancelled', "let's keep going with my order", ev('RESUME')],
  ['cancelled', 'resume but annual this time', { type: 'GIVE_ANSWERS', answers: { renewal: 'annual' } }],
  ['cancelled', 'продолжим, только 12 лицензий', { type: 'GIVE_ANSWERS', answers: { licenses: 12 } }],
  ['cancelled', 'continue: meet, 5 users, and what does callback do?', { type: 'GIVE_ANSWERS', answers: { plan: 'meet', licenses: 5 }, question: 'callback' }],
  ['cancelled', 'resume or restart, which one keeps my cart?', ev('HELP')],
  ['cancelled', 'продолжить или начать заново?', ev('HELP')],
  ['cancelled', 'resme', ev('RESUME')],
  ['cancelled', 'продолжитб', ev('RESUME')],
  ['plan', 'cancle', ev('CANCEL')],
  ['cart', 'cars', NU],
  // after the order: a new order starts; a bare "ok" or "bye" answers nothing
  ['done', 'another order please', ev('START')],
  ['done', 'i want to upgrade my other account', ev('START')],
  ['done', 'хочу оформить ещё один заказ', ev('START')],
  ['done', 'ok', NU],
  ['done', 'bye', NU],
  ['plan', 'good evening, we need webex for the office', ev('START')],
  ['plan', 'хотим приобрести вебекс', ev('START')],
];

/** After the order is placed, the order's own words describe it: only a change or a new order gives answers. */
const PLACED: Row[] = [
  ['provisioning', 'when can my 25 users sign in?', ev('UNANSWERABLE')],
  ['provisioning', 'can we use calling already', { type: 'ASK_QUESTION', id: 'after-order' }],
  ['provisioning', 'we paid for annual, right?', ev('UNANSWERABLE')],
  ['provisioning', 'мои 10 пользователей уже могут заходить?', ev('UNANSWERABLE')],
  ['provisioning', 'make it 20 licences', { type: 'CHANGE', change: { field: 'licenses', value: 20 } }],
  ['done', 'switch us to annual', { type: 'CHANGE', change: { field: 'renewal', value: 'annual' } }],
  ['done', 'переключите на годовую оплату', { type: 'CHANGE', change: { field: 'renewal', value: 'annual' } }],
  ['done', 'ok', NU],
  ['provisioning', 'thanks', NU],
];

describe('understanding: sales handoff', () => {
  it.each(HANDOFF)('%s: %j', (spec, input, event) => {
    expect(text(spec, input, /[а-я]/iu.test(input) ? 'ru' : 'en').event).toEqual(event);
  });
});

describe('understanding: after the order is placed', () => {
  it.each(PLACED)('%s: %j', (spec, input, event) => {
    expect(text(spec, input, /[а-я]/iu.test(input) ? 'ru' : 'en').event).toEqual(event);
  });
});

describe('understanding: commands at every step', () => {
  it.each(GLOBAL)('%s: %j', (spec, input, event) => {
    expect(text(spec, input, /[а-я]/iu.test(input) ? 'ru' : 'en').event).toEqual(event);
  });

  it('reads "сколько можно" as impatience only when nothing is counted', () => {
    expect(text('plan', 'сколько можно пользователей онлайн максимум?', 'ru').event.type).not.toBe('HUMAN');
    expect(text('plan', 'сколько можно, я уже всё написал', 'ru').event.type).toBe('HUMAN');
  });
});
