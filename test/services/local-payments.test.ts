import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import restify from 'restify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIds, createVirtualClock, type VirtualClock } from '../../src/services/clock.js';
import { isAppError } from '../../src/services/errors.js';
import { createFileStore } from '../../src/services/store/file.store.js';
import {
  createLocalPayments, pickLocale, tokenFromUrl, type LocalPayments, type LocalPaymentsConfig, type PaymentOutcomeEvent,
} from '../../src/services/payments/index.js';

const TTL_MS = 30 * 60_000;
const SUITE = { conversationId: 'conv-1', amountCents: 780_000, currency: 'USD', description: 'Webex Suite, annual, 25 licenses' };

interface Harness {
  base: string;
  clock: VirtualClock;
  payments: LocalPayments;
  outcomes: { conversationId: string; event: PaymentOutcomeEvent }[];
  server: restify.Server;
}

let running: restify.Server[] = [];

async function start(overrides: Partial<LocalPaymentsConfig> = {}): Promise<Harness> {
  const clock = createVirtualClock(1_700_000_000_000);
  const outcomes: Harness['outcomes'] = [];
  const server = restify.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const payments = createLocalPayments({
    publicUrl: `${base}/`,
    clock,
    ids: createIds(),
    ttlMs: TTL_MS,
    onOutcome: (conversationId, event) => {
      outcomes.push({ conversationId, event });
    },
    ...overrides,
  });
  payments.mount(server);
  running.push(server);
  return { base, clock, payments, outcomes, server };
}

