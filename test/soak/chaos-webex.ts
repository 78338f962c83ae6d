import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PURCHASE, PURCHASE_STEPS } from '../../bench/lib/purchase.js';
import { conversationKey } from '../../src/dialogs/snapshot.js';
import { DEFAULT_DATA_DIR } from '../../src/domain/product-data.js';
import { createSystemClock } from '../../src/services/clock.js';
import { listOutbox } from '../../src/services/mail/index.js';
import { createCosmosStore } from '../../src/services/store/cosmos.store.js';
import { createFileStore } from '../../src/services/store/index.js';
import type { Store, StoredConversation } from '../../src/services/store.port.js';
import { startLocalCosmos, type LocalCosmos } from '../support/cosmos-server.js';
import { FakeWebexApi, webexId, type Person, type Room, type StoredMessage } from '../support/fake-webex-api.js';
import { removeDir, sleep, startBot, tempDir, type BotProcess } from '../multi-instance/bots.js';
import { rng } from '../multi-instance/teams-load.js';
import { SECRET } from '../webex/harness.js';

/**
 * Chaos: real bot processes (`node --import tsx src/main.ts`, as `npm start`) on one store, the Webex channel on
 * the local Webex API, and a load balancer in front of them. Buyers go through the whole purchase (bench's
 * PURCHASE: 14 messages, the payment page, provisioning) while a seeded chaos loop SIGKILLs or SIGTERMs a random
 * instance at random moments, some of them right after the Webex API accepted a reply (the window between the
 * POST and the "sent" mark), and starts it again on the same port and data folder.
 *
 * What the buyers' side does, as Webex and a load balancer would: a webhook the balancer could not hand to an
 * instance (refused, reset) goes to another; a message that got no answer (accepted by an instance that died
 * before writing the turn) is delivered again; a payment page whose outcome did not reach the bot is pressed again.
 */
export interface ChaosOptions {
  conversations: number;
  concurrency: number;
  instances: number;
  store: 'cosmos' | 'file';
  seed: number;
  /** Random pause between two chaos actions. */
  killEveryMs: [number, number];
  /** Share of the kills made right after the Webex API accepted a reply of the bot. */
  onPostShare: number;
  /** Share of the stops that are graceful (SIGTERM). */
  termShare: number;
  /** How many instances may be down at once (fewer than `instances` keeps one serving). */
  maxDown: number;
  leaseMs: number;
}

export interface ChaosFigures {
  seed: number; instances: number; store: string; conversations: number;
  kills: number; killsRightAfterPost: number; terms: number; restarts: number;
  turns: number; redeliveries: number; balancerRetries: number; paymentRetries: number;
  repliesExpected: number; repliesReceived: number; lost: number; duplicated: number;
  orders: number; duplicateOrders: number; finished: number;
  reconciled: { runs: number; found: number; posted: number };
  /** Phases: the calm reference purchase, the load under chaos; and how long an instance takes to start. */
  ms: { total: number; reference: number; load: number; bootAvg: number };
}

export interface ConversationOutcome {
  i: number; step: string | undefined; orders: number; received: string[]; error?: string;
}

const TIMEOUT_MS = 30_000;
/** An instance serves at least this long between two stops (it takes seconds to start). */
const MIN_UP_MS = 1_500;
const REDELIVER_AFTER_MS = 2_500;

/** One free account per buyer, so every buyer gets the same path (and the same site name but for the number). */
function productData(dir: string, n: number): void {
  mkdirSync(dir, { recursive: true });
  for (const f of ['catalog.json', 'policies.json', 'tax.json', 'faq.json']) copyFileSync(join(DEFAULT_DATA_DIR, f), join(dir, f));
  const accounts = Array.from({ length: n + 1 }, (_, i) => ({ email: emailOf(i), name: `Buyer ${i}`, organisation: `Chaos${i} Inc` }));
  writeFileSync(join(dir, 'accounts.json'), JSON.stringify({ accounts, takenSites: [] }));
}
const emailOf = (i: number): string => `buyer${i}@chaos${i}.example`;

