import { join } from 'node:path';

/** What to try first, said once the server listens: the playground, an account that exists, where the code arrives. */
export function firstSteps(url: string, locale: string, dataDir: string): string {
  const outbox = join(dataDir, 'outbox');
  return locale === 'ru'
    ? `\nupgrade-bot готов: откройте ${url}/ и напишите «хочу купить». Почта: ${TRY_ACCOUNTS.ru}; код придёт в панель «Почта» (и в ${outbox}); оплата: кнопка «Оплатить» на странице оплаты.\n`
    : `\nupgrade-bot is ready: open ${url}/ and say "I want to upgrade". Use the account ${TRY_ACCOUNTS.en}; the code arrives in the Mail panel (and ${outbox}); pay with the Pay button on the payment page.\n`;
}
/** Free accounts of the simulated directory (data/accounts.json) to try the purchase with. */
export const TRY_ACCOUNTS = { en: 'jane@acme.com', ru: 'ivan@romashka.ru' } as const;

