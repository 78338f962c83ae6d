import { describe, expect, it } from 'vitest';
import { createCodeLimits, type CodeBlockReason } from '../../src/services/code-limits.js';
import { createMemoryStore } from '../../src/services/store/memory.store.js';
import type { LimitStore } from '../../src/services/store.port.js';
import { ManualClock } from '../store/manual-clock.js';

const HOUR_MS = 3_600_000;
const config = { codesPerEmailPerHour: 5, codesPerConversationPerHour: 3, failuresPerEmailPerDay: 4 };

function limitsUnderTest() {
  const clock = new ManualClock();
  const store = createMemoryStore({ clock });
  const keys: string[] = [];
  const ids: string[] = [];
  // Records the keys the service uses, to check what it stores.
  const limits: LimitStore = {
    take: (key, id, ...rest) => { keys.push(key); ids.push(id); return store.limits.take(key, id, ...rest); },
    peek: (key, ...rest) => { keys.push(key); return store.limits.peek(key, ...rest); },
  };
  const blocked: CodeBlockReason[] = [];
  const codes = createCodeLimits({ limits, clock, secret: 'code-limits-test-secret-0123456789', config, onBlocked: (r) => blocked.push(r) });
  return { clock, codes, keys, ids, blocked };
}

describe('code limits', () => {
  it('a conversation over its bound does not use up the address: another conversation still gets the rest', async () => {
    const { codes, blocked } = limitsUnderTest();
    const sends = async (conv: string, n: number) => {
      const out = [];
      for (let i = 0; i < n; i++) out.push(await codes.beforeSend(conv, 'jane@acme.com', `${conv}.${i}`));
      return out;
    };
    expect((await sends('a', 6)).map((g) => g.ok)).toEqual([true, true, true, false, false, false]);
    expect((await sends('b', 3)).map((g) => g.ok)).toEqual([true, true, false]);
    expect(blocked).toEqual(['conversation', 'conversation', 'conversation', 'email']);
  });

  it('says until when: an hour after the oldest code counted', async () => {
    const { clock, codes } = limitsUnderTest();
    const first = clock.now();
    for (let i = 0; i < 3; i++) { await codes.beforeSend('a', 'jane@acme.com', `e${i}`); clock.advance(60_000); }
    expect(await codes.beforeSend('a', 'jane@acme.com', 'e3')).toEqual({ ok: false, reason: 'conversation', until: first + HOUR_MS });
  });

  it('one address however it is written; a replayed event counts once, the same event id in another conversation again', async () => {
    const { codes } = limitsUnderTest();
    for (const [i, email] of ['jane@acme.com', ' Jane@ACME.com', 'JANE@acme.com ', 'jane@Acme.Com', 'jane@acme.com'].entries()) {
      expect((await codes.beforeSend(`c${i}`, email, 'm1.0')).ok).toBe(true);
      expect((await codes.beforeSend(`c${i}`, email, 'm1.0')).ok).toBe(true);
    }
    expect(await codes.beforeSend('c9', 'jane@acme.com', 'm1.0')).toMatchObject({ ok: false, reason: 'email' });
  });

  it('wrong codes pause the address for a day from the first: no more codes for it, from any conversation', async () => {
    const { clock, codes } = limitsUnderTest();
    const first = clock.now();
    for (let i = 0; i < 3; i++) expect(await codes.failed('c1', 'jane@acme.com', `f${i}`)).toEqual({});
    expect(await codes.failed('c1', 'jane@acme.com', 'f3')).toEqual({ blockedUntil: first + 24 * HOUR_MS });
    expect(await codes.beforeSend('fresh', 'JANE@acme.com', 's1')).toEqual({ ok: false, reason: 'failures', until: first + 24 * HOUR_MS });
    expect((await codes.beforeSend('fresh', 'other@acme.com', 's2')).ok).toBe(true);
    clock.advance(24 * HOUR_MS);
    expect((await codes.beforeSend('fresh', 'jane@acme.com', 's3')).ok).toBe(true);
  });

  it('stores no address and no conversation id: keys are keyed hashes', async () => {
    const { codes, keys, ids } = limitsUnderTest();
    await codes.beforeSend('webex:room-42', 'jane@acme.com', 'e1');
    await codes.failed('c1', 'jane@acme.com', 'e2');
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(k).toMatch(/^(conv|mail|fail)-[0-9a-f]{40}$/);
    // Event ids are hashed too: they would carry the conversation id.
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/^event-[0-9a-f]{40}$/);
  });
});
