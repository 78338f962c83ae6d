/**
 * "Forget me" as an outsider sees it, over HTTP through the playground of the real app (createApp, file store,
 * local outbox): a conversation gives an email, gets a code mail, reaches a payment link, then asks to be forgotten.
 * Afterwards nothing of it can be reached: the outbox mail, the payment link (page and state file), the playground's
 * log and `.chat`, the panel; and the captured log lines never held the email or the code in the clear.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/services/logger.js';
import { startApp, type RunningApp } from '../fuzz/app-support.js';

const EMAIL = 'jane@acme.com';
const KEY = 'forget-me-over-http';
const lines: string[] = [];
let bot: RunningApp;
let code = '';
let token = '';

const api = (path: string) => `${bot.url}/playground/api/c/${KEY}${path}`;
async function say(text: string): Promise<void> {
  const res = await fetch(api('/message'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
  expect(res.status, await res.text()).toBe(200);
}
const panel = async () => (await (await fetch(api('/panel'))).json()) as { step: string; mails: { code?: string }[]; payment?: { url: string } };
const chat = async () => (await fetch(api('/transcript.chat'))).text();
const outbox = () => readdirSync(join(bot.dataDir, 'outbox')).filter((f) => f.endsWith('.json')).map((f) => readFileSync(join(bot.dataDir, 'outbox', f), 'utf8'));
const payPage = () => fetch(`${bot.url}/pay/${token}`);
/** The stored payment links (records named payment:<hash of the token>). */
const paymentRecords = () => readdirSync(join(bot.dataDir, 'store', 'records')).filter((f) => f.startsWith('payment_'));

beforeAll(async () => {
  const destination = new Writable({ write(chunk: Buffer, _e, cb) { lines.push(...chunk.toString().split('\n').filter(Boolean)); cb(); } });
  bot = await startApp({ STORE: 'file', PLAYGROUND: 'true', LOG_LEVEL: 'debug' }, { logger: createLogger({ level: 'debug', destination }) });
  for (const t of ['I want to upgrade', 'Suite', 'annual', '25', 'yes', 'checkout', EMAIL]) await say(t);
  code = (await panel()).mails.at(-1)?.code ?? '';
  expect(code).toMatch(/^\d{6}$/);
  for (const t of [code, '100 Congress Ave, Austin, TX 78701, USA', 'yes', 'same as billing', '2 new numbers in 512', 'yes']) await say(t);
  const p = await panel();
  expect(p.step).toBe('payment');
  token = /\/pay\/([\w-]+)/.exec(p.payment?.url ?? '')?.[1] ?? '';
  expect(token).not.toBe('');
}, 60_000);

afterAll(async () => { await bot.close(); });

describe('forget me, from outside', () => {
  it('everything was reachable before', async () => {
    expect(outbox().join('\n')).toContain(code);
    expect((await payPage()).status).toBe(200);
    expect(paymentRecords()).toHaveLength(1);
    expect(await chat()).toContain(EMAIL);
  });

  it('afterwards the mail, the payment link, the playground trace and the draft are gone; logs never held them', async () => {
    await say('forget me');
    await say('yes');
    expect(outbox().join('\n')).not.toContain(code);
    expect((await payPage()).status).toBe(404);
    expect(paymentRecords()).toEqual([]);
    const after = await chat();
    expect(after).not.toContain(EMAIL);
    expect(after).not.toContain(code);
    const p = await panel();
    expect(p.mails).toEqual([]);
    expect(p.step).toBe('—');
    // Logs cannot be called back from stdout: they must never have carried the email or the code.
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.filter((l) => l.includes(EMAIL) || l.includes(code))).toEqual([]);
    expect(lines.some((l) => l.includes('forgotten'))).toBe(true);
  });
});
