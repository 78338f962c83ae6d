import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadChatOptions } from '../../src/adapters/console/chat-config.js';
import { resumeNotice } from '../../src/adapters/console/console-resume.js';
import { startConsoleSession, type ConsoleSession } from '../../src/adapters/console/console-session.js';
import { chatEnv, tempDataDir } from './chat-process.js';

const AT = Date.UTC(2026, 11, 3, 22, 14);

describe('resumeNotice', () => {
  it('says from when and where, with how to start over, in English', () => {
    expect(resumeNotice({ updatedAt: AT, step: 'billingAddress', locale: 'en' }, 'UTC'))
      .toBe('Resuming your conversation from 3 Dec 2026, 22:14 (at the billing address step). Say "start over" for a new one.');
    expect(resumeNotice({ updatedAt: AT, step: 'done', locale: 'en' }, 'UTC')).toContain('(your order is complete)');
  });

  it('in Russian, the local time of the given zone', () => {
    expect(resumeNotice({ updatedAt: AT, step: 'billingAddress', locale: 'ru' }, 'Europe/Moscow'))
      .toBe('Продолжаем ваш разговор от 4 дек. 2026 г., 01:14 (шаг «адрес для выставления счетов»). Скажите «начать заново», чтобы начать новый.');
  });
});

/** The console session in-process (what the TTY console runs), so resuming is seen without a terminal. */
describe('console session: resuming', () => {
  const dirs: string[] = [];
  const sessions: ConsoleSession[] = [];
  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.stop();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  async function session(dir: string, argv: string[], interactive: boolean, printed: string[] = []): Promise<ConsoleSession> {
    const opts = loadChatOptions(['--data', dir, ...argv], chatEnv(dir), { interactive });
    const s = await startConsoleSession(opts, { print: (t) => { printed.push(t); } });
    sessions.push(s);
    return s;
  }

  it('a later session of the same conversation knows its step, language and last write', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const first = await session(dir, ['--conversation', 'ivan', '--locale', 'ru'], true);
    expect(first.resumed, 'nothing stored yet').toBeUndefined();
    const before = Date.now();
    await first.input('хочу перейти на платный план');
    await first.input('suite');
    await first.stop();
    sessions.splice(0);

    const printed: string[] = [];
    const second = await session(dir, ['--conversation', 'ivan'], true, printed);
    expect(second.resumed).toMatchObject({ step: 'renewal', locale: 'ru' });
    expect(second.resumed?.updatedAt).toBeGreaterThanOrEqual(before);
    expect(resumeNotice(second.resumed!)).toMatch(/^Продолжаем ваш разговор от .*\(шаг «продление»\)/);
    await second.input('ежегодно');
    expect(printed.join('\n'), 'the resumed session goes on where the first stopped').toMatch(/Сколько нужно лицензий/);
  }, 60_000);

  it('a fresh (piped) session never continues a stored conversation, even under a taken name', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const taken = await session(dir, ['--conversation', 'taken'], false);
    await taken.input('hi');
    await taken.stop();
    sessions.splice(0);

    const opts = { ...loadChatOptions(['--data', dir], chatEnv(dir), { interactive: false }), conversation: 'taken' };
    expect(opts.fresh).toBe(true);
    const fresh = await startConsoleSession(opts, { print: () => undefined });
    sessions.push(fresh);
    expect(fresh.conversation).not.toBe('taken');
    expect(fresh.conversation).toMatch(/^piped-/);
    expect(fresh.resumed).toBeUndefined();
  }, 60_000);
});
