// End-to-end: the playground in real Chromium against the server `npm start` runs (createApp, PLAYGROUND on).
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createTranscriptBot } from '../../src/adapters/transcript/harness.js';
import { parseTranscript } from '../../src/adapters/transcript/parse.js';
import { formatFileResult } from '../../src/adapters/transcript/report.js';
import { runTranscript } from '../../src/adapters/transcript/run.js';
import { click, lastBot, orderShows, say, skipBrowserTests, turn, usePlayground } from './support.js';

/** Where to save a screenshot of the page mid-purchase (`PLAYGROUND_SCREENSHOT=docs/playground.png`). */
const SCREENSHOT = process.env['PLAYGROUND_SCREENSHOT'];

describe.skipIf(skipBrowserTests)('playground in Chromium', () => {
  const pg = usePlayground();

  async function open(path = '/', width = 1280): Promise<Page> {
    const context = await pg.browser.newContext({ viewport: { width, height: 800 }, acceptDownloads: true, locale: 'en-US' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${pg.server.url}${path}`);
    await page.locator('body[data-ready="true"]').waitFor();
    page.on('close', () => expect(errors, 'errors in the page').toEqual([]));
    return page;
  }

  /** Downloads the conversation as .chat and replays it in the transcript runner. */
  async function replayDownload(page: Page): Promise<string> {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download as \.chat|Скачать \.chat/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^playground-.*\.chat$/);
    const text = await readFile(await download.path(), 'utf8');
    const result = await runTranscript(parseTranscript('playground.chat', text), createTranscriptBot);
    expect(result.passed, `${formatFileResult(result)}\n--- the download:\n${text}`).toBe(true);
    return text;
  }

  it('a whole purchase by clicking Webex cards; the .chat download replays green', async () => {
    const page = await open();
    await turn(page, () => page.getByRole('button', { name: 'I want to upgrade' }).click(), 'Which plan');
    // Webex: cards at version 1.3, rendered by Microsoft's adaptivecards library.
    expect(await lastBot(page).locator('.ac-adaptiveCard').count()).toBe(1);
    await click(page, 'Suite', 'renew');
    await click(page, 'Annual', 'How many licenses');
    await say(page, '25', 'Callback');
    await click(page, 'Yes', /7,800\.00/);
    await orderShows(page, 'subtotal', '7800.00 USD');
    await click(page, 'Checkout', 'email');
    await say(page, 'jane@acme.com', '6-digit code');
    const code = await page.locator('.mail-code').last().innerText();
    expect(code).toMatch(/^\d{6}$/);
    await turn(page, () => page.getByRole('button', { name: 'Send this code' }).last().click(), 'billing address');
    await say(page, '100 Congress Ave, Austin, TX 78701, USA', '78701');
    await click(page, 'Yes', 'service address');
    await click(page, 'Same as billing', 'Calling plan');
    await say(page, '2 new numbers in 512', 'acme.webex.com');
    await click(page, 'Keep it', /8,287\.50/);
    await page.locator('#payment-status', { hasText: 'pending' }).waitFor();
    if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT });
    await turn(page, () => page.getByRole('button', { name: 'Complete payment' }).click(), 'Payment received');
    await click(page, 'I accept', 'being set up');
    await page.locator('#step', { hasText: 'provisioning' }).waitFor();
    await turn(page, () => page.getByRole('button', { name: 'Finish provisioning' }).click(), 'acme.webex.com');
    await page.locator('#step', { hasText: 'done' }).waitFor();
    await orderShows(page, 'order', /\(provisioned\)$/);
    const chat = await replayDownload(page);
    expect(chat).toContain('@channel webex');
    expect(chat).toContain('user clicks: Suite');
    expect(chat).toContain('user: {{code}}');
    expect(chat).toContain('event: payment succeeded');
    expect(chat).toContain('event: provisioning complete');
    await page.close();
  }, 120_000);

  it('the Russian flow in Teams rendering, on a narrow window', async () => {
    const page = await open('/', 420);
    await page.getByLabel('Render as').selectOption('teams');
    await page.getByLabel('Language').selectOption('ru');
    await page.getByRole('button', { name: 'Отправить', exact: true }).waitFor();
    await turn(page, () => page.getByRole('button', { name: 'хочу перейти на платный план' }).click(), 'Какой план');
    // Teams, personal chat: choices are suggested actions; pressing one sends its value and they go away.
    await click(page, 'Meet', 'Как продлевать');
    expect(await page.locator('#log .suggested').count()).toBe(1);
    await click(page, 'Ежемесячно', 'Сколько нужно лицензий');
    await say(page, '10', 'Обратный вызов');
    await click(page, 'Нет', '145,00 USD');
    await say(page, 'оформить', 'адрес электронной почты');
    await say(page, 'ivan@romashka.ru', '6-значный код');
    await turn(page, () => page.getByRole('button', { name: 'Отправить этот код' }).last().click(), 'улица и дом');
    // The billing address form: an Adaptive Card 1.5 with inputs, sent by Action.Execute.
    const form = lastBot(page);
    await form.getByLabel('улица и дом').fill('ул. Тверская, д. 7');
    await form.getByLabel('город').fill('Москва');
    await form.getByLabel('почтовый индекс').fill('125009');
    await form.getByLabel('страна').fill('RU');
    await click(page, 'Отправить', 'Это ваш адрес для счетов?');
    // Teams replaces a pressed card with a used copy: inputs shown as sent, actions disabled, the pressed one ticked.
    await page.getByRole('button', { name: '✓ Отправить' }).waitFor();
    expect(await page.getByRole('button', { name: '✓ Отправить' }).isDisabled()).toBe(true);
    await page.getByText('город: Москва').waitFor();
    await click(page, 'Да', 'улица и дом');
    await say(page, 'такой же', 'romashka.webex.com');
    await click(page, 'Оставить', '174,00 USD');
    await turn(page, () => page.getByRole('button', { name: 'Оплатить', exact: true }).click(), 'Оплата получена');
    await click(page, 'Принимаю', /WX-/);
    await turn(page, () => page.getByRole('button', { name: 'Завершить подготовку' }).click(), 'romashka.webex.com');
    await page.locator('#step', { hasText: 'done' }).waitFor();
    const chat = await replayDownload(page);
    expect(chat).toContain('@locale ru');
    expect(chat).toContain('@channel teams');
    expect(chat).toContain('user submits: {"form":"billingAddress"');
    await page.close();
  }, 120_000);

  it('a handoff played in two pages: the customer in one, the sales agent in the other', async () => {
    const customer = await open();
    await say(customer, 'I want to upgrade', 'Which plan');
    await say(customer, 'I would like to talk to a person', /sales representative/i);
    await say(customer, 'yes', /number 1 in the queue/);
    const agent = await open('/#sales');
    const card = agent.locator('article.case').first();
    await card.getByText('Asked for a person').waitFor();
    await turn(customer, () => card.getByRole('button', { name: 'Claim' }).click(), /Alex/);
    await card.getByText('Status: claimed').waitFor();
    await turn(customer, async () => {
      await card.getByRole('textbox').fill('Hello, Alex from sales here. How many people?');
      await card.getByRole('textbox').press('Enter');
    }, 'How many people?');
    expect(await lastBot(customer).getAttribute('class')).toContain('agent');
    await customer.locator('#input').fill('About 300 people, on annual billing');
    await customer.keyboard.press('Enter');
    await card.locator('.thread').getByText('About 300 people').waitFor();
    await turn(customer, async () => {
      await card.getByRole('textbox').fill('resume');
      await card.getByRole('button', { name: 'Send' }).click();
    }, /plan/i);
    await customer.waitForFunction(() => document.getElementById('step')?.textContent !== 'handoff');
    const chat = await replayDownload(customer);
    expect(chat).toContain('agent clicks: Claim');
    expect(chat).toContain('agent: resume');
    await agent.close();
    await customer.close();
  }, 120_000);
});

describe.skipIf(skipBrowserTests)('playground in Chromium, exposed in a deployment (PLAYGROUND=insecure-on)', () => {
  const pg = usePlayground({ NODE_ENV: 'production', PLAYGROUND: 'insecure-on' });
  const open = async (path: string): Promise<Page> => {
    const page = await (await pg.browser.newContext({ locale: 'en-US' })).newPage();
    await page.goto(`${pg.server.url}${path}`);
    await page.locator('body[data-ready="true"]').waitFor();
    return page;
  };

  it('the sales view a page opens shows that page\'s case; another visitor\'s sales view shows none', async () => {
    const customer = await open('/');
    await say(customer, 'I want to upgrade', 'Which plan');
    await say(customer, 'I would like to talk to a person', /sales representative/i);
    await say(customer, 'yes', /number 1 in the queue/);
    const stranger = await open('/#sales');
    // The view polls: an answer after the case was opened is what the stranger is shown.
    const answer = await stranger.waitForResponse((r) => new URL(r.url()).pathname === '/playground/api/sales');
    expect(await answer.json()).toEqual([]);
    expect(await stranger.locator('article.case').count()).toBe(0);
    const link = await customer.locator('#open-sales').getAttribute('href');
    expect(link).toMatch(/^\/#sales:/);
    const agent = await open(link ?? '/#sales');
    await agent.locator('article.case').first().getByText('Asked for a person').waitFor();
    await turn(customer, () => agent.locator('article.case').first().getByRole('button', { name: 'Claim' }).click(), /Alex/);
    for (const p of [customer, stranger, agent]) await p.close();
  }, 120_000);
});
