// What each mode exposes, probed as an outsider would over HTTP: the bind address, the playground and its desk, the
// turn guard in front of it, its memory bound, and /metrics behind a token.
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { FakeWebexApi } from '../support/fake-webex-api.js';
import { call, playgroundClient, postJson, startExposed, until, type ExposedApp } from '../support/exposed-app.js';
import { startTeamsCapture, type TeamsCapture } from '../support/teams-capture.js';
import { fixture } from '../teams/harness.js';

type Json = Record<string, unknown>;
const key = (n: string) => `visitor-${n}-0123456789`;
/** The purchase up to the email step's code, as a visitor types it. */
const UP_TO_CODE = ['I want to upgrade', 'Suite', 'annual', '25', 'yes', 'checkout', 'jane@acme.com'];
/** Asking for a person, confirmed: a case for sales. */
const TO_SALES = ['I want to upgrade', 'talk to a person', 'yes'];

const PLAYGROUND_ROUTES: [string, string][] = [
  ['GET', '/'], ['GET', '/playground/app.js'], ['GET', '/playground/app.css'],
  ['GET', `/playground/api/c/${key('a')}/panel`], ['POST', `/playground/api/c/${key('a')}/message`],
  ['POST', `/playground/api/c/${key('a')}/submit`], ['POST', `/playground/api/c/${key('a')}/payment`],
  ['POST', `/playground/api/c/${key('a')}/provision`], ['GET', `/playground/api/c/${key('a')}/transcript.chat`],
  ['GET', `/playground/api/c/${key('a')}/events`], ['GET', '/playground/api/sales'],
  ['POST', '/playground/api/sales/case-1/claim'], ['POST', '/playground/api/sales/case-1/say'],
];

async function statusOf(base: string, method: string, path: string): Promise<number> {
  const init: RequestInit = method === 'POST'
    ? { method, body: JSON.stringify({ text: 'hello', value: {}, outcome: 'succeeded' }), headers: { 'content-type': 'application/json' } }
    : { method, signal: AbortSignal.timeout(3_000) };
  return (await call(`${base}${path}`, init)).status;
}

describe('where the server listens', () => {
  it('binds to loopback without channel credentials, and to every interface with them (HOST overrides both)', () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
    expect(loadConfig({ STORE: 'memory', NODE_ENV: 'production' }).HOST).toBe('127.0.0.1');
    expect(loadConfig({ WEBEX_BOT_TOKEN: 't', WEBEX_WEBHOOK_SECRET: 's' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'p', MicrosoftAppTenantId: 't' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ WEBEX_BOT_TOKEN: 't', WEBEX_WEBHOOK_SECRET: 's', HOST: '127.0.0.1' }).HOST).toBe('127.0.0.1');
  });

  const external = Object.values(networkInterfaces()).flat().find((i) => i && !i.internal && i.family === 'IPv4')?.address;
  it.skipIf(!external)(`a local start (no HOST) cannot be reached from another machine (${external ?? 'no external interface'})`, async () => {
    const bot = await startExposed({});
    try {
      expect(bot.address).toBe('127.0.0.1');
      expect((await call(`${bot.url}/healthz`)).status).toBe(200);
      expect((await call(`http://${external}:${bot.port}/healthz`, { signal: AbortSignal.timeout(3_000) })).status).toBe(0);
    } finally {
      await bot.close();
    }
  });
});

describe('the playground in a deployment', () => {
  it('is off with any sign of a deployment, and PLAYGROUND=true there is refused at start', () => {
    const deployments: Record<string, string>[] = [
      { WEBEX_BOT_TOKEN: 't', WEBEX_WEBHOOK_SECRET: 's' }, { MicrosoftAppId: 'app', MicrosoftAppPassword: 'p', MicrosoftAppTenantId: 't' },
      { STORE: 'cosmos', COSMOS_ENDPOINT: 'https://x.documents.azure.com:443/', CODE_SECRET: 'exposure-test-secret-0123456789abcdef' }, { PUBLIC_URL: 'https://bot.example.com' }, { NODE_ENV: 'production' },
    ];
    for (const env of deployments) {
      expect(loadConfig(env).exposure.playground, JSON.stringify(env)).toBe('off');
      expect(() => loadConfig({ ...env, PLAYGROUND: 'true' }), JSON.stringify(env)).toThrow(/PLAYGROUND: .*insecure-on/);
      expect(loadConfig({ ...env, PLAYGROUND: 'insecure-on' }).exposure.playground).toBe('insecure');
    }
    expect(loadConfig({}).exposure.playground).toBe('on');
    expect(loadConfig({ PUBLIC_URL: 'http://localhost:3978' }).exposure.playground).toBe('on');
    expect(() => loadConfig({ PLAYGROUND: 'maybe' })).toThrow(ConfigError);
  });

  it('answers 404 on every playground route with production-like settings, and serves them locally', async () => {
    const fake = await new FakeWebexApi().start();
    const settings: Record<string, string>[] = [
      { NODE_ENV: 'production' }, { PUBLIC_URL: 'https://bot.example.com' },
      { WEBEX_BOT_TOKEN: fake.token, WEBEX_WEBHOOK_SECRET: 'exposure-secret', WEBEX_API_URL: fake.url, HOST: '127.0.0.1', PUBLIC_URL: 'http://127.0.0.1:9' },
    ];
    try {
      for (const env of settings) {
        const bot = await startExposed(env);
        try {
          for (const [method, path] of PLAYGROUND_ROUTES) expect(await statusOf(bot.url, method, path), `${JSON.stringify(env)} ${method} ${path}`).toBe(404);
          expect((await call(`${bot.url}/healthz`)).status).toBe(200);
        } finally {
          await bot.close();
        }
      }
      const local = await startExposed({});
      try {
        expect(await statusOf(local.url, 'GET', '/')).toBe(200);
        expect(await statusOf(local.url, 'GET', `/playground/api/c/${key('a')}/panel`)).toBe(200);
        expect(await statusOf(local.url, 'GET', '/playground/api/sales')).toBe(200);
      } finally {
        await local.close();
      }
    } finally {
      await fake.close();
    }
  }, 60_000);
});

