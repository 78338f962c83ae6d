import { describe, expect, it } from 'vitest';
import { rewriteRussian } from '../../src/dialogs/understanding/ru-rewrite.js';
import { ruLeadingYesNo, ruYesNo } from '../../src/dialogs/understanding/ru-yes-no.js';
import type { UserEvent } from '../../src/machines/upgrade.types.js';
import { callback, clarify, ev, licenses, plan, propose, renewal, text, type Row } from './helpers.js';

type Answers = Extract<UserEvent, { type: 'GIVE_ANSWERS' }>;
const answers = (a: Answers['answers'], more: Partial<Answers> = {}): UserEvent => ({ type: 'GIVE_ANSWERS', answers: a, ...more });

/** Russian at the order steps: words that name a value but say something else, unsure and corrected answers. */
const ROWS: Row[] = [
  // renewal words about events, dates and the past
  ['renewal', 'раз в неделю у нас планёрка, а оплачивать хотим помесячно', renewal('monthly')],
  ['renewal', 'год назад пробовали бесплатный, теперь на год', renewal('annual')],
  ['plan', 'ежегодная конференция у нас в мае, нужен Meet', plan('meet')],
  ['plan', 'Suite, в 2026 году расширимся', plan('suite')],
  ['renewal', 'скорее помесячно', propose(renewal('monthly'))],
  ['renewal', 'если на год, то скидка есть?', { type: 'UNANSWERABLE' }],
  // plans declined, described, asked about
  ['plan', 'только видеовстречи, звонки не нужны', plan('meet')],
  ['plan', 'пожалуй suite', propose(plan('suite'))],
  ['plan', 'сьют без телефонии', propose(plan('meet'))],
  ['plan', 'с телефонией', clarify({ field: 'plan', options: ['call', 'suite'] })],
  ['plan', 'у нас совещание в 4, позже напишу', ev('NOT_UNDERSTOOD')],
  ['callback', 'нет, Suite нам достаточно', callback(false)],
  ['licenses', 'встреч много, а нас 6', licenses(6)],
  // corrections
  ['cart', 'лицензий 14 вместо 12', { type: 'CHANGE', change: { field: 'licenses', value: 14 } }],
  ['renewal', 'стоп, мне call а не meet', { type: 'CHANGE', change: { field: 'plan', value: 'call' } }],
  ['plan', 'suite на 8, нет на 9 человек', answers({ plan: 'suite' }, { clarify: { field: 'licenses', options: [8, 9] } })],
  ['plan', 'call... хотя нет, meet', clarify({ field: 'plan', options: ['meet', 'call'] })],
  ['renewal', 'ежемесячно, нет, лучше на год', renewal('annual')],
  // counts
  ['licenses', 'на шестерых', licenses(6)],
  ['licenses', 'только для меня одного', licenses(1)],
  ['licenses', 'я плюс ещё 2', licenses(3)],
  ['licenses', '4 отдела по 5 человек', propose(licenses(20))],
  ['licenses', '5 инженеров и руководитель', propose(licenses(6))],
  ['licenses', '9 менеджеров и директора', propose(licenses(10))],
  ['licenses', '6 организаторов и 300 участников', licenses(6)],
  ['licenses', 'полтора десятка', propose(licenses(15))],
  ['licenses', 'мы на 3 этаже, нас 12', licenses(12)],
  ['licenses', 'а если 20 не хватит?', { type: 'ASK_QUESTION', id: 'licence-later' }],
  ['licenses', 'несколько', clarify({ field: 'licenses', options: [] })],
  ['plan', 'meet, стартуем с 5 числа', plan('meet')],
  ['plan', 'suite примерно на 40 человек', answers({ plan: 'suite' }, { clarify: { field: 'licenses', options: [40] } })],
  // yes and no at the callback step
  ['callback', 'без проблем, подключайте', callback(true)],
  ['callback', 'да нет, не нужно', callback(false)],
  ['callback', 'конечно нет', callback(false)],
  ['callback', 'угу, давайте', callback(true)],
  ['callback', 'дааа', callback(true)],
  ['callback', 'не нужен нам этот колбэк', callback(false)],
  ['callback', 'думаю да', propose(callback(true))],
  ['callback', 'не знаю пока', clarify({ field: 'callback', options: [] })],
  ['callback', 'нет... хотя да', clarify({ field: 'callback', options: [false, true] })],
  ['callback', 'да, хотя нет, не нужен', callback(false)],
  ['plan', 'meet на 5, колбэк подумаем', answers({ plan: 'meet', licenses: 5 }, { clarify: { field: 'callback', options: [] } })],
  ['callback!', 'нет, всё же не надо', ev('REJECT_PENDING')],
  ['plan!', 'да, его', ev('CONFIRM_PENDING')],
  // plans, terms and counts said in other ways
  ['plan', 'сьют 30', answers({ plan: 'suite', licenses: 30 })],
  ['plan', 'meet на тридцать два', answers({ plan: 'meet', licenses: 32 })],
  ['plan', 'совещания и телефония, 12 человек', answers({ plan: 'suite', licenses: 12 })],
  ['plan', 'у нас колл-центр на 15 операторов', ev('NOT_UNDERSTOOD')],
  ['plan', 'call на 6 месяцев', answers({ plan: 'call' }, { clarify: { field: 'renewal', options: ['annual', 'monthly'] } })],
  ['renewal', 'за 12 мес сразу', renewal('annual')],
  ['plan', 'meet, 20 лицензий, а может и 25', answers({ plan: 'meet' }, { clarify: { field: 'licenses', options: [20, 25] } })],
  ['licenses!', 'да, соединяйте с менеджером', ev('CONFIRM_PENDING')],
  ['plan', 'suite для отдела продаж, 10 человек', answers({ plan: 'suite', licenses: 10 })],
  // cart and global phrases
  ['cart', 'поехали', ev('CHECKOUT')],
  ['cart', 'всё устраивает', ev('CHECKOUT')],
  ['cart', 'я посоветуюсь с коллегами и вернусь', ev('CANCEL')],
  ['renewal', 'верните меня к выбору тарифа', ev('BACK')],
  ['callback', 'дайте живого человека', ev('HUMAN')],
  ['licenses', 'мы ООО «Школа английского», 8 человек', licenses(8)],
];

describe('understanding, Russian at the order steps', () => {
  it.each(ROWS)('%s: %j', (spec, input, event) => {
    expect(text(spec, input, 'ru').event).toEqual(event);
  });

  it('leaves Latin text and later steps as typed', () => {
    expect(rewriteRussian('we meet monthly', 'renewal')).toBe('we meet monthly');
    expect(rewriteRussian('ул. Годовая 5, у нас офис', 'billingAddress')).toBe('ул. Годовая 5, у нас офис');
  });

  it('reads yes and no by their words', () => {
    expect(ruYesNo('нет проблем')).toBe('yes');
    expect(ruYesNo('да нет')).toBe('no');
    expect(ruYesNo('да хотя нет')).toBeUndefined();
    expect(ruLeadingYesNo('не знаю даже')).toBe('unsure');
    expect(ruLeadingYesNo('не вопрос давай')).toEqual({ answer: 'yes', rest: 'давай' });
  });
});
