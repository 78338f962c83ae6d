import { join } from 'node:path';
import restify, { type Request, type RequestHandler, type Response, type Server } from 'restify';
import { z } from 'zod';
import type { ProductData } from '../../domain/catalog.js';
import type { Clock } from '../../services/clock.port.js';
import { isAppError } from '../../services/errors.js';
import { listOutbox } from '../../services/mail/index.js';
import type { CompleteResult, LocalPayment, PaymentOutcome } from '../../services/payments/index.js';
import type { OrderRecord } from '../../services/store.port.js';
import { createActions } from './web-actions.js';
import { buildWebBundle, type WebBundle } from './web-bundle.js';
import { createSalesView, type SalesCases } from './web-sales.js';
import { conversationIdOfKey, createSessions, SESSION_KEY, SessionsFullError, type Engine, type WebSession } from './web-session.js';
import { CODE_PATTERN } from './web-chat.js';
import { PLAYGROUND_KEY_HEADER, WEB_CHANNELS, type LogEntry, type PanelMail } from './web.types.js';

export interface WebAdapterDeps {
  engine: Engine;
  payments: { complete(token: string, outcome: PaymentOutcome): Promise<CompleteResult>; find(token: string): Promise<LocalPayment | undefined>; linkFor(paymentId: string): string | undefined };
  sales: SalesCases;
  orders: { byConversation(conversationId: string): Promise<OrderRecord[]> };
  data: ProductData;
  clock: Clock;
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** The local mail outbox folder; undefined when mail goes out by SMTP (then the panel cannot show codes). */
  outboxDir?: string;
  defaultLocale: 'en' | 'ru';
  /**
   * `on`: local use, the tester panel shows the mail sent to the conversation's addresses. `insecure`: a deployment
   * opted in with PLAYGROUND=insecure-on: the panel shows only mail to the address the conversation proved with a
   * code, and the per-user rate limit counts by the client's address (a page can make up any number of keys).
   */
  mode?: 'on' | 'insecure';
  /** PLAYGROUND_MAX_SESSIONS / PLAYGROUND_SESSION_IDLE_MS. */
  maxSessions?: number;
  sessionIdleMs?: number;
  /** Wall-clock milliseconds for session idleness (default Date.now; tests move it instead of sleeping). */
  now?: () => number;
}

const HEARTBEAT_MS = 15_000;
const MAX_BODY = 64 * 1024;
const locale = z.enum(['en', 'ru']);
/** The longest message or card data (as JSON) the page may send: the size a channel's turn guard allows by default. */
const MAX_INPUT_CHARS = 4_000;
const messageBody = z.object({ text: z.string().trim().min(1).max(MAX_INPUT_CHARS), locale: locale.optional(), label: z.string().max(200).optional() });
const submitBody = z.object({
  // Measured like a message, before anything is recorded or read: a 62 KB form once stalled the process for seconds.
  value: z.record(z.string(), z.unknown()).refine((v) => JSON.stringify(v).length <= MAX_INPUT_CHARS, `card data longer than ${MAX_INPUT_CHARS} characters`),
  messageId: z.string().max(64).optional(), channel: z.enum(WEB_CHANNELS).optional(), title: z.string().max(200).optional(),
});
const paymentBody = z.object({ outcome: z.enum(['succeeded', 'declined']) });
const agentBody = z.object({ text: z.string().trim().min(1).max(4_000) });

/** The page's own headers: scripts only from here; the cards' inline styles are allowed. */
const PAGE_HEADERS: Record<string, string> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; connect-src 'self'; frame-ancestors 'none'",
};

/** The query string (restify leaves req.query unset without its queryParser plugin, which this server does not use). */
function query(req: Request, name: string): string | undefined {
  return new URL(req.url ?? '/', 'http://localhost').searchParams.get(name) ?? undefined;
}

