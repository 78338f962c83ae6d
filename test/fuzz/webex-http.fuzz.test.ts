/**
 * POST /api/webex over HTTP against createApp and the local Webex API: arbitrary bodies, headers and signatures,
 * signed garbage and signed envelopes pointing at things that do not exist. Never a 5xx, never a crash.
 */
import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeWebexApi, webexId } from '../support/fake-webex-api.js';
import { post, startApp, type RunningApp } from './app-support.js';
import { fuzzRuns, fuzzTimeout, hostileText, report, watchUnhandled } from './support.js';

const SECRET = 'fuzz-webhook-secret-0123456789';
const sign = (body: string | Uint8Array): string => createHmac('sha1', SECRET).update(body).digest('hex');

let fake: FakeWebexApi;
let bot: RunningApp;
let endpoint: string;

beforeAll(async () => {
  fake = await new FakeWebexApi().start();
  bot = await startApp({ WEBEX_BOT_TOKEN: fake.token, WEBEX_WEBHOOK_SECRET: SECRET, WEBEX_API_URL: fake.url });
  endpoint = `${bot.url}/api/webex`;
});
afterAll(async () => { await bot.close(); await fake.close(); });

const headerValue = fc.oneof(fc.constant(undefined), fc.string({ maxLength: 60 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')), fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 40, maxLength: 40 }));
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '');

const anyId = fc.oneof(fc.string({ maxLength: 40 }), fc.constant(webexId('MESSAGE')), fc.uuid(), hostileText(60));
const envelope = fc.record({
  id: anyId, name: fc.string({ maxLength: 20 }), targetUrl: fc.webUrl(), resource: fc.constantFrom('messages', 'attachmentActions', 'memberships', 'rooms', 'x'),
  event: fc.constantFrom('created', 'deleted', 'updated', ''), orgId: fc.string({ maxLength: 10 }), createdBy: fc.string({ maxLength: 10 }),
  appId: fc.string({ maxLength: 10 }), ownedBy: fc.constant('creator'), status: fc.constant('active'), actorId: anyId,
  data: fc.oneof(fc.record({ id: anyId, roomId: anyId, personId: anyId, personEmail: fc.oneof(fc.emailAddress(), fc.string()), roomType: fc.constantFrom('direct', 'group', 'x') }, { requiredKeys: [] }), fc.anything()),
}, { requiredKeys: [] });

const bodies = fc.oneof(
  fc.tuple(fc.uint8Array({ maxLength: 2048 }), fc.boolean()).map(([b, signed]) => ({ raw: b as Uint8Array | string, signed })),
  fc.json({ maxDepth: 4 }).map((j) => ({ raw: j as Uint8Array | string, signed: true })),
  envelope.map((e) => ({ raw: JSON.stringify(e) as Uint8Array | string, signed: true })),
  fc.tuple(envelope, fc.boolean()).map(([e, signed]) => ({ raw: JSON.stringify(e) as Uint8Array | string, signed })),
);

describe('fuzz: Webex webhook over HTTP', () => {
  it('bodies, headers and signatures: 200, 400, 401 or 413, never a 5xx', async () => {
    const unhandled = watchUnhandled();
    const runs = fuzzRuns(250);
    const statuses = new Map<number, number>();
    await fc.assert(fc.asyncProperty(bodies, headerValue, contentType, async (b, badSig, ct) => {
      const headers: Record<string, string> = {};
      if (ct !== '') headers['content-type'] = ct;
      const sig = b.signed ? sign(b.raw) : badSig;
      if (sig !== undefined) headers['x-spark-signature'] = sig;
      const res = await post(endpoint, b.raw, headers);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect([200, 400, 401, 413], `${res.status} ${res.text}`).toContain(res.status);
      if (!b.signed && sig !== sign(b.raw)) expect(res.status).not.toBe(200);
    }), { numRuns: runs });
    await bot.app.engine.drain();
    await fake.settled();
    expect(unhandled()).toEqual([]);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    report(`webex webhook HTTP (statuses ${JSON.stringify(Object.fromEntries(statuses))})`, runs);
  }, fuzzTimeout(250, 25));

  it('a body over the limit is refused with 413, signed or not', async () => {
    const big = JSON.stringify({ id: 'x', resource: 'messages', event: 'created', data: { id: 'y', pad: 'x'.repeat(200_000) } });
    expect((await post(endpoint, big, { 'content-type': 'application/json', 'x-spark-signature': sign(big) })).status).toBe(413);
    expect((await post(endpoint, big, { 'content-type': 'application/json' })).status).toBe(413);
  });

  it('a 5 MiB body written whole before the answer is read still gets a readable 413', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024, 'x');
    const { port } = new URL(endpoint);
    // A client that writes the whole request and only then reads (as simple clients do): a server that stops
    // reading mid-body and closes resets the connection under it, and the 413 is never read.
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      let text = '';
      socket.on('error', reject);
      socket.once('connect', () => {
        socket.pause();
        const head = `POST /api/webex HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${big.length}\r\nx-spark-signature: ${'f'.repeat(40)}\r\n\r\n`;
        socket.write(head);
        socket.write(big, (err) => {
          if (err) { reject(err); return; }
          socket.setEncoding('utf8').on('data', (c: string) => {
            text += c;
            if (text.includes('body too large')) { socket.destroy(); resolve(text); }
          }).on('end', () => resolve(text));
          socket.resume();
        });
      });
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('body too large');
  });

  it('a signed delivery of a real message with hostile text gets a polite answer', async () => {
    const unhandled = watchUnhandled();
    const runs = Math.min(fuzzRuns(100), 2_000); // each case is a whole turn with replies; the webhook itself gets the full count above
    const person = fake.addPerson('Eve Tester', 'eve@example.com');
    const room = fake.directRoom(person);
    await fc.assert(fc.asyncProperty(hostileText(300), async (text) => {
      const before = fake.sent.length;
      const msg = { id: webexId('MESSAGE'), roomId: room.id, roomType: 'direct' as const, personId: person.id, personEmail: 'eve@example.com', text, created: new Date().toISOString() };
      fake.messages.set(msg.id, msg);
      const body = JSON.stringify({ id: 'wh', name: 'n', resource: 'messages', event: 'created', actorId: person.id, data: { id: msg.id, roomId: room.id, personId: person.id, roomType: 'direct' } });
      const res = await post(endpoint, body, { "content-type": "application/json", "x-spark-signature": sign(body) });
      expect(res.status, res.text).toBe(200);
      await bot.app.engine.drain();
      for (let i = 0; i < 200 && fake.sent.length === before; i++) await new Promise((r) => setTimeout(r, 5));
      expect(fake.sent.length).toBeGreaterThan(before);
    }), { numRuns: runs });
    expect(fake.rejected).toEqual([]);
    expect(unhandled()).toEqual([]);
    report('webex messages with hostile text (answered, accepted by the Webex API)', runs);
  }, 30_000 + Math.min(fuzzRuns(100), 2_000) * 100);
});
