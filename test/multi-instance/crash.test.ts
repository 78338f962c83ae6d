import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationKey } from '../../src/dialogs/snapshot.js';
import { createSystemClock } from '../../src/services/clock.js';
import { createCosmosStore } from '../../src/services/store/cosmos.store.js';
import type { Store, StoredConversation } from '../../src/services/store.port.js';
import { startLocalCosmos, type LocalCosmos } from '../support/cosmos-server.js';
import { startTeamsCapture, type TeamsCapture } from '../support/teams-capture.js';
import { removeDir, sleep, startBot, type BotProcess } from './bots.js';
import { chat, message } from './teams-load.js';

/**
 * A bot process is killed with SIGKILL after it wrote a turn (state + replies in the outbox) and before it sent
 * the replies. After a restart the durable outbox timer finds the conversation, the lapsed lease lets the new
 * process claim the replies, and they are delivered exactly once; the conversation then goes on.
 */
const LEASE_MS = 1_000;
let cosmos: LocalCosmos;
let capture: TeamsCapture;
let store: Store;
const bots: BotProcess[] = [];
const database = `crash-${process.pid}`;

beforeAll(async () => {
  cosmos = await startLocalCosmos();
  capture = await startTeamsCapture();
  store = await createCosmosStore({ endpoint: cosmos.endpoint, key: cosmos.key, database, clock: createSystemClock() });
}, 30_000);

afterAll(async () => {
  for (const bot of bots) {
    await bot.kill();
    removeDir(bot.dataDir);
  }
  await store?.close();
  await capture?.close();
  await cosmos?.close();
});

const env = (extra: Record<string, string> = {}) => ({
  STORE: 'cosmos', COSMOS_DATABASE: database, SWEEP_INTERVAL_MS: '100', OUTBOX_LEASE_MS: String(LEASE_MS),
  CODE_SECRET: 'crash-test-secret-0123456789abcdef-0123456789', ...extra,
});

describe('a process killed between the state write and the reply', () => {
  it('delivers the written reply once after a restart, and the conversation continues', async () => {
    const first = await startBot('crash-1', { ...env({ UPGRADE_BOT_CRASH_AFTER_SAVE: '3' }), COSMOS_ENDPOINT: cosmos.endpoint, COSMOS_KEY: cosmos.key });
    bots.push(first);
    const ref = chat('crash');
    const conv = conversationKey({ channel: 'teams', id: ref.chatId }, { id: ref.userId });
    const send = (bot: BotProcess, i: number, text: string) => bot.post(message(ref, `crash-${i}`, text, capture.url));
    const replies = () => capture.messages(ref.chatId).length;
    const doc = async (): Promise<StoredConversation> => {
      const cur = await store.conversations.get(conv);
      if (!cur) throw new Error('not stored');
      return cur.value;
    };

    expect(await send(first, 0, 'I want to upgrade')).toBe(200);
    expect(await send(first, 1, 'Suite')).toBe(200);
    const beforeCrash = replies();
    // The third write kills the process: the request dies with it, no reply has gone out.
    expect(await send(first, 2, 'annual')).toBe(0);
    expect(await first.exited).toBe('SIGKILL');
    const written = await doc();
    expect(written.seen).toContain('crash-2');
    const pending = written.outbox.length;
    expect(pending).toBeGreaterThan(0);
    expect(replies()).toBe(beforeCrash);

    const crashedAt = Date.now();
    const second = await startBot('crash-2', { ...env(), COSMOS_ENDPOINT: cosmos.endpoint, COSMOS_KEY: cosmos.key });
    bots.push(second);
    await capture.waitFor(() => replies() >= beforeCrash + pending, 10_000);
    const recoveredMs = Date.now() - crashedAt;
    // Teams redelivers the activity that failed: it is a duplicate now and sends nothing again.
    expect(await send(second, 2, 'annual')).toBe(200);
    await sleep(LEASE_MS + 500);
    expect(replies()).toBe(beforeCrash + pending);
    expect((await doc()).outbox).toEqual([]);
    expect(((await doc()).snapshot as { context: { answers: Record<string, unknown> } }).context.answers).toMatchObject({ plan: 'suite', renewal: 'annual' });

    // The conversation continues on the restarted process.
    expect(await send(second, 3, '25')).toBe(200);
    expect(replies()).toBeGreaterThan(beforeCrash + pending);
    expect(((await doc()).snapshot as { context: { answers: Record<string, unknown> } }).context.answers).toMatchObject({ licenses: 25 });
    console.info('crash figures', JSON.stringify({ pendingReplies: pending, recoveredMs, resentBy: 'outbox timer + lapsed lease' }));
  }, 45_000);
});
