import type { Locale, Step } from '../../domain/types.js';

/** A stored conversation the console picks up again: when it was last written, where it stood, its language. */
export interface ResumedConversation {
  updatedAt: number;
  step: Step | undefined;
  locale: Locale;
}

/** Where the conversation stood, as the parenthesis after the date reads (every step: a new one fails to compile). */
const WHERE: Record<Locale, Record<Step, string>> = {
  en: {
    plan: 'at the plan step', renewal: 'at the renewal step', licenses: 'at the licenses step', callback: 'at the callback add-on step',
    cart: 'at the cart', email: 'at the email step', verify: 'at the email code step', billingAddress: 'at the billing address step',
    serviceAddress: 'at the service address step', callingPlan: 'at the calling plan step', siteUrl: 'at the site name step',
    payment: 'at the payment step', consent: 'at the consent step', placing: 'while placing the order', provisioning: 'while your site was being set up',
    done: 'your order is complete', handoff: 'with our sales team', cancelled: 'your order is on hold',
  },
  ru: {
    plan: 'шаг «план»', renewal: 'шаг «продление»', licenses: 'шаг «лицензии»', callback: 'шаг «обратный вызов»', cart: 'корзина',
    email: 'шаг «электронная почта»', verify: 'шаг «код из письма»', billingAddress: 'шаг «адрес для выставления счетов»',
    serviceAddress: 'шаг «адрес службы»', callingPlan: 'шаг «план вызовов»', siteUrl: 'шаг «адрес сайта»', payment: 'шаг «оплата»',
    consent: 'шаг «согласие»', placing: 'заказ размещался', provisioning: 'сайт настраивался', done: 'заказ выполнен',
    handoff: 'вы с отделом продаж', cancelled: 'заказ отложен',
  },
};

const DATE_LOCALE: Record<Locale, string> = { en: 'en-GB', ru: 'ru-RU' };

/**
 * "Resuming your conversation from 3 Dec 2026, 22:14 (at the billing address step). Say "start over" for a new one."
 * in the conversation's language (not the console's --locale: the bot goes on in the language it was speaking).
 * `timeZone` is for tests; the user reads their local time.
 */
export function resumeNotice(r: ResumedConversation, timeZone?: string): string {
  const when = new Intl.DateTimeFormat(DATE_LOCALE[r.locale], {
    day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(timeZone ? { timeZone } : {}),
  }).format(new Date(r.updatedAt));
  const where = r.step ? ` (${WHERE[r.locale][r.step]})` : '';
  return r.locale === 'ru'
    ? `Продолжаем ваш разговор от ${when}${where}. Скажите «начать заново», чтобы начать новый.`
    : `Resuming your conversation from ${when}${where}. Say "start over" for a new one.`;
}
