// The same turn rendered as Webex and as Teams in real Chromium: each offers the user every choice the other
// does, and shows the reply's words. `PLAYGROUND_SCREENS=docs/screens` also saves a PNG of every step per channel.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { click, lastBot, say, skipBrowserTests, turn, usePlayground } from './support.js';

const SCREENS = process.env['PLAYGROUND_SCREENS'];

type Channel = 'webex' | 'teams';

/** What the latest bot message lets the user do and read, as this channel's render shows it. */
async function offerOf(page: Page): Promise<{ choices: string[]; text: string }> {
  return lastBot(page).evaluate((li) => {
    const labels = [
      ...[...li.querySelectorAll('button')].map((b) => b.textContent ?? ''),
      // A long list is an Input.ChoiceSet: radio labels when expanded, a select's options when compact.
      ...[...li.querySelectorAll('.ac-choiceSetInput-expanded label')].map((l) => l.textContent ?? ''),
      ...[...li.querySelectorAll('select option')].map((o) => o.textContent ?? ''),
    ];
    return { choices: [...new Set(labels.map((l) => l.trim()).filter((l) => l !== ''))].sort(), text: (li as HTMLElement).innerText };
  });
}

async function showAs(page: Page, channel: Channel): Promise<void> {
  await page.getByLabel(/Render as|Показывать как/).selectOption(channel);
  await lastBot(page).locator('.bubble').first().waitFor();
}

describe.skipIf(skipBrowserTests)('Webex and Teams renders of the same turn offer the same choices', () => {
  const pg = usePlayground();

  async function open(locale: 'en' | 'ru'): Promise<Page> {
    const page = await (await pg.browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' })).newPage();
    await page.goto(pg.server.url);
    await page.locator('body[data-ready="true"]').waitFor();
    await page.getByLabel('Language').selectOption(locale);
    return page;
  }

  /** Compares the two renders of the latest turn (switching the channel re-renders the same log) and shoots both. */
  async function compare(page: Page, name: string, words: string[]): Promise<void> {
    // The tester panel refreshes just after the turn: a screenshot shows it at the step the chat is at.
    const step = /^\w+-\d+-(\w+)/.exec(name)?.[1];
    if (SCREENS && step) await page.locator('#step', { hasText: step }).waitFor();
    const seen: Partial<Record<Channel, { choices: string[]; text: string }>> = {};
    for (const channel of ['webex', 'teams'] as const) {
      await showAs(page, channel);
      const offer = await offerOf(page);
      for (const w of words) expect(offer.text, `${name}, ${channel}: the reply's words`).toContain(w);
      seen[channel] = offer;
      if (SCREENS) {
        mkdirSync(SCREENS, { recursive: true });
        await page.screenshot({ path: join(SCREENS, `${name}-${channel}.png`) });
      }
    }
    expect(seen.teams?.choices, `${name}: Teams offers what Webex offers`).toEqual(seen.webex?.choices);
    await showAs(page, 'webex');
  }

  it('English: every step from the plan to the payment', async () => {
    const page = await open('en');
    await turn(page, () => page.getByRole('button', { name: 'I want to upgrade' }).click(), 'Which plan');
    await compare(page, 'en-01-plan', ['Which plan']);
    await click(page, 'Suite', 'renew');
    await compare(page, 'en-02-renewal', ['renew']);
    await click(page, 'Annual', 'How many licenses');
    await compare(page, 'en-03-licenses', ['How many licenses']);
    await say(page, '25', 'Callback');
    await compare(page, 'en-04-callback', ['Callback']);
    await click(page, 'Yes', /7,800\.00/);
    // The cart: a card of lines and totals, the question under it, and Checkout (the Teams view once lost both).
    await compare(page, 'en-05-cart', ['7,800.00', 'Ready to check out?', 'Checkout']);
    await click(page, 'Checkout', 'email');
    await compare(page, 'en-06-email', ['email']);
    await say(page, 'jane@acme.com', '6-digit code');
    await turn(page, () => page.getByRole('button', { name: 'Send this code' }).last().click(), 'billing address');
    await compare(page, 'en-07-billing-address', ['billing address']);
    await say(page, '100 Congress Ave, Austin, TX 78701, USA', '78701');
    await compare(page, 'en-08-billing-confirm', ['78701']);
    await click(page, 'Yes', 'service address');
    await compare(page, 'en-09-service-address', ['service address']);
    await click(page, 'Same as billing', 'Calling plan');
    await compare(page, 'en-10-calling-plan', ['Calling plan']);
    await say(page, '2 new numbers in 512', 'acme.webex.com');
    await compare(page, 'en-11-site', ['acme.webex.com']);
    await click(page, 'Keep it', /8,287\.50/);
    await compare(page, 'en-12-payment', ['8,287.50']);
    await page.close();
  }, 180_000);

  it('Russian: every step from the plan to the payment', async () => {
    const page = await open('ru');
    await turn(page, () => page.getByRole('button', { name: 'хочу перейти на платный план' }).click(), 'Какой план');
    await compare(page, 'ru-01-plan', ['Какой план']);
    await click(page, 'Meet', 'Как продлевать');
    await compare(page, 'ru-02-renewal', ['Как продлевать']);
    await click(page, 'Ежемесячно', 'Сколько нужно лицензий');
    await compare(page, 'ru-03-licenses', ['Сколько нужно лицензий']);
    await say(page, '10', 'Обратный вызов');
    await compare(page, 'ru-04-callback', ['Обратный вызов']);
    await click(page, 'Нет', '145,00 USD');
    await compare(page, 'ru-05-cart', ['145,00 USD']);
    await say(page, 'оформить', 'адрес электронной почты');
    await compare(page, 'ru-06-email', ['адрес электронной почты']);
    await say(page, 'ivan@romashka.ru', '6-значный код');
    await turn(page, () => page.getByRole('button', { name: 'Отправить этот код' }).last().click(), 'улица и дом');
    await compare(page, 'ru-07-billing-address', ['улица и дом']);
    await say(page, 'ул. Тверская, д. 7, Москва, 125009, Россия', '125009');
    await compare(page, 'ru-08-billing-confirm', ['125009']);
    await click(page, 'Да', 'улица и дом');
    await compare(page, 'ru-09-service-address', ['улица и дом']);
    await say(page, 'такой же', 'romashka.webex.com');
    await compare(page, 'ru-10-site', ['romashka.webex.com']);
    await click(page, 'Оставить', '174,00 USD');
    await compare(page, 'ru-11-payment', ['174,00 USD']);
    await page.close();
  }, 180_000);
});
