// The Teams sales space probed over HTTP on the real app (emulator mode, the capture as Bot Connector): who may make a
// channel the sales channel, that the mark outlives the process, who may act on cases, and what a case card says
// about an email nobody proved.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { postJson, startExposed, until, type ExposedApp } from '../support/exposed-app.js';
import { startTeamsCapture, type TeamsCapture } from '../support/teams-capture.js';
import { fixture } from '../teams/harness.js';

type Json = Record<string, unknown>;
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const SALES = '19:sales0000000000000000000000000000@thread.tacv2';
const OTHER = '19:other0000000000000000000000000000@thread.tacv2';
const CONFIGURED = '19:configured00000000000000000000000@thread.tacv2';
const AGENTS = 'Alice Agent <alice@sales.example>';
const TO_SALES = ['I want to upgrade', 'talk to a person', 'yes'];
let seq = 0;

interface Who { id: string; name: string; aad: string; email?: string }
const alice: Who = { id: '29:alice', name: 'Alice Agent', aad: 'aad-alice', email: 'alice@sales.example' };
const mallory: Who = { id: '29:mallory', name: 'Mallory', aad: 'aad-mallory', email: 'mallory@elsewhere.example' };
const eve: Who = { id: '29:eve', name: 'Eve Customer', aad: 'aad-eve' };

let capture: TeamsCapture;
beforeAll(async () => {
  capture = await startTeamsCapture();
  for (const p of [alice, mallory]) capture.addMember({ id: p.id, name: p.name, aadObjectId: p.aad, ...(p.email ? { email: p.email } : {}) });
});
afterAll(async () => { await capture?.close(); });

const env = (extra: Record<string, string> = {}) => ({
  TEAMS_EMULATOR: 'true', SALES_SPACE: 'teams', SALES_AGENTS: AGENTS, SALES_TEAMS_SERVICE_URL: capture.url,
  RATE_LIMIT_USER_PER_MIN: '1000', RATE_LIMIT_CONVERSATION_PER_MIN: '1000', ...extra,
});

/** `who` @mentions the bot in a channel (or a thread of it: `channel;messageid=<root>`). */
function inChannel(bot: ExposedApp, who: Who, conversationId: string, text: string) {
  const a: Json = {
    ...fixture('channel-mention'), id: `ch-${++seq}`, text: `<at>Upgrade Bot</at> ${text}`, serviceUrl: capture.url,
    from: { id: who.id, name: who.name, aadObjectId: who.aad },
    conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: conversationId },
  };
  return postJson(`${bot.url}/api/messages`, a);
}

async function customer(bot: ExposedApp, chat: string, texts: string[], who: Who = eve): Promise<void> {
  for (const text of texts) {
    const a: Json = {
      ...fixture('personal-message'), id: `pm-${++seq}`, text, serviceUrl: capture.url,
      from: { id: who.id, name: who.name, aadObjectId: who.aad }, conversation: { conversationType: 'personal', tenantId: TENANT, id: chat },
    };
    expect((await postJson(`${bot.url}/api/messages`, a)).status).toBe(200);
  }
}

const textsIn = (conversationId: string): string[] => capture.messages(conversationId).map((m) => String(m.activity['text'] ?? ''));
const cardIn = (conversationId: string) => capture.messages(conversationId).find((m) => /Sales case/.test(String(m.activity['text'] ?? '')));

