import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { conversationKey } from '../../src/dialogs/snapshot.js';
import { DEFAULT_DATA_DIR } from '../../src/domain/product-data.js';
import { listOutbox } from '../../src/services/mail/index.js';
import type { Store, StoredConversation } from '../../src/services/store.port.js';
import { FakeWebexApi, type ChaosKind, type Person, type Room, type StoredMessage } from '../support/fake-webex-api.js';
import { freePort } from '../multi-instance/bots.js';
import { rng } from '../multi-instance/teams-load.js';
import { SECRET } from '../webex/harness.js';
import { faultyStore, type FaultyStore } from './faulty-store.js';

/**
 * The soak: N people each buy a plan over the Webex path (the real app over HTTP, the local Webex API) while the
 * store and the Webex API fail at a configured rate. A person waits for each answer; when none comes (the turn
 * failed inside the bot), Webex's delivery of the same message is repeated, as the adapter allows.
 */
export interface SoakOptions { conversations: number; rate: number; seed: number; concurrency?: number; redeliverAfterMs?: number }

export interface ConversationResult {
  person: string; ids: { conversation: string; person: string; room: string }; step: string | undefined; orders: number; botMessages: number; ledger: number;
  repeatedPosts: number; repeatedLedger: number; redeliveries: number; askedAgain: number; error?: string;
  /** The bot's posts and the ledger, as short texts, when their counts differ (for the failure message). */
  detail?: { posts: string[]; ledger: string[] };
}

export interface SoakResult {
  results: ConversationResult[];
  storeFaults: FaultyStore['count'];
  webexFaults: Record<ChaosKind, number>;
  ms: number;
}

const PROVISIONING_MS = 300;
const LEASE_MS = 400;
/** A timer whose turn failed fires again after this (its lease lapses). */
const TIMER_LEASE_MS = 1_000;
const STEP_TIMEOUT_MS = 60_000;
const sleep = (ms: number): Promise<void> => new Promise((r) => { setTimeout(r, ms); });

/** Product data with one free account (and organisation, so one site name) per person. */
function productData(dir: string, n: number): void {
  mkdirSync(dir, { recursive: true });
  for (const f of ['catalog.json', 'policies.json', 'tax.json', 'faq.json']) copyFileSync(join(DEFAULT_DATA_DIR, f), join(dir, f));
  const accounts = Array.from({ length: n }, (_, i) => ({ email: `buyer${i}@soak${i}.example`, name: `Buyer ${i}`, organisation: `Soak${i} Inc` }));
  writeFileSync(join(dir, 'accounts.json'), JSON.stringify({ accounts, takenSites: [] }));
}

export class Soak {
  private constructor(
    readonly fake: FakeWebexApi, readonly app: App, readonly inner: Store, readonly faults: FaultyStore, readonly dir: string,
    private readonly chaos: NonNullable<FakeWebexApi['chaos']>,
  ) {}

  static async start(opts: SoakOptions): Promise<Soak> {
    const random = rng(opts.seed);
    const fake = await new FakeWebexApi().start();
    const dir = mkdtempSync(join(tmpdir(), 'soak-'));
    productData(join(dir, 'product'), opts.conversations);
    const port = await freePort();
    const config = loadConfig({
      PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, STORE: 'memory', LOG_LEVEL: 'silent', DATA_DIR: dir,
      PRODUCT_DATA_DIR: join(dir, 'product'), SWEEP_INTERVAL_MS: '100', OUTBOX_LEASE_MS: String(LEASE_MS), TIMER_LEASE_MS: String(TIMER_LEASE_MS),
      PROVISIONING_DELAY_MS: String(PROVISIONING_MS), CODE_SECRET: 'soak-test-secret-0123456789abcdef',
      WEBEX_BOT_TOKEN: fake.token, WEBEX_WEBHOOK_SECRET: SECRET, WEBEX_API_URL: fake.url,
      RATE_LIMIT_USER_PER_MIN: '100000', RATE_LIMIT_CONVERSATION_PER_MIN: '100000', PLAYGROUND: 'false',
    });
    let holder: { inner: Store; faults: FaultyStore } | undefined;
    const app = await createApp(config, {
      wrapStore: (inner) => {
        const faults = faultyStore(inner, { rate: opts.rate, random, timeoutMs: 30, stormLength: 2 });
        holder = { inner, faults };
        return faults.store;
      },
    });
    if (!holder) throw new Error('store not wrapped');
    holder.faults.enabled = false; // start-up (webhook registration) without faults
    await app.start();
    holder.faults.enabled = true;
    const chaos: NonNullable<FakeWebexApi['chaos']> = { rate: opts.rate, random, kinds: ['throttled', 'unavailable', 'reset', 'slow'], retryAfter: '0.2', slowMs: 200 };
    fake.chaos = chaos;
    return new Soak(fake, app, holder.inner, holder.faults, dir, chaos);
  }

