import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { listOutbox } from '../../src/services/mail/index.js';
import { startLocalCosmos, type LocalCosmos } from '../support/cosmos-server.js';
import type { Person, Room, StoredMessage } from '../support/fake-webex-api.js';
import { WebexApp, shown } from '../webex/app-harness.js';

/**
 * Codes within bounds, tried from outside: Webex webhooks over HTTP into the whole app (src/app.ts), mails read
 * from its outbox folder, /metrics over HTTP. The turn guard is opened wide so that only the code limits (defaults:
 * 3 codes per conversation and 5 per address an hour, 10 wrong codes per address a day) bound what is mailed.
 * Time moves only by the virtual clock.
 */
const OPEN_GUARD = { RATE_LIMIT_USER_PER_MIN: '100000', RATE_LIMIT_CONVERSATION_PER_MIN: '100000' };
const HOUR_MS = 3_600_000;
const JANE = 'jane@acme.com';

const apps: WebexApp[] = [];
async function start(env: Record<string, string> = {}): Promise<WebexApp> {
  const w = await WebexApp.start({ ...OPEN_GUARD, ...env });
  apps.push(w);
  return w;
}
afterEach(async () => { await Promise.all(apps.splice(0).map((w) => w.close())); });

/** A Webex user in a 1:1 space with the bot, and a way to talk there. */
function visitor(w: WebexApp, name: string, email: string) {
  const person: Person = w.fake.addPerson(name, email);
  const room: Room = w.fake.directRoom(person);
  return (text: string): Promise<StoredMessage[]> => w.says(person, room, text);
}

/** From hello to the email step: a suite for 25 people, checked out. */
async function toEmailStep(say: (text: string) => Promise<StoredMessage[]>): Promise<void> {
  for (const text of ['I want to upgrade', 'Suite', 'annual', '25', 'yes']) await say(text);
  expect(shown(await say('checkout'))).toMatch(/email/i);
}

async function mailsTo(dataDir: string, email: string): Promise<string[]> {
  return (await listOutbox(join(dataDir, 'outbox'))).filter((m) => m.to === email).map((m) => m.text);
}

async function blockedCount(w: WebexApp, reason: string): Promise<number> {
  const body = await (await fetch(`${w.baseUrl}/metrics`)).text();
  const line = body.split('\n').find((l) => l.startsWith(`upgrade_bot_codes_blocked_total{reason="${reason}"}`));
  return Number(line?.split(' ').at(-1) ?? 0);
}

