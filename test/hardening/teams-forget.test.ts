import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { startTeamsCapture, type TeamsCapture } from '../support/teams-capture.js';
import { fixture } from '../teams/harness.js';

/**
 * "Forget me" in Teams, from outside over HTTP: the cards the bot keeps for refreshing after a press (they show the
 * order and the addresses) and the email it looked up in the roster go with the conversation; another person's stay.
 */
type Json = Record<string, unknown>;

let app: App | undefined;
let capture: TeamsCapture;
let endpoint: string;
let dataDir: string;
let seq = 0;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'teams-forget-'));
  capture = await startTeamsCapture();
  capture.addMember({ id: 'jane-member', name: 'Jane Doe', aadObjectId: 'jane-aad', email: 'jane@acme.com' });
  capture.addMember({ id: 'ivan-member', name: 'Ivan P', aadObjectId: 'ivan-aad', email: 'ivan@romashka.ru' });
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', STORE: 'memory', DATA_DIR: dataDir, LOG_LEVEL: 'silent', TEAMS_EMULATOR: 'true',
    RATE_LIMIT_USER_PER_MIN: '0', CODE_SECRET: 'teams-forget-test-secret-0123456789abcdef',
  });
  app = await createApp(config);
  endpoint = `${await app.start()}/api/messages`;
});

afterAll(async () => {
  await app?.stop();
  await capture.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function say(who: 'jane' | 'ivan', text: string): Promise<void> {
  const activity: Json = fixture('personal-message', {
    id: `forget-${++seq}`, serviceUrl: capture.url, text,
    from: { id: `${who}-member`, name: who, aadObjectId: `${who}-aad` },
    conversation: { conversationType: 'personal', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', id: `a:forget-${who}` },
  });
  const res = await fetch(endpoint, { method: 'POST', body: JSON.stringify(activity), headers: { 'content-type': 'application/json' } });
  expect(res.status, await res.text()).toBe(200);
}

const sizes = () => app!.footprint();

describe('forget me in Teams', () => {
  it('drops the conversation\'s kept cards and roster email, and nobody else\'s', async () => {
    await say('jane', 'suite annual 25 with callback');
    await say('ivan', 'meet monthly 10 no callback');
    // The cards are kept in the store for every instance, per chat.
    const cards = async (who: string) => (await app!.store.records.get(`teams-cards:a:forget-${who}`))?.value as { cards: unknown[] } | undefined;
    expect((await cards('jane'))?.cards.length).toBeGreaterThanOrEqual(1);
    expect((await cards('ivan'))?.cards.length).toBeGreaterThanOrEqual(1);
    expect(sizes()['teams.emails']).toBe(2);
    await say('jane', 'forget me');
    await say('jane', 'yes');
    expect(sizes()['teams.emails']).toBe(1);
    // Jane's cards are gone (the confirmation and the "done" replies are text), Ivan's cart card is kept.
    expect(await cards('jane')).toBeUndefined();
    expect((await cards('ivan'))?.cards.length).toBeGreaterThanOrEqual(1);
  });
});
