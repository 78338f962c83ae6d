/**
 * The local Webex API itself, where the benchmark depends on it: deliveries over kept-alive connections, signed
 * and answered as before, and records bounded only when a long-running user asks (`keepRecords`).
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeWebexApi, type FakeWebexApiOptions } from '../support/fake-webex-api.js';

const SECRET = 'fake-api-test-secret';

interface Target { url: string; connections: number; bodies: { body: string; signature: string | undefined }[]; status: number; server: Server }

async function startTarget(): Promise<Target> {
  const t: Target = { url: '', connections: 0, bodies: [], status: 200, server: createServer() };
  t.server.on('connection', () => { t.connections++; });
  t.server.on('request', (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
      t.bodies.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers['x-spark-signature'] as string | undefined });
      res.writeHead(t.status).end();
    });
  });
  await new Promise<void>((resolve) => t.server.listen(0, '127.0.0.1', resolve));
  t.url = `http://127.0.0.1:${(t.server.address() as AddressInfo).port}/api/webex`;
  return t;
}

async function call(api: FakeWebexApi, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await request(`${api.url}${path}`, {
    method, headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, json: text === '' ? {} : JSON.parse(text) as Record<string, unknown> };
}

describe('local Webex API (test/support/fake-webex-api.ts)', () => {
  let api: FakeWebexApi;
  let target: Target;
  afterEach(async () => {
    await api.close();
    target.server.closeAllConnections();
    await new Promise((r) => { target.server.close(r); });
  });

  async function start(options: FakeWebexApiOptions = {}): Promise<void> {
    target = await startTarget();
    api = await new FakeWebexApi(undefined, options).start();
    const hook = await call(api, 'POST', '/webhooks', { name: 'bot', targetUrl: target.url, resource: 'messages', event: 'created', secret: SECRET });
    expect(hook.status).toBe(200);
  }

  it('delivers signed webhooks, the bot\'s own messages included, over kept-alive connections', async () => {
    await start();
    const ann = api.addPerson('Ann', 'ann@example.com');
    const room = api.directRoom(ann);
    for (let i = 0; i < 19; i++) await api.userSays(ann, room, `hello ${i}`);
    const posted = await call(api, 'POST', '/messages', { roomId: room.id, markdown: 'hi' });
    expect(posted.status).toBe(200);
    await api.settled();
    expect(target.bodies).toHaveLength(20);
    for (const { body, signature } of target.bodies) {
      expect(signature).toBe(createHmac('sha1', SECRET).update(body).digest('hex'));
    }
    const envelopes = target.bodies.map((b) => JSON.parse(b.body) as { resource: string; event: string; targetUrl: string; data: { id: string; personId: string } });
    expect(envelopes.every((e) => e.resource === 'messages' && e.event === 'created' && e.targetUrl === target.url)).toBe(true);
    expect(envelopes[19]?.data).toMatchObject({ id: posted.json.id, personId: api.bot.id });
    // Each delivery's envelope is its own: the data of the first is still the first message's.
    expect(envelopes[0]?.data.personId).toBe(ann.id);
    // Reused, not one per delivery (undici may add a second while it finishes reading the first answer).
    expect(target.connections).toBeLessThanOrEqual(2);
    expect(api.deliveries.map((d) => d.status)).toEqual(Array.from({ length: 20 }, () => 200));
  });

  it('records the target\'s status, 0 when nothing answers, and disables the webhook after failures in a row', async () => {
    await start();
    const ann = api.addPerson('Ann', 'ann@example.com');
    const room = api.directRoom(ann);
    target.status = 503;
    await api.userSays(ann, room, 'one');
    target.server.closeAllConnections();
    await new Promise((r) => { target.server.close(r); });
    await api.userSays(ann, room, 'two');
    await api.userSays(ann, room, 'three');
    expect(api.deliveries.map((d) => d.status)).toEqual([503, 0, 0]);
    expect([...api.webhooks.values()][0]?.status).toBe('inactive');
    expect(await api.post(target.url, '{}', SECRET)).toBe(0);
    target = await startTarget(); // for afterEach
  });

  it('keeps every record by default', async () => {
    await start();
    const ann = api.addPerson('Ann', 'ann@example.com');
    const room = api.directRoom(ann);
    const first = await api.userSays(ann, room, 'first');
    for (let i = 0; i < 30; i++) await call(api, 'POST', '/messages', { roomId: room.id, text: `reply ${i}` });
    await api.settled();
    expect(api.sent).toHaveLength(30);
    expect(api.calls.filter((c) => c.path === '/messages')).toHaveLength(30);
    expect(api.deliveries).toHaveLength(31);
    expect(api.messages.size).toBe(31);
    expect((await call(api, 'GET', `/messages/${first.id}`)).status).toBe(200);
  });

  it('with keepRecords, bounds its records to the most recent entries and still serves recent messages', async () => {
    await start({ keepRecords: 10 });
    const ann = api.addPerson('Ann', 'ann@example.com');
    const room = api.directRoom(ann);
    const first = await api.userSays(ann, room, 'first');
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) ids.push(String((await call(api, 'POST', '/messages', { roomId: room.id, text: `reply ${i}` })).json.id));
    await api.settled();
    for (const list of [api.sent, api.calls, api.deliveries]) {
      expect(list.length).toBeGreaterThanOrEqual(10);
      expect(list.length).toBeLessThanOrEqual(20);
    }
    expect(api.sent.at(-1)?.id).toBe(ids.at(-1));
    expect(api.messages.size).toBeLessThanOrEqual(20);
    expect((await call(api, 'GET', `/messages/${first.id}`)).status).toBe(404);
    expect((await call(api, 'GET', `/messages/${ids.at(-1)}`)).json.text).toBe('reply 59');
    const stored = { ...first, id: 'stored-by-hand' };
    api.storeMessage(stored);
    expect((await call(api, 'GET', '/messages/stored-by-hand')).json.text).toBe('first');
  });
});
