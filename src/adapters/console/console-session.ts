import { join } from 'node:path';
import restify from 'restify';
import { createCore } from '../../core.js';
import type { ChannelSender, ConversationAddress, UserRef } from '../../dialogs/channel.types.js';
import { orderNumber } from '../../dialogs/prompts/render.js';
import { conversationKey } from '../../dialogs/snapshot.js';
import type { Choice, Reply } from '../../dialogs/reply.js';
import { createIds, createSystemClock } from '../../services/clock.js';
import { buildServices } from '../../services/build.js';
import { createSimulatedAccounts } from '../../services/directory/index.js';
import { isAppError } from '../../services/errors.js';
import { createLogger } from '../../services/logger.js';
import type { AccountDirectory, Mailer } from '../../services/outside.port.js';
import { createLocalPayments, tokenFromUrl, type PaymentOutcome } from '../../services/payments/index.js';
import { createSimulatedProvisioner } from '../../services/provisioning/simulated.js';
import { createLocalSalesDesk } from '../../services/sales/local-desk.js';
import { freshConversationName, type ChatOptions } from './chat-config.js';
import { ChatRecorder } from './chat-recorder.js';
import type { ResumedConversation } from './console-resume.js';
import { pickChoice, renderReply } from './console.render.js';

/** Where the console writes: bot replies, mail, notes. */
export interface ConsoleIo {
  print(text: string): void;
}

const HELP = {
  en: `Commands:
  /pay      complete the latest payment link as paid (or open the link in a browser)
  /decline  complete the latest payment link as declined
  /help     this list
  /quit     leave (the conversation is kept; start again to continue)
Type a number to pick one of the numbered choices.`,
  ru: `Команды:
  /pay      оплатить по последней ссылке (или откройте ссылку в браузере)
  /decline  отклонить оплату по последней ссылке
  /help     этот список
  /quit     выйти (разговор сохраняется; запустите снова, чтобы продолжить)
Наберите номер, чтобы выбрать один из пронумерованных вариантов.`,
} as const;

const FALLBACK_SWEEP_MS = 1_000;
const DRAIN_MARGIN_MS = 2_000;
/** Draws of a fresh name before giving up (a second draw is already a 2^-48 event). */
const FRESH_NAME_TRIES = 5;

export type ConsoleSession = Awaited<ReturnType<typeof startConsoleSession>>;

