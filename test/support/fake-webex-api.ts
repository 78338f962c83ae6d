/**
 * A local Webex REST API for tests, following webex-openapi-specs public-spec/webex-messaging.json: people/me,
 * messages (validated POST, GET), attachment/actions, rooms, webhooks, bearer tokens, scripted 429/5xx/network
 * faults, and webhook deliveries (ids only, signed with the webhook's secret) as Webex sends them.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';

type Json = Record<string, unknown>;
const fixtureText = new Map<string, string>();
/** A fresh copy of a fixture on every call; the file is read once. */
const fixture = (name: string): Json => {
  let text = fixtureText.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`../fixtures/webex/${name}.json`, import.meta.url), 'utf8');
    fixtureText.set(name, text);
  }
  return JSON.parse(text) as Json;
};
/** Delivery envelopes by resource, parsed once: only spread into a new object and serialised, never changed. */
const templates = new Map<string, Json>();
const template = (resource: string): Json => {
  let t = templates.get(resource);
  if (t === undefined) {
    t = fixture(resource === 'messages' ? 'webhook-messages-created' : 'webhook-attachment-actions-created');
    templates.set(resource, t);
  }
  return t;
};

export const MAX_TEXT_BYTES = 7439;
export interface Person { id: string; emails: string[]; displayName: string; }
export interface Room { id: string; type: 'direct' | 'group'; members: Set<string>; }
export interface StoredMessage {
  id: string; roomId: string; roomType: 'direct' | 'group'; personId: string; personEmail: string;
  text?: string; markdown?: string; html?: string; mentionedPeople?: string[]; parentId?: string;
  toPersonId?: string; toPersonEmail?: string; attachments?: { contentType: string; content: Json }[]; created: string;
}
/** A scripted failure of the next matching request (after `skip` matching requests have passed untouched). */
export interface Fault { method?: string; path: string; status: number; retryAfter?: string; network?: boolean; skip?: number; }
export interface Call { method: string; path: string; status: number; }
/** Random faults on the bot's calls (soak tests): each call draws one kind with probability `rate`. */
export type ChaosKind = 'throttled' | 'unavailable' | 'reset' | 'slow';
export interface Chaos { rate: number; random: () => number; kinds: readonly ChaosKind[]; retryAfter?: string; slowMs?: number; }
export interface Delivery { webhookId: string; resource: string; dataId: string; status: number; }
export interface FakeWebexApiOptions {
  /**
   * For long runs (benchmarks): keep only about this many of the most recent entries of each record (calls,
   * deliveries, sent, rejected, and the messages and attachment actions stored), so memory stays flat. Unset (the
   * default, what tests use): everything is kept, and indexes into `calls` (see `count`) stay valid.
   */
  keepRecords?: number;
}

/** Webex ids: base64 of ciscospark://us/TYPE/uuid without padding. */
export const webexId = (type: string, uuid: string = randomUUID()): string =>
  Buffer.from(`ciscospark://us/${type}/${uuid}`).toString('base64').replace(/=+$/, '');

const BOT_UUID = 'b1f3c0de-0000-4000-8000-00000000b0b0';

export class FakeWebexApi {
  readonly bot: Person;
  readonly people = new Map<string, Person>();
  readonly rooms = new Map<string, Room>();
  readonly messages = new Map<string, StoredMessage>();
  readonly actions = new Map<string, Json>();
  readonly webhooks = new Map<string, Json>();
  readonly calls: Call[] = [];
  readonly deliveries: Delivery[] = [];
  /** Bodies of the POST /messages the API accepted from the bot, in order. */
  readonly sent: StoredMessage[] = [];
  readonly rejected: { body: unknown; reason: string }[] = [];
  readonly faults: Fault[] = [];
  /** Webex down for every call until cleared: each answered with this status, or (0) its connection reset. */
  outage: number | undefined;
  /** Random faults (see Chaos), counted by kind in `chaosCount`. */
  chaos: Chaos | undefined;
  readonly chaosCount: Record<ChaosKind, number> = { throttled: 0, unavailable: 0, reset: 0, slow: 0 };
  /** Called right after the API answered a bot's POST /messages, with the caller's name (crash tests kill it here). */
  onBotMessage: ((msg: StoredMessage, caller: string | undefined) => void) | undefined;
  /** More tokens of the same bot, each naming a caller (one per bot instance in crash tests); all act as the bot. */
  readonly callers = new Map<string, string>();
  /** Webex disables a webhook after repeated failed deliveries; here after this many in a row. */
  inactiveAfterFailures = 3;
  private readonly failures = new Map<string, number>();
  private readonly pending = new Set<Promise<unknown>>();
  private server: Server | undefined;
  /** Webhook deliveries go out over keep-alive connections, as Webex's do (made on first use, closed by close()). */
  private agent: Agent | undefined;
  private readonly keep: number | undefined;
  url = '';

