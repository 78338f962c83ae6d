import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createVirtualClock } from '../../src/services/clock.js';
import { FakeWebexApi, webexId, type Person, type Room, type StoredMessage } from '../support/fake-webex-api.js';
import { startTeamsCapture, type TeamsCapture } from '../support/teams-capture.js';
import { fixture } from '../teams/harness.js';

/**
 * The customer buys in a Teams personal chat; sales works in a Webex space. Both channels over HTTP through the
 * real composition root: Teams activities posted to /api/messages (emulator mode, replies read from the capture),
 * Webex webhooks signed and delivered by the local Webex API, the bot's posts read back there.
 */
type Json = Record<string, unknown>;
const SECRET = 'sales-cross-channel-secret';
const CHAT = 'a:1cross-channel-customer-chat';

let fake: FakeWebexApi;
let capture: TeamsCapture;
let app: App;
let dataDir: string;
let endpoint: string;
let room: Room;
let alex: Person;
let pat: Person;
let seq = 0;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const a = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return typeof a === 'object' && a !== null ? a.port : 0;
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 5_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  fake = await new FakeWebexApi().start();
  alex = fake.addPerson('Alex Agent', 'alex@sales.example');
  pat = fake.addPerson('Pat Visitor', 'pat@sales.example');
  room = fake.groupRoom([alex, pat]);
  capture = await startTeamsCapture();
  capture.addMember({ id: 'jane-member', name: 'Jane Doe', aadObjectId: 'jane-aad', email: 'jane@acme.com' });
  dataDir = mkdtempSync(join(tmpdir(), 'sales-cross-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  app = await createApp(loadConfig({
    PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: baseUrl, STORE: 'memory', LOG_LEVEL: 'silent', DATA_DIR: dataDir,
    SWEEP_INTERVAL_MS: '0', CODE_SECRET: 'sales-cross-channel-code-secret-0123456789', PLAYGROUND: 'false', TEAMS_EMULATOR: 'true',
    WEBEX_BOT_TOKEN: fake.token, WEBEX_WEBHOOK_SECRET: SECRET, WEBEX_API_URL: fake.url,
    SALES_WEBEX_ROOM_ID: room.id, SALES_AGENTS: 'Alex Agent <alex@sales.example>',
  }), { clock: createVirtualClock(Date.parse('2026-01-05T09:00:00Z')) });
  endpoint = `${await app.start()}/api/messages`;
});

afterAll(async () => {
  await fake.settled();
  await app.stop();
  await fake.close();
  await capture.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const customerTexts = (): string[] => capture.messages(CHAT).map((m) => JSON.stringify(m.activity));

async function customerSays(text: string): Promise<void> {
  const activity: Json = fixture('personal-message', {
    id: `cross-${++seq}`, text, serviceUrl: capture.url,
    from: { id: 'jane-member', name: 'Jane Doe', aadObjectId: 'jane-aad' },
    conversation: { conversationType: 'personal', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', id: CHAT },
  });
  const res = await fetch(endpoint, { method: 'POST', body: JSON.stringify(activity), headers: { 'content-type': 'application/json' } });
  expect(res.status, await res.text()).toBe(200);
}

/** An agent writes in the case thread, @mentioning the bot (group spaces deliver only mentions to bots). */
async function agentWrites(person: Person, parentId: string, text: string): Promise<void> {
  const msg: StoredMessage = {
    id: webexId('MESSAGE'), roomId: room.id, roomType: 'group', personId: person.id, personEmail: person.emails[0] ?? '',
    text: `${fake.bot.displayName} ${text}`, mentionedPeople: [fake.bot.id], parentId, created: new Date().toISOString(),
  };
  fake.messages.set(msg.id, msg);
  await fake.fire('messages', { id: msg.id, roomId: room.id, roomType: 'group', personId: person.id, personEmail: msg.personEmail, created: msg.created, mentionedPeople: [fake.bot.id] });
}

const salesPosts = (): StoredMessage[] => fake.sentTo(room);
const threadReply = (rootId: string, pattern: RegExp) => (): StoredMessage | undefined =>
  salesPosts().find((m) => m.parentId === rootId && pattern.test(m.markdown ?? m.text ?? ''));

describe('customer on Teams, sales on Webex', () => {
  it('queues, refuses a non-agent, claims, relays both ways, keeps notes private and resumes with tax exemption', async () => {
    for (const t of ['I want to upgrade', 'meet', 'monthly', 'we are a school, tax-exempt', 'yes']) await customerSays(t);
    await until('the queue notice', () => customerTexts().some((t) => /number 1 in the queue/.test(t)));

    const card = await until('the case card', () => salesPosts().find((m) => m.attachments !== undefined && /Sales case/.test(m.markdown ?? '')));
    expect(card.parentId).toBeUndefined();
    expect(card.markdown).toMatch(/Tax-exempt organisation[\s\S]*Jane Doe <jane@acme.com>[\s\S]*Webex Meet[\s\S]*we are a school/);

    const heard = capture.messages(CHAT).length;
    await fake.userSubmits(pat, card.id, 'Claim');
    await until('the refusal in the thread', threadReply(card.id, /only members of the sales team/));
    await fake.userSubmits(alex, card.id, 'Claim');
    await until('the customer told who joined', () => customerTexts().some((t) => t.includes('Alex Agent from sales has joined')));
    expect(capture.messages(CHAT).length).toBe(heard + 1);

    await customerSays('Our 501(c)(3) letter is attached to our website');
    await until('the customer relayed to the thread', threadReply(card.id, /Jane Doe: Our 501\(c\)\(3\) letter/));
    await agentWrites(alex, card.id, 'Thanks Jane, the certificate checks out.');
    await until('the agent relayed to Teams', () => customerTexts().some((t) => t.includes('Thanks Jane, the certificate checks out.')));

    const before = capture.messages(CHAT).length;
    await agentWrites(alex, card.id, 'note verified by phone with the district office');
    await until('the note acknowledged', threadReply(card.id, /Note saved/));
    await agentWrites(pat, card.id, 'close');
    await until('the outsider refused', () => salesPosts().filter((m) => m.parentId === card.id && /only members/.test(m.markdown ?? '')).length === 2);
    expect(capture.messages(CHAT).length).toBe(before);

    await agentWrites(alex, card.id, 'resume tax-exempt TX-EX-2291');
    await until('the exemption announced to the customer', () => customerTexts().some((t) => /no tax will be charged/.test(t)));
    await until('the hand-back in the thread', threadReply(card.id, /tax exemption TX-EX-2291/));

    const [stored] = await app.store.cases.list();
    expect(stored).toMatchObject({
      status: 'resumed', agent: { name: 'Alex Agent', email: 'alex@sales.example' }, taxExempt: { certificate: 'TX-EX-2291', approvedBy: 'Alex Agent' },
      customer: { name: 'Jane Doe', email: 'jane@acme.com' }, thread: { space: `webex:${room.id}`, id: card.id },
    });
    expect(stored?.events.map((e) => e.kind)).toEqual(['queued', 'posted', 'refused', 'claimed', 'customer', 'agent', 'note', 'refused', 'resumed']);
    expect(stored?.claimedAt).toBeGreaterThanOrEqual(stored?.openedAt ?? Infinity);
    expect(stored?.endedAt).toBeDefined();
    const conv = (await app.engine.dispatch({ id: 'probe', conversationId: stored?.conversationId ?? '', event: { type: 'TIMER_FIRED', name: 'none' } })).step;
    expect(conv).toBe('licenses');
  }, 30_000);
});
