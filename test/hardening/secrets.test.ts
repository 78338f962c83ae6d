/**
 * A whole purchase through createApp on the file store in a temp folder, logs captured at debug level; then every
 * log line and every stored file is scanned for the verification code, card-like numbers, the payment token,
 * secrets, the full address and the unmasked email. Where a value must be kept (the mail that carries the code,
 * the order that needs the address) the scan says so and checks only the rest.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelSender } from '../../src/dialogs/channel.types.js';
import type { Reply } from '../../src/dialogs/reply.js';
import { createLogger } from '../../src/services/logger.js';
import { startApp, type RunningApp } from '../fuzz/app-support.js';

const SECRET = 'hardening-secret-value-7f3a9c21e5';
const CARD = '4111 1111 1111 1111';
const EMAIL = 'jane@acme.com';
const STREET = '742 Evergreen Terrace';

let bot: RunningApp;
const lines: string[] = [];
const replies: Reply[] = [];
let code = '';
let token = '';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

beforeAll(async () => {
  const destination = new Writable({ write(chunk: Buffer, _e, cb) { lines.push(...chunk.toString().split('\n').filter(Boolean)); cb(); } });
  const logger = createLogger({ level: 'debug', destination });
  bot = await startApp({ STORE: 'file', CODE_SECRET: SECRET, PROVISIONING_DELAY_MS: '0', LOG_LEVEL: 'debug' }, { logger });
  const sender: ChannelSender = { async deliver(_a, r) { replies.push(...r); } };
  bot.app.engine.registerChannel('console', sender);
  let seq = 0;
  const say = async (text: string): Promise<string> => {
    const from = replies.length;
    await bot.app.engine.handle({ kind: 'message', id: `s-${++seq}`, text, address: { channel: 'console', id: 'secrets-room' }, user: { id: 'jane', email: EMAIL } });
    return replies.slice(from).map((r) => r.text).join('\n');
  };
  for (const t of ['I want to upgrade', 'Suite', 'annual', '25', 'yes', `my card is ${CARD}`, 'checkout', EMAIL]) await say(t);
  const mails = files(join(bot.dataDir, 'outbox')).map((f) => readFileSync(f, 'utf8'));
  code = /\b(\d{6})\b/.exec(mails.at(-1) ?? '')?.[1] ?? '';
  expect(code).toMatch(/^\d{6}$/);
  expect(await say(code)).toMatch(/billing address/i);
  expect(await say(`${STREET}, Springfield, IL 62704, USA`)).toMatch(/62704/);
  for (const t of ['yes', 'same as billing', 'no new numbers']) await say(t);
  const pay = await say('yes');
  const url = /(https?:\/\/\S*\/pay\/([A-Za-z0-9_-]+))/.exec(pay);
  expect(url, pay).not.toBeNull();
  token = url?.[2] ?? '';
  const res = await fetch(`${bot.url}/pay/${token}/confirm`, { method: 'POST', headers: { accept: 'application/json' } });
  expect(res.status).toBe(200);
  await say('I accept');
  await bot.app.engine.sweep();
  expect(replies.map((r) => r.text).join('\n')).toMatch(/site is ready/i);
}, 60_000);

afterAll(async () => { await bot.close(); });

/** Everything that must never be written anywhere but where named. */
function leaks(text: string, allowed: { code?: boolean; token?: boolean; personal?: boolean } = {}): string[] {
  const found: string[] = [];
  if (!allowed.code && text.includes(code)) found.push(`verification code ${code}`);
  if (/(?<!\d)4111[ -]?1111[ -]?1111[ -]?1111(?!\d)/.test(text)) found.push('card number');
  if (!allowed.token && token && text.includes(token)) found.push('payment token');
  if (text.includes(SECRET)) found.push('CODE_SECRET');
  if (/Bearer\s+[A-Za-z0-9]/.test(text)) found.push('bearer token');
  if (!allowed.personal && text.includes(EMAIL)) found.push('unmasked email');
  if (!allowed.personal && text.includes(STREET)) found.push('full address');
  return found;
}

describe('secrets and personal data after a whole purchase', () => {
  it('the purchase produced logs and stored files to scan', () => {
    expect(lines.length).toBeGreaterThan(2);
    expect(files(bot.dataDir).length).toBeGreaterThan(3);
  });

  it('no log line carries a code, card number, token, secret, full address or unmasked email', () => {
    const bad = lines.flatMap((l) => leaks(l).map((what) => `${what}: ${l.slice(0, 300)}`));
    expect(bad).toEqual([]);
  });

  it('stored files keep them only where they must be', () => {
    const bad: string[] = [];
    for (const f of files(bot.dataDir)) {
      const rel = relative(bot.dataDir, f);
      const text = readFileSync(f, 'utf8');
      // The mail carries the code to the user; the payment page's state knows its own token; conversations and
      // orders keep the address and email the order needs. Transcripts keep none of them.
      const allowed = {
        // The payment link's token is stored nowhere: the store keeps its hash (the conversation keeps the payment id).
        code: rel.startsWith('outbox'), token: false,
        personal: rel.startsWith('outbox') || /^store\/(conversations|orders)\//.test(rel),
      };
      for (const what of leaks(text, allowed)) bad.push(`${what} in ${rel}: ${text.slice(Math.max(0, text.indexOf(STREET) - 200), text.indexOf(STREET) + 60)}`);
    }
    expect(bad).toEqual([]);
  });
});
