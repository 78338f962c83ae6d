/** The pieces the outage handling is built from: capped backoff, dependency states, the observed store. */
import { describe, expect, it } from 'vitest';
import { createDependencyHealth, type DependencyStatus } from '../../src/services/dependency-health.js';
import { AppError, StoreConflictError } from '../../src/services/errors.js';
import { backoffMs, retryUntilDone } from '../../src/services/retry-loop.js';
import { createMemoryStore } from '../../src/services/store/memory.store.js';
import { observeStore } from '../../src/services/store/resilient.store.js';
import { cuttableStore } from '../support/store-outage.js';

describe('capped backoff', () => {
  it('doubles from the minimum, never past the cap, jittered within the upper half of its window', () => {
    const policy = { minMs: 100, maxMs: 1_000 };
    expect([0, 1, 2, 3, 4, 10, 100].map((n) => backoffMs(policy, n, () => 1))).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000]);
    expect(backoffMs(policy, 3, () => 0)).toBe(400);
    expect(backoffMs(policy, 0, () => 0)).toBe(100);
  });

  it('retries until the task succeeds, and a poke skips the wait', async () => {
    let calls = 0;
    const failures: number[] = [];
    const loop = retryUntilDone(async () => { if (++calls < 3) throw new Error('down'); }, { minMs: 60_000, maxMs: 60_000 },
      (_err, attempt) => { failures.push(attempt); setImmediate(() => loop.poke()); });
    await loop.done;
    expect({ calls, failures, succeeded: loop.succeeded }).toEqual({ calls: 3, failures: [1, 2], succeeded: true });
  });
});

describe('dependency states', () => {
  it('tells each change once, keeps `since` while the state holds', () => {
    let t = 1_000;
    const changes: [string, DependencyStatus['state']][] = [];
    const health = createDependencyHealth((name, s) => changes.push([name, s.state]), () => t);
    health.report('webex', 'starting');
    health.failed('webex', new AppError('UNAVAILABLE', 'x'));
    t = 2_000;
    health.failed('webex', new AppError('UNAVAILABLE', 'y'));
    expect(health.get('webex')).toEqual({ state: 'down', since: 1_000, reason: 'UNAVAILABLE' });
    health.ok('webex');
    health.ok('webex');
    expect(changes).toEqual([['webex', 'starting'], ['webex', 'down'], ['webex', 'up']]);
    // A reason is a code or an error name, never a message.
    health.failed('mail', new Error('smtp://user:secret@host refused'));
    expect(health.get('mail')?.reason).toBe('Error');
  });

  it('the observed store is down when it does not answer, and up again on any answer (a conflict included)', async () => {
    const health = createDependencyHealth();
    const cut = cuttableStore(createMemoryStore({ clock: { now: () => 0 }, defaultTtlSeconds: 60 }));
    const store = observeStore(cut.store, health);
    await store.ping();
    expect(health.get('store')?.state).toBe('up');
    cut.down = true;
    await expect(store.conversations.get('c')).rejects.toThrow(/cut/);
    expect(health.get('store')).toMatchObject({ state: 'down', reason: 'UNAVAILABLE' });
    cut.down = false;
    await store.cases.save({ id: 'k', conversationId: 'c', reason: 'r', customer: {}, summary: '', recent: [], status: 'queued', events: [], openedAt: 0, updatedAt: 0 });
    const conflict = await store.cases.save({ id: 'k', conversationId: 'c', reason: 'r', customer: {}, summary: '', recent: [], status: 'queued', events: [], openedAt: 0, updatedAt: 0 }, 'stale')
      .then(() => undefined, (e: unknown) => e);
    expect(conflict).toBeInstanceOf(StoreConflictError);
    expect(health.get('store')?.state).toBe('up');
    // The memory store's optional etagOf is kept, so the engine's kept-documents shortcut still works through it.
    expect(typeof store.conversations.etagOf).toBe('function');
  });
});
