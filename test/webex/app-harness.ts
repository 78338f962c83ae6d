/**
 * The whole bot (src/app.ts: restify, the real engine, machine, understanding and prompts on the memory store)
 * wired to the local Webex API. Webhooks are signed and delivered by the fake over HTTP; what the bot posts is
 * recorded there. Time is a virtual clock, so the provisioning timer fires when the test moves it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App, type AppDeps } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { ConversationAddress, UserRef } from '../../src/dialogs/channel.types.js';
import { conversationKey } from '../../src/dialogs/snapshot.js';
import { createVirtualClock, type VirtualClock } from '../../src/services/clock.js';
import { listOutbox } from '../../src/services/mail/index.js';
import type { OrderRecord } from '../../src/services/store.port.js';
import { FakeWebexApi, type Person, type Room, type StoredMessage } from '../support/fake-webex-api.js';
import { SECRET } from './harness.js';

type Json = Record<string, unknown>;

/** What one turn cost in Webex API calls, and what the bot posted in it. */
export interface TurnCost {
  label: string;
  calls: number;
  gets: number;
  posts: number;
  sent: number;
}

export const PROVISIONING_DELAY_MS = 30_000;
/** No new Webex call for this long after the first reply of a turn: the turn is over. */
const QUIET_MS = 150;
const TURN_TIMEOUT_MS = 10_000;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const address = s.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => { setTimeout(r, ms); });

export class WebexApp {
  readonly turns: TurnCost[] = [];

  private constructor(
    readonly fake: FakeWebexApi, readonly app: App, readonly clock: VirtualClock,
    readonly dataDir: string, readonly baseUrl: string,
  ) {}

