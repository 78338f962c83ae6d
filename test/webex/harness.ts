import restify from 'restify';
import type { AddressInfo } from 'node:net';
import type { ChannelName, ChannelSender, ConversationAddress, Inbound, UserRef } from '../../src/dialogs/channel.types.js';
import type { TurnEngine, TurnOutcome } from '../../src/dialogs/engine.types.js';
import type { Reply } from '../../src/dialogs/reply.js';
import type { Step } from '../../src/domain/types.js';
import { createWebexAdapter, type WebexAdapter } from '../../src/adapters/webex/webex.adapter.js';
import type { WebexAdapterConfig, WebexLogger } from '../../src/adapters/webex/webex.types.js';
import { FakeWebexApi } from '../support/fake-webex-api.js';

export const SECRET = 'current-secret-0123456789';
export const OLD_SECRET = 'previous-secret-9876543210';

/**
 * A small scripted TurnEngine for adapter-level tests (the whole bot is in webex-app and webex-group-purchase):
 * idempotent on the inbound id, one turn per conversation at a time, and an outbox that keeps replies a channel
 * could not deliver (re-sent by sweep()).
 */
export class ScriptedEngine implements TurnEngine {
  readonly inbounds: Inbound[] = [];
  readonly outbox: { address: ConversationAddress; replies: Reply[]; user?: UserRef }[] = [];
  private readonly senders = new Map<ChannelName, ChannelSender>();
  private readonly seen = new Set<string>();
  private tail: Promise<unknown> = Promise.resolve();
  /** What the bot answers; echoes by default. */
  respond: (inbound: Inbound) => Reply[] = (i) => [{ text: i.kind === 'message' ? `echo: ${i.text}` : `got ${JSON.stringify(i.kind === 'submit' ? i.value : {})}` }];
  step: Step = 'plan';
  lastError: unknown;

  registerChannel(name: ChannelName, sender: ChannelSender): void { this.senders.set(name, sender); }

  handle(inbound: Inbound): Promise<TurnOutcome> {
    const run = this.tail.then(() => this.turn(inbound));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async turn(inbound: Inbound): Promise<TurnOutcome> {
    if (inbound.kind === 'unsupported') return { conversationId: '', step: undefined, duplicate: false, replies: [] };
    const conversationId = `${inbound.address.channel}:${inbound.address.id}`;
    if (this.seen.has(inbound.id)) return { conversationId, step: this.step, duplicate: true, replies: [] };
    this.seen.add(inbound.id);
    this.inbounds.push(inbound);
    const replies = this.respond(inbound);
    await this.send(inbound.address, replies, inbound.user);
    return { conversationId, step: this.step, duplicate: false, replies };
  }

  private async send(address: ConversationAddress, replies: Reply[], user?: UserRef): Promise<boolean> {
    const sender = this.senders.get(address.channel);
    if (sender === undefined) throw new Error(`no sender for ${address.channel}`);
    try {
      await sender.deliver(address, replies, user);
      return true;
    } catch (e) {
      this.lastError = e;
      this.outbox.push({ address, replies, ...(user === undefined ? {} : { user }) });
      return false;
    }
  }

  async dispatch(): Promise<TurnOutcome> { throw new Error('not used by the Webex tests'); }

  async sweep(): Promise<{ timers: number; resent: number }> {
    const items = this.outbox.splice(0);
    let resent = 0;
    for (const item of items) {
      if (await this.send(item.address, item.replies, item.user)) resent++;
    }
    return { timers: 0, resent };
  }
}

export interface LogLine { level: string; msg: string | undefined; obj: object }
export function memoryLogger(): WebexLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (obj: object, msg?: string): void => { lines.push({ level, msg, obj }); };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export interface Harness {
  fake: FakeWebexApi;
  server: restify.Server;
  adapter: WebexAdapter;
  engine: TurnEngine;
  logger: ReturnType<typeof memoryLogger>;
  baseUrl: string;
  /** Waits until no delivery, turn or reply is under way anywhere. */
  quiet(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  engine?: TurnEngine;
  /** Mounts restify's bodyParser for every route first, as a Teams route on the same server would want. */
  globalBodyParser?: boolean;
  config?: Partial<WebexAdapterConfig>;
  fake?: FakeWebexApi;
}

export const FAST_RETRY = { baseDelayMs: 20, maxDelayMs: 200, maxElapsedMs: 5_000, requestTimeoutMs: 2_000 };

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const fake = await (opts.fake ?? new FakeWebexApi()).start();
  const server = restify.createServer({ handleUncaughtExceptions: false });
  if (opts.globalBodyParser === true) server.use(restify.plugins.bodyParser());
  const logger = memoryLogger();
  const engine = opts.engine ?? new ScriptedEngine();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const adapter = createWebexAdapter({
    token: fake.token, webhookSecret: SECRET, previousWebhookSecret: OLD_SECRET, apiUrl: fake.url, publicUrl: baseUrl,
    webhookCheckIntervalMs: 0, retry: FAST_RETRY, ...opts.config,
  }, { engine, logger });
  adapter.mount(server);
  await adapter.start();
  const quiet = async (): Promise<void> => {
    for (let i = 0; i < 3; i++) {
      await fake.settled();
      await adapter.idle();
    }
  };
  return {
    fake, server, adapter, engine, logger, baseUrl, quiet,
    async close() {
      await quiet();
      await adapter.stop();
      await fake.close();
      server.close();
    },
  };
}