afterEach(async () => {
  await Promise.all(running.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  running = [];
});

const post = (url: string, json = false) =>
  fetch(url, { method: 'POST', headers: json ? { accept: 'application/json' } : { accept: 'text/html' } });

describe('local payments: links', () => {
  it('creates an unguessable link under the public URL that expires after the TTL', async () => {
    const h = await start();
    const a = await h.payments.createLink(SUITE);
    const b = await h.payments.createLink(SUITE);
    expect(a.url).toMatch(new RegExp(`^${h.base}/pay/[A-Za-z0-9_-]{43}$`));
    expect(a.url).not.toBe(b.url);
    expect(a.paymentId).not.toBe(b.paymentId);
    expect(a.url).not.toContain(a.paymentId);
    expect(a.expiresAt).toBe(h.clock.now() + TTL_MS);
  });

  it('refuses amounts that are not positive whole cents', async () => {
    const h = await start();
    for (const amountCents of [0, -5, 10.5, Number.NaN]) {
      const err = await h.payments.createLink({ ...SUITE, amountCents }).catch((e: unknown) => e);
      expect(isAppError(err, 'BAD_INPUT')).toBe(true);
    }
  });

  it('reads the token out of a URL, a path, or a bare token', () => {
    expect(tokenFromUrl('http://localhost:3978/pay/abc_DEF-123?x=1')).toBe('abc_DEF-123');
    expect(tokenFromUrl('/pay/abc/confirm')).toBe('abc');
    expect(tokenFromUrl('  abc  ')).toBe('abc');
  });
});

describe('local payments: the page over HTTP', () => {
  it('shows amount, description and both buttons, says it is a test page, and never asks for a card', async () => {
    const h = await start();
    const link = await h.payments.createLink(SUITE);
    const res = await fetch(link.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('7,800.00 USD');
    expect(html).toContain('Webex Suite, annual, 25 licenses');
    expect(html).toMatch(/>Pay</);
    expect(html).toMatch(/>Decline</);
    expect(html).toMatch(/Local test payment page/i);
    expect(html).not.toMatch(/<input/i);
    const token = tokenFromUrl(link.url);
    const action = /<form method="post" action="([^"]+)"><button type="submit" class="pay">/.exec(html)?.[1] ?? '';
    // The browser resolves the form target against the page URL; that must be the confirm route.
    expect(new URL(action, link.url).href).toBe(`${h.base}/pay/${token}/confirm`);
    const decline = /<form method="post" action="([^"]+)"><button type="submit" class="decline">/.exec(html)?.[1] ?? '';
    expect(new URL(decline, link.url).href).toBe(`${h.base}/pay/${token}/decline`);
  });

  it('speaks Russian when the browser prefers it', async () => {
    const h = await start();
    const link = await h.payments.createLink(SUITE);
    const html = await (await fetch(link.url, { headers: { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' } })).text();
    expect(html).toContain('lang="ru"');
    expect(html).toContain('Оплатить');
    expect(html).toContain('Отказаться');
    expect(html).toContain('7\u00a0800,00 USD');
  });

  it('escapes the description', async () => {
    const h = await start();
    const link = await h.payments.createLink({ ...SUITE, description: '<script>alert(1)</script>' });
    const html = await (await fetch(link.url)).text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
  });

  it('answers 404 for unknown and malformed tokens', async () => {
    const h = await start();
    expect((await fetch(`${h.base}/pay/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await fetch(`${h.base}/pay/short`)).status).toBe(404);
    expect((await post(`${h.base}/pay/${'A'.repeat(43)}/confirm`)).status).toBe(404);
    expect(h.outcomes).toHaveLength(0);
  });
});

describe('local payments: outcomes over HTTP', () => {
  it('confirm feeds PAYMENT_SUCCEEDED to the conversation once; the link is then gone (410)', async () => {
    const h = await start();
    const link = await h.payments.createLink(SUITE);
    const res = await post(`${link.url}/confirm`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Payment confirmed');
    expect(h.outcomes).toEqual([{ conversationId: 'conv-1', event: { type: 'PAYMENT_SUCCEEDED', paymentId: link.paymentId } }]);

    expect((await post(`${link.url}/confirm`)).status).toBe(410);
    expect((await post(`${link.url}/decline`)).status).toBe(410);
    expect((await fetch(link.url)).status).toBe(410);
    expect(h.outcomes).toHaveLength(1);
  });

  it('decline feeds PAYMENT_FAILED with a reason', async () => {
    const h = await start();
    const link = await h.payments.createLink(SUITE);
    const res = await post(`${link.url}/decline`, true);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: 'declined', paymentId: link.paymentId });
    expect(h.outcomes[0]?.event).toEqual({ type: 'PAYMENT_FAILED', paymentId: link.paymentId, reason: 'declined' });
  });

  it('an expired link answers 410 and tells nobody', async () => {
    const h = await start();
    const link = await h.payments.createLink(SUITE);
    h.clock.advance(TTL_MS + 1);
    expect((await fetch(link.url)).status).toBe(410);
    expect((await post(`${link.url}/confirm`)).status).toBe(410);
    expect(h.outcomes).toHaveLength(0);
  });

  it('two simultaneous clicks pay once', async () => {
    const h = await start();
    const link = await h.payments.createLink(SUITE);
    const statuses = (await Promise.all([post(`${link.url}/confirm`), post(`${link.url}/confirm`)])).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 410]);
    expect(h.outcomes).toHaveLength(1);
  });

  it('when the bot does not acknowledge, answers 503 and the same click can be retried', async () => {
    let fail = true;
    const delivered: PaymentOutcomeEvent[] = [];
    const h = await start({
      onOutcome: (_c, event) => {
        if (fail) throw new Error('engine busy');
        delivered.push(event);
      },
    });
    const link = await h.payments.createLink(SUITE);
    expect((await post(`${link.url}/confirm`)).status).toBe(503);
    expect((await post(`${link.url}/decline`)).status).toBe(410);
    fail = false;
    expect((await post(`${link.url}/confirm`)).status).toBe(200);
    expect(delivered).toEqual([{ type: 'PAYMENT_SUCCEEDED', paymentId: link.paymentId }]);
    expect((await post(`${link.url}/confirm`)).status).toBe(410);
  });

  it('complete() does what the buttons do', async () => {
    const h = await start();
    const link = await h.payments.createLink(SUITE);
    const token = tokenFromUrl(link.url);
    expect(await h.payments.complete(token, 'succeeded')).toEqual({
      status: 'completed', event: { type: 'PAYMENT_SUCCEEDED', paymentId: link.paymentId },
    });
    expect(await h.payments.complete(token, 'succeeded')).toEqual({ status: 'used' });
    expect(await h.payments.complete('nope', 'declined')).toEqual({ status: 'unknown' });
    expect((await h.payments.find(token))?.outcome).toBe('succeeded');
  });
});

describe('local payments: kept in the store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pay-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  /** A file store over one folder: each call is another process (or instance) opening the same data. */
  const records = () => createFileStore({ clock: createVirtualClock(1_700_000_000_000), dir: join(dir, 'store') }).records;

  it('an open link survives a restart and is served by another instance; a used one stays used', async () => {
    const first = await start({ records: records() });
    const link = await first.payments.createLink(SUITE);
    const token = tokenFromUrl(link.url);

    const second = await start({ records: records() });
    expect((await second.payments.find(token))?.paymentId).toBe(link.paymentId);
    expect((await fetch(`${second.base}/pay/${token}`)).status).toBe(200);
    expect((await post(`${second.base}/pay/${token}/confirm`)).status).toBe(200);
    expect(second.outcomes).toHaveLength(1);

    const third = await start({ records: records() });
    expect(await third.payments.complete(token, 'succeeded')).toEqual({ status: 'used' });
    expect((await post(`${first.base}/pay/${token}/confirm`)).status).toBe(410);
  });

  it('two instances completing one link at once: exactly one delivers the outcome', async () => {
    const a = await start({ records: records() });
    const b = await start({ records: records() });
    const token = tokenFromUrl((await a.payments.createLink(SUITE)).url);
    const results = await Promise.all([a, b, a, b].map((h) => h.payments.complete(token, 'succeeded')));
    expect(results.filter((r) => r.status === 'completed')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'used')).toHaveLength(3);
    expect(a.outcomes.length + b.outcomes.length).toBe(1);
  });

  it('an outcome not delivered (its turn failed) can be delivered again, once; the other outcome never', async () => {
    const store = records();
    let fail = true;
    const a = await start({ records: store, onOutcome: () => { if (fail) throw new Error('turn failed'); } });
    const token = tokenFromUrl((await a.payments.createLink(SUITE)).url);
    await expect(a.payments.complete(token, 'succeeded')).rejects.toThrow(/not delivered/);
    fail = false;
    expect(await a.payments.complete(token, 'declined')).toEqual({ status: 'used' });
    expect((await a.payments.complete(token, 'succeeded')).status).toBe('completed');
    expect(await a.payments.complete(token, 'succeeded')).toEqual({ status: 'used' });
  });

  it('"forget me" removes only that conversation\'s links, for every instance', async () => {
    const h = await start({ records: records() });
    const mine = tokenFromUrl((await h.payments.createLink(SUITE)).url);
    const other = tokenFromUrl((await h.payments.createLink({ ...SUITE, conversationId: 'conv-2' })).url);
    const again = await start({ records: records() });
    await again.payments.forget('conv-1');
    expect(await h.payments.find(mine)).toBeUndefined();
    expect((await fetch(`${h.base}/pay/${mine}`)).status).toBe(404);
    expect((await h.payments.find(other))?.conversationId).toBe('conv-2');
  });
});

describe('scripts/pay.ts', () => {
  it('confirms a payment through the running server', async () => {
    const h = await start();
    const link = await h.payments.createLink(SUITE);
    const run = promisify(execFile);
    const { stdout } = await run('npx', ['tsx', 'scripts/pay.ts', link.url], { cwd: join(import.meta.dirname, '../..') });
    expect(stdout).toContain('Payment confirmed');
    expect(h.outcomes[0]?.event.type).toBe('PAYMENT_SUCCEEDED');
  }, 30_000);

  it('declines by bare token with --base, and fails on a used link', async () => {
    const h = await start();
    const link = await h.payments.createLink(SUITE);
    const run = promisify(execFile);
    const cwd = join(import.meta.dirname, '../..');
    const token = tokenFromUrl(link.url);
    const { stdout } = await run('npx', ['tsx', 'scripts/pay.ts', token, '--decline', '--base', h.base], { cwd });
    expect(stdout).toContain('declined');
    const err = await run('npx', ['tsx', 'scripts/pay.ts', link.url], { cwd }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 1 });
    expect(String((err as { stdout: string }).stdout)).toContain('already been used');
  }, 30_000);
});

describe('pickLocale', () => {
  it('honours q-weights and falls back to English', () => {
    expect(pickLocale(undefined)).toBe('en');
    expect(pickLocale('ru')).toBe('ru');
    expect(pickLocale('de-DE,de;q=0.9,ru;q=0.8,en;q=0.7')).toBe('ru');
    expect(pickLocale('en;q=0.5,ru;q=0.9')).toBe('ru');
    expect(pickLocale('ru;q=0,en')).toBe('en');
    expect(pickLocale('fr')).toBe('en');
  });
});
