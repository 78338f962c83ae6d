/** Rate limits answered politely, /metrics and /readyz, through the real app over HTTP (Teams emulator mode). */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelSender, Inbound } from '../../src/dialogs/channel.types.js';
import type { TurnEngine, TurnOutcome } from '../../src/dialogs/engine.types.js';
import { RateLimiter, guardTurns } from '../../src/services/rate-limit.js';
import { startTeamsCapture, type TeamsCapture } from '../support/teams-capture.js';
import { post, startApp, type RunningApp } from '../fuzz/app-support.js';

type Json = Record<string, unknown>;
const base = JSON.parse(readFileSync(new URL('../fixtures/teams/personal-message.json', import.meta.url), 'utf8')) as Json;

describe('RateLimiter', () => {
  it('allows a burst, refuses past it, refills with time', () => {
    let now = 0;
    const r = new RateLimiter({ capacity: 3, perSecond: 1 }, () => now);
    expect([r.take('a'), r.take('a'), r.take('a'), r.take('a')]).toEqual([true, true, true, false]);
    expect(r.take('b')).toBe(true);
    now += 1_000;
    expect([r.take('a'), r.take('a')]).toEqual([true, false]);
  });
});

describe('turn guard', () => {
  const fake = (): TurnEngine & { conversationIdFor(): string; calls: number } => {
    const e = {
      calls: 0, conversationIdFor: () => 'conv',
      async handle(): Promise<TurnOutcome> { e.calls++; return { conversationId: 'conv', step: 'plan', duplicate: false, replies: [{ text: 'ok' }] }; },
      async dispatch(): Promise<TurnOutcome> { return { conversationId: 'conv', step: 'plan', duplicate: false, replies: [] }; },
      registerChannel: () => undefined, async sweep() { return { timers: 0, resent: 0 }; },
    };
    return e;
  };
  const msg = (i: number, user = 'u1', room = 'r1', text = 'hi'): Inbound =>
    ({ kind: 'message', id: `m${i}`, text, address: { channel: 'console', id: room }, user: { id: user } });

  it('per user and per conversation: refused input is answered once per burst and never reaches the engine', async () => {
    let now = 0;
    const engine = fake();
    const g = guardTurns(engine, {
      maxMessageChars: 100, perUser: { capacity: 2, perSecond: 0.1 }, perConversation: { capacity: 3, perSecond: 0.1 }, defaultLocale: 'en',
      now: () => now, logger: { info: () => undefined, warn: () => undefined },
    });
    const delivered: string[] = [];
    const sender: ChannelSender = { async deliver(_a, replies) { for (const r of replies) delivered.push(r.text); } };
    g.registerChannel('console', sender);
    for (let i = 0; i < 5; i++) await g.handle(msg(i));
    expect(engine.calls).toBe(2);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatch(/faster than I can answer/);
    // Another person in the same group space: the conversation's bucket (3) still has one turn.
    await g.handle(msg(10, 'u2'));
    await g.handle(msg(11, 'u3'));
    expect(engine.calls).toBe(3);
    now += 60_000;
    await g.handle(msg(20));
    expect(engine.calls).toBe(4);
    // Too long: answered (in Russian when written in Russian), not processed.
    const out = await g.handle(msg(30, 'u9', 'r9', 'слово '.repeat(50)));
    expect(out.replies[0]?.text).toMatch(/слишком длинное/);
    expect(engine.calls).toBe(4);
  });
});

describe('limits and ops over HTTP', () => {
  let capture: TeamsCapture;
  let bot: RunningApp;
  beforeAll(async () => {
    capture = await startTeamsCapture();
    bot = await startApp({ RATE_LIMIT_USER_PER_MIN: '5', RATE_LIMIT_CONVERSATION_PER_MIN: '10' });
  });
  afterAll(async () => { await bot.close(); await capture.close(); });

  it('a flood from one Teams user is answered politely once, and counted', async () => {
    const chat = 'a:flood-chat';
    for (let i = 0; i < 12; i++) {
      const res = await post(`${bot.url}/api/messages`, JSON.stringify({ ...base, id: `flood-${i}`, serviceUrl: capture.url, text: 'hello',
        conversation: { ...(base.conversation as Json), id: chat } }), { 'content-type': 'application/json' });
      expect(res.status).toBe(200);
    }
    const texts = capture.messages(chat).map((m) => String(m.activity.text ?? ''));
    expect(texts.filter((t) => /faster than I can answer/.test(t))).toHaveLength(1);
    const metrics = await (await fetch(`${bot.url}/metrics`)).text();
    expect(metrics).toMatch(/upgrade_bot_refused_total\{reason="rate_user"\} 7/);
    expect(metrics).toMatch(/upgrade_bot_turns_total\{kind="user",outcome="ok"\} 5/);
    expect(metrics).toContain('upgrade_bot_turn_duration_seconds_bucket');
    expect(metrics).toContain('upgrade_bot_outbox_backlog');
    expect(metrics).toContain('upgrade_bot_handoff_queue_length 0');
    expect(metrics).toContain('upgrade_bot_errors_total');
  });

  it('/readyz names its checks and follows the store', async () => {
    const ok = await fetch(`${bot.url}/readyz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, checks: { store: 'ok' } });
    const store = bot.app.store;
    const ping = store.ping.bind(store);
    store.ping = async () => { throw new Error('store down'); };
    try {
      const down = await fetch(`${bot.url}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ ok: false, checks: { store: 'down' } });
    } finally {
      store.ping = ping;
    }
  });
});