  constructor(readonly token = 'fake-bot-token', options: FakeWebexApiOptions = {}) {
    this.keep = options.keepRecords;
    const me = fixture('people-me-bot');
    this.bot = { id: webexId('PEOPLE', BOT_UUID), emails: me.emails as string[], displayName: String(me.displayName) };
    this.people.set(this.bot.id, this.bot);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => { void this.route(req, res); });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  async close(): Promise<void> {
    await this.settled();
    const agent = this.agent;
    this.agent = undefined;
    await agent?.close();
    await new Promise<void>((resolve) => { this.server?.closeAllConnections(); this.server?.close(() => resolve()); });
  }

  /** Waits for webhook deliveries under way. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  addPerson(displayName: string, email: string): Person {
    const p: Person = { id: webexId('PEOPLE'), emails: [email], displayName };
    this.people.set(p.id, p);
    return p;
  }

  directRoom(person: Person): Room {
    for (const r of this.rooms.values()) if (r.type === 'direct' && r.members.has(person.id)) return r;
    const room: Room = { id: webexId('ROOM'), type: 'direct', members: new Set([this.bot.id, person.id]) };
    this.rooms.set(room.id, room);
    return room;
  }

  groupRoom(members: Person[]): Room {
    const room: Room = { id: webexId('ROOM'), type: 'group', members: new Set([this.bot.id, ...members.map((m) => m.id)]) };
    this.rooms.set(room.id, room);
    return room;
  }

  /** A person posts; the bot's webhook fires as Webex does (in a group only when the bot is @mentioned). */
  async userSays(person: Person, room: Room, text: string, opts: { mention?: boolean } = {}): Promise<StoredMessage> {
    const msg: StoredMessage = {
      id: webexId('MESSAGE'), roomId: room.id, roomType: room.type, personId: person.id,
      personEmail: person.emails[0] ?? '', text, created: new Date().toISOString(),
    };
    if (opts.mention === true) {
      msg.text = `${this.bot.displayName} ${text}`;
      msg.html = `<p><spark-mention data-object-type="person" data-object-id="${BOT_UUID}">${this.bot.displayName}</spark-mention> ${text}</p>`;
      msg.mentionedPeople = [this.bot.id];
    }
    this.store(this.messages, msg.id, msg);
    if (room.type === 'direct' || opts.mention === true) await this.fire('messages', this.messageData(msg));
    return msg;
  }

  /** Stores a message without firing a webhook (a load generator signs its own deliveries); bounded by `keepRecords`. */
  storeMessage(msg: StoredMessage): void { this.store(this.messages, msg.id, msg); }

  /** Webex delivers the webhook of an earlier message again (the bot's adapter forgets ids it failed to process). */
  async redeliver(msg: StoredMessage): Promise<number[]> {
    return this.fire('messages', this.messageData(msg));
  }

