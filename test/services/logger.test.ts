import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactText } from '../../src/services/logger.js';

function capture(): { stream: Writable; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter((l) => l.length > 0) };
}

const parse = (line: string | undefined): Record<string, unknown> => JSON.parse(line ?? '{}') as Record<string, unknown>;

describe('redactText', () => {
  it.each([
    ['4111111111111111', '[card]'],
    ['my card 4111 1111 1111 1111 exp 12/27', 'my card [card] exp 12/27'],
    ['4111-1111-1111-1111', '[card]'],
    ['amex 3782 822463 10005', 'amex [card]'],
    ['19 digits 6011111111111111117', '19 digits [card]'],
  ])('hides card-like numbers: %s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it.each([
    ['code 123456', 'code [code]'],
    ['123 456', '[code]'],
    ['123-456 please', '[code] please'],
    ['мой код: 004211.', 'мой код: [code].'],
  ])('hides 6-digit codes: %s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('masks emails, keeping the first letter and the domain', () => {
    expect(redactText('I am jane.doe@acme.com')).toBe('I am j***@acme.com');
    expect(redactText('ivan@romashka.ru, a@b.co')).toBe('i***@romashka.ru, a***@b.co');
    expect(redactText('user123456@x.com')).toBe('u***@x.com');
  });

  it('hides bearer tokens, URL credentials and payment-page tokens', () => {
    expect(redactText('Authorization: Bearer eyJhbGciOi.JIUzI1-NiJ9_x=')).toBe('Authorization: Bearer [redacted]');
    expect(redactText('smtp://bot:s3cret@mail.local:587')).toBe('smtp://[redacted]@mail.local:587');
    expect(redactText('pay at http://localhost:3978/pay/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde now')).toBe(
      'pay at http://localhost:3978/pay/[redacted] now',
    );
  });

  it('hides a card number even when glued to other text', () => {
    expect(redactText('ref-4111111111111111')).toBe('ref-[card]');
  });

  it('leaves ordinary numbers and phone numbers alone', () => {
    for (const text of [
      '25 licenses', 'total 7,800.00 USD', 'total 123,456.00 USD', 'zip 78701', 'year 2026', 'port 3978',
      'Suite 100, 200 users', '1234567', 'port +1 415 555 0123', '+7 495 123 45 67', '+1-415-555-0123', '+14155550123',
    ]) {
      expect(redactText(text)).toBe(text);
    }
  });
});

describe('createLogger', () => {
  it('writes JSON lines with secrets redacted by path', () => {
    const out = capture();
    const log = createLogger({ level: 'info', destination: out.stream });
    log.info(
      {
        token: 'tok-1',
        config: { smtpUrl: 'smtp://u:p@h', port: 25 },
        req: { headers: { authorization: 'Bearer abc', cookie: 'sid=1', 'x-api-key': 'k', host: 'bot.local' } },
        verification: { codeHash: 'deadbeef', tries: 1 },
      },
      'turn',
    );
    const entry = parse(out.lines()[0]);
    expect(entry.msg).toBe('turn');
    expect(entry.token).toBe('[redacted]');
    expect(entry.config).toEqual({ smtpUrl: '[redacted]', port: 25 });
    expect(entry.req).toEqual({
      headers: { authorization: '[redacted]', cookie: '[redacted]', 'x-api-key': '[redacted]', host: 'bot.local' },
    });
    expect(entry.verification).toEqual({ codeHash: '[redacted]', tries: 1 });
  });

  it('scrubs the message text too', () => {
    const out = capture();
    const log = createLogger({ level: 'info', destination: out.stream });
    log.info({ conversationId: 'c1' }, 'user wrote 4111 1111 1111 1111 and jane@acme.com');
    log.warn('code 123456 sent');
    const [a, b] = out.lines().map(parse);
    expect(a?.msg).toBe('user wrote [card] and j***@acme.com');
    expect(a?.conversationId).toBe('c1');
    expect(b?.msg).toBe('code [code] sent');
  });

  it('keeps error codes (a "code" field is not a secret)', () => {
    const out = capture();
    const log = createLogger({ level: 'info', destination: out.stream });
    log.error({ err: Object.assign(new Error('down'), { code: 'UNAVAILABLE' }) }, 'mail failed');
    const entry = parse(out.lines()[0]);
    expect(entry.err).toMatchObject({ message: 'down', code: 'UNAVAILABLE' });
  });

  it('scrubs errors like messages: their message, stack and causes can quote the user', () => {
    const out = capture();
    const log = createLogger({ level: 'info', destination: out.stream });
    const cause = new Error('no account for jane@acme.com');
    log.warn({ err: new Error('code 123456 rejected', { cause }), conversationId: 'c1' }, 'verify failed');
    log.error({ error: new Error('card 4111 1111 1111 1111 typed') }, 'turn failed');
    const [a, b] = out.lines().map(parse);
    const text = JSON.stringify([a, b]);
    for (const secret of ['jane@acme.com', '123456', '4111 1111']) expect(text).not.toContain(secret);
    expect(a?.err).toMatchObject({ type: 'Error', message: expect.stringContaining('code [code] rejected') as unknown as string });
    expect(String((a?.err as { message: string }).message)).toContain('j***@acme.com');
    expect(a?.conversationId).toBe('c1');
  });

  it('leaves non-error values given as err as they are', () => {
    const out = capture();
    const log = createLogger({ level: 'info', destination: out.stream });
    const value = { reason: 'jane@acme.com' };
    log.warn({ err: value }, 'odd');
    expect(value.reason).toBe('jane@acme.com');
  });

  it('redacts secrets nested two levels deep', () => {
    const out = capture();
    const log = createLogger({ level: 'info', destination: out.stream });
    log.info({ config: { smtp: { password: 'p', host: 'h' } } }, 'start');
    expect(parse(out.lines()[0]).config).toEqual({ smtp: { password: '[redacted]', host: 'h' } });
  });

  it('respects the level', () => {
    const out = capture();
    const log = createLogger({ level: 'warn', destination: out.stream });
    log.info('hidden');
    log.warn('shown');
    expect(out.lines()).toHaveLength(1);
  });

  it('pretty prints one readable line per entry, still redacted', async () => {
    const out = capture();
    const log = createLogger({ level: 'info', pretty: true, destination: out.stream });
    log.info({ token: 'x', step: 'plan' }, 'hello jane@acme.com');
    await new Promise((resolve) => setImmediate(resolve));
    const [line] = out.lines();
    expect(line).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO  hello j\*\*\*@acme\.com /);
    expect(line).toContain('"token":"[redacted]"');
    expect(line).toContain('"step":"plan"');
  });
});