/** The console's composition root: the core with embedded services, a payment page and a sweeper. */
export async function startConsoleSession(opts: ChatOptions, io: ConsoleIo) {
  const { config } = opts;
  const clock = createSystemClock();
  const ids = createIds();
  const logger = createLogger({ level: opts.logLevel, pretty: config.LOG_PRETTY, destination: process.stderr });
  const built = await buildServices(config, { clock, ids });
  const addressOf = (name: string): ConversationAddress => ({ channel: 'console', id: name });
  // A made-up name must start a new conversation: one already stored (never seen yet) is not continued.
  let conversationName = opts.conversation;
  for (let i = 0; opts.fresh && await built.store.conversations.get(conversationKey(addressOf(conversationName), { id: conversationName })); i++) {
    if (i >= FRESH_NAME_TRIES) throw new Error(`no unused conversation name after ${FRESH_NAME_TRIES} tries`);
    conversationName = freshConversationName(clock.now());
  }
  const recorder = opts.record ? new ChatRecorder(opts.record, `Console session of ${conversationName}`, opts.locale, clock.now) : undefined;

  const mailer: Mailer = {
    async send(m) {
      await built.mailer.send(m);
      io.print(`[mail to ${m.to}] ${m.subject}\n${m.text}`);
      recorder?.mailed(`${m.subject}\n${m.text}`);
    },
    ...(built.mailer.forget ? { forget: (conv: string) => built.mailer.forget?.(conv) ?? Promise.resolve() } : {}),
  };
  const directoryAccounts = createSimulatedAccounts(built.directory);
  const accounts: AccountDirectory = {
    async find(email) {
      const found = await directoryAccounts.find(email);
      if (found) recorder?.account(found.email, found.organisation);
      return found;
    },
  };

  // The payment page needs its URL before the provider exists, so the server listens first.
  const server = restify.createServer({ name: 'upgrade-bot-chat' });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.chatPort, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.chatPort;
  let dispatchOutcome: ((conversationId: string, id: string, event: Parameters<typeof core.engine.dispatch>[0]['event']) => Promise<unknown>) | undefined;
  const payments = createLocalPayments({
    publicUrl: `http://localhost:${port}`, clock, ids, ttlMs: config.PAYMENT_LINK_TTL_MS, records: built.store.records,
    onOutcome: async (conversationId, event) => { await dispatchOutcome?.(conversationId, `payment.${event.paymentId}.${event.type}`, event); },
  });
  payments.mount(server);

  const core = createCore({
    ...built, mailer, accounts, payments, clock, logger,
    provisioner: createSimulatedProvisioner({ delayMs: config.PROVISIONING_DELAY_MS }),
    sales: createLocalSalesDesk({ clock, ids }),
    claimTimeoutMs: config.CLAIM_TIMEOUT_MS, draftTtlSeconds: config.DRAFT_TTL_DAYS * 86_400, defaultLocale: config.DEFAULT_LOCALE,
  });
  const { engine } = core;
  dispatchOutcome = (conversationId, id, event) => engine.dispatch({ id, conversationId, event });

  const address = addressOf(conversationName);
  const user: UserRef = { id: conversationName };
  const conversationId = engine.conversationIdFor(address, user);
  const earlier = await engine.peek(conversationId);
  const resumed: ResumedConversation | undefined = earlier && {
    updatedAt: earlier.doc.updatedAt, step: earlier.snapshot.context.step, locale: earlier.snapshot.context.locale,
  };
  /** Choices offered since the user last spoke: a typed number picks one of them. */
  let choices: Choice[] = [];

  const sender: ChannelSender = {
    async deliver(_address, replies: Reply[]) {
      const orderId = recorder ? (await engine.peek(conversationId))?.snapshot.context.orderId : undefined;
      for (const reply of replies) {
        if (reply.choices?.length) choices = reply.choices;
        io.print(renderReply(reply));
        recorder?.botSaid(reply, orderId ? [orderNumber(orderId), orderId] : []);
      }
    },
  };
  engine.registerChannel('console', sender);

  // User turns and sweeps take turns, so unprompted replies never land in the middle of a user's turn.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.then(() => undefined, () => undefined);
    return run;
  };

  const stepNow = async () => (await engine.peek(conversationId))?.snapshot.context.step;

  /** `flush`: the deferred "sent" marks are written too, due or not. */
  const sweep = (flush = false) => exclusive(async () => {
    const before = await stepNow();
    const r = await engine.sweep({ flush });
    if (r.timers > 0 && recorder) {
      const after = await stepNow();
      recorder.explainUnprompted(before === 'provisioning' && after === 'done' ? 'event: provisioning complete' : undefined);
    }
    return r;
  }).catch((err: unknown) => { logger.error({ err }, 'sweep failed'); });
  const sweepEveryMs = config.SWEEP_INTERVAL_MS > 0 ? config.SWEEP_INTERVAL_MS : FALLBACK_SWEEP_MS;
  const sweeper = setInterval(() => void sweep(), sweepEveryMs);

  /** Fires the due timers and writes the deferred "sent" marks now, due or not: nothing is left owed to a timer. */
  const settle = () => sweep(true);

  async function completePayment(outcome: PaymentOutcome): Promise<void> {
    const paymentId = (await engine.peek(conversationId))?.snapshot.context.payment?.paymentId;
    const url = paymentId === undefined ? undefined : payments.linkFor(paymentId);
    if (!url) {
      io.print(opts.locale === 'ru' ? '[ссылки на оплату пока нет]' : '[there is no payment link yet]');
      return;
    }
    recorder?.paymentEvent(outcome === 'succeeded' ? 'succeeded' : 'failed');
    try {
      const r = await payments.complete(tokenFromUrl(url), outcome);
      if (r.status !== 'completed') io.print(`[payment link ${r.status}]`);
    } finally {
      recorder?.endTurn();
    }
  }

  async function command(text: string): Promise<'quit' | undefined> {
    const name = text.slice(1).trim().toLowerCase();
    if (name === 'quit' || name === 'exit') return 'quit';
    if (name === 'help') io.print(HELP[opts.locale]);
    else if (name === 'pay') await completePayment('succeeded');
    else if (name === 'decline') await completePayment('declined');
    else io.print(`[unknown command /${name}; /help lists them]`);
    return undefined;
  }

  async function userSays(text: string): Promise<void> {
    const picked = pickChoice(text, choices);
    if (picked) recorder?.userClicked(picked.label);
    else recorder?.userSaid(text);
    choices = [];
    try {
      await engine.handle({ kind: 'message', id: ids.id('console'), address, user, locale: opts.locale, text: picked ? picked.value : text });
    } finally {
      recorder?.endTurn();
    }
  }

  return {
    paymentPageUrl: `http://localhost:${port}`,
    /** The conversation's name (--conversation, the user name, or the fresh name of a piped run). */
    conversation: conversationName,
    conversationId,
    /** The stored conversation this session continues, as it was before the session's first turn. */
    resumed,
    help: HELP[opts.locale],
    /** One line the user typed; 'quit' when they asked to leave. */
    async input(line: string): Promise<'quit' | undefined> {
      const text = line.trim();
      if (text === '') return undefined;
      try {
        return await exclusive(() => (text.startsWith('/') ? command(text) : userSays(text).then(() => undefined)));
      } catch (err) {
        logger.error({ err }, 'turn failed');
        io.print(`[error: ${isAppError(err) ? `${err.code} ${err.message}` : err instanceof Error ? err.message : String(err)}]`);
        return undefined;
      }
    },
    /**
     * After the input ends: waits while the bot still owes an unprompted reply (the site being ready), within a
     * bound, then returns with the marks written. It does not wait for "no timer due soon": the outbox timer, the
     * engine's crash backstop, is due a lease (30 s) after every turn and guards nothing once the marks are written.
     */
    async drain(): Promise<void> {
      const deadline = clock.now() + config.PROVISIONING_DELAY_MS + DRAIN_MARGIN_MS;
      for (;;) {
        await settle();
        if ((await stepNow()) !== 'provisioning' || clock.now() > deadline) return;
        const next = await built.store.timers.nextDueAt() ?? clock.now();
        await new Promise((r) => setTimeout(r, Math.min(Math.max(next - clock.now(), 0) + 20, sweepEveryMs)));
      }
    },
    /** Leaves with everything written: marks, the payment page's state, the store. */
    async stop(): Promise<void> {
      clearInterval(sweeper);
      await settle();
      await queue;
      server.close();
      await payments.flush();
      await built.store.close();
    },
  };
}
