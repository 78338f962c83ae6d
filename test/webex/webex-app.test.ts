import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeWebexApi, type StoredMessage } from '../support/fake-webex-api.js';
import { SECRET } from './harness.js';

const appReady = existsSync(new URL('../../src/app.ts', import.meta.url)) && existsSync(new URL('../../src/dialogs/engine.ts', import.meta.url));

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** The whole bot (src/app.ts: real engine, machine, understanding, prompts) against the local Webex API. */
describe.skipIf(!appReady)('a purchase in a Webex 1:1 space through the real engine', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => { for (const c of closers.splice(0).reverse()) await c(); });

  it('answers by text and by card clicks, and counts Webex calls per turn', async () => {
    const fake = await new FakeWebexApi().start();
    closers.push(() => fake.close());
    const { createApp } = await import('../../src/app.js');
    const { loadConfig } = await import('../../src/config.js');
    const port = await freePort();
    const config = loadConfig({
      PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, STORE: 'memory', LOG_LEVEL: 'silent',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'webex-app-')), SWEEP_INTERVAL_MS: '0',
      WEBEX_BOT_TOKEN: fake.token, WEBEX_WEBHOOK_SECRET: SECRET, WEBEX_API_URL: fake.url,
    });
    const app = await createApp(config);
    await app.start();
    closers.push(() => app.stop());
    expect(fake.webhooks.size).toBe(2);

    const jane = fake.addPerson('Jane Doe', 'jane@acme.com');
    const room = fake.directRoom(jane);
    const perTurn: { turn: string; calls: number }[] = [];
    const waitForReply = async (count: number): Promise<StoredMessage[]> => {
      for (let i = 0; i < 400 && fake.sentTo(room).length < count; i++) await new Promise((r) => setTimeout(r, 25));
      await fake.settled();
      return fake.sentTo(room);
    };
    const turn = async (label: string, act: () => Promise<unknown>): Promise<StoredMessage[]> => {
      const from = fake.calls.length;
      const before = fake.sentTo(room).length;
      await act();
      await waitForReply(before + 1);
      await new Promise((r) => setTimeout(r, 300));
      perTurn.push({ turn: label, calls: fake.count(from) });
      return fake.sentTo(room).slice(before);
    };

    const plan = await turn('text: I want to upgrade', () => fake.userSays(jane, room, 'I want to upgrade'));
    const planCard = plan.find((m) => m.attachments !== undefined);
    expect(planCard).toBeDefined();
    const buttons = (planCard?.attachments?.[0]?.content.actions as { title: string }[] | undefined ?? []).map((a) => a.title);
    const suite = buttons.find((t) => /suite/i.test(t));
    expect(suite).toBeDefined();
    const renewal = await turn('card click: Suite', () => fake.userSubmits(jane, planCard?.id ?? '', suite ?? ''));
    expect(renewal.map((m) => m.text).join('\n')).toMatch(/annual|monthly/i);
    await turn('text: annual', () => fake.userSays(jane, room, 'annual'));
    await turn('text: 25', () => fake.userSays(jane, room, '25'));
    const cart = await turn('text: yes', () => fake.userSays(jane, room, 'yes'));
    expect(cart.map((m) => m.text).join('\n')).toMatch(/7,?800\.00/);
    expect(fake.rejected).toEqual([]);
    // One GET of the message or card action, one POST per reply message; own-message echoes cost nothing.
    expect(perTurn.map((t) => t.calls)).toEqual([2, 2, 2, 2, 2]);
  }, 60_000);
});
