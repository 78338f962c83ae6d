/**
 * Hostile text from outside, over the playground's HTTP API: messages and card data of adversarial text at the
 * longest the page may send (4,000 characters) are answered without taking a value, and the conversation stays at
 * its step; card data past that is refused like a message (a 62 KB form once stalled the process for seconds). The
 * health route still answers, and a real answer then moves the conversation on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../fuzz/app-support.js';

const KEY = 'hostile-over-http';
const fill = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
let bot: RunningApp;

const post = async (path: string, body: unknown) => {
  const res = await fetch(`${bot.url}/playground/api/c/${KEY}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, text: await res.text() };
};
const step = async () => ((await (await fetch(`${bot.url}/playground/api/c/${KEY}/panel`)).json()) as { step: string }).step;

beforeAll(async () => {
  bot = await startApp({ PLAYGROUND: 'true' });
  for (const text of ['I want to upgrade', 'Suite', 'annual', '25', 'yes', 'checkout', 'jane@acme.com']) expect((await post('/message', { text })).status).toBe(200);
  expect(await step()).toBe('verify');
}, 60_000);

afterAll(async () => { await bot.close(); });

describe('hostile text over HTTP', () => {
  const MAX = 4_000;
  it.each([['a@', fill('a@', MAX)], ['a.', fill('a.', MAX)], ['ok, ', fill('ok, ', MAX)], ['spaces', `x${fill(' ', MAX - 2)}x`], ['emails without domains', fill('jane@ ', MAX)]])(
    'a message of %s is answered and leaves the step', async (_name, text) => {
      expect((await post('/message', { text })).status).toBe(200);
      expect(await step()).toBe('verify');
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    }, 30_000);

  it('card data of hostile text up to the limit is answered and leaves the step; past it, refused like a message', async () => {
    const near = { form: 'billingAddress', line1: fill('a.', 1_900), city: fill('a@', 1_900) };
    expect((await post('/submit', { value: near })).status).toBe(200);
    expect(await step()).toBe('verify');
    const huge = { form: 'billingAddress', line1: fill('a.', 31_000), city: fill('a@', 31_000) };
    expect(JSON.stringify(huge).length).toBeGreaterThan(62_000);
    const refused = await post('/submit', { value: huge });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/longer than 4000 characters/);
    expect((await post('/message', { text: fill('a@', MAX + 1) })).status).toBe(400);
    expect(await step()).toBe('verify');
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  }, 30_000);

  it('the conversation then goes on with a real answer', async () => {
    const panel = (await (await fetch(`${bot.url}/playground/api/c/${KEY}/panel`)).json()) as { mails: { code?: string }[] };
    const code = panel.mails.at(-1)?.code ?? '';
    expect(code).toMatch(/^\d{6}$/);
    expect((await post('/message', { text: code })).status).toBe(200);
    expect(await step()).toBe('billingAddress');
  });
});
