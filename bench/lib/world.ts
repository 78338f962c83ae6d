/**
 * An isolated in-process bot for benchmarks, built like src/adapters/transcript/harness.ts: the real core
 * (machine, understanding, prompts, engine) on a given store, a virtual clock and the simulated outside world.
 * Accounts and sites are per buyer (buyerN@example.com, organisation "Acme N") so thousands of conversations
 * can each complete the same purchase without competing for one site name.
 */
import { join } from 'node:path';
import { createCore } from '../../src/core.js';
import type { ChannelSender, ConversationAddress, UserRef } from '../../src/dialogs/channel.types.js';
import type { TurnOutcome } from '../../src/dialogs/engine.types.js';
import type { ProductData } from '../../src/domain/catalog.js';
import { DEFAULT_DATA_DIR, loadProductData } from '../../src/domain/product-data.js';
import { createIds, createVirtualClock, type VirtualClock } from '../../src/services/clock.js';
import { loadDirectoryData, type DirectoryData } from '../../src/services/directory/index.js';
import type { AccountDirectory, FreeAccount, Mailer, MailMessage } from '../../src/services/outside.port.js';
import { createLocalPayments, tokenFromUrl, type LocalPayments } from '../../src/services/payments/index.js';
import { createSimulatedProvisioner } from '../../src/services/provisioning/simulated.js';
import { createLocalSalesDesk } from '../../src/services/sales/local-desk.js';
import { createMemoryStore } from '../../src/services/store/memory.store.js';
import type { Store } from '../../src/services/store.port.js';
import { PURCHASE, type PurchaseStep } from './purchase.js';

export const DRAFT_TTL_SECONDS = 30 * 86_400;
export const BENCH_START = Date.UTC(2026, 0, 15, 9, 0, 0);
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

let productData: ProductData | undefined;
let directoryData: Promise<DirectoryData> | undefined;
export function benchData(): ProductData {
  productData ??= loadProductData(DEFAULT_DATA_DIR);
  return productData;
}
export function benchDirectory(): Promise<DirectoryData> {
  directoryData ??= loadDirectoryData(join(DEFAULT_DATA_DIR, 'accounts.json'));
  return directoryData;
}

/** buyerN@example.com belongs to "Acme N": one free account per simulated buyer. */
export function buyerAccounts(): AccountDirectory {
  return {
    async find(email: string): Promise<FreeAccount | undefined> {
      const m = /^buyer(\d+)@example\.com$/i.exec(email.trim());
      return m ? { email: email.trim().toLowerCase(), organisation: `Acme ${m[1]}` } : undefined;
    },
  };
}

/** Keeps only the latest mail per recipient (a memory mailer that does not grow with the number of buyers). */
export interface LatestMailer extends Mailer {
  take(to: string): MailMessage | undefined;
  readonly sent: number;
}
export function latestMailer(): LatestMailer {
  const last = new Map<string, MailMessage>();
  let sent = 0;
  return {
    get sent() { return sent; },
    async send(m) { sent++; last.set(m.to.toLowerCase(), { to: m.to, subject: m.subject, text: m.text }); },
    take(to) { const m = last.get(to.toLowerCase()); last.delete(to.toLowerCase()); return m; },
  };
}

export function codeFrom(mail: MailMessage | undefined): string {
  const code = mail ? /\b(\d{6})\b/.exec(mail.text)?.[1] : undefined;
  if (code === undefined) throw new Error('no verification code was mailed');
  return code;
}

export interface BenchWorld {
  engine: ReturnType<typeof createCore>['engine'];
  store: Store;
  clock: VirtualClock;
  mailer: LatestMailer;
  payments: LocalPayments;
  /** Replies delivered to the channel so far. */
  readonly replies: number;
  addressOf(n: number): ConversationAddress;
  userOf(n: number): UserRef;
  conversationIdOf(n: number): string;
  /** Runs one step of the purchase for buyer n (user message or outside event). */
  step(n: number, step: PurchaseStep, seq: string): Promise<TurnOutcome>;
  close(): Promise<void>;
}