describe('codes within bounds, over HTTP', () => {
  it('60 "send a new code" in a row mail 3 codes, then a cool-down that says until when; an hour later codes come again', async () => {
    const w = await start();
    const say = visitor(w, 'Jane Doe', JANE);
    await toEmailStep(say);
    await say(JANE);
    const firstMailAt = w.clock.now();
    const replies: string[] = [];
    for (let i = 0; i < 60; i++) replies.push(shown(await say('send a new code')));
    expect(await mailsTo(w.dataDir, JANE)).toHaveLength(3);
    // The code sent last still works, and the reply says so and when a new one can be had (UTC, from the first mail).
    const until = new Date(firstMailAt + HOUR_MS).toISOString().slice(11, 16);
    expect(replies.at(-1)).toMatch(/The last code I sent works until \d\d:\d\d UTC/);
    expect(replies.at(-1)).toContain(`after ${until} UTC`);
    expect(replies.at(-1)).toMatch(/talk to a person/i);
    expect(replies.slice(2).every((r) => r.includes('as many codes from this chat'))).toBe(true);
    expect(await blockedCount(w, 'conversation')).toBe(58);

    w.clock.advance(HOUR_MS);
    expect(shown(await say('send a new code'))).toMatch(/sent a 6-digit code/);
    expect(await mailsTo(w.dataDir, JANE)).toHaveLength(4);
    expect(shown(await say(await w.mailedCode(JANE)))).toMatch(/billing address/i);
  }, 120_000);

  it('two conversations with the same address share its limit: 5 codes an hour in all, then "to this address"', async () => {
    const w = await start();
    const jane = visitor(w, 'Jane Doe', JANE);
    const mallory = visitor(w, 'Mallory', 'mallory@evil.example');
    await toEmailStep(jane);
    await toEmailStep(mallory);
    await jane(JANE);
    for (let i = 0; i < 4; i++) await jane('send a new code');
    expect(await mailsTo(w.dataDir, JANE)).toHaveLength(3);
    await mallory(JANE);
    await mallory('send a new code');
    const refused = shown(await mallory('send a new code'));
    expect(await mailsTo(w.dataDir, JANE)).toHaveLength(5);
    expect(refused).toContain('as many codes to this address');
    expect(await blockedCount(w, 'email')).toBe(1);
  }, 120_000);

  it('wrong codes from any conversation pause the address: then even the right code is refused, and nothing more is mailed', async () => {
    const w = await start({ CODE_FAILURES_PER_EMAIL_PER_DAY: '4' });
    const mallory = visitor(w, 'Mallory', 'mallory@evil.example');
    const jane = visitor(w, 'Jane Doe', JANE);
    await toEmailStep(mallory);
    await mallory(JANE);
    for (const guess of ['000000', '000001', '000002']) await mallory(guess);
    // Outbox files are named by the (virtual) time: a minute on, the new code is the newest to the address.
    w.clock.advance(60_000);
    await mallory('send a new code');
    expect(shown(await mallory('000003'))).toContain('Too many wrong codes have been typed for this address today');
    expect(await blockedCount(w, 'failures')).toBe(1);
    const right = await w.mailedCode(JANE);
    expect(shown(await mallory(right))).toContain('paused codes');
    await toEmailStep(jane);
    const mailed = (await mailsTo(w.dataDir, JANE)).length;
    expect(shown(await jane(JANE))).toContain('paused codes');
    expect(await mailsTo(w.dataDir, JANE)).toHaveLength(mailed);
  }, 120_000);

  it('an unknown address gets the same answer at the email step as a known one; the code proves it before "no account"', async () => {
    const w = await start();
    const jane = visitor(w, 'Jane Doe', JANE);
    const stranger = visitor(w, 'Someone', 'someone@else.example');
    await toEmailStep(jane);
    await toEmailStep(stranger);
    const known = shown(await jane(JANE));
    const unknown = shown(await stranger('nobody@nowhere.example'));
    // Masked addresses differ by their letters only ("j***@acme.com"): compare with them blanked out.
    const blank = (text: string) => text.replace(/[\w.*+-]+@[\w.-]+/g, '<address>');
    expect(blank(unknown)).toBe(blank(known));
    expect(unknown).toMatch(/sent a 6-digit code/);
    expect(unknown).not.toMatch(/couldn.t find/i);
    expect(shown(await stranger(await w.mailedCode('nobody@nowhere.example')))).toContain("couldn't find a free Webex account for nobody@nowhere.example");
  }, 120_000);

  it('the limits are settings: one code per conversation an hour when so configured; zero is refused at start', async () => {
    expect(() => loadConfig({ CODES_PER_EMAIL_PER_HOUR: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ CODE_FAILURES_PER_EMAIL_PER_DAY: 'many' })).toThrow(/CODE_FAILURES_PER_EMAIL_PER_DAY/);
    const w = await start({ CODES_PER_CONVERSATION_PER_HOUR: '1' });
    const jane = visitor(w, 'Jane Doe', JANE);
    await toEmailStep(jane);
    await jane(JANE);
    expect(shown(await jane('send a new code'))).toContain('as many codes from this chat');
    expect(await mailsTo(w.dataDir, JANE)).toHaveLength(1);
  }, 120_000);

  it('a sales case gets the directory\'s name for an address only once its code proved it', async () => {
    const w = await start();
    const mallory = visitor(w, 'Mallory', 'mallory@evil.example');
    const jane = visitor(w, 'Jane Doe', JANE);
    await toEmailStep(mallory);
    await mallory(JANE);
    await mallory('talk to a person');
    await mallory('yes');
    await toEmailStep(jane);
    // Outbox files are named by the (virtual) time: a minute on, Jane's code is the newest to her address.
    w.clock.advance(60_000);
    await jane(JANE);
    expect(shown(await jane(await w.mailedCode(JANE)))).toMatch(/billing address/i);
    await jane('talk to a person');
    await jane('yes');
    const customers = w.app.sales.queue().map((c) => c.case.customer);
    expect(customers.map((c) => [c.email, c.name])).toEqual([[JANE, undefined], [JANE, 'Jane Doe']]);
  }, 120_000);
});

describe('two app instances on one Cosmos DB', () => {
  it('refuse to start without CODE_SECRET: each would hash codes with a key of its own data folder', () => {
    const env = { STORE: 'cosmos', COSMOS_ENDPOINT: 'http://127.0.0.1:1', COSMOS_KEY: 'k' };
    expect(() => loadConfig(env)).toThrow(/CODE_SECRET: required when STORE=cosmos/);
    expect(loadConfig({ ...env, CODE_SECRET: 'a-shared-secret-0123456789abcdef' }).CODE_SECRET).toBe('a-shared-secret-0123456789abcdef');
  });

  let cosmos: LocalCosmos;
  beforeAll(async () => { cosmos = await startLocalCosmos(); });
  afterAll(async () => { await cosmos.close(); });

  it('share the per-address limit: conversations on either instance together get 5 codes an hour', async () => {
    const env = {
      STORE: 'cosmos', COSMOS_ENDPOINT: cosmos.endpoint, COSMOS_KEY: cosmos.key, COSMOS_DATABASE: `codes-${process.pid}`,
      CODE_SECRET: 'two-instances-code-secret-0123456789abcdef',
    };
    const one = await start(env);
    const two = await start(env);
    const jane = visitor(one, 'Jane Doe', JANE);
    const mallory = visitor(two, 'Mallory', 'mallory@evil.example');
    await toEmailStep(jane);
    await toEmailStep(mallory);
    await jane(JANE);
    for (let i = 0; i < 3; i++) await jane('send a new code');
    await mallory(JANE);
    await mallory('send a new code');
    const refused = shown(await mallory('send a new code'));
    const mailed = (await mailsTo(one.dataDir, JANE)).length + (await mailsTo(two.dataDir, JANE)).length;
    expect(mailed).toBe(5);
    expect(refused).toContain('as many codes to this address');
  }, 120_000);
});