describe('PLAYGROUND=insecure-on in a deployment', () => {
  let exposed: ExposedApp;
  let local: ExposedApp;
  let capture: TeamsCapture;
  beforeAll(async () => {
    capture = await startTeamsCapture();
    // The Teams emulator stands for a real channel here (a deployment by NODE_ENV, still on loopback).
    exposed = await startExposed({ NODE_ENV: 'production', PLAYGROUND: 'insecure-on', TEAMS_EMULATOR: 'true', HOST: '127.0.0.1' });
    local = await startExposed({ TEAMS_EMULATOR: 'true' });
  }, 60_000);
  afterAll(async () => {
    await exposed?.close();
    await local?.close();
    await capture?.close();
  });

  it('never shows a visitor the code mailed to an address they typed', async () => {
    for (const [bot, shown] of [[local, true], [exposed, false]] as const) {
      const pg = playgroundClient(bot.url);
      for (const text of UP_TO_CODE) expect((await pg.say(key('mail'), text)).status).toBe(200);
      const panel = (await pg.panel(key('mail'))).json as { mails: { to: string; code?: string }[]; step: string };
      expect(panel.step).toBe('verify');
      // Locally the tester panel shows the code (the test can tell); exposed, only mail to an address proved here.
      expect(panel.mails.some((m) => m.to === 'jane@acme.com' && /^\d{6}$/.test(m.code ?? '')), bot.url).toBe(shown);
    }
  }, 30_000);

  it('keeps real channels\' cases out of its sales view, and a visitor\'s case out of theirs', async () => {
    for (const [bot, sharesDesk] of [[local, true], [exposed, false]] as const) {
      const chat = `a:real-customer-${sharesDesk ? 'local' : 'exposed'}`;
      const activity = (id: string, text: string): Json => ({
        ...fixture('personal-message', { id, text }), serviceUrl: capture.url,
        conversation: { conversationType: 'personal', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', id: chat },
      });
      for (const [i, text] of TO_SALES.entries()) expect((await postJson(`${bot.url}/api/messages`, activity(`${chat}-${i}`, text))).status).toBe(200);
      const realCase = await until('the real customer\'s case', () => bot.app.sales.all().find((c) => c.case.conversationId.startsWith('teams.'))?.caseId);
      const pg = playgroundClient(bot.url);
      const listed = ((await pg.sales()).json as { caseId: string }[]).map((c) => c.caseId);
      expect(listed.includes(realCase), bot.url).toBe(sharesDesk);
      if (!sharesDesk) {
        expect((await pg.claim(realCase)).status).toBe(404);
        // A visitor's own case is in the playground's desk, not the real one.
        for (const text of TO_SALES) expect((await pg.say(key('desk'), text)).status).toBe(200);
        const mine = ((await pg.sales(key('desk'))).json as { caseId: string; conversationId: string }[]).filter((c) => c.conversationId.startsWith('web.'));
        expect(mine).toHaveLength(1);
        expect(bot.app.sales.all().some((c) => c.caseId === mine[0]!.caseId)).toBe(false);
        expect((await pg.claim(mine[0]!.caseId, key('desk'))).status).toBe(200);
      }
    }
  }, 30_000);
});

describe('the playground\'s sales view, exposed', () => {
  it('shows each visitor the cases of their own page only, and lets no one act on another\'s', async () => {
    for (const [env, shared] of [[{}, true], [{ NODE_ENV: 'production', PLAYGROUND: 'insecure-on' }, false]] as const) {
      const bot = await startExposed(env);
      try {
        const pg = playgroundClient(bot.url);
        for (const text of [...UP_TO_CODE, 'talk to a person', 'yes']) await pg.say(key('victim'), text);
        for (const text of TO_SALES) await pg.say(key('other'), text);
        const seen = (k: string) => pg.sales(k).then((r) => (r.json as { caseId: string; conversationId: string; customer: unknown }[]));
        const victims = (await seen(key('victim'))).filter((c) => c.conversationId.includes(key('victim')));
        expect(victims).toHaveLength(1);
        // Typed, not proved: no directory name for it (jane@acme.com is Jane Doe there); the name is the chat
        // profile's, the same for every playground page.
        expect(victims[0]!.customer).toEqual({ name: 'Playground tester', email: 'jane@acme.com', emailVerified: false });
        const byOther = await seen(key('other'));
        expect(byOther.some((c) => c.caseId === victims[0]!.caseId), JSON.stringify(env)).toBe(shared);
        expect((await pg.claim(victims[0]!.caseId, key('other'))).status, JSON.stringify(env)).toBe(shared ? 200 : 404);
        expect((await pg.sayAsSales(victims[0]!.caseId, 'resume tax-exempt FAKE-1', key('other'))).status).toBe(shared ? 200 : 404);
        if (!shared) expect(((await pg.sales()).json as unknown[])).toEqual([]);
      } finally {
        await bot.close();
      }
    }
  }, 30_000);
});

describe('the playground behind the turn guard', () => {
  it('slows down a flood from one page, and from many made-up pages of one visitor when exposed', async () => {
    const limits = { RATE_LIMIT_USER_PER_MIN: '5', RATE_LIMIT_CONVERSATION_PER_MIN: '100' };
    for (const [env, pages] of [[{}, 1], [{ NODE_ENV: 'production', PLAYGROUND: 'insecure-on' }, 8]] as const) {
      const bot = await startExposed({ ...limits, ...env });
      try {
        const pg = playgroundClient(bot.url);
        for (let i = 0; i < 8; i++) expect((await pg.say(key(`flood${pages === 1 ? 0 : i}`), 'hello')).status).toBe(200);
        const metrics = (await call(`${bot.url}/metrics`)).text;
        expect(metrics, JSON.stringify(env)).toMatch(/upgrade_bot_refused_total\{reason="rate_user"\} 3/);
        const chats = await Promise.all(Array.from({ length: pages }, (_, i) => pg.transcript(key(`flood${pages === 1 ? 0 : i}`))));
        expect(chats.some((c) => c.text.includes('faster than I can answer'))).toBe(true);
      } finally {
        await bot.close();
      }
    }
  }, 30_000);

  it('holds at most PLAYGROUND_MAX_SESSIONS conversations and drops idle ones', async () => {
    let now = Date.parse('2026-12-04T12:00:00Z');
    const bot = await startExposed({ PLAYGROUND_MAX_SESSIONS: '2', PLAYGROUND_SESSION_IDLE_MS: '1000' }, { wallClock: () => now });
    try {
      const pg = playgroundClient(bot.url);
      expect((await pg.say(key('s1'), 'hello')).status).toBe(200);
      expect((await pg.say(key('s2'), 'hello')).status).toBe(200);
      const full = await pg.say(key('s3'), 'hello');
      expect(full.status).toBe(503);
      expect(full.text).toMatch(/try again later/);
      now += 500;
      expect((await pg.say(key('s2'), 'Suite')).status).toBe(200);
      now += 499;
      expect((await pg.say(key('s3'), 'hello')).status).toBe(503);
      now += 1; // s1 unused for 1000 ms now, s2 for 500
      expect((await pg.say(key('s3'), 'hello')).status).toBe(200);
      expect((await pg.transcript(key('s1'))).status).toBe(404);
      expect((await pg.transcript(key('s2'))).status).toBe(200);
      expect(bot.app.footprint()['playground.sessions']).toBeLessThanOrEqual(2);
    } finally {
      await bot.close();
    }
  }, 30_000);
});

describe('/metrics', () => {
  it('is open without METRICS_TOKEN, and needs the bearer token with it', async () => {
    const open = await startExposed({});
    try {
      expect((await call(`${open.url}/metrics`)).status).toBe(200);
    } finally {
      await open.close();
    }
    const token = 'metrics-token-0123456789';
    const bot = await startExposed({ METRICS_TOKEN: token });
    try {
      expect((await call(`${bot.url}/metrics`)).status).toBe(401);
      expect((await call(`${bot.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      expect((await call(`${bot.url}/metrics`, { headers: { authorization: token } })).status).toBe(401);
      const ok = await call(`${bot.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('upgrade_bot_turns_total');
      expect((await call(`${bot.url}/healthz`)).status).toBe(200);
      expect((await call(`${bot.url}/readyz`)).status).toBe(200);
    } finally {
      await bot.close();
    }
  });
});
