import { describe, expect, it } from 'vitest';
import { NO, YES, ev, text, type Row } from './helpers.js';

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
];

const EN: Row[] = [
  ['email', 'bo@acme.example, monthly, and callback too', { type: 'GIVE_ANSWERS', answers: { renewal: 'monthly', callback: true }, early: { email: 'bo@acme.example' } }],
  // A hedge or a question about the add-on commits nothing.
  ['email', 'bo@acme.example, callback maybe', { type: 'PROPOSE', proposal: { type: 'GIVE_EMAIL', email: 'bo@acme.example' } }],
  ['consent', 'agreed', YES],
];

describe('later steps as written', () => {
  // A question tag makes it a question, whatever plan it names.
  it.each(['а call это только телефония или что', 'suite это meet плюс call или что'])('ru plan: %s asks', (input) => {
    expect(text('plan', input, 'ru').event.type).toBe('ASK_QUESTION');
  });
  it.each(RU)('ru %s: %s', (spec, input, event) => expect(text(spec, input, 'ru').event).toEqual(event));
  it.each(EN)('en %s: %s', (spec, input, event) => expect(text(spec, input, 'en').event).toEqual(event));
});
