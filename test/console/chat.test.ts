import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main as runTranscripts } from '../../src/adapters/transcript/cli.js';
import { ChatProcess, chatEnv, tempDataDir } from './chat-process.js';

/** `npm run chat` as a user runs it: the real entry, a child process, stdin piped, stdout read back. */
const dirs: string[] = [];
const procs: ChatProcess[] = [];

function dataDir(): string {
  const d = tempDataDir();
  dirs.push(d);
  return d;
}

function start(dir: string, args: string[] = [], envDataDir = dir): ChatProcess {
  const p = ChatProcess.start(args, chatEnv(envDataDir));
  procs.push(p);
  return p;
}

afterEach(() => {
  for (const p of procs.splice(0)) p.kill();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const TEST_TIMEOUT_MS = 90_000;

describe('npm run chat, piped', () => {
  it('prints the cart with 7,800.00 for the DOMAIN.md example and exits 0 at the end of input', async () => {
    const dir = dataDir();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/adapters/console/chat.ts'], {
      cwd: resolve(import.meta.dirname, '../..'), env: chatEnv(dir), stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => { out += c; });
    child.stderr.setEncoding('utf8').on('data', (c: string) => { err += c; });
    child.stdin.end('upgrade\nsuite\nannual\n25\nyes\n');
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code, `exit code; stderr:\n${err}`).toBe(0);
    expect(out).toMatch(/Subtotal: 7,800\.00 USD/);
    expect(out).toMatch(/1\) Meet {2}2\) Call {2}3\) Suite/);
    expect(out, 'markdown emphasis is stripped').not.toMatch(/\*\*/);
  }, TEST_TIMEOUT_MS);

  it('buys Suite in English, from "upgrade" to the unprompted "site is ready"', async () => {
    const dir = dataDir();
    const record = join(dir, 'session.chat');
    const chat = start(dir, ['--locale', 'en', '--conversation', 'jane', '--record', record]);
    await chat.say('upgrade', /Which plan/i, 'plan');
    await chat.say('suite', /renew annually/i, 'renewal');
    await chat.say('annual', /How many licenses/i, 'licenses');
    await chat.say('25', /Callback add-on/i, 'callback');
    await chat.say('yes', /Subtotal: 7,800\.00 USD[\s\S]*1\) Checkout/, 'cart');
    await chat.say('1', /email/i, 'checkout by picking choice 1');
    const mail = await chat.say('jane@acme.com', /\[mail to jane@acme\.com\][^\n]*\n[^\n]*?\b(\d{6})\b/, 'email');
    const code = mail[1] ?? '';
    await chat.say(code, /billing address/i, 'verify');
    await chat.say('100 Congress Ave, Austin, TX 78701, USA', /Austin/, 'billing address');
    await chat.say('yes', /service address|same as billing/i, 'billing address confirmed');
    await chat.say('same as billing', /number/i, 'service address');
    await chat.say('no new numbers', /acme\.webex\.com/, 'calling plan');
    const link = await chat.say('yes', /(http:\/\/localhost:\d+\/pay\/[A-Za-z0-9_-]+)/, 'site URL');
    const page = await fetch(link[1] ?? '');
    expect(page.status, 'the payment page is served for a browser').toBe(200);
    await chat.say('/pay', /accept/i, 'payment');
    await chat.say('I accept', /being set up/i, 'consent');
    await chat.expect(/site is ready:? (?:https:\/\/)?acme\.webex\.com/i, 'provisioning: the unprompted message');
    expect(await chat.end()).toBe(0);

    const recorded = readFileSync(record, 'utf8');
    expect(recorded).toMatch(/^# .+\n@channel console\n@locale en\n@now \d{4}-\d\d-\d\dT[\d:.]+Z\n@account jane@acme\.com/);
    expect(recorded).toContain('user: upgrade\n');
    expect(recorded).toContain('user clicks: Checkout\n');
    expect(recorded).toContain('mail: /(?<code>\\b\\d{6}\\b)/\nuser: {{code}}\n');
    expect(recorded).toContain('event: payment succeeded\n');
    expect(recorded).toMatch(/event: provisioning complete\nbot: = .*acme\.webex\.com/);
    expect(recorded).toMatch(/^bot: = .*7,800\.00/m);
    const report: string[] = [];
    const status = await runTranscripts([record], { out: (l) => report.push(l), err: (l) => report.push(l) });
    expect(status, `the recorded session replays with the transcript runner:\n${report.join('\n')}\n--- recorded ---\n${recorded}`).toBe(0);
  }, TEST_TIMEOUT_MS);

  it('buys Suite in Russian, from "хочу перейти" to the unprompted "сайт готов"', async () => {
    const dir = dataDir();
    const chat = start(dir, ['--locale', 'ru', '--conversation', 'ivan']);
    await chat.say('хочу перейти на платный план', /Какой план/i, 'plan');
    await chat.say('suite', /ежегодн|ежемесячн/i, 'renewal');
    await chat.say('ежегодно', /лиценз/i, 'licenses');
    await chat.say('25', /Обратный вызов/i, 'callback');
    await chat.say('да', /Промежуточный итог: 7\s800,00 USD/u, 'cart');
    await chat.say('оформить', /электронной почты/i, 'checkout');
    const mail = await chat.say('ivan@romashka.ru', /\[mail to ivan@romashka\.ru\][^\n]*\n[^\n]*?\b(\d{6})\b/, 'email');
    await chat.say(mail[1] ?? '', /адрес для выставления счетов/i, 'verify');
    await chat.say('Россия, Москва, ул. Тверская 7, 125009', /Тверская 7, Москва, 125009/, 'billing address');
    await chat.say('да', /адрес службы/i, 'billing address confirmed');
    await chat.say('такой же', /План вызовов/i, 'service address');
    await chat.say('не нужно', /romashka\.webex\.com/, 'calling plan');
    await chat.say('да', /http:\/\/localhost:\d+\/pay\//, 'site URL');
    await chat.say('/pay', /Оплата получена[\s\S]*Вы принимаете/i, 'payment');
    await chat.say('принимаю', /сайт настраивается/i, 'consent');
    await chat.expect(/сайт готов:? (?:https:\/\/)?romashka\.webex\.com/i, 'provisioning: the unprompted message');
    expect(await chat.end()).toBe(0);
  }, TEST_TIMEOUT_MS);

  it('continues a conversation in a new process with the same data folder', async () => {
    const dir = dataDir();
    // --data wins over DATA_DIR: both processes find the conversation in `dir`.
    const elsewhere = dataDir();
    const first = start(dir, ['--data', dir, '--conversation', 'restart'], elsewhere);
    await first.say('upgrade', /Which plan/i, 'plan');
    await first.say('suite', /renew annually/i, 'renewal');
    await first.say('annual', /How many licenses/i, 'licenses');
    expect(await first.end()).toBe(0);

    const second = start(dir, ['--data', dir, '--conversation', 'restart'], elsewhere);
    await second.say('25', /Callback add-on/i, 'licenses, answered in the new process');
    await second.say('yes', /Subtotal: 7,800\.00 USD/, 'cart after the restart');
    expect(second.output).toMatch(/Webex Suite[^\n]*25 × 22\.50 USD × 12 months/);
    expect(await second.end()).toBe(0);
  }, TEST_TIMEOUT_MS);
});

