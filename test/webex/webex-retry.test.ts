import { afterEach, describe, expect, it } from 'vitest';
import { createWebexApi, retryAfterMs } from '../../src/adapters/webex/webex-api.js';
import { isAppError } from '../../src/services/errors.js';
import { FakeWebexApi } from '../support/fake-webex-api.js';
import { FAST_RETRY, ScriptedEngine, startHarness, type Harness } from './harness.js';

const numbered = (n: number): { text: string }[] => Array.from({ length: n }, (_, i) => ({ text: `reply ${i + 1}` }));

describe('sending through 429 and 5xx', () => {
  let h: Harness;
  afterEach(async () => { await h.close(); });

  it('waits Retry-After on 429, then delivers every reply once and in order', async () => {
    const engine = new ScriptedEngine();
    engine.respond = () => numbered(3);
    h = await startHarness({ engine });
    const ann = h.fake.addPerson('Ann', 'ann@example.com');
    const room = h.fake.directRoom(ann);
    h.fake.faults.push({ method: 'POST', path: '/messages', status: 429, retryAfter: '1' });
    const t0 = Date.now();
    await h.fake.userSays(ann, room, 'go');
    await h.quiet();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(h.fake.sentTo(room).map((m) => m.text)).toEqual(['reply 1', 'reply 2', 'reply 3']);
    expect(h.fake.calls.filter((c) => c.status === 429)).toHaveLength(1);
  });

  it('rides out a storm of 5xx and dropped connections on reads and writes', async () => {
    const engine = new ScriptedEngine();
    engine.respond = (i) => (i.kind === 'message' ? [{ text: `${i.text}-a` }, { text: `${i.text}-b` }] : []);
    h = await startHarness({ engine });
    const ann = h.fake.addPerson('Ann', 'ann@example.com');
    const room = h.fake.directRoom(ann);
    for (const status of [503, 502, 500]) h.fake.faults.push({ method: 'POST', path: '/messages', status });
    h.fake.faults.push({ method: 'POST', path: '/messages', status: 0, network: true });
    h.fake.faults.push({ method: 'GET', path: '/messages/', status: 503 });
    h.fake.faults.push({ method: 'GET', path: '/messages/', status: 0, network: true });
    for (const text of ['one', 'two', 'three']) await h.fake.userSays(ann, room, text);
    await h.quiet();
    expect(h.fake.sentTo(room).map((m) => m.text)).toEqual(['one-a', 'one-b', 'two-a', 'two-b', 'three-a', 'three-b']);
    expect(engine.outbox).toHaveLength(0);
  });

  it('gives up after the time budget, keeps the replies pending, and re-sends only what is missing', async () => {
    const engine = new ScriptedEngine();
    engine.respond = () => numbered(3);
    h = await startHarness({ engine, config: { retry: { ...FAST_RETRY, maxElapsedMs: 300 } } });
    const ann = h.fake.addPerson('Ann', 'ann@example.com');
    const room = h.fake.directRoom(ann);
    // The first reply goes out; the second meets an outage longer than the budget.
    h.fake.faults.push(...Array.from({ length: 40 }, (_, i) => ({ method: 'POST', path: '/messages', status: 503, skip: i === 0 ? 1 : 0 })));
    await h.fake.userSays(ann, room, 'go');
    await h.quiet();
    expect(engine.outbox).toHaveLength(1);
    expect(isAppError(engine.lastError, 'UNAVAILABLE')).toBe(true);
    expect(h.logger.lines.some((l) => l.level === 'error' && l.msg === 'webex call gave up after retries')).toBe(true);
    h.fake.faults.splice(0);
    expect(await engine.sweep()).toEqual({ timers: 0, resent: 1 });
    await h.quiet();
    expect(h.fake.sentTo(room).map((m) => m.text)).toEqual(['reply 1', 'reply 2', 'reply 3']);
  });
});

describe('the API client', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('2', 0)).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs(null, 0)).toBeUndefined();
  });

  it('fails at once on 401 with a typed error and does not retry 4xx', async () => {
    const fake = await new FakeWebexApi().start();
    try {
      const api = createWebexApi({ token: 'wrong', apiUrl: fake.url, retry: FAST_RETRY });
      await expect(api.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
      const good = createWebexApi({ token: fake.token, apiUrl: fake.url, retry: FAST_RETRY });
      await expect(good.createMessage({ roomId: 'nope', text: 'x', markdown: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(fake.calls.map((c) => c.status)).toEqual([401, 404]);
    } finally {
      await fake.close();
    }
  });

  it('uses capped exponential backoff with jitter between 5xx retries', async () => {
    const fake = await new FakeWebexApi().start();
    try {
      const waits: number[] = [];
      const api = createWebexApi({
        token: fake.token, apiUrl: fake.url, random: () => 1,
        retry: { baseDelayMs: 100, maxDelayMs: 400, maxElapsedMs: 60_000, requestTimeoutMs: 2_000 },
        sleep: async (ms) => { waits.push(ms); },
      });
      for (let i = 0; i < 5; i++) fake.faults.push({ path: '/people/me', status: 503 });
      await api.me();
      expect(waits).toEqual([100, 200, 400, 400, 400]);
    } finally {
      await fake.close();
    }
  });
});
