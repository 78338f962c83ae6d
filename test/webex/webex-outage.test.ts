/**
 * Outages around the Webex channel, through the real app over HTTP: Webex down at start-up (the bot serves what it
 * can and sets its webhooks up once Webex answers), a token Webex rejects (start-up stops, naming it), and the store
 * cut in the middle of a conversation (the acknowledged delivery is kept and answered once the store is back, in
 * order with what the user sent next). Backoff settings are short; nothing waits on a fixed sleep.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeWebexApi, type Person, type Room, type StoredMessage } from '../support/fake-webex-api.js';
import { startLocalCosmos } from '../support/cosmos-server.js';
import { cuttableStore, type CuttableStore } from '../support/store-outage.js';
import type { Store } from '../../src/services/store.port.js';
import { webexId } from '../support/fake-webex-api.js';
import { WebexApp, shown } from './app-harness.js';
import { SECRET } from './harness.js';

type Json = Record<string, unknown>;
const FAST = { OUTAGE_RETRY_MIN_MS: '10', OUTAGE_RETRY_MAX_MS: '50', DEPENDENCY_START_WAIT_MS: '50' };

/** Polls a condition the app reaches by itself (retries in the background); fails with `what` after 10 s. */
async function until(what: string, ok: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => { setTimeout(r, 10); });
  }
}

const json = async (url: string): Promise<{ status: number; body: Json }> => {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() as Json };
};

describe('Webex down at start-up', () => {
  let w: WebexApp | undefined;
  afterEach(async () => { if (w) w.fake.outage = undefined; await w?.close(); w = undefined; });

  it('the bot starts and stays ready, reports Webex down, and sets its webhooks up once Webex answers', async () => {
    const fake = await new FakeWebexApi().start();
    fake.outage = 503;
    w = await WebexApp.start(FAST, {}, fake);
    expect(fake.webhooks.size).toBe(0);
    // Ready: the store serves every other channel; Webex is reported, not a reason to leave the balancer's rotation.
    const ready = await json(`${w.baseUrl}/readyz`);
    expect(ready).toMatchObject({ status: 200, body: { ok: true, checks: { store: 'ok' } } });
    expect(Object.keys(ready.body.checks as Json)).toEqual(['store']);
    const health = await json(`${w.baseUrl}/healthz`);
    expect(health).toMatchObject({ status: 200, body: { ok: true, dependencies: { webex: { state: 'down', reason: 'UNAVAILABLE' }, store: { state: 'up' } } } });
    const metrics = await (await fetch(`${w.baseUrl}/metrics`)).text();
    expect(metrics).toContain('upgrade_bot_dependency_up{dependency="webex"} 0');
    // The payment page and the rest of the HTTP server answer meanwhile.
    expect((await fetch(`${w.baseUrl}/pay/no-such-token`)).status).toBe(404);

    fake.outage = undefined;
    await w.app.webex?.ready();
    expect([...fake.webhooks.values()].map((h) => h.resource).sort()).toEqual(['attachmentActions', 'messages']);
    expect((await json(`${w.baseUrl}/healthz`)).body).toMatchObject({ dependencies: { webex: { state: 'up' } } });
    const jane = fake.addPerson('Jane Doe', 'jane@acme.com');
    expect(shown(await w.says(jane, fake.directRoom(jane), 'I want to upgrade'))).toMatch(/suite/i);
  });

  it('Webex resetting every connection at start-up: the same, no exit', async () => {
    const fake = await new FakeWebexApi().start();
    fake.outage = 0;
    w = await WebexApp.start(FAST, {}, fake);
    expect((await json(`${w.baseUrl}/healthz`)).body).toMatchObject({ dependencies: { webex: { state: 'down' } } });
    fake.outage = undefined;
    await w.app.webex?.ready();
    expect(fake.webhooks.size).toBe(2);
  });

  it('a token Webex rejects (401) stops start-up with a message naming WEBEX_BOT_TOKEN', async () => {
    const fake = await new FakeWebexApi('the-real-token').start();
    try {
      await expect(WebexApp.start({ ...FAST, WEBEX_BOT_TOKEN: 'a-revoked-token' }, {}, fake)).rejects.toThrow(/WEBEX_BOT_TOKEN was rejected/);
      expect(fake.webhooks.size).toBe(0);
    } finally {
      await fake.close();
    }
  });
});