/** What every buyer's bot messages are compared by: digits (codes, ports, amounts' per-buyer parts) and tokens out. */
export const normalise = (m: StoredMessage): string =>
  JSON.stringify([m.markdown ?? m.text ?? '', m.attachments ?? []])
    .replace(/\/pay\/[A-Za-z0-9_-]+/g, '/pay/TOKEN').replace(/\bWX-[A-Z0-9]+/g, 'WX-ORDER').replace(/\d+/g, '#');

/**
 * A free port below the kernel's ephemeral range (32768 and up on Linux), so that while an instance is down no
 * outgoing connection takes it: the instance comes back on it, and its payment links stay valid.
 */
async function stablePort(random: () => number): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = 20_000 + Math.floor(random() * 12_000);
    const server = createServer();
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (ok) { await new Promise<void>((resolve) => server.close(() => resolve())); return port; }
  }
  throw new Error('no free port below the ephemeral range');
}

interface Slot { name: string; port: number; dataDir: string; proc: BotProcess | undefined; starting: boolean; upSince: number }

export class Chaos {
  readonly slots: Slot[] = [];
  readonly procs: BotProcess[] = [];
  readonly figures = { kills: 0, killsRightAfterPost: 0, terms: 0, restarts: 0, turns: 0, redeliveries: 0, balancerRetries: 0, paymentRetries: 0 };
  private chaosOn = false;
  private readonly restarts = new Set<Promise<void>>();
  /** Webhook data id -> which instance got each delivery and what it answered (failure messages). */
  private readonly handedTo = new Map<string, string[]>();
  private closed = false;
  /** Last resort when the test process goes (a timeout): no instance outlives it. */
  private readonly killAll = (): void => { for (const p of this.procs) void p.kill('SIGKILL'); };
  private readonly boots: number[] = [];
  private armedOnPost = false;
  private readonly random: () => number;
  private balancer: Server | undefined;
  private balancerUrl = '';
  private constructor(readonly opts: ChaosOptions, readonly fake: FakeWebexApi, readonly store: Store,
    private readonly cosmos: LocalCosmos | undefined, readonly dir: string, private readonly database: string) {
    this.random = rng(opts.seed);
  }

  static async start(opts: ChaosOptions): Promise<Chaos> {
    const fake = await new FakeWebexApi().start();
    fake.inactiveAfterFailures = Number.POSITIVE_INFINITY; // the balancer answers for the instances
    const dir = tempDir('chaos-');
    productData(join(dir, 'product'), opts.conversations);
    const database = `chaos-${process.pid}-${opts.seed}`;
    let cosmos: LocalCosmos | undefined;
    let store: Store;
    if (opts.store === 'cosmos') {
      cosmos = await startLocalCosmos();
      store = await createCosmosStore({ endpoint: cosmos.endpoint, key: cosmos.key, database, clock: createSystemClock() });
    } else {
      // One instance; this process reads the same folder (documents are written atomically).
      if (opts.instances !== 1) throw new Error('the file store is for one instance');
      store = createFileStore({ dir: join(dir, 'instance-0', 'store'), clock: createSystemClock() });
    }
    const chaos = new Chaos(opts, fake, store, cosmos, dir, database);
    process.on('exit', chaos.killAll);
    await chaos.startBalancer();
    for (let i = 0; i < opts.instances; i++) {
      chaos.slots.push({ name: `chaos-${i}`, port: await stablePort(chaos.random), dataDir: join(dir, `instance-${i}`), proc: undefined, starting: false, upSince: 0 });
    }
    await Promise.all(chaos.slots.map((slot) => chaos.boot(slot)));
    // Each instance calls the Webex API with a token of its own, so the API knows whose reply it just accepted.
    fake.onBotMessage = (_msg, caller) => {
      if (!chaos.chaosOn || !chaos.armedOnPost) return;
      const victim = chaos.slots.find((s) => s.name === caller && s.proc !== undefined && !s.starting);
      if (!victim) return;
      chaos.armedOnPost = false;
      chaos.figures.killsRightAfterPost++;
      const p = chaos.stop(victim, 'SIGKILL').then(() => chaos.boot(victim));
      chaos.restarts.add(p);
      void p.finally(() => chaos.restarts.delete(p));
    };
    for (const resource of ['messages', 'attachmentActions']) {
      const id = webexId('WEBHOOK');
      fake.webhooks.set(id, { id, name: 'chaos', targetUrl: `${chaos.balancerUrl}/api/webex`, resource, event: 'created', secret: SECRET, status: 'active' });
    }
    return chaos;
  }

