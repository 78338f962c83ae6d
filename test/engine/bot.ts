import { join } from 'node:path';
import { createCore, type Core } from '../../src/core.js';
import type { ChannelSender, ConversationAddress, Inbound, UserRef } from '../../src/dialogs/channel.types.js';
import type { Reply } from '../../src/dialogs/reply.js';
import { DEFAULT_DATA_DIR, loadProductData } from '../../src/domain/product-data.js';
import { createIds, createSystemClock } from '../../src/services/clock.js';
import type { Clock } from '../../src/services/clock.port.js';
import { loadDirectoryData } from '../../src/services/directory/index.js';
import { createMemoryMailer, type MemoryMailer } from '../../src/services/mail/index.js';
import { createLocalPayments, type LocalPayments, type PaymentOutcomeEvent } from '../../src/services/payments/index.js';
import { createSimulatedProvisioner } from '../../src/services/provisioning/simulated.js';
import { createLocalSalesDesk } from '../../src/services/sales/local-desk.js';
import type { Store } from '../../src/services/store.port.js';

/** The real engine on a given store, in this process, with replies captured per console conversation. */
export interface EngineBot {
  core: Core;
  payments: LocalPayments;
  store: Store;
  mailer: MemoryMailer;
  logs: { level: string; msg: string }[];
  /** Replies delivered so far, by conversation address id. */
  replies(address: string): Reply[];
  say(address: string, text: string, id?: string): ReturnType<Core['engine']['handle']>;
  submit(address: string, value: Record<string, unknown>): ReturnType<Core['engine']['handle']>;
  conversationId(address: string): string;
}

export const data = loadProductData(DEFAULT_DATA_DIR);
const directoryPromise = loadDirectoryData(join(DEFAULT_DATA_DIR, 'accounts.json'));
const USER: UserRef = { id: 'user-1', name: 'Jane Doe' };

export async function startEngineBot(store: Store, opts: { clock?: Clock; provisioningDelayMs?: number; timerLeaseMs?: number } = {}): Promise<EngineBot> {
  const clock = opts.clock ?? createSystemClock();
  const ids = createIds();
  const mailer = createMemoryMailer();
  const logs: EngineBot['logs'] = [];
  let dispatch: (conversationId: string, event: PaymentOutcomeEvent) => Promise<unknown> = async () => undefined;
  const payments = createLocalPayments({
    publicUrl: 'http://localhost:3978', clock, ids, ttlMs: 3_600_000,
    onOutcome: async (conversationId, event) => { await dispatch(conversationId, event); },
  });
  const logger = {
    info: (_o: object, msg: string) => logs.push({ level: 'info', msg }),
    warn: (_o: object, msg: string) => logs.push({ level: 'warn', msg }),
    error: (_o: object, msg: string) => logs.push({ level: 'error', msg }),
  };
  const core = createCore({
    data, directory: await directoryPromise, store, mailer, clock, logger, codeSecret: 'engine-test-secret',
    payments, provisioner: createSimulatedProvisioner({ delayMs: opts.provisioningDelayMs ?? 60_000 }), sales: createLocalSalesDesk({ clock, ids }),
    claimTimeoutMs: 600_000, draftTtlSeconds: 30 * 86_400, defaultLocale: 'en', timerLeaseMs: opts.timerLeaseMs,
  });
  dispatch = (conversationId, event) => core.engine.dispatch({ id: `payment.${event.paymentId}.${event.type}`, conversationId, event });
  const delivered = new Map<string, Reply[]>();
  const sender: ChannelSender = {
    deliver: async (address, replies) => {
      delivered.set(address.id, [...(delivered.get(address.id) ?? []), ...replies]);
    },
  };
  core.engine.registerChannel('console', sender);
  let seq = 0;
  const addressOf = (id: string): ConversationAddress => ({ channel: 'console', id });
  return {
    core, store, payments, mailer, logs,
    replies: (address) => delivered.get(address) ?? [],
    submit: (address, value) => core.engine.handle({ kind: 'submit', id: `m${++seq}`, address: addressOf(address), user: USER, value }),
    say: (address, text, id) => {
      const inbound: Inbound = { kind: 'message', id: id ?? `m${++seq}`, address: addressOf(address), user: USER, text };
      return core.engine.handle(inbound);
    },
    conversationId: (address) => core.engine.conversationIdFor(addressOf(address), USER),
  };
}