/** The stored conversations of a data folder (the file store's layout: one JSON document per conversation). */
function storedConversations(dir: string): { id: string; outbox: unknown[] }[] {
  const folder = join(dir, 'store', 'conversations');
  return readdirSync(folder).map((f) => (JSON.parse(readFileSync(join(folder, f), 'utf8')) as { doc: { id: string; outbox: unknown[] } }).doc);
}

describe('npm run chat, piped: which conversation, and leaving', () => {
  it('starts a new conversation every run: the second run does not continue the first (nor speak its language)', async () => {
    const dir = dataDir();
    const first = start(dir, ['--locale', 'ru']);
    await first.say('привет', /Какой план/i, 'first run: the greeting');
    await first.say('suite', /ежегодн|ежемесячн/i, 'first run: renewal');
    expect(await first.end()).toBe(0);

    const second = start(dir);
    await second.say('hi', /Hi! I'll help you upgrade[\s\S]*Which plan/, 'second run: the greeting again, in English');
    expect(second.output).not.toMatch(/renew annually|ежегодн/i);
    expect(await second.end()).toBe(0);
    expect(storedConversations(dir), 'two conversations, one per run').toHaveLength(2);
  }, TEST_TIMEOUT_MS);

  it('exits at once after its input ends, with the last state on disk for a --conversation rerun', async () => {
    const dir = dataDir();
    const first = start(dir, ['--conversation', 'quick']);
    await first.say('hi', /Which plan/i, 'plan');
    await first.say('suite', /renew annually/i, 'renewal');
    // Well below the outbox lease (30 s) the old console sat out: the exit waits on no timer.
    const ended = Date.now();
    expect(await first.end(10_000)).toBe(0);
    expect(Date.now() - ended).toBeLessThan(10_000);
    const [doc] = storedConversations(dir);
    expect(doc?.outbox, 'every reply marked sent before the exit, not left to a later sweep').toEqual([]);

    const again = start(dir, ['--conversation', 'quick']);
    await again.say('annual', /How many licenses/i, 'licenses: continued from the stored state');
    expect(again.output, 'no reply of the first run is sent again').not.toMatch(/Which plan|renew annually/i);
    expect(await again.end(10_000)).toBe(0);
  }, TEST_TIMEOUT_MS);

  it('--help lists the options and exits', async () => {
    const help = start(dataDir(), ['--help']);
    expect(await help.end()).toBe(0);
    for (const opt of ['--data', '--conversation', '--locale', '--record', '--help']) expect(help.output).toContain(opt);
  }, TEST_TIMEOUT_MS);
});