  private env(): Record<string, string> {
    return {
      STORE: this.opts.store, ...(this.cosmos ? { COSMOS_ENDPOINT: this.cosmos.endpoint, COSMOS_KEY: this.cosmos.key, COSMOS_DATABASE: this.database } : {}),
      PRODUCT_DATA_DIR: join(this.dir, 'product'), SWEEP_INTERVAL_MS: '100', OUTBOX_LEASE_MS: String(this.opts.leaseMs),
      PROVISIONING_DELAY_MS: '300', TIMER_LEASE_MS: '3000', CODE_SECRET: 'chaos-test-secret-0123456789abcdef-0123456789', PLAYGROUND: 'false',
      WEBEX_BOT_TOKEN: this.fake.token, WEBEX_WEBHOOK_SECRET: SECRET, WEBEX_API_URL: this.fake.url, SHUTDOWN_TIMEOUT_MS: '5000',
    };
  }

  /** Starts (or restarts) the instance of a slot: same port, same data folder (mail outbox, payment links, file store). */
  private async boot(slot: Slot): Promise<void> {
    slot.starting = true;
    this.fake.callers.set(`${this.fake.token}-${slot.name}`, slot.name);
    for (let attempt = 0; !this.closed; attempt++) {
      try {
        const t0 = Date.now();
        const proc = await startBot(slot.name, { ...this.env(), WEBEX_BOT_TOKEN: `${this.fake.token}-${slot.name}` }, { port: slot.port, dataDir: slot.dataDir });
        this.boots.push(Date.now() - t0);
        if (this.closed) { await proc.kill('SIGKILL'); return; }
        this.procs.push(proc);
        slot.proc = proc;
        slot.starting = false;
        slot.upSince = Date.now();
        if (this.procs.length > this.slots.length) this.figures.restarts++;
        return;
      } catch (e) {
        if (attempt >= 4) throw e;
        await sleep(500); // the port of the killed process not free yet, or a start slower than 20 s
      }
    }
  }

  private async stop(slot: Slot, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    const proc = slot.proc;
    if (!proc) return;
    slot.proc = undefined;
    slot.starting = true;
    if (signal === 'SIGKILL') this.figures.kills++; else this.figures.terms++;
    await proc.kill(signal);
  }

