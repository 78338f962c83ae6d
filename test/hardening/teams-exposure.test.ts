// /api/messages probed as an outsider would, on the real app over HTTP: where the bot may be made to send replies
// (emulator mode: this machine only; with an app id: Bot Connector hosts), which tenants it answers, whose
// conversation an activity may touch, and whether made-up user ids get past the per-user limit.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { call, postJson, startExposed, type ExposedApp } from '../support/exposed-app.js';
import { startTeamsCapture, type TeamsCapture } from '../support/teams-capture.js';
import { fixture } from '../teams/harness.js';

type Json = Record<string, unknown>;
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const APP = { MicrosoftAppId: '0b5e8c3a-2f4d-4e6a-9b1c-7d8e9f0a1b2c', MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppTenantId: TENANT, HOST: '127.0.0.1' };

/** A personal-chat message as Teams sends it, from `user` in chat `chat`, answered at `serviceUrl`. */
function message(id: string, text: string, serviceUrl: string, chat: string, user = 'victim', tenant = TENANT): Json {
  const base = fixture('personal-message', { id, text });
  return {
    ...base, serviceUrl, from: { id: `29:${user}`, name: user, aadObjectId: `aad-${user}` },
    conversation: { conversationType: 'personal', tenantId: tenant, id: chat }, channelData: { tenant: { id: tenant } },
  };
}

/** Any HTTP server on `host` that counts what reaches it: a place the bot must never be made to call. */
async function listener(host: string): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => { hits.push(`${req.method} ${req.url}`); res.writeHead(200).end('{}'); });
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://${host}:${port}/`, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const external = Object.values(networkInterfaces()).flat().find((i) => i && !i.internal && i.family === 'IPv4')?.address;

describe('emulator mode (no app id)', () => {
  let bot: ExposedApp;
  let capture: TeamsCapture;
  beforeAll(async () => {
    capture = await startTeamsCapture();
    bot = await startExposed({ TEAMS_EMULATOR: 'true', RATE_LIMIT_USER_PER_MIN: '100', RATE_LIMIT_CONVERSATION_PER_MIN: '100' });
  }, 30_000);
  afterAll(async () => {
    await bot?.close();
    await capture?.close();
  });

  it('is not mounted unless asked for, and never on an address other machines reach', async () => {
    const plain = await startExposed({});
    try {
      expect((await postJson(`${plain.url}/api/messages`, message('m0', 'hello', capture.url, 'a:off'))).status).toBe(404);
      expect(capture.sent).toHaveLength(0);
    } finally {
      await plain.close();
    }
    expect(() => loadConfig({ TEAMS_EMULATOR: 'true', HOST: '0.0.0.0' })).toThrow(/TEAMS_EMULATOR: .*loopback/);
    expect(() => loadConfig({ ...APP, TEAMS_EMULATOR: 'true' })).toThrow(/TEAMS_EMULATOR/);
  });

  it('refuses a serviceUrl that is not this machine, and calls nothing there', async () => {
    const elsewhere = ['http://169.254.169.254/latest/meta-data/', 'https://smba.trafficmanager.net/teams/', 'http://user:pw@127.0.0.1:9/'];
    for (const [i, url] of elsewhere.entries()) {
      const res = await postJson(`${bot.url}/api/messages`, message(`far-${i}`, 'I want to upgrade', url, `a:far-${i}`));
      expect(res.status, url).toBe(403);
    }
    if (external) {
      const outside = await listener(external);
      try {
        const res = await postJson(`${bot.url}/api/messages`, message('far-ext', 'I want to upgrade', outside.url, 'a:far-ext'));
        expect(res.status).toBe(403);
        await bot.app.engine.drain();
        expect(outside.hits).toEqual([]);
      } finally {
        await outside.close();
      }
    }
    expect(await bot.app.engine.peek('teams.a.far-0')).toBeUndefined();
    // This machine is answered.
    expect((await postJson(`${bot.url}/api/messages`, message('near-1', 'hello', capture.url, 'a:near'))).status).toBe(200);
    expect(capture.messages('a:near').length).toBeGreaterThan(0);
  });

  it('keeps a chat its first sender\'s: another sender naming its id reads nothing and changes nothing', async () => {
    const chat = 'a:victim-chat';
    for (const [i, text] of ['I want to upgrade', 'Suite', 'annual', '25'].entries()) {
      expect((await postJson(`${bot.url}/api/messages`, message(`v-${i}`, text, capture.url, chat))).status).toBe(200);
    }
    const before = await bot.app.engine.peek('teams.a.victim-chat');
    expect(before?.snapshot.context.answers.licenses).toBe(25);
    const thief = await startTeamsCapture();
    try {
      for (const [i, text] of ['show my cart', 'yes', '1'].entries()) {
        expect((await postJson(`${bot.url}/api/messages`, message(`t-${i}`, text, thief.url, chat, 'thief'))).status).toBe(200);
      }
      await bot.app.engine.drain();
      expect(thief.sent).toEqual([]);
      const after = await bot.app.engine.peek('teams.a.victim-chat');
      expect(after?.snapshot.context.answers.licenses).toBe(25);
      expect(after?.doc.seen).toEqual(before?.doc.seen);
      expect(JSON.stringify(after?.doc.address)).not.toContain(thief.url);
      expect((await call(`${bot.url}/metrics`)).text).toMatch(/upgrade_bot_refused_total\{reason="not_owner"\} 3/);
    } finally {
      await thief.close();
    }
  });

  it('counts every emulator sender as one for the per-user limit, whatever ids they make up', async () => {
    const limited = await startExposed({ TEAMS_EMULATOR: 'true', RATE_LIMIT_USER_PER_MIN: '3', RATE_LIMIT_CONVERSATION_PER_MIN: '100' });
    try {
      for (let i = 0; i < 6; i++) {
        expect((await postJson(`${limited.url}/api/messages`, message(`f-${i}`, 'hello', capture.url, `a:forged-${i}`, `forged-${i}`))).status).toBe(200);
      }
      expect((await call(`${limited.url}/metrics`)).text).toMatch(/upgrade_bot_refused_total\{reason="rate_user"\} 3/);
    } finally {
      await limited.close();
    }
  });
});