  async close(): Promise<void> {
    this.fake.chaos = undefined;
    this.faults.enabled = false;
    await this.fake.settled();
    await this.app.stop();
    await this.fake.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async doc(conv: string): Promise<StoredConversation | undefined> {
    return (await this.inner.conversations.get(conv))?.value;
  }

  private async until(what: string, ok: () => Promise<boolean>, onSlow?: () => Promise<void>, slowMs = 800): Promise<void> {
    const end = Date.now() + STEP_TIMEOUT_MS;
    let nudge = Date.now() + slowMs;
    while (!(await ok())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      if (onSlow && Date.now() > nudge) { await onSlow(); nudge = Date.now() + slowMs; }
      await sleep(25);
    }
  }

  /**
   * One whole purchase by typed text, answering whatever the bot asks at the step it is at: a step the bot asks
   * again (it said "try again" after a fault) is simply answered again, as a person would. Returns the deliveries
   * that had to be repeated and the questions asked again.
   */
  async purchase(i: number, person: Person, room: Room, conv: string): Promise<{ redeliveries: number; askedAgain: number }> {
    let redeliveries = 0;
    const answered = async (msg: StoredMessage): Promise<boolean> => {
      const d = await this.doc(conv);
      return d !== undefined && d.seen.includes(msg.id) && d.outbox.length === 0;
    };
    const say = async (text: string): Promise<void> => {
      const msg = await this.fake.userSays(person, room, text);
      await this.until(`"${text}" answered in ${conv}`, () => answered(msg), async () => { redeliveries++; await this.fake.redeliver(msg); });
    };
    const where = async (): Promise<{ step?: string; value: string }> => {
      const snap = (await this.doc(conv))?.snapshot as { value?: unknown; context?: { step?: string } } | undefined;
      return { step: snap?.context?.step, value: JSON.stringify(snap?.value ?? null) };
    };
    const email = `buyer${i}@soak${i}.example`;
    const link = (): string | undefined => this.fake.sentTo(room)
      .map((m) => /(https?:\/\/[^\s")\]]*\/pay\/[A-Za-z0-9_-]+)/.exec(m.markdown ?? '')?.[1]).filter(Boolean).at(-1);
    await say('I want to upgrade');
    const asked = new Map<string, number>();
    for (let turn = 0; turn < 80; turn++) {
      const { step, value } = await where();
      if (step === 'done') break;
      asked.set(value, (asked.get(value) ?? 0) + 1);
      switch (step) {
        case 'plan': await say('Suite'); break;
        case 'renewal': await say('annual'); break;
        case 'licenses': await say('25'); break;
        case 'callback': await say('yes'); break;
        case 'cart': await say('checkout'); break;
        case 'email': await say(email); break;
        case 'verify': await say(await this.mailedCode(email).catch(() => 'send a new code')); break;
        case 'billingAddress': await say(value.includes('confirming') ? 'yes' : '100 Congress Ave, Austin, TX 78701, USA'); break;
        case 'serviceAddress': await say('same as billing'); break;
        case 'callingPlan': await say('no new numbers'); break;
        case 'siteUrl': await say('yes'); break;
        case 'payment': {
          const url = link();
          // The link is confirmed on the payment page; a failed page (its outcome did not reach the bot) is pressed again.
          if (url === undefined || value.includes('failed')) { await say('try again'); break; }
          await fetch(`${url}/confirm`, { method: 'POST', headers: { accept: 'application/json' } }).then((r) => r.text(), () => '');
          await sleep(200);
          break;
        }
        case 'consent': await say('I accept'); break;
        case 'placing': await say('yes'); break;
        case 'provisioning': await sleep(100); break;
        default: throw new Error(`unexpected step ${step ?? '(none)'} in ${conv}`);
      }
    }
    await this.until(`site ready in ${conv}`, async () => (await where()).step === 'done' && (await this.doc(conv))?.outbox.length === 0)
      .catch(async (e: unknown) => { throw new Error(`${e instanceof Error ? e.message : String(e)} (at ${(await where()).value})`); });
    const askedAgain = [...asked.entries()].filter(([v]) => !v.includes('payment') && !v.includes('provisioning')).reduce((a, [, n]) => a + n - 1, 0);
    return { redeliveries, askedAgain };
  }

  async mailedCode(email: string): Promise<string> {
    for (let i = 0; i < 40; i++) {
      const mails = (await listOutbox(join(this.dir, 'outbox'))).filter((m) => m.to === email);
      const code = /\b(\d{6})\b/.exec(mails.at(-1)?.text ?? '')?.[1];
      if (code !== undefined) return code;
      await sleep(25);
    }
    throw new Error(`no code mailed to ${email}`);
  }

  /**
   * Runs the purchases `concurrency` at a time, then lets the system settle without faults and checks it. `from`
   * and `to` pick the buyers (of the `conversations` the soak was started for), so one soak can run in rounds.
   */
  async run(opts: SoakOptions, from = 0, to = opts.conversations): Promise<SoakResult> {
    const started = Date.now();
    this.faults.enabled = true;
    this.fake.chaos = this.chaos;
    const people = Array.from({ length: to - from }, (_, k) => {
      const i = from + k;
      const person = this.fake.addPerson(`Buyer ${i}`, `buyer${i}@soak${i}.example`);
      const room = this.fake.directRoom(person);
      return { i, person, room, conv: conversationKey({ channel: 'webex', id: room.id, group: false }, { id: person.id }) };
    });
    const outcome = new Map<number, { redeliveries: number; askedAgain: number; error?: string }>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < people.length) {
        const p = people[next++];
        if (p === undefined) return;
        try {
          outcome.set(p.i, await this.purchase(p.i, p.person, p.room, p.conv));
        } catch (e) {
          outcome.set(p.i, { redeliveries: 0, askedAgain: 0, error: e instanceof Error ? e.message : String(e) });
        }
      }
    };
    await Promise.all(Array.from({ length: opts.concurrency ?? 5 }, worker));
    // Quiet period: no faults; anything still owed is sent by the sweep, anything sent twice shows up.
    this.faults.enabled = false;
    this.fake.chaos = undefined;
    await sleep(LEASE_MS * 3);
    const results: ConversationResult[] = [];
    for (const p of people) {
      const d = await this.doc(p.conv);
      const posts = this.fake.sentTo(p.room).map((m) => JSON.stringify([m.markdown ?? m.text ?? '', m.attachments ?? []]));
      const ledger = (await this.inner.transcripts.list(p.conv)).filter((e) => e.from !== 'user' && e.from !== 'system').map((e) => e.text);
      results.push({
        person: p.person.emails[0] ?? '', ids: { conversation: p.conv, person: p.person.id, room: p.room.id }, step: (d?.snapshot as { context?: { step?: string } } | undefined)?.context?.step,
        orders: (await this.inner.orders.byConversation(p.conv)).length, botMessages: posts.length, ledger: ledger.length,
        repeatedPosts: posts.filter((x, k) => k > 0 && posts[k - 1] === x).length,
        repeatedLedger: ledger.filter((x, k) => k > 0 && ledger[k - 1] === x).length,
        redeliveries: outcome.get(p.i)?.redeliveries ?? 0, askedAgain: outcome.get(p.i)?.askedAgain ?? 0, ...(outcome.get(p.i)?.error ? { error: outcome.get(p.i)?.error } : {}),
        ...(posts.length === ledger.length ? {} : { detail: { posts: posts.map((x) => x.slice(2, 60)), ledger: ledger.map((x) => x.slice(0, 58)) } }),
      });
    }
    return { results, storeFaults: { ...this.faults.count }, webexFaults: { ...this.fake.chaosCount }, ms: Date.now() - started };
  }

  /**
   * Drops what a round left outside the bot's process, so a heap figure measures the bot: the local Webex API's
   * record of the traffic, and the finished conversations and transcripts in the store (in production they live in
   * Cosmos DB, not in this process). Orders stay (one small record per purchase).
   */
  async dropRecords(finished: readonly ConversationResult[]): Promise<void> {
    const f = this.fake;
    f.calls.length = 0; f.deliveries.length = 0; f.sent.length = 0; f.rejected.length = 0;
    f.messages.clear(); f.actions.clear();
    for (const { ids } of finished) {
      f.people.delete(ids.person);
      f.rooms.delete(ids.room);
      await this.inner.conversations.delete(ids.conversation);
      await this.inner.transcripts.delete(ids.conversation);
    }
  }
}