  /** `env` adds settings to (and overrides) the defaults below, e.g. another store or lower limits. */
  static async start(env: Record<string, string> = {}, deps: Omit<AppDeps, 'clock'> = {}, fake?: FakeWebexApi): Promise<WebexApp> {
    fake ??= await new FakeWebexApi().start();
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'webex-app-'));
    const config = loadConfig({
      PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: baseUrl, STORE: 'memory', LOG_LEVEL: 'silent', DATA_DIR: dataDir,
      SWEEP_INTERVAL_MS: '0', PROVISIONING_DELAY_MS: String(PROVISIONING_DELAY_MS), CODE_SECRET: 'webex-app-test-secret-0123456789abcdef',
      WEBEX_BOT_TOKEN: fake.token, WEBEX_WEBHOOK_SECRET: SECRET, WEBEX_API_URL: fake.url, ...env,
    });
    const clock = createVirtualClock(Date.now());
    const app = await createApp(config, { clock, ...deps });
    await app.start().catch(async (e: unknown) => { await app.stop(); rmSync(dataDir, { recursive: true, force: true }); throw e; });
    // start() may return before the webhooks are set up (DEPENDENCY_START_WAIT_MS): with Webex up, wait for them.
    if (fake.outage === undefined) await app.webex?.ready();
    return new WebexApp(fake, app, clock, dataDir, baseUrl);
  }

  async close(): Promise<void> {
    await this.fake.settled();
    await this.app.stop();
    await this.fake.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /**
   * Runs one user action (or outside event) and waits until the bot has answered and gone quiet; records the
   * Webex calls it took. Returns the bot's messages of the turn, in every room.
   */
  async turn(label: string, act: () => Promise<unknown>): Promise<StoredMessage[]> {
    const fromCall = this.fake.calls.length;
    const fromSent = this.fake.sent.length;
    await act();
    const until = Date.now() + TURN_TIMEOUT_MS;
    while (this.fake.sent.length === fromSent) {
      if (Date.now() > until) throw new Error(`no reply to "${label}"`);
      await sleep(10);
    }
    let seen = -1;
    while (seen !== this.fake.calls.length) {
      seen = this.fake.calls.length;
      await sleep(QUIET_MS);
      await this.fake.settled();
    }
    const calls = this.fake.calls.slice(fromCall);
    const sent = this.fake.sent.slice(fromSent);
    this.turns.push({
      label, calls: calls.length, sent: sent.length,
      gets: calls.filter((c) => c.method === 'GET').length, posts: calls.filter((c) => c.method === 'POST').length,
    });
    return sent;
  }

  says(person: Person, room: Room, text: string, mention = false): Promise<StoredMessage[]> {
    return this.turn(`${room.type} text: ${text}`, () => this.fake.userSays(person, room, text, { mention }));
  }

  /** Presses the button titled `title` on the latest card in the room that has it. */
  clicks(person: Person, room: Room, title: string): Promise<StoredMessage[]> {
    const card = this.latestCard(room, (a) => a.title.toLowerCase() === title.toLowerCase());
    return this.turn(`${room.type} click: ${title}`, () => this.fake.userSubmits(person, card.id, String(card.button.title)));
  }

  /** Fills the latest form card of `form` in the room and presses its submit button. */
  fills(person: Person, room: Room, form: string, inputs: Record<string, string>): Promise<StoredMessage[]> {
    const card = this.latestCard(room, (a) => (a.data as Json | undefined)?.form === form);
    return this.turn(`${room.type} form: ${form}`, () => this.fake.userSubmits(person, card.id, String(card.button.title), inputs));
  }

  latestCard(room: Room, match: (action: Json & { title: string }) => boolean): { id: string; button: Json } {
    for (const m of [...this.fake.sentTo(room)].reverse()) {
      const actions = (m.attachments?.[0]?.content.actions ?? []) as (Json & { title: string })[];
      const button = actions.find(match);
      if (button !== undefined) return { id: m.id, button };
    }
    throw new Error(`no matching card button in ${room.type} room; last: ${this.fake.sentTo(room).at(-1)?.text ?? '(none)'}`);
  }

  /** The newest code mailed to `email` (the outbox mailer writes JSON files under DATA_DIR/outbox). */
  async mailedCode(email: string): Promise<string> {
    const mails = (await listOutbox(join(this.dataDir, 'outbox'))).filter((m) => m.to === email);
    const code = /\b(\d{6})\b/.exec(mails.at(-1)?.text ?? '')?.[1];
    if (code === undefined) throw new Error(`no code mailed to ${email}`);
    return code;
  }

  /** Pays on the local payment page as the buyer's browser would: POST /pay/<token>/confirm. */
  pays(label: string, paymentMessage: StoredMessage | undefined): Promise<StoredMessage[]> {
    const url = /(https?:\/\/[^\s")\]]*\/pay\/[A-Za-z0-9_-]+)/.exec(paymentMessage?.markdown ?? '')?.[1];
    if (url === undefined) throw new Error(`no payment link in ${paymentMessage?.markdown ?? '(no message)'}`);
    return this.turn(label, async () => {
      const res = await fetch(`${url}/confirm`, { method: 'POST', headers: { accept: 'application/json' } });
      const body = await res.json() as Json;
      if (body.result !== 'succeeded') throw new Error(`payment page answered ${res.status} ${JSON.stringify(body)}`);
    });
  }

  /** Moves the virtual clock past the provisioning delay and lets the background sweep fire the due timer. */
  provisioningFinishes(): Promise<StoredMessage[]> {
    return this.turn('timer: provisioning complete', async () => {
      this.clock.advance(PROVISIONING_DELAY_MS + 1);
      await this.app.engine.sweep();
    });
  }

  async orders(address: ConversationAddress, user: UserRef): Promise<OrderRecord[]> {
    return this.app.store.orders.byConversation(conversationKey(address, user));
  }

  /** min / avg / max Webex calls per turn, for the report. */
  costSummary(): { turns: number; min: number; avg: number; max: number; total: number } {
    const calls = this.turns.map((t) => t.calls);
    const total = calls.reduce((a, b) => a + b, 0);
    return { turns: calls.length, min: Math.min(...calls), avg: Math.round((total / calls.length) * 100) / 100, max: Math.max(...calls), total };
  }
}

/** Everything the bot showed in these messages, text and card, for loose assertions. */
export const shown = (messages: readonly StoredMessage[]): string =>
  messages.map((m) => `${m.markdown ?? ''}\n${JSON.stringify(m.attachments ?? [])}`).join('\n');