  /** A person presses a button (by title) on one of the bot's cards, optionally after filling inputs. */
  async userSubmits(person: Person, cardMessageId: string, button: string, inputs: Json = {}): Promise<Json> {
    const card = this.messages.get(cardMessageId)?.attachments?.[0]?.content;
    if (card === undefined) throw new Error(`no card on message ${cardMessageId}`);
    const action = (card.actions as Json[] | undefined ?? []).find((a) => a.title === button);
    if (action === undefined) throw new Error(`no button "${button}" on the card`);
    // As the Webex clients do: the card's inputs (defaults, then what was typed) go with the press unless the
    // action has `associatedInputs: "none"`; a required input left empty keeps the client from submitting at all.
    const withInputs = action.associatedInputs !== 'none';
    const values: Json = {};
    for (const el of card.body as Json[]) {
      if (!withInputs || !String(el.type).startsWith('Input.')) continue;
      const id = String(el.id);
      const value = inputs[id] ?? el.value;
      if (value !== undefined) values[id] = value;
      if (el.isRequired === true && (value === undefined || String(value).trim() === '')) {
        throw new Error(`the client would not submit: required input "${id}" is empty`);
      }
    }
    const ids = new Set((card.body as Json[]).filter((el) => String(el.type).startsWith('Input.')).map((el) => String(el.id)));
    const unknown = Object.keys(inputs).filter((k) => !ids.has(k));
    if (unknown.length > 0) throw new Error(`the card has no input ${unknown.join(', ')}`);
    const merged: Json = { ...values, ...(action.data as Json | undefined ?? {}) };
    const strings = Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, String(v)]));
    const roomId = this.messages.get(cardMessageId)?.roomId ?? '';
    const stored = { ...fixture('attachment-action'), id: webexId('ATTACHMENT_ACTION'), messageId: cardMessageId,
      personId: person.id, roomId, inputs: strings, created: new Date().toISOString() };
    this.store(this.actions, String(stored.id), stored);
    // The delivery carries ids only; the inputs are read with GET /attachment/actions/{id}.
    await this.fire('attachmentActions', { id: stored.id, type: 'submit', messageId: cardMessageId, personId: person.id, roomId, created: stored.created });
    return stored;
  }

  /** The bot's messages to a room (or to a person's direct room), in order. */
  sentTo(room: Room): StoredMessage[] { return this.sent.filter((m) => m.roomId === room.id); }

  /** Calls since index `from`, optionally of one method and path prefix. */
  count(from = 0, method?: string, path?: string): number {
    return this.calls.slice(from).filter((c) => (method === undefined || c.method === method)
      && (path === undefined || c.path.startsWith(path))).length;
  }

  /** Signs and POSTs an envelope to every active webhook of the resource; returns the HTTP statuses. */
  async fire(resource: string, data: Json): Promise<number[]> {
    const hooks = [...this.webhooks.values()].filter((w) => w.resource === resource && w.event === 'created' && w.status === 'active');
    if (hooks.length === 0) return [];
    const envelope = template(resource);
    const p = Promise.all(hooks.map(async (w) => {
      const body = JSON.stringify({ ...envelope, id: w.id, name: w.name, targetUrl: w.targetUrl, actorId: data.personId, data });
      const status = await this.post(String(w.targetUrl), body, String(w.secret ?? ''));
      this.record(this.deliveries, { webhookId: String(w.id), resource, dataId: String(data.id), status });
      const fails = status >= 200 && status < 300 ? 0 : (this.failures.get(String(w.id)) ?? 0) + 1;
      this.failures.set(String(w.id), fails);
      if (fails >= this.inactiveAfterFailures) w.status = 'inactive';
      return status;
    }));
    this.pending.add(p);
    try { return await p; } finally { this.pending.delete(p); }
  }

  /** POSTs raw bytes with a signature (or a given header value) to a target, as Webex's delivery would. */
  async post(targetUrl: string, body: string, secret: string, signature?: string): Promise<number> {
    const sig = signature ?? createHmac('sha1', secret).update(body).digest('hex');
    this.agent ??= new Agent({ keepAliveTimeout: 30_000 });
    try {
      const res = await request(targetUrl, {
        method: 'POST', body, dispatcher: this.agent,
        headers: { 'content-type': 'application/json; charset=utf-8', 'x-spark-signature': sig },
      });
      await res.body.dump();
      return res.statusCode;
    } catch {
      return 0; // refused, reset, or cut off: no status
    }
  }

  /** Appends to a record; with `keepRecords`, drops the oldest entries once it holds twice that many. */
  private record<T>(list: T[], item: T): void {
    list.push(item);
    if (this.keep !== undefined && list.length > 2 * this.keep) list.splice(0, list.length - this.keep);
  }

  /** Stores by id; with `keepRecords`, forgets the oldest once there are twice that many. */
  private store<T>(map: Map<string, T>, id: string, item: T): void {
    map.set(id, item);
    if (this.keep === undefined || map.size <= 2 * this.keep) return;
    let drop = map.size - this.keep;
    for (const k of map.keys()) { if (drop-- <= 0) break; map.delete(k); }
  }

  private messageData(m: StoredMessage): Json {
    const data: Json = { id: m.id, roomId: m.roomId, roomType: m.roomType, personId: m.personId, personEmail: m.personEmail, created: m.created };
    if (m.mentionedPeople !== undefined) data.mentionedPeople = m.mentionedPeople;
    return data;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/^\/v1/, '');
    const method = req.method ?? 'GET';
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      req.on('data', (c: Buffer) => { chunks.push(c); }).once('end', resolve).once('error', reject);
    });
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}): void => {
      this.record(this.calls, { method, path, status });
      res.writeHead(status, { 'content-type': 'application/json', trackingid: `FAKE_${randomUUID()}`, ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    const fail = (status: number, message: string): void => send(status, { ...fixture('error'), message, errors: [{ description: message }] });
    if (this.outage !== undefined) {
      if (this.outage === 0) { this.record(this.calls, { method, path, status: 0 }); res.destroy(); return; }
      send(this.outage, { ...fixture('error'), message: 'outage' });
      return;
    }
    const fault = this.faults.findIndex((f) => (f.method === undefined || f.method === method) && path.startsWith(f.path));
    const skipped = fault !== -1 && (this.faults[fault]?.skip ?? 0) > 0;
    if (skipped) { const f = this.faults[fault]; if (f?.skip !== undefined) f.skip -= 1; }
    if (fault !== -1 && !skipped) {
      const [f] = this.faults.splice(fault, 1);
      if (f?.network === true) { this.record(this.calls, { method, path, status: 0 }); res.destroy(); return; }
      if (f !== undefined) {
        send(f.status, { ...fixture('error'), message: 'scripted fault' }, f.retryAfter === undefined ? {} : { 'retry-after': f.retryAfter });
        return;
      }
    }
    if (this.chaos !== undefined && this.chaos.random() < this.chaos.rate) {
      const kinds = this.chaos.kinds;
      const kind = kinds[Math.floor(this.chaos.random() * kinds.length)] ?? 'slow';
      this.chaosCount[kind] += 1;
      if (kind === 'reset') { this.record(this.calls, { method, path, status: 0 }); res.destroy(); return; }
      if (kind === 'throttled') { send(429, { ...fixture('error'), message: 'chaos: too many requests' }, { 'retry-after': this.chaos.retryAfter ?? '1' }); return; }
      if (kind === 'unavailable') { send(this.chaos.random() < 0.5 ? 502 : 503, { ...fixture('error'), message: 'chaos: unavailable' }); return; }
      // Slow: answered late, but answered (the request is processed below).
      await new Promise((r) => { setTimeout(r, (this.chaos?.slowMs ?? 300) * (0.5 + Math.random())); });
    }
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (bearer !== this.token && !this.callers.has(bearer)) { fail(401, 'The request requires a valid access token set in the Authorization request header.'); return; }
    const caller = this.callers.get(bearer);
    let body: Json = {};
    if (chunks.length > 0) {
      try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json; } catch { fail(400, 'Invalid JSON'); return; }
    }
    const [, a, b, c] = path.split('/');
    if (method === 'GET' && a === 'people' && b === 'me') { send(200, { ...fixture('people-me-bot'), id: this.bot.id }); return; }
    if (method === 'GET' && a === 'people' && b !== undefined) {
      const p = this.people.get(decodeURIComponent(b));
      if (p === undefined) fail(404, 'Person not found'); else send(200, { id: p.id, emails: p.emails, displayName: p.displayName, type: 'person' });
      return;
    }
    if (a === 'messages' && method === 'POST' && b === undefined) { this.createMessage(body, send, fail, caller); return; }
    if (a === 'messages' && method === 'GET' && (b === undefined || b === 'direct')) { this.listMessages(url.searchParams, b === 'direct', send, fail); return; }
    if (a === 'messages' && method === 'GET' && b !== undefined) {
      const m = this.messages.get(decodeURIComponent(b));
      if (m === undefined || !this.rooms.get(m.roomId)?.members.has(this.bot.id)) fail(404, 'Message not found'); else send(200, m);
      return;
    }
    if (a === 'attachment' && b === 'actions' && c !== undefined && method === 'GET') {
      const act = this.actions.get(decodeURIComponent(c));
      if (act === undefined) fail(404, 'Attachment action not found'); else send(200, act);
      return;
    }
    if (a === 'rooms' && b !== undefined && method === 'GET') {
      const r = this.rooms.get(decodeURIComponent(b));
      if (r === undefined) fail(404, 'Room not found'); else send(200, { id: r.id, type: r.type, title: r.type });
      return;
    }
    if (a === 'webhooks') { this.webhookRoute(method, b === undefined ? undefined : decodeURIComponent(b), body, send, fail); return; }
    fail(404, `No route ${method} ${path}`);
  }

  /**
   * GET /messages?roomId (List Messages) and GET /messages/direct?personId|personEmail (List Direct Messages):
   * newest first; `max` defaults to 50. Bots must pass mentionedPeople=me in group rooms and then see only the
   * messages that mention them.
   */
  private listMessages(q: URLSearchParams, direct: boolean, send: (s: number, b?: unknown) => void, fail: (s: number, m: string) => void): void {
    let room: Room | undefined;
    if (direct) {
      const pid = q.get('personId');
      const email = q.get('personEmail');
      if ((pid === null) === (email === null)) { fail(400, 'One of personId or personEmail is required'); return; }
      const person = [...this.people.values()].find((p) => p.id === pid || (email !== null && p.emails.includes(email)));
      room = person === undefined ? undefined : [...this.rooms.values()].find((r) => r.type === 'direct' && r.members.has(person.id));
      if (person === undefined) { fail(404, 'Person not found'); return; }
      if (room === undefined) { send(200, { items: [] }); return; }
    } else {
      const roomId = q.get('roomId');
      if (roomId === null) { fail(400, 'roomId is required'); return; }
      room = this.rooms.get(roomId);
      if (room === undefined || !room.members.has(this.bot.id)) { fail(404, 'Room not found'); return; }
    }
    const mentioned = q.getAll('mentionedPeople').flatMap((v) => v.split(','));
    const meOnly = mentioned.length > 0 && mentioned.every((m) => m === 'me' || m === this.bot.id);
    if (mentioned.length > 0 && !meOnly) { fail(400, 'Only me or the person ID of the current user may be specified'); return; }
    if (room.type === 'group' && !meOnly) { fail(403, 'Bots must include mentionedPeople=me to list messages in group rooms'); return; }
    const max = Number(q.get('max') ?? 50);
    if (!Number.isInteger(max) || max < 1 || (meOnly && max > 100)) { fail(400, 'Invalid max'); return; }
    const roomId = room.id;
    const items = [...this.messages.values()].filter((m) => m.roomId === roomId && (!meOnly || (m.mentionedPeople ?? []).includes(this.bot.id)))
      .reverse().slice(0, direct ? undefined : max);
    send(200, { items });
  }

  private createMessage(body: Json, send: (s: number, b?: unknown) => void, fail: (s: number, m: string) => void, caller?: string): void {
    const reject = (status: number, reason: string): void => { this.record(this.rejected, { body, reason }); fail(status, reason); };
    const targets = ['roomId', 'toPersonId', 'toPersonEmail'].filter((k) => typeof body[k] === 'string');
    if (targets.length !== 1) { reject(400, 'Exactly one of roomId, toPersonId, toPersonEmail is required'); return; }
    for (const k of ['text', 'markdown'] as const) {
      if (body[k] !== undefined && (typeof body[k] !== 'string' || Buffer.byteLength(body[k], 'utf8') > MAX_TEXT_BYTES)) {
        reject(400, `${k} exceeds ${MAX_TEXT_BYTES} bytes`); return;
      }
    }
    const atts = body.attachments as { contentType?: unknown; content?: Json }[] | undefined;
    if (body.text === undefined && body.markdown === undefined && body.files === undefined && atts === undefined) { reject(400, 'Message is empty'); return; }
    if (atts !== undefined) {
      const card = atts[0]?.content;
      if (atts.length !== 1 || atts[0]?.contentType !== 'application/vnd.microsoft.card.adaptive') { reject(400, 'Only one adaptive card per message'); return; }
      if (card?.type !== 'AdaptiveCard' || !['1.0', '1.1', '1.2', '1.3'].includes(String(card.version))) { reject(400, 'Unsupported card'); return; }
      if (body.text === undefined && body.markdown === undefined) { reject(400, 'A card needs text or markdown as its fallback'); return; }
    }
    let room: Room | undefined;
    if (typeof body.roomId === 'string') room = this.rooms.get(body.roomId);
    else {
      const person = [...this.people.values()].find((p) => p.id === body.toPersonId || p.emails.includes(String(body.toPersonEmail)));
      if (person === undefined) { reject(404, 'Person not found'); return; }
      room = this.directRoom(person);
    }
    if (room === undefined || !room.members.has(this.bot.id)) { reject(404, 'Room not found'); return; }
    const msg: StoredMessage = {
      ...(body as Partial<StoredMessage>), id: webexId('MESSAGE'), roomId: room.id, roomType: room.type,
      personId: this.bot.id, personEmail: this.bot.emails[0] ?? '', created: new Date().toISOString(),
    };
    this.store(this.messages, msg.id, msg);
    this.record(this.sent, msg);
    send(200, msg);
    this.onBotMessage?.(msg, caller);
    // Webex also tells the bot about its own messages.
    void this.fire('messages', this.messageData(msg));
  }

  private webhookRoute(method: string, id: string | undefined, body: Json, send: (s: number, b?: unknown) => void, fail: (s: number, m: string) => void): void {
    if (method === 'GET' && id === undefined) { send(200, { items: [...this.webhooks.values()] }); return; }
    if (method === 'POST' && id === undefined) {
      for (const k of ['name', 'targetUrl', 'resource', 'event']) if (typeof body[k] !== 'string') { fail(400, `${k} is required`); return; }
      const w: Json = { ...fixture('webhook'), ...body, id: webexId('WEBHOOK'), status: 'active', created: new Date().toISOString() };
      if (body.secret === undefined) delete w.secret;
      this.webhooks.set(String(w.id), w);
      send(200, w);
      return;
    }
    const w = id === undefined ? undefined : this.webhooks.get(id);
    if (w === undefined) { fail(404, 'Webhook not found'); return; }
    if (method === 'GET') { send(200, w); return; }
    if (method === 'DELETE') { this.webhooks.delete(String(w.id)); send(204); return; }
    if (method === 'PUT') {
      if (typeof body.name !== 'string' || typeof body.targetUrl !== 'string') { fail(400, 'name and targetUrl are required'); return; }
      Object.assign(w, { name: body.name, targetUrl: body.targetUrl }, body.secret === undefined ? {} : { secret: body.secret });
      if (body.status === 'active') { w.status = 'active'; this.failures.set(String(w.id), 0); }
      send(200, w);
      return;
    }
    fail(405, 'Method not allowed');
  }
}
