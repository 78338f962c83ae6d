import { describe, expect, it } from 'vitest';
import { NO, YES, calling, clarify, ev, propose, text, type Row } from './helpers.js';

/**
 * Values that used to be committed wrong without a confirmation (the eval's SILENT lines), in new phrasings:
 * [where, what the person typed, the one event it must become].
 */
const RU: Row[] = [
  // The area in the nominative, without its code words.
  ['callingPlan', 'давайте 3 номера в коде 812', calling(3, [], '812')],
  ['callingPlan', 'два новых, с кодом 343', calling(2, [], '343')],
  ['callingPlan', 'нужно 4 номера в Питере', calling(4, [], 'Питер')],
  ['callingPlan', '6 новых номеров в Екатеринбурге', calling(6, [], 'Екатеринбург')],
  ['callingPlan', 'нам 2 номера в Нижнем Новгороде и перенос +7 831 200-10-10', calling(2, ['+78312001010'], 'Нижний Новгород')],
  ['callingPlan', '3 номера в Подольске', calling(3, [], 'Подольск')],
  ['callingPlan', 'штуки 3 в Московской области', calling(3, [], 'Московская область')],
  ['callingPlan', '2 номера в Коломне', propose(calling(2, [], 'Коломне'))],
  // A count taken back with a bare "нет": both offered, the area kept for the answer.
  ['callingPlan', 'думаю 4 новых в Казани... нет, 6', clarify({ field: 'callingPlan', options: [4, 6], area: 'Казань' })],
  ['callingPlan', 'перенесите +7 495 765-43-21 и ещё 2 новых, ой, 3', clarify({ field: 'callingPlan', options: [2, 3], port: ['+74957654321'] })],
  ['callingPlan', '2 номера в Москве, то есть 3', propose(calling(3, [], 'Москва'))],
  // One policy refused is no consent; "вопросов нет" refuses nothing.
  ['consent', 'с условиями и конфиденциальностью согласен, экстренные вызовы — нет', NO],
  ['consent', 'условия — да, политика экстренных вызовов — нет', NO],
  ['consent', 'принимаю всё, вопросов нет', YES],
  // A site name is Latin: Russian words are answers, a Russian name is offered spelt in Latin.
  ['siteUrl.offering', 'не, давайте другое', NO],
  ['siteUrl.offering', 'сменить', NO],
  ['siteUrl.offering', 'хочу поменять имя', NO],
  ['siteUrl.offering', 'ostavte', YES],
  ['siteUrl.offering', 'da, ostavit tak', YES],
  ['siteUrl.offering', 'net, drugoe', NO],
  ['siteUrl.offering', 'пусть будет василёк', propose({ type: 'GIVE_SITE_URL', name: 'vasilek' })],
  ['siteUrl', 'стройтех-юг', propose({ type: 'GIVE_SITE_URL', name: 'stroytekh-yug' })],
  ['siteUrl', 'vasilek-msk', { type: 'GIVE_SITE_URL', name: 'vasilek-msk' }],
  // A card number anywhere wins, Luhn or not, grouped as cards are; phone numbers are no card.
  ['renewal', 'помесячно, вот карта 2202 2061 2345 6780', ev('CARD_NUMBER')],
  ['licenses', '15 лицензий, спишите с 4276-3800-1234-5670', ev('CARD_NUMBER')],
  ['payment', 'можно так: 4276380012345670 срок 12/27', ev('CARD_NUMBER')],
  ['plan', 'suite, amex 3782 822463 10005', ev('CARD_NUMBER')],
  ['renewal', 'на год, звоните +7 495 123-45-67 или +7 812 765-43-21', { type: 'CHOOSE_RENEWAL', renewal: 'annual' }],
  ['verify', '481 226, и 2 новых номера в коде 495', { type: 'GIVE_ANSWERS', answers: {}, early: { codeHash: 'hash:481226', callingPlan: { newNumbers: 2, port: [], area: '495' } } }],
];

const EN: Row[] = [
  ['callingPlan', '5 new numbers in code 415', calling(5, [], '415')],
  ['callingPlan', '2 lines for area code 206', calling(2, [], '206')],
  ['callingPlan', '3 in 415, no 4', clarify({ field: 'callingPlan', options: [3, 4], area: '415' })],
  ['callingPlan', '2 new in 512... no wait 3', propose(calling(3, [], '512'))],
  ['consent', 'terms and privacy fine, emergency calling policy no', NO],
  ['consent', 'i accept, no problem', YES],
  ['renewal', 'monthly, card 4111 1111 1111 1112', ev('CARD_NUMBER')],
  ['siteUrl.offering', 'different', NO],
  ['siteUrl.offering', 'nah, another', NO],
  ['siteUrl.offering', 'newco', { type: 'GIVE_SITE_URL', name: 'newco' }],
];

describe('no silent wrong values', () => {
  it.each(RU)('ru %s: %j', (spec, input, event) => {
    expect(text(spec, input, 'ru').event).toEqual(event);
  });
  it.each(EN)('en %s: %j', (spec, input, event) => {
    expect(text(spec, input, 'en').event).toEqual(event);
  });
});
