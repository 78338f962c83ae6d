import { describe, expect, it } from 'vitest';
import { storedSalesChannelMarks } from '../../src/adapters/teams/teams-sales-mark.js';
import { createVirtualClock } from '../../src/services/clock.js';
import { createMemoryStore } from '../../src/services/store/memory.store.js';

const ref = (id: string) => ({ serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id, isGroup: true, conversationType: 'channel', name: '' } });

describe('the stored Teams sales channel mark', () => {
  it('outlives the drafts\' expiry, and the latest mark wins', async () => {
    const clock = createVirtualClock(Date.parse('2026-12-04T12:00:00Z'));
    const store = createMemoryStore({ clock, defaultTtlSeconds: 86_400 });
    const marks = storedSalesChannelMarks(store.conversations, clock.now);
    expect(await marks.load()).toBeUndefined();
    await marks.save(ref('19:first@thread.tacv2'), { id: 'aad-alice', name: 'Alice' });
    await marks.save(ref('19:second@thread.tacv2'), { id: 'aad-bob' });
    clock.advance(400 * 86_400_000);
    expect((await marks.load())?.conversation?.id).toBe('19:second@thread.tacv2');
  });
});