describe('the Teams sales channel', () => {
  it('needs SALES_AGENTS', () => {
    expect(() => loadConfig({ TEAMS_EMULATOR: 'true', SALES_SPACE: 'teams' })).toThrow(/SALES_AGENTS/);
  });

  it('refuses to start with a SALES_TEAMS_SERVICE_URL the bot may not post to', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sales-space-'));
    const app = { MicrosoftAppId: 'app-id', MicrosoftAppPassword: 'p', MicrosoftAppTenantId: TENANT, HOST: '127.0.0.1' };
    try {
      await expect(startExposed({ ...env(), SALES_TEAMS_SERVICE_URL: 'https://smba.trafficmanager.net/teams/', SALES_TEAMS_CHANNEL_ID: CONFIGURED }, { dataDir }))
        .rejects.toThrow(/SALES_TEAMS_SERVICE_URL: emulator mode answers this machine only/);
      await expect(startExposed({ ...app, SALES_SPACE: 'teams', SALES_AGENTS: AGENTS, SALES_TEAMS_CHANNEL_ID: CONFIGURED, SALES_TEAMS_SERVICE_URL: 'https://connector.evil.example/' }, { dataDir }))
        .rejects.toThrow(/SALES_TEAMS_SERVICE_URL: .*not a Bot Connector host/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('cannot be moved away from SALES_TEAMS_CHANNEL_ID, not even by an agent', async () => {
    const bot = await startExposed(env({ SALES_TEAMS_CHANNEL_ID: CONFIGURED }));
    try {
      expect((await inChannel(bot, alice, OTHER, 'use this channel for sales')).status).toBe(200);
      expect(textsIn(OTHER).join('\n')).toMatch(/cannot be changed from Teams/);
      await customer(bot, 'a:configured-customer', TO_SALES);
      await until('the case card in the configured channel', () => cardIn(CONFIGURED));
      expect(cardIn(OTHER)).toBeUndefined();
    } finally {
      await bot.close();
    }
  });

  it('is marked only by an agent, keeps the mark across a restart, and only agents act on its cases', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sales-space-'));
    try {
      const first = await startExposed(env({ STORE: 'file' }), { dataDir, keepDataDir: true });
      try {
        expect((await inChannel(first, mallory, SALES, 'use this channel for sales')).status).toBe(200);
        expect(textsIn(SALES).join('\n')).toMatch(/Only sales agents/);
        // Alice is known by the roster's email (SALES_AGENTS lists her email, Teams sends only ids).
        expect((await inChannel(first, alice, SALES, 'use this channel for sales')).status).toBe(200);
        expect(textsIn(SALES).join('\n')).toMatch(/now receives the sales cases/);
      } finally {
        await first.close();
      }
      const second = await startExposed(env({ STORE: 'file' }), { dataDir, keepDataDir: true });
      try {
        await customer(second, 'a:after-restart', TO_SALES);
        const card = await until('the case card in the marked channel', () => cardIn(SALES));
        const thread = `${SALES};messageid=${card.id}`;
        await inChannel(second, mallory, thread, 'claim');
        await until('the refusal', () => textsIn(thread).some((t) => /only members of the sales team/.test(t)));
        await inChannel(second, alice, thread, 'claim');
        await until('the claim', () => textsIn(thread).some((t) => /Alice Agent claimed the case/.test(t)));
        const [stored] = await second.app.store.cases.list();
        expect(stored?.events.map((e) => e.kind)).toEqual(['queued', 'posted', 'refused', 'claimed']);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('a mark made on one instance is the one every instance posts to', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sales-space-'));
    const moved = '19:moved0000000000000000000000000000@thread.tacv2';
    const a = await startExposed(env({ STORE: 'file' }), { dataDir, keepDataDir: true });
    const b = await startExposed(env({ STORE: 'file' }), { dataDir, keepDataDir: true });
    try {
      await inChannel(a, alice, SALES, 'use this channel for sales');
      await inChannel(b, alice, moved, 'use this channel for sales');
      const cardsIn = (c: string) => capture.messages(c).filter((m) => /Sales case/.test(String(m.activity['text'] ?? ''))).length;
      const before = cardsIn(SALES);
      await customer(a, 'a:two-instances', TO_SALES);
      await until('the case card where the last mark is', () => cardIn(moved));
      expect(cardsIn(SALES)).toBe(before);
    } finally {
      await a.close();
      await b.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('a case card and the customer\'s email', () => {
  let bot: ExposedApp;
  beforeAll(async () => { bot = await startExposed(env({ SALES_TEAMS_CHANNEL_ID: CONFIGURED, STORE: 'file' })); }, 30_000);
  afterAll(async () => { await bot?.close(); });
  const UP_TO_CODE = ['I want to upgrade', 'Suite', 'annual', '25', 'yes', 'checkout', 'jane@acme.com'];

  it('says an email nobody proved is not verified, without the directory\'s name for it', async () => {
    await customer(bot, 'a:unproved', [...UP_TO_CODE, 'talk to a person', 'yes']);
    const card = await until('the card', () => capture.messages(CONFIGURED).find((m) => /Sales case/.test(String(m.activity['text'])) && /jane@acme.com/.test(String(m.activity['text']))));
    const text = String(card.activity['text']);
    expect(text).toMatch(/Eve Customer <jane@acme.com> \(email not verified\)/);
    expect(JSON.stringify(card.activity)).not.toContain('Jane Doe');
  });

  it('says a proved email is verified, with the directory\'s name', async () => {
    const who: Who = { id: '29:jane', name: 'J', aad: 'aad-jane' };
    await customer(bot, 'a:proved', UP_TO_CODE, who);
    const outbox = join(bot.dataDir, 'outbox');
    // The newest mail to that address (the test before mailed it a code too).
    const mail = readdirSync(outbox).sort().map((f) => readFileSync(join(outbox, f), 'utf8')).filter((m) => m.includes('jane@acme.com')).at(-1) ?? '';
    const code = /\b(\d{6})\b/.exec(mail)?.[1];
    expect(code).toBeDefined();
    await customer(bot, 'a:proved', [code!, 'talk to a person', 'yes'], who);
    const card = await until('the card', () => capture.messages(CONFIGURED).find((m) => /Jane Doe <jane@acme.com> \(email verified\)/.test(String(m.activity['text']))));
    expect(card).toBeDefined();
  }, 20_000);
});
