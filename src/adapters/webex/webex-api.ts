import { Agent, errors, request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { AppError, type ErrorCode } from '../../services/errors.js';
import {
  DEFAULT_RETRY_POLICY, WEBEX_DEFAULT_API_URL, attachmentActionSchema, messageListSchema, messageSchema, personSchema, roomSchema,
  silentLogger, webhookListSchema, webhookSchema,
  type WebexAttachmentAction, type WebexLogger, type WebexMessage, type WebexMessageBody, type WebexPerson,
  type WebexRetryPolicy, type WebexWebhook,
} from './webex.types.js';

/** A Webex call that failed for good (4xx, or retries exhausted); `status` is the last HTTP status, 0 for network. */
export class WebexApiError extends AppError {
  readonly status: number;
  readonly trackingId: string | undefined;
  constructor(code: ErrorCode, status: number, message: string, options?: { cause?: unknown; trackingId?: string }) {
    super(code, message, options);
    this.name = 'WebexApiError';
    this.status = status;
    this.trackingId = options?.trackingId;
  }
}

export interface WebexApiOptions {
  token: string;
  apiUrl?: string;
  retry?: Partial<WebexRetryPolicy>;
  logger?: WebexLogger;
  /** Injected for tests of the policy; defaults to setTimeout and Math.random. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Hears each call's outcome: Webex answered (`up`), or did not / refused the token (`down`, with the error). */
  onHealth?: (up: boolean, err?: WebexApiError) => void;
}

export interface WebexApi {
  me(): Promise<WebexPerson>;
  /** GET /people/{id}: a person's emails and display name (attachment actions carry only the person id). */
  getPerson(id: string): Promise<WebexPerson>;
  getMessage(id: string): Promise<WebexMessage>;
  getAttachmentAction(id: string): Promise<WebexAttachmentAction>;
  getRoomType(roomId: string): Promise<'direct' | 'group'>;
  createMessage(body: WebexMessageBody): Promise<WebexMessage>;
  /**
   * GET /messages?roomId&max: a room's latest messages, newest first. Bots may list a group room only with
   * mentionedPeople=me (the messages that mention them), so this is for direct rooms.
   */
  listMessages(roomId: string, max: number): Promise<WebexMessage[]>;
  /** GET /messages/direct?personId|personEmail: the messages of the 1:1 room with a person, newest first. */
  listDirectMessages(person: { personId: string } | { personEmail: string }): Promise<WebexMessage[]>;
  listWebhooks(): Promise<WebexWebhook[]>;
  createWebhook(body: { name: string; targetUrl: string; resource: string; event: string; secret: string }): Promise<WebexWebhook>;
  updateWebhook(id: string, body: { name: string; targetUrl: string; secret: string; status: 'active' }): Promise<WebexWebhook>;
  deleteWebhook(id: string): Promise<void>;
}

/** A response header as one string (undici gives arrays for repeated headers). */
const header = (headers: Record<string, string | string[] | undefined>, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => { setTimeout(resolve, ms); });

function codeFor(status: number): ErrorCode {
  if (status === 401 || status === 403) return 'UNAUTHORIZED';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'THROTTLED';
  if (status >= 500) return 'UNAVAILABLE';
  return 'BAD_INPUT';
}

/** Retry-After is documented in seconds; an HTTP date is accepted too, since proxies may rewrite it. */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export function createWebexApi(options: WebexApiOptions): WebexApi {
  const base = (options.apiUrl ?? WEBEX_DEFAULT_API_URL).replace(/\/+$/, '');
  const policy: WebexRetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const log = options.logger ?? silentLogger;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  /**
   * undici's request() over a keep-alive pool instead of the global fetch(): the same client Node's fetch is built on,
   * without the WHATWG Request/Response/stream layers, which cost about a quarter of the bot's CPU per Webex turn.
   */
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connect: { timeout: policy.requestTimeoutMs } });

  /** A call's outcome for onHealth: any answer but a refused token means Webex is there. */
  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    try {
      const r = await attempt(method, path, body);
      options.onHealth?.(true);
      return r;
    } catch (e) {
      if (e instanceof WebexApiError) {
        const down = e.status === 0 || e.status >= 500 || e.status === 429 || e.code === 'UNAUTHORIZED' || e.code === 'TIMEOUT';
        options.onHealth?.(!down, down ? e : undefined);
      }
      throw e;
    }
  }

  /** One logical call: retries 429 after Retry-After and 5xx/network with capped, jittered backoff, within a budget. */
  async function attempt(method: string, path: string, body?: unknown): Promise<unknown> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      let status = 0;
      let wait: number;
      let failure: unknown;
      let trackingId: string | undefined;
      try {
        const res = await request(`${base}${path}`, {
          method: method as Dispatcher.HttpMethod,
          dispatcher,
          headers: {
            authorization: `Bearer ${options.token}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          headersTimeout: policy.requestTimeoutMs,
          bodyTimeout: policy.requestTimeoutMs,
        });
        status = res.statusCode;
        trackingId = header(res.headers, 'trackingid');
        const text = await res.body.text();
        if (status >= 200 && status < 300) return text === '' ? undefined : JSON.parse(text);
        failure = text.slice(0, 300);
        const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
        if (status === 429) {
          wait = retryAfterMs(header(res.headers, 'retry-after') ?? null, Date.now()) ?? backoff;
        } else if (status >= 500) {
          wait = random() * backoff;
        } else {
          throw new WebexApiError(codeFor(status), status, `Webex ${method} ${path} answered ${status}: ${String(failure)}`,
            { trackingId });
        }
      } catch (e) {
        if (e instanceof WebexApiError) throw e;
        // No answer (refused, reset, timed out) or an answer cut off mid-body: retry. Anything else (a 2xx that is
        // not JSON, say) is not the network's fault.
        if (status !== 0 && !(e instanceof errors.UndiciError)) throw e;
        failure = e;
        wait = random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
      }
      const elapsed = Date.now() - started;
      if (elapsed + wait > policy.maxElapsedMs) {
        log.error({ method, path, status, attempts: attempt + 1, elapsedMs: elapsed, trackingId },
          'webex call gave up after retries');
        throw new WebexApiError(status === 0 ? 'TIMEOUT' : codeFor(status), status,
          `Webex ${method} ${path} failed after ${attempt + 1} attempts (last status ${status})`, { cause: failure, trackingId });
      }
      log.warn({ method, path, status, attempt: attempt + 1, waitMs: Math.round(wait) }, 'webex call retrying');
      // Down as soon as one try gets no answer, not only once the call's whole budget is spent.
      if (status === 0 || status >= 500) options.onHealth?.(false, new WebexApiError('UNAVAILABLE', status, `Webex ${method} ${path}: no answer (${status})`));
      await sleep(wait);
    }
  }

  const parse = <T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> => {
    const r = schema.safeParse(value);
    if (!r.success) throw new WebexApiError('INTERNAL', 200, `Webex ${what} did not match the documented shape`, { cause: r.error });
    return r.data;
  };
  const id = (s: string): string => encodeURIComponent(s);

  return {
    me: async () => parse(personSchema, await call('GET', '/people/me'), 'person'),
    getPerson: async (pid) => parse(personSchema, await call('GET', `/people/${id(pid)}`), 'person'),
    getMessage: async (mid) => parse(messageSchema, await call('GET', `/messages/${id(mid)}`), 'message'),
    getAttachmentAction: async (aid) =>
      parse(attachmentActionSchema, await call('GET', `/attachment/actions/${id(aid)}`), 'attachment action'),
    getRoomType: async (rid) => parse(roomSchema, await call('GET', `/rooms/${id(rid)}`), 'room').type,
    createMessage: async (body) => parse(messageSchema, await call('POST', '/messages', body), 'message'),
    listMessages: async (rid, max) =>
      parse(messageListSchema, await call('GET', `/messages?roomId=${id(rid)}&max=${max}`), 'message list').items,
    listDirectMessages: async (person) => {
      const query = 'personId' in person ? `personId=${id(person.personId)}` : `personEmail=${id(person.personEmail)}`;
      return parse(messageListSchema, await call('GET', `/messages/direct?${query}`), 'message list').items;
    },
    listWebhooks: async () => parse(webhookListSchema, await call('GET', '/webhooks?max=100'), 'webhook list').items,
    createWebhook: async (body) => parse(webhookSchema, await call('POST', '/webhooks', body), 'webhook'),
    updateWebhook: async (wid, body) => parse(webhookSchema, await call('PUT', `/webhooks/${id(wid)}`, body), 'webhook'),
    deleteWebhook: async (wid) => { await call('DELETE', `/webhooks/${id(wid)}`); },
  };
}
