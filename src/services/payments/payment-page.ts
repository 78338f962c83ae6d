import { formatMoney } from '../../domain/pricing.js';
import type { Locale } from '../../domain/types.js';

/** What the page shows; never the token's conversation or anything that identifies the customer. */
export interface PageModel {
  amountCents: number;
  currency: string;
  description: string;
  /** Form targets relative to the page's URL, so the page works behind any public URL. */
  confirmPath: string;
  declinePath: string;
}

export type ResultKind = 'succeeded' | 'declined' | 'unknown' | 'used' | 'expired' | 'undelivered';

const TEXT = {
  en: {
    title: 'Webex upgrade: payment',
    banner: 'Local test payment page. No money is charged and no card details are asked for or accepted.',
    amount: 'Amount due',
    description: 'For',
    pay: 'Pay',
    decline: 'Decline',
    back: 'You can close this page and return to the chat.',
    result: {
      succeeded: 'Payment confirmed. Thank you!',
      declined: 'Payment declined. You can try again from the chat.',
      unknown: 'This payment link is not valid.',
      used: 'This payment link has already been used.',
      expired: 'This payment link has expired. Ask the bot for a new one.',
      undelivered: 'The payment was recorded, but the bot did not acknowledge it yet. Please try again in a moment.',
    },
  },
  ru: {
    title: 'Переход на платный Webex: оплата',
    banner: 'Локальная тестовая страница оплаты. Деньги не списываются, данные карты не запрашиваются и не принимаются.',
    amount: 'К оплате',
    description: 'За',
    pay: 'Оплатить',
    decline: 'Отказаться',
    back: 'Эту страницу можно закрыть и вернуться в чат.',
    result: {
      succeeded: 'Оплата подтверждена. Спасибо!',
      declined: 'Оплата отклонена. Можно попробовать снова из чата.',
      unknown: 'Эта ссылка на оплату недействительна.',
      used: 'Эта ссылка на оплату уже использована.',
      expired: 'Срок действия ссылки истёк. Попросите бота прислать новую.',
      undelivered: 'Оплата записана, но бот ещё не подтвердил её получение. Попробуйте ещё раз чуть позже.',
    },
  },
} as const;

/** Picks ru or en from an Accept-Language header by its q-weights; en when nothing matches. */
export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const r of ranked) if (r.lang === 'ru' || r.lang === 'en') return r.lang;
  return 'en';
}

export function renderPaymentPage(model: PageModel, locale: Locale): string {
  const t = TEXT[locale];
  const body = `
  <p class="banner">${esc(t.banner)}</p>
  <dl>
    <dt>${esc(t.amount)}</dt><dd class="amount">${esc(formatMoney(model.amountCents, model.currency, locale))}</dd>
    <dt>${esc(t.description)}</dt><dd>${esc(model.description)}</dd>
  </dl>
  <div class="actions">
    <form method="post" action="${esc(model.confirmPath)}"><button type="submit" class="pay">${esc(t.pay)}</button></form>
    <form method="post" action="${esc(model.declinePath)}"><button type="submit" class="decline">${esc(t.decline)}</button></form>
  </div>`;
  return layout(t.title, locale, body);
}

export function renderResultPage(kind: ResultKind, locale: Locale): string {
  const t = TEXT[locale];
  const body = `
  <p class="banner">${esc(t.banner)}</p>
  <p class="result ${kind}">${esc(t.result[kind])}</p>
  <p>${esc(t.back)}</p>`;
  return layout(t.title, locale, body);
}

function layout(title: string, locale: Locale, body: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
.banner{background:#fff4ce;border:1px solid #e0c060;padding:.75rem;border-radius:.5rem}
dt{font-weight:600;margin-top:.75rem}dd{margin:0}.amount{font-size:1.5rem}
.actions{display:flex;gap:1rem;margin-top:1.5rem}
button{font-size:1rem;padding:.6rem 1.4rem;border-radius:.4rem;border:1px solid #888;cursor:pointer}
.pay{background:#0a7d3b;color:#fff;border-color:#0a7d3b}
</style>
</head>
<body>
<h1>${esc(title)}</h1>${body}
</body>
</html>
`;
}

/** The description comes from the conversation, so it is escaped like any untrusted text. */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