  /** The balancer: each request to a live instance; refused or reset ones to another, until one answers. */
  private async startBalancer(): Promise<void> {
    const server = createServer((req, res) => {
      void this.forward(req).then(({ status, body }) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(body); },
        () => { res.writeHead(502); res.end(); });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.balancer = server;
    this.balancerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  private async forward(req: IncomingMessage): Promise<{ status: number; body: string }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const headers: Record<string, string> = {};
    for (const h of ['content-type', 'x-spark-signature']) { const v = req.headers[h]; if (typeof v === 'string') headers[h] = v; }
    const end = Date.now() + TIMEOUT_MS;
    for (let attempt = 0; Date.now() < end; attempt++) {
      const up = this.slots.filter((s) => s.proc !== undefined && !s.starting);
      const slot = up[Math.floor(this.random() * up.length)];
      if (!slot?.proc) { await sleep(50); continue; }
      try {
        const res = await fetch(`${slot.proc.url}${req.url ?? '/'}`, { method: req.method ?? 'POST', headers, body });
        const answer = { status: res.status, body: await res.text() };
        const id = (JSON.parse(body.toString('utf8')) as { data?: { id?: string } }).data?.id;
        if (id !== undefined) this.handedTo.set(id, [...(this.handedTo.get(id) ?? []), `${slot.proc.name}#${this.procs.indexOf(slot.proc)}: ${answer.body}`]);
        return answer;
      } catch {
        this.figures.balancerRetries++;
        await sleep(20);
      }
    }
    return { status: 503, body: '' };
  }

  /**
   * The chaos loop: until `until` resolves, now and then stops a random instance (SIGKILL, some SIGTERM, some armed
   * to SIGKILL the next instance whose reply the Webex API accepts) and starts it again on the same port and
   * folder. At most `maxDown` instances are down at a time, and each serves a moment first: starting one takes
   * seconds here.
   */
  async chaosLoop(until: Promise<unknown>): Promise<void> {
    let done = false;
    void until.finally(() => { done = true; });
    this.chaosOn = true;
    const restarts = this.restarts;
    const [lo, hi] = this.opts.killEveryMs;
    let first = true;
    while (!done) {
      const wait = lo + this.random() * (hi - lo);
      for (const stop = Date.now() + wait; !done && Date.now() < stop;) await sleep(25);
      if (done) break;
      const down = this.slots.filter((s) => s.proc === undefined || s.starting).length;
      const up = this.slots.filter((s) => s.proc !== undefined && !s.starting && Date.now() - s.upSince >= MIN_UP_MS);
      if (down >= this.opts.maxDown || up.length === 0 || this.armedOnPost) continue;
      // The first stop is always in the window between a reply's POST and its "sent" mark.
      if (first || this.random() < this.opts.onPostShare) { first = false; this.armedOnPost = true; continue; }
      const slot = up[Math.floor(this.random() * up.length)];
      if (!slot) continue;
      const signal = this.random() < this.opts.termShare ? 'SIGTERM' : 'SIGKILL';
      const pause = this.random() * 300;
      const p = this.stop(slot, signal).then(() => sleep(pause)).then(() => this.boot(slot));
      restarts.add(p);
      void p.finally(() => restarts.delete(p));
    }
    this.chaosOn = false;
    this.armedOnPost = false;
    await Promise.all([...restarts]);
  }

  /** Every instance up again (after the chaos). */
  async allUp(): Promise<void> {
    const end = Date.now() + TIMEOUT_MS;
    while (this.slots.some((s) => s.proc === undefined || s.starting)) {
      if (Date.now() > end) throw new Error('instances did not come back');
      await sleep(50);
    }
  }

  async close(): Promise<void> {
    this.chaosOn = false;
    this.closed = true;
    process.off('exit', this.killAll);
    for (const p of this.procs) await p.kill('SIGKILL');
    await this.fake.close();
    await new Promise<void>((resolve) => { this.balancer?.closeAllConnections(); this.balancer?.close(() => resolve()); });
    await this.store.close();
    await this.cosmos?.close();
    removeDir(this.dir);
  }

  private async doc(conv: string): Promise<StoredConversation | undefined> {
    return (await this.store.conversations.get(conv))?.value;
  }

  private async until(what: string, ok: () => Promise<boolean>, again?: () => Promise<void>): Promise<void> {
    const end = Date.now() + TIMEOUT_MS;
    let nudge = Date.now() + REDELIVER_AFTER_MS;
    for (;;) {
      const yes = await ok().catch(() => false);
      if (yes) return;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      if (again && Date.now() > nudge) { await again(); nudge = Date.now() + REDELIVER_AFTER_MS; }
      await sleep(100);
    }
  }

  /** The stored conversation and what the instances logged about it, for a failure message. */
  private async diagnose(conv: string, pending: string | undefined): Promise<string> {
    const d = await this.doc(conv).catch(() => undefined);
    const now = Date.now();
    const outbox = (d?.outbox ?? []).map((o) => ({ id: o.id, attempts: o.attempts, leaseIn: ((o as { leaseUntil?: number }).leaseUntil ?? 0) - now }));
    const logs = this.procs.flatMap((p, k) => p.logs.filter((l) => (l.level >= 40 && JSON.stringify(l).includes(conv)) || (pending !== undefined && JSON.stringify(l).includes(pending)))
      .map((l) => `${p.name}#${k}: ${l.msg}`));
    return JSON.stringify({ step: (d?.snapshot as { context?: { step?: string } } | undefined)?.context?.step, seen: d?.seen.length,
      outbox, timerIn: ((d as { outboxTimerAt?: number } | undefined)?.outboxTimerAt ?? 0) - now, logs: logs.slice(-8),
      handedTo: pending === undefined ? [] : this.handedTo.get(pending), alive: this.procs.map((p, k) => `${p.name}#${k}`).filter((_, k) => this.slots.some((s) => s.proc === this.procs[k])) });
  }

  private async mailedCode(email: string): Promise<string> {
    for (let i = 0; i < 200; i++) {
      const mails = [];
      for (const s of this.slots) mails.push(...await listOutbox(join(s.dataDir, 'outbox')).catch(() => []));
      const code = /\b(\d{6})\b/.exec(mails.filter((m) => m.to === email).sort((a, b) => a.sentAt - b.sentAt).at(-1)?.text ?? '')?.[1];
      if (code !== undefined) return code;
      await sleep(50);
    }
    throw new Error(`no code mailed to ${email}`);
  }

  /** One buyer: `i` 0 is the calm reference; returns what Webex received from the bot in the buyer's room. */
  async purchase(i: number): Promise<ConversationOutcome & { room: Room }> {
    const person: Person = this.fake.addPerson(`Buyer ${i}`, emailOf(i));
    const room = this.fake.directRoom(person);
    const conv = conversationKey({ channel: 'webex', id: room.id, group: false }, { id: person.id });
    const stepOf = async (): Promise<string | undefined> =>
      ((await this.doc(conv))?.snapshot as { context?: { step?: string } } | undefined)?.context?.step;
    const settledAt = async (step: string | undefined): Promise<boolean> => {
      const d = await this.doc(conv);
      return d !== undefined && d.outbox.length === 0 && (d.snapshot as { context?: { step?: string } }).context?.step === step;
    };
    let error: string | undefined;
    let pending: string | undefined;
    try {
      for (const [k, s] of PURCHASE.entries()) {
        const expected = PURCHASE_STEPS[k];
        if (s.kind === 'say') {
          const text = s.text === '{email}' ? emailOf(i) : s.text === '{code}' ? await this.mailedCode(emailOf(i)) : s.text;
          const msg = await this.fake.userSays(person, room, text);
          pending = msg.id;
          await this.until(`"${text}" answered in conversation ${i}`, async () => {
            const d = await this.doc(conv);
            return d !== undefined && d.seen.includes(msg.id) && d.outbox.length === 0;
          }, async () => { this.figures.redeliveries++; await this.fake.redeliver(msg); });
        } else if (s.kind === 'pay') {
          const link = this.fake.sentTo(room).map((m) => /(https?:\/\/[^\s")\]]*\/pay\/[A-Za-z0-9_-]+)/.exec(m.markdown ?? '')?.[1]).filter(Boolean).at(-1);
          if (link === undefined) throw new Error('no payment link');
          const url = `${link.replace('//localhost:', '//127.0.0.1:')}/confirm`;
          const press = async (): Promise<void> => {
            await fetch(url, { method: 'POST', headers: { accept: 'application/json' } }).then((r) => r.text(), () => '');
          };
          await press();
          await this.until(`payment in conversation ${i}`, () => settledAt(expected), async () => { this.figures.paymentRetries++; await press(); });
        } else {
          // Provisioning finishes on the bot's own durable timer.
          await this.until(`provisioning in conversation ${i}`, () => settledAt(expected));
        }
        this.figures.turns++;
        const step = await stepOf();
        // Provisioning may finish (its own timer) before this side looks.
        if (step !== expected && !(expected === 'provisioning' && step === 'done')) throw new Error(`conversation ${i} at ${step ?? '(none)'} after turn ${k}, expected ${expected ?? '?'}`);
      }
    } catch (e) {
      error = `${e instanceof Error ? e.message : String(e)}; ${await this.diagnose(conv, pending)}`;
    }
    return {
      i, room, step: await stepOf().catch(() => undefined), orders: (await this.store.orders.byConversation(conv)).length,
      received: this.fake.sentTo(room).map(normalise), ...(error === undefined ? {} : { error }),
    };
  }

  /** The reference buyer without chaos, then the others under chaos, then a quiet period; counts everything. */
  async run(): Promise<{ figures: ChaosFigures; outcomes: ConversationOutcome[]; reference: string[] }> {
    const started = Date.now();
    const ref = await this.purchase(0);
    const referenceMs = Date.now() - started;
    if (ref.error !== undefined || ref.step !== 'done') throw new Error(`the calm reference purchase failed: ${ref.error ?? ref.step ?? ''}`);
    const turnsBefore = this.figures.turns;
    let next = 1;
    const outcomes: ConversationOutcome[] = [];
    const worker = async (): Promise<void> => {
      while (next <= this.opts.conversations) outcomes.push(await this.purchase(next++));
    };
    const load = Promise.all(Array.from({ length: this.opts.concurrency }, worker));
    await Promise.all([load, this.chaosLoop(load)]);
    const loadMs = Date.now() - started - referenceMs;
    await this.allUp();
    // Quiet period: anything still owed is sent by the sweep; anything sent twice shows up.
    await sleep(this.opts.leaseMs * 2);
    for (const o of outcomes) o.received = this.fake.sentTo((o as ConversationOutcome & { room: Room }).room).map(normalise);
    const reference = ref.received;
    let lost = 0;
    let duplicated = 0;
    for (const o of outcomes) {
      const want = new Map<string, number>();
      for (const t of reference) want.set(t, (want.get(t) ?? 0) + 1);
      for (const t of o.received) want.set(t, (want.get(t) ?? 0) - 1);
      for (const n of want.values()) { if (n > 0) lost += n; else duplicated -= n; }
    }
    const reconcile = this.procs.flatMap((p) => p.logs.filter((l) => l.msg === 'webex replies of a lapsed lease reconciled with the room'));
    const figures: ChaosFigures = {
      seed: this.opts.seed, instances: this.opts.instances, store: this.opts.store, conversations: outcomes.length,
      ...this.figures, turns: this.figures.turns - turnsBefore,
      repliesExpected: reference.length * outcomes.length, repliesReceived: outcomes.reduce((a, o) => a + o.received.length, 0),
      lost, duplicated,
      orders: outcomes.reduce((a, o) => a + o.orders, 0), duplicateOrders: outcomes.reduce((a, o) => a + Math.max(0, o.orders - 1), 0),
      finished: outcomes.filter((o) => o.step === 'done').length,
      reconciled: {
        runs: reconcile.length, found: reconcile.reduce((a, l) => a + Number(l['found'] ?? 0), 0),
        posted: reconcile.reduce((a, l) => a + Number(l['posting'] ?? 0), 0),
      },
      ms: { total: Date.now() - started, reference: referenceMs, load: loadMs, bootAvg: Math.round(this.boots.reduce((a, b) => a + b, 0) / this.boots.length) },
    };
    return { figures, outcomes: outcomes.sort((a, b) => a.i - b.i), reference };
  }
}