describe('with an app id', () => {
  it('answers only Bot Connector hosts: any other serviceUrl is refused before authentication, with nothing sent', async () => {
    const capture = await startTeamsCapture();
    const bot = await startExposed(APP);
    try {
      for (const url of [capture.url, 'https://evil.example/teams/', 'https://smba.trafficmanager.net.evil.example/', 'http://smba.trafficmanager.net/teams/']) {
        expect((await postJson(`${bot.url}/api/messages`, message('x1', 'hello', url, 'a:app')).then((r) => r.status)), url).toBe(403);
      }
      // A Bot Connector host goes on to authentication, which a request without a token fails.
      expect((await postJson(`${bot.url}/api/messages`, message('x2', 'hello', 'https://smba.trafficmanager.net/emea/', 'a:app'))).status).toBe(401);
      expect(capture.sent).toEqual([]);
    } finally {
      await bot.close();
      await capture.close();
    }
  });

  it('takes its hosts from TEAMS_SERVICE_URL_HOSTS and its tenants from TEAMS_TENANTS (a single-tenant bot: its own)', async () => {
    const own = await startExposed(APP);
    const listed = await startExposed({ ...APP, TEAMS_SERVICE_URL_HOSTS: 'connector.example.net', TEAMS_TENANTS: 'tenant-a,tenant-b' });
    const teams = 'https://smba.trafficmanager.net/emea/';
    const status = async (bot: ExposedApp, url: string, tenant: string) =>
      (await postJson(`${bot.url}/api/messages`, message('y1', 'hello', url, 'a:tenants', 'u', tenant))).status;
    try {
      expect(await status(own, teams, TENANT)).toBe(401);
      expect(await status(own, teams, 'another-tenant')).toBe(403);
      expect(await status(listed, teams, 'tenant-a')).toBe(403);
      expect(await status(listed, 'https://connector.example.net/x/', 'tenant-a')).toBe(401);
      expect(await status(listed, 'https://connector.example.net/x/', TENANT)).toBe(403);
    } finally {
      await own.close();
      await listed.close();
    }
  });
});