function sendText(res: Response, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...PAGE_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

/**
 * The playground (on for local use; PLAYGROUND=insecure-on in a deployment): a web chat served at `/` that talks to the same turn engine as every channel
 * ('web'), shows replies as Webex or Teams would render them, and lets a tester play the outside world and sales.
 */
export function createWebAdapter(deps: WebAdapterDeps) {
  const { engine, clock, logger } = deps;
  const insecure = deps.mode === 'insecure';

  async function mails(s: WebSession): Promise<PanelMail[]> {
    if (!deps.outboxDir) return [];
    const ctx = (await engine.peek(s.conversationId))?.snapshot.context;
    // Exposed to anyone, the panel must not be a way to read someone's code: only an address this page proved.
    const addresses = insecure ? [ctx?.verifiedEmail] : [ctx?.answers.email, ctx?.account?.email, ctx?.verifiedEmail];
    const to = new Set(addresses.filter((e): e is string => Boolean(e)).map((e) => e.toLowerCase()));
    if (to.size === 0) return [];
    return (await listOutbox(deps.outboxDir))
      .filter((m) => m.sentAt >= s.startedAt && to.has(m.to.toLowerCase()))
      .map((m) => {
        const mail: PanelMail = { at: m.sentAt, to: m.to, subject: m.subject, text: m.text };
        const code = CODE_PATTERN.exec(`${m.subject}\n${m.text}`)?.[1];
        if (code) mail.code = code;
        return mail;
      });
  }

  const sessions = createSessions({
    engine, clock, logger, mails, ...(deps.maxSessions ? { maxSessions: deps.maxSessions } : {}), ...(deps.sessionIdleMs ? { idleMs: deps.sessionIdleMs } : {}),
    ...(deps.now ? { now: deps.now } : {}),
  });
  /** The per-user rate limit's key for a request: the page's own key locally, the client's address when exposed. */
  const rateKeyOf = (req: Request): string | undefined => (insecure ? `ip:${req.socket.remoteAddress ?? 'unknown'}` : undefined);
  const actions = createActions({
    engine, sessions, payments: deps.payments, orders: deps.orders, data: deps.data, clock,
    ...(deps.outboxDir ? {} : { mailNote: 'Mail goes out by SMTP (SMTP_URL): read the codes in that mailbox.' }),
  });
  const salesView = createSalesView({ engine, sessions, sales: deps.sales, clock, data: deps.data });
  engine.registerChannel('web', sessions.sender);
  engine.onForget((conversationId) => sessions.forConversation(conversationId)?.forgetHistory());

  let bundle: Promise<WebBundle> | undefined;
  const getBundle = (): Promise<WebBundle> => {
    bundle ??= buildWebBundle().catch((err: unknown) => { bundle = undefined; throw err; });
    return bundle;
  };

  const sessionOf = (req: Request, lang?: string): WebSession => {
    const key = String(req.params['key'] ?? '');
    if (!SESSION_KEY.test(key)) throw new HttpError(400, 'bad conversation key');
    const l = locale.safeParse(lang ?? query(req, 'locale'));
    try {
      return sessions.get(key, l.success ? l.data : deps.defaultLocale);
    } catch (err) {
      if (err instanceof SessionsFullError) throw new HttpError(503, err.message);
      throw err;
    }
  };
  /**
   * Exposed, a visitor plays sales for their own page's cases only (the page sends its key): another visitor's case
   * holds what that visitor typed. Locally, the tester sees every case.
   */
  const salesScope = (req: Request): string | undefined => {
    if (!insecure) return undefined;
    const key = req.header(PLAYGROUND_KEY_HEADER) ?? '';
    return SESSION_KEY.test(key) ? conversationIdOfKey(engine, key) : 'none';
  };
  const parse = <T>(schema: z.ZodType<T>, body: unknown): T => {
    const r = schema.safeParse(body);
    if (!r.success) throw new HttpError(400, r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return r.data;
  };

  /** JSON routes: errors become a status and a message, never a hung request. */
  const json = (fn: (req: Request) => Promise<unknown>): RequestHandler => async (req: Request, res: Response) => {
    try {
      const body = JSON.stringify((await fn(req)) ?? { ok: true });
      sendText(res, 200, 'application/json; charset=utf-8', body);
    } catch (err) {
      const status = err instanceof HttpError ? err.status
        : isAppError(err, 'NOT_FOUND') ? 404 : isAppError(err, 'CONFLICT') ? 409 : isAppError(err, 'BAD_INPUT') ? 400 : 500;
      if (status >= 500) logger.error({ err }, 'playground request failed');
      sendText(res, status, 'application/json; charset=utf-8', JSON.stringify({ error: err instanceof Error ? err.message : String(err) }));
    }
  };
  // restify's JSON parser reads maxBodySize at run time, though its types list it only for bodyParser.
  const parserOptions: restify.plugins.BodyParserOptions = { maxBodySize: MAX_BODY, mapParams: false };
  const body = () => restify.plugins.jsonBodyParser(parserOptions);

  /** A long-lived response: restify's chain goes on only when the page goes away. */
  function events(req: Request, res: Response, next: () => void): void {
    let s: WebSession;
    try { s = sessionOf(req); } catch (err) {
      sendText(res, err instanceof HttpError ? err.status : 400, 'text/plain', err instanceof Error ? err.message : 'bad request');
      next();
      return;
    }
    const last = Number(req.header('last-event-id') || query(req, 'since') || 0);
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    const write = (e: LogEntry) => { res.write(`id: ${e.seq}\ndata: ${JSON.stringify(e)}\n\n`); };
    res.write('retry: 1000\n\n');
    for (const e of s.since(Number.isFinite(last) ? last : 0)) write(e);
    const off = s.subscribe(write);
    const beat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(beat);
      off();
      next();
    };
    req.on('close', close);
    res.on('close', close);
  }

  return {
    /** Playground sessions in memory (footprint). */
    sessions: () => sessions.size(),
    /** Builds the page now (errors are logged, and the page answers 500 with the reason until a build succeeds). */
    async prepare(): Promise<void> {
      await getBundle().catch((err: unknown) => logger.error({ err }, 'playground page did not build'));
    },
    mount(server: Server): void {
      const asset = (pick: (b: WebBundle) => string, type: string): RequestHandler => async (_req: Request, res: Response) => {
        try {
          sendText(res, 200, type, pick(await getBundle()));
        } catch (err) {
          sendText(res, 500, 'text/plain; charset=utf-8', `The playground page did not build: ${err instanceof Error ? err.message : String(err)}`);
        }
      };
      server.get('/', asset((b) => b.html, 'text/html; charset=utf-8'));
      server.get('/playground/app.js', asset((b) => b.js, 'text/javascript; charset=utf-8'));
      server.get('/playground/app.css', asset((b) => b.css, 'text/css; charset=utf-8'));

      server.get('/playground/api/c/:key/events', events);
      server.get('/playground/api/c/:key/panel', json(async (req) => actions.panel(sessionOf(req))));
      server.post('/playground/api/c/:key/message', body(), json(async (req) => {
        const b = parse(messageBody, req.body);
        await actions.say(sessionOf(req, b.locale), b.text, b.locale, b.label, rateKeyOf(req));
      }));
      server.post('/playground/api/c/:key/submit', body(), json(async (req) => {
        const b = parse(submitBody, req.body);
        await actions.submit(sessionOf(req), b.value, b.messageId, b.channel, b.title, rateKeyOf(req));
      }));
      server.post('/playground/api/c/:key/payment', body(), json(async (req) => ({ status: await actions.pay(sessionOf(req), parse(paymentBody, req.body).outcome) })));
      server.post('/playground/api/c/:key/provision', json(async (req) => { await actions.provision(sessionOf(req)); }));
      server.get('/playground/api/c/:key/transcript.chat', async (req: Request, res: Response) => {
        const key = String(req.params['key'] ?? '');
        const s = SESSION_KEY.test(key) ? sessions.find(key) : undefined;
        if (!s) { sendText(res, 404, 'text/plain; charset=utf-8', 'no such conversation on this server'); return; }
        const channel = query(req, 'channel') === 'teams' ? 'teams' : 'webex';
        const name = `playground-${new Date(s.startedAt).toISOString().slice(0, 19).replace(/[:T]/g, '-')}.chat`;
        sendText(res, 200, 'text/plain; charset=utf-8', s.chat.toString(channel), { 'Content-Disposition': `attachment; filename="${name}"` });
      });

      server.get('/playground/api/sales', json(async (req) => salesView.list(salesScope(req), query(req, 'locale') === 'ru' ? 'ru' : 'en')));
      server.post('/playground/api/sales/:caseId/claim', json(async (req) => { await salesView.claim(String(req.params['caseId'] ?? ''), salesScope(req)); }));
      server.post('/playground/api/sales/:caseId/say', body(), json(async (req) => {
        await salesView.say(String(req.params['caseId'] ?? ''), parse(agentBody, req.body).text, salesScope(req));
      }));
      if (insecure) logger.warn({ path: '/' }, 'playground on in a deployment (PLAYGROUND=insecure-on): anyone who reaches this server can chat as a tester');
      else logger.info({ path: '/' }, 'playground on: a web chat with the bot at / (local use; off in a deployment)');
    },
  };
}
export type WebAdapter = ReturnType<typeof createWebAdapter>;

class HttpError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

/** The outbox folder the embedded mailer writes to (see services/build.ts), or undefined with SMTP. */
export function outboxDirOf(config: { DATA_DIR: string; SMTP_URL?: string | undefined }): string | undefined {
  return config.SMTP_URL ? undefined : join(config.DATA_DIR, 'outbox');
}

/** Mounts the playground and builds its page before the server starts listening. */
export async function mountPlayground(server: Server, deps: WebAdapterDeps): Promise<WebAdapter> {
  const web = createWebAdapter(deps);
  web.mount(server);
  await web.prepare();
  return web;
}
