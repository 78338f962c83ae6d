/**
 * One channel's outage takes no other with it, through the real app over HTTP: with Webex down (the local Webex API
 * answering 503) a Teams message (emulator mode, a local Bot Connector) is answered and the instance stays ready;
 * with the Bot Connector down, Teams is reported down on /healthz while /readyz stays 200, and the reply goes out
 * once Teams is back.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeWebexApi } from '../support/fake-webex-api.js';
import { startTeamsCapture, type TeamsCapture } from '../support/teams-capture.js';
import { post, startApp, type RunningApp } from '../fuzz/app-support.js';

type Json = Record<string, unknown>;
const base = JSON.parse(readFileSync(new URL('../fixtures/teams/personal-message.json', import.meta.url), 'utf8')) as Json;

let webex: FakeWebexApi;
let teams: TeamsCapture;
let bot: RunningApp;

beforeAll(async () => {
  webex = await new FakeWebexApi().start();
  webex.outage = 503;
  teams = await startTeamsCapture();
  bot = await startApp({
    WEBEX_BOT_TOKEN: webex.token, WEBEX_WEBHOOK_SECRET: 'outage-channels-secret-0123456789', WEBEX_API_URL: webex.url,
    OUTAGE_RETRY_MIN_MS: '10', OUTAGE_RETRY_MAX_MS: '50', DEPENDENCY_START_WAIT_MS: '50', OUTBOX_LEASE_MS: '100',
  });
});
afterAll(async () => { webex.outage = undefined; teams.down = false; await bot.close(); await teams.close(); await webex.close(); });

const say = (id: string, chat: string, text: string) => post(`${bot.url}/api/messages`, JSON.stringify({
  ...base, id, serviceUrl: teams.url, text, conversation: { ...(base.conversation as Json), id: chat },
}), { 'content-type': 'application/json' });
const health = async (): Promise<Json> => (await (await fetch(`${bot.url}/healthz`)).json() as { dependencies: Json }).dependencies;

describe('a channel outage is that channel\'s only', () => {
  it('Webex down: Teams is answered and the instance stays ready', async () => {
    expect(await health()).toMatchObject({ webex: { state: 'down' } });
    const before = teams.messages().length;
    expect((await say('w-1', 'chat-webex-down', 'I want to upgrade')).status).toBe(200);
    await teams.waitFor(() => teams.messages().length > before);
    expect(JSON.stringify(teams.messages().slice(before))).toMatch(/suite/i);
    expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
  });

  it('Teams down: reported on /healthz, still ready, and the reply goes out once Teams is back', async () => {
    teams.down = true;
    // The turn's own send is retried by botbuilder (about 4 s) before it gives up and the reply waits in the outbox.
    await say('t-1', 'chat-teams-down', 'I want to upgrade');
    expect(await health()).toMatchObject({ teams: { state: 'down' }, store: { state: 'up' } });
    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, draining: false, checks: { store: 'ok' } });
    const metrics = await (await fetch(`${bot.url}/metrics`)).text();
    expect(metrics).toContain('upgrade_bot_dependency_up{dependency="teams"} 0');

    teams.down = false;
    const deadline = Date.now() + 10_000;
    while (!teams.messages('chat-teams-down').length) {
      if (Date.now() > deadline) throw new Error('the reply never went out');
      await bot.app.engine.sweep();
      await new Promise((r) => { setTimeout(r, 20); });
    }
    expect(JSON.stringify(teams.messages('chat-teams-down'))).toMatch(/suite/i);
    expect(await health()).toMatchObject({ teams: { state: 'up' } });
  }, 20_000);
});