describe('the store cut in the middle of a Webex conversation', () => {
  let w: WebexApp | undefined;
  let cut: CuttableStore | undefined;
  afterEach(async () => { if (cut) cut.down = false; await w?.close(); w = undefined; });

  /** The store under the cut of `app` (the second instance of a test shares it, uncut). */
  const inners = new WeakMap<WebexApp, Store>();
  const sharedStore = (app: WebexApp): Store => {
    const inner = inners.get(app);
    if (!inner) throw new Error('no store');
    return inner;
  };

  async function started(env: Record<string, string>): Promise<{ app: WebexApp; jane: Person; room: Room }> {
    let inner: Store | undefined;
    w = await WebexApp.start({ ...FAST, ...env }, { wrapStore: (s) => { inner = s; cut = cuttableStore(s); return cut.store; } });
    if (inner) inners.set(w, inner);
    const jane = w.fake.addPerson('Jane Doe', 'jane@acme.com');
    return { app: w, jane, room: w.fake.directRoom(jane) };
  }

  /** The user writes while the store is down: Webex gets its 200 and the delivery waits in the spool. */
  async function saysDuringOutage(app: WebexApp, jane: Person, room: Room, text: string): Promise<StoredMessage> {
    const spooled = app.app.webex?.footprint()['webex.spooled'] ?? 0;
    const msg = await app.fake.userSays(jane, room, text);
    expect(app.fake.deliveries.at(-1)).toMatchObject({ dataId: msg.id, status: 200 });
    await until('the delivery is kept', () => (app.app.webex?.footprint()['webex.spooled'] ?? 0) > spooled);
    return msg;
  }

  it('the message is answered once the store is back, and the next one in context', async () => {
    const { app, jane, room } = await started({});
    expect(shown(await app.says(jane, room, 'I want to upgrade'))).toMatch(/suite/i);
    if (!cut) throw new Error('no store');
    cut.down = true;
    const before = app.fake.sentTo(room).length;
    const msg = await saysDuringOutage(app, jane, room, 'Suite');
    expect((await json(`${app.baseUrl}/readyz`)).status).toBe(503);
    expect((await json(`${app.baseUrl}/healthz`)).body).toMatchObject({ dependencies: { store: { state: 'down', reason: 'UNAVAILABLE' } } });
    // Kept durably, ids only: the text is read from Webex again when the turn runs.
    const spoolFile = readFileSync(join(app.dataDir, 'webex-spool.json'), 'utf8');
    expect(spoolFile).toContain(msg.id);
    expect(spoolFile).not.toContain('Suite');
    expect(app.fake.sentTo(room)).toHaveLength(before);

    cut.down = false;
    await until('the late answer', () => app.fake.sentTo(room).length > before);
    await app.app.webex?.idle();
    const late = app.fake.sentTo(room).slice(before);
    expect(shown(late)).toMatch(/annual/i);
    expect(app.app.webex?.footprint()['webex.spooled']).toBe(0);
    expect(JSON.parse(readFileSync(join(app.dataDir, 'webex-spool.json'), 'utf8'))).toEqual({ version: 1, entries: [] });
    expect((await json(`${app.baseUrl}/readyz`)).status).toBe(200);

    // The conversation is where the late answer left it: the renewal step.
    expect(shown(await app.says(jane, room, 'annual'))).toMatch(/licen/i);
    // A redelivery of the kept message (or a second drain) answers nothing twice.
    await app.fake.redeliver(msg);
    await app.app.webex?.idle();
    expect(app.fake.sentTo(room).filter((m) => shown([m]) === shown(late.slice(0, 1)))).toHaveLength(1);
  });

  it('a message sent after the store came back waits for the kept one, so both are answered in order', async () => {
    // A drain far away: only the next delivery of the room can run the kept one.
    const { app, jane, room } = await started({ OUTAGE_RETRY_MIN_MS: '600000', OUTAGE_RETRY_MAX_MS: '600000' });
    await app.says(jane, room, 'I want to upgrade');
    if (!cut) throw new Error('no store');
    cut.down = true;
    await saysDuringOutage(app, jane, room, 'Suite');
    cut.down = false;
    const before = app.fake.sentTo(room).length;
    const replies = await app.says(jane, room, 'annual');
    await app.app.webex?.idle();
    const texts = app.fake.sentTo(room).slice(before).map((m) => shown([m]));
    expect(replies.length).toBeGreaterThanOrEqual(2);
    const renewal = texts.findIndex((t) => /monthly/i.test(t));
    const licenses = texts.findIndex((t) => /how many/i.test(t));
    expect(renewal).toBeGreaterThanOrEqual(0);
    expect(licenses).toBeGreaterThan(renewal);
    expect(app.app.webex?.footprint()['webex.spooled']).toBe(0);
  });

  it('a kept message survives a restart and is answered by the next process', async () => {
    const { app, jane, room } = await started({ STORE: 'file' });
    await app.says(jane, room, 'I want to upgrade');
    if (!cut) throw new Error('no store');
    cut.down = true;
    await saysDuringOutage(app, jane, room, 'Suite');
    // Stopped while the store is still down: the delivery stays in the spool file.
    const { fake, dataDir } = app;
    await app.app.stop();
    w = undefined;
    expect(existsSync(join(dataDir, 'webex-spool.json'))).toBe(true);
    const before = fake.sentTo(room).length;
    w = await WebexApp.start({ ...FAST, STORE: 'file', DATA_DIR: dataDir }, {}, fake);
    await until('the answer after the restart', () => fake.sentTo(room).length > before);
    await w.app.webex?.idle();
    expect(shown(fake.sentTo(room).slice(before))).toMatch(/annual/i);
  });

  it('a kept message the conversation has moved past (another instance answered a later one) gets a note, not a stale answer', async () => {
    const { app, jane, room } = await started({});
    await app.says(jane, room, 'I want to upgrade');
    if (!cut) throw new Error('no store');
    // A second instance on the same store, its webhooks left alone (no PUBLIC_URL): it gets only what is posted to it.
    const other = await WebexApp.start({ ...FAST, PUBLIC_URL: '' }, { wrapStore: () => sharedStore(app) }, app.fake);
    try {
      cut.down = true;
      await saysDuringOutage(app, jane, room, 'Suite');
      // The user's next message reaches the other instance, which answers it: the conversation moves on without "Suite".
      other.clock.advance(60_000);
      const next = { id: webexId('MESSAGE'), roomId: room.id, roomType: 'direct' as const, personId: jane.id, personEmail: 'jane@acme.com', text: 'Meet', created: new Date().toISOString() };
      app.fake.storeMessage(next);
      const before = app.fake.sentTo(room).length;
      const body = JSON.stringify({ id: 'wh', name: 'upgrade-bot', resource: 'messages', event: 'created', actorId: jane.id, data: { id: next.id, roomId: room.id, roomType: 'direct', personId: jane.id, personEmail: 'jane@acme.com', created: next.created } });
      expect(await app.fake.post(`${other.baseUrl}/api/webex`, body, SECRET)).toBe(200);
      await until('the other instance answers', () => app.fake.sentTo(room).length > before);
      await other.app.webex?.idle();
      const answered = app.fake.sentTo(room).length;

      cut.down = false;
      await until('the note', () => app.fake.sentTo(room).length > answered);
      await app.app.webex?.idle();
      const late = app.fake.sentTo(room).slice(answered);
      expect(late).toHaveLength(1);
      expect(shown(late)).toMatch(/could not answer one of your earlier messages/);
      const conv = app.app.engine.conversationIdFor({ channel: 'webex', id: room.id, group: false }, { id: jane.id });
      const peeked = await app.app.core.engine.peek(conv);
      expect((peeked?.snapshot.context as { answers?: { plan?: string } } | undefined)?.answers?.plan).toBe('meet');
      expect(app.app.webex?.footprint()['webex.spooled']).toBe(0);
    } finally {
      await other.app.stop();
      rmSync(other.dataDir, { recursive: true, force: true });
    }
  });

  it('Cosmos DB itself stopped mid-conversation (the real client): the message is answered once it listens again', async () => {
    const cosmos = await startLocalCosmos(0, { pausable: true });
    try {
      const { app, jane, room } = await started({ STORE: 'cosmos', COSMOS_ENDPOINT: cosmos.endpoint, COSMOS_KEY: cosmos.key });
      // Start-up did not wait for Cosmos (50 ms): the first message may be kept until it is connected.
      expect(shown(await app.says(jane, room, 'I want to upgrade'))).toMatch(/suite/i);
      await cosmos.pause();
      const before = app.fake.sentTo(room).length;
      await saysDuringOutage(app, jane, room, 'Suite');
      expect((await json(`${app.baseUrl}/readyz`)).status).toBe(503);
      await cosmos.resume();
      await until('the late answer', () => app.fake.sentTo(room).length > before);
      await app.app.webex?.idle();
      expect(shown(app.fake.sentTo(room).slice(before))).toMatch(/annual/i);
      expect(shown(await app.says(jane, room, 'annual'))).toMatch(/licen/i);
    } finally {
      await w?.close();
      w = undefined;
      await cosmos.close();
    }
  }, 20_000);
});
