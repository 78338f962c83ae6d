// The playground's sales view as an agent console, in real Chromium: only the active tab shows, and a case reads
// as the sales space's card does (priced answers, the customer, the conversation rendered) in the page's language.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { click, say, skipBrowserTests, turn, usePlayground } from './support.js';

const SCREENS = process.env['PLAYGROUND_SCREENS'];

describe.skipIf(skipBrowserTests)('the playground sales view', () => {
  const pg = usePlayground();

  async function open(path: string, locale: 'en' | 'ru'): Promise<Page> {
    const page = await (await pg.browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-US' })).newPage();
    await page.goto(`${pg.server.url}${path}`);
    await page.locator('body[data-ready="true"]').waitFor();
    await page.getByLabel(/Language|Язык/).selectOption(locale);
    return page;
  }

  /** A customer who pressed through to the cart (Suite, annual, 25, with callback) and then asked for a person. */
  async function handedOff(locale: 'en' | 'ru'): Promise<void> {
    const customer = await open('/', locale);
    const ru = locale === 'ru';
    await turn(customer, () => customer.locator('#start').click(), ru ? 'Какой план' : 'Which plan');
    await click(customer, 'Suite', ru ? 'Как продлевать' : 'renew');
    await click(customer, ru ? 'Ежегодно' : 'Annual', ru ? 'Сколько нужно лицензий' : 'How many licenses');
    await say(customer, '25', ru ? 'Обратный вызов' : 'Callback');
    await click(customer, ru ? 'Да' : 'Yes', ru ? '7 800,00' : '7,800.00');
    await say(customer, ru ? 'позовите человека' : 'I would like to talk to a person', ru ? /представител/i : /sales representative/i);
    await say(customer, ru ? 'да' : 'yes', ru ? /очеред/i : /queue/);
    await customer.close();
  }

  it('in Russian: the chat is hidden, the case shows priced answers, the customer, rendered words and presses', async () => {
    await handedOff('ru');
    const agent = await open('/#sales', 'ru');
    expect(await agent.locator('#chat-view').isVisible()).toBe(false);
    const card = agent.locator('article.case').first();
    await card.getByText('Попросили человека').waitFor();
    // Russian money groups digits with no-break spaces.
    const text = (await card.innerText()).replace(/\u00a0/g, ' ');
    // Priced as on the sales space's card, in the page's language.
    expect(text).toContain('25 x 22,50 USD x 12 мес. = 6 750,00 USD');
    expect(text).toMatch(/Промежуточный итог\s+7 800,00 USD/);
    expect(text).toContain('Playground tester');
    expect(text).toContain('Статус: в очереди');
    // Presses read as what was pressed, the bot's markdown as formatted text: no JSON, no asterisks.
    await card.locator('.pressed', { hasText: 'Нажато: Webex Suite (Meet + Call)' }).waitFor();
    await card.locator('.pressed', { hasText: 'Нажато: ежегодно' }).waitFor();
    expect(text).not.toContain('[card]');
    expect(text).not.toContain('{"choice"');
    expect(text).not.toContain('**');
    expect(await card.locator('.recent strong').count()).toBeGreaterThan(0);
    for (const english of ['Customer', 'Answers', 'Subtotal', 'queued', 'Asked for a person']) expect(text).not.toContain(english);
    if (SCREENS) await agent.screenshot({ path: join(SCREENS, 'ru-sales.png'), fullPage: true });
    await agent.close();
  }, 120_000);

  it('in English: the same case reads in English, and the Chat tab hides the cases again', async () => {
    await handedOff('en');
    const agent = await open('/#sales', 'en');
    const card = agent.locator('article.case', { hasText: 'Customer' }).first();
    await card.getByText('Asked for a person').waitFor();
    const text = await card.innerText();
    expect(text).toContain('25 x 22.50 USD x 12 mo = 6,750.00 USD');
    expect(text).toMatch(/Subtotal\s+7,800.00 USD/);
    await card.locator('.pressed', { hasText: 'Pressed: Webex Suite (Meet + Call)' }).waitFor();
    if (SCREENS) await agent.screenshot({ path: join(SCREENS, 'en-sales.png'), fullPage: true });
    await agent.getByRole('link', { name: 'Chat', exact: true }).click();
    await agent.locator('#chat-view').waitFor();
    expect(await agent.locator('#sales-view').isVisible()).toBe(false);
    await agent.close();
  }, 120_000);
});