export async function createBenchWorld(opts: { store?: Store; clock?: VirtualClock } = {}): Promise<BenchWorld> {
  const clock = opts.clock ?? createVirtualClock(BENCH_START);
  const ids = createIds();
  const store = opts.store ?? createMemoryStore({ clock, defaultTtlSeconds: DRAFT_TTL_SECONDS });
  const mailer = latestMailer();
  const links = new Map<string, string>();
  let dispatchOutcome: ((conv: string, id: string, ev: Parameters<LocalPaymentsOutcome>[1]) => Promise<unknown>) | undefined;
  const local = createLocalPayments({
    publicUrl: 'http://localhost:3978', clock, ids, ttlMs: 3_600_000,
    onOutcome: async (conv, ev) => { await dispatchOutcome?.(conv, `payment.${ev.paymentId}.${ev.type}`, ev); },
  });
  const payments: LocalPayments = {
    ...local,
    async createLink(req) {
      const link = await local.createLink(req);
      links.set(req.conversationId, link.url);
      return link;
    },
  };
  const core = createCore({
    data: benchData(), directory: await benchDirectory(), store, mailer, payments, clock, logger: silent,
    sales: createLocalSalesDesk({ clock, ids }), provisioner: createSimulatedProvisioner({ delayMs: 5 * 60_000 }),
    codeSecret: 'bench-code-secret-0123456789', claimTimeoutMs: 10 * 60_000, draftTtlSeconds: DRAFT_TTL_SECONDS,
    defaultLocale: 'en', accounts: buyerAccounts(),
  });
  const { engine } = core;
  let lastOutcome: TurnOutcome | undefined;
  let replies = 0;
  const sender: ChannelSender = { async deliver(_a, r) { replies += r.length; } };
  engine.registerChannel('teams', sender);
  dispatchOutcome = async (conv, id, ev) => { lastOutcome = await engine.dispatch({ id, conversationId: conv, event: ev }); };
  const addressOf = (n: number): ConversationAddress => ({ channel: 'teams', id: `a:bench-chat-${n}` });
  const userOf = (n: number): UserRef => ({ id: `29:bench-user-${n}`, name: `Buyer ${n}` });
  const conversationIdOf = (n: number): string => engine.conversationIdFor(addressOf(n), userOf(n));

  return {
    engine, store, clock, mailer, payments: local,
    get replies() { return replies; },
    addressOf, userOf, conversationIdOf,
    async step(n, step, seq) {
      const conv = conversationIdOf(n);
      switch (step.kind) {
        case 'say': {
          const text = step.text === '{email}' ? `buyer${n}@example.com` : step.text === '{code}' ? codeFrom(mailer.take(`buyer${n}@example.com`)) : step.text;
          return engine.handle({ kind: 'message', id: `${seq}`, address: addressOf(n), user: userOf(n), locale: 'en-US', text });
        }
        case 'pay': {
          const url = links.get(conv);
          if (url === undefined) throw new Error(`buyer ${n}: no payment link was created`);
          links.delete(conv);
          lastOutcome = undefined;
          const r = await local.complete(tokenFromUrl(url), 'succeeded');
          if (r.status !== 'completed') throw new Error(`buyer ${n}: payment not completed (${r.status})`);
          // The payment outcome's own turn (no extra read here: benchmark 4 counts this step's store calls).
          if (lastOutcome === undefined) throw new Error(`buyer ${n}: the payment outcome reached no conversation`);
          return lastOutcome;
        }
        case 'provisioned':
          return engine.dispatch({ id: `${seq}`, conversationId: conv, event: { type: 'PROVISIONING_COMPLETE' } });
      }
    },
    close: () => store.close(),
  };
}
type LocalPaymentsOutcome = Parameters<typeof createLocalPayments>[0]['onOutcome'];

/** The whole purchase for buyer n; returns the step after each turn. */
export async function runPurchase(world: BenchWorld, n: number, steps: readonly PurchaseStep[] = PURCHASE): Promise<(string | undefined)[]> {
  const out: (string | undefined)[] = [];
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    if (s === undefined) continue;
    out.push((await world.step(n, s, `b${n}.t${i}`)).step);
  }
  return out;
}
