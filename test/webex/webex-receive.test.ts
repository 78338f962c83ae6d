import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { signWebexBody } from '../../src/adapters/webex/webex-signature.js';
import { OLD_SECRET, SECRET, ScriptedEngine, startHarness, type Harness } from './harness.js';

const fixtureText = (name: string): string => readFileSync(new URL(`../fixtures/webex/${name}.json`, import.meta.url), 'utf8');

/** A real delivery body for a message a person posted, as the fake would send it. */
function deliveryFor(h: Harness, messageId: string, roomId: string, personId: string): string {
  const env = JSON.parse(fixtureText('webhook-messages-created')) as { data: Record<string, unknown> };
  env.data = { ...env.data, id: messageId, roomId, roomType: 'direct', personId };
  return JSON.stringify(env);
}

describe('Webex webhook receiving', () => {
  let h: Harness;
  afterEach(async () => { await h.close(); });

  async function seeded(): Promise<{ body: string; engine: ScriptedEngine; target: string }> {
    const engine = new ScriptedEngine();
    h = await startHarness({ engine });
    const ann = h.fake.addPerson('Ann', 'ann@example.com');
    const room = h.fake.directRoom(ann);
    // A message that exists in Webex but whose delivery the test sends by hand.
    const msg = { id: 'Y2lzY29zcGFyazovL3VzL01FU1NBR0UvaGFuZC1tYWRl', roomId: room.id, roomType: 'direct' as const,
      personId: ann.id, personEmail: 'ann@example.com', text: 'hello', created: new Date().toISOString() };
    h.fake.messages.set(msg.id, msg);
    return { body: deliveryFor(h, msg.id, room.id, ann.id), engine, target: `${h.baseUrl}/api/webex` };
  }

  it('rejects bad, missing and stale signatures with 401 and processes nothing', async () => {
    const { body, engine, target } = await seeded();
    const before = h.fake.calls.length;
    expect(await h.fake.post(target, body, 'wrong-secret')).toBe(401);
    expect(await h.fake.post(target, body, SECRET, '')).toBe(401);
    expect(await h.fake.post(target, body, SECRET, 'not-hex')).toBe(401);
    // Stale: a signature of a different (earlier) body replayed with this one.
    expect(await h.fake.post(target, body, SECRET, signWebexBody(body.replace('direct', 'group'), SECRET))).toBe(401);
    // One changed byte after signing (a re-serialising proxy would do this).
    expect(await h.fake.post(target, body, SECRET, signWebexBody(`${body} `, SECRET))).toBe(401);
    const missing = await fetch(target, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(missing.status).toBe(401);
    await h.quiet();
    expect(engine.inbounds).toHaveLength(0);
    expect(h.fake.calls.length - before).toBe(0);
  });

  it('accepts the current and the previous secret during a rotation', async () => {
    const { body, engine, target } = await seeded();
    expect(await h.fake.post(target, body, OLD_SECRET)).toBe(200);
    await h.quiet();
    expect(engine.inbounds).toHaveLength(1);
    expect(engine.inbounds[0]).toMatchObject({ kind: 'message', text: 'hello' });
  });

  it('answers 400 to malformed bodies and 200 to resources it does not handle', async () => {
    const { engine, target } = await seeded();
    expect(await h.fake.post(target, '{"resource":', SECRET)).toBe(400);
    expect(await h.fake.post(target, JSON.stringify({ resource: 'messages', event: 'created', data: {} }), SECRET)).toBe(400);
    const rooms = JSON.stringify({ resource: 'rooms', event: 'created', data: { id: 'r1' } });
    expect(await h.fake.post(target, rooms, SECRET)).toBe(200);
    await h.quiet();
    expect(engine.inbounds).toHaveLength(0);
    expect(h.logger.lines.some((l) => l.msg === 'webex webhook ignored: not handled')).toBe(true);
  });

  it('processes a duplicate delivery once, without a second GET', async () => {
    const { body, engine, target } = await seeded();
    const from = h.fake.calls.length;
    const statuses = await Promise.all([h.fake.post(target, body, SECRET), h.fake.post(target, body, SECRET)]);
    expect(await h.fake.post(target, body, SECRET)).toBe(200);
    expect(statuses).toEqual([200, 200]);
    await h.quiet();
    expect(engine.inbounds).toHaveLength(1);
    expect(h.fake.count(from, 'GET', '/messages/')).toBe(1);
    expect(h.fake.count(from, 'POST', '/messages')).toBe(1);
  });

  it('drops the bot\'s own messages without fetching them', async () => {
    const engine = new ScriptedEngine();
    h = await startHarness({ engine });
    const ann = h.fake.addPerson('Ann', 'ann@example.com');
    const room = h.fake.directRoom(ann);
    await h.fake.userSays(ann, room, 'hi');
    await h.quiet();
    // The fake delivered the bot's reply back to it, as Webex does.
    const own = h.fake.deliveries.filter((d) => d.dataId === h.fake.sent[0]?.id);
    expect(own).toHaveLength(1);
    expect(h.fake.count(0, 'GET', `/messages/${encodeURIComponent(h.fake.sent[0]?.id ?? '')}`)).toBe(0);
    expect(engine.inbounds).toHaveLength(1);
  });

  it('reads the raw bytes when restify bodyParser runs for every route (Teams on the same server)', async () => {
    const engine = new ScriptedEngine();
    h = await startHarness({ engine, globalBodyParser: true });
    const ann = h.fake.addPerson('Ann', 'ann@example.com');
    await h.fake.userSays(ann, h.fake.directRoom(ann), 'Привет, нужен Suite ✓');
    await h.quiet();
    expect(engine.inbounds[0]).toMatchObject({ kind: 'message', text: 'Привет, нужен Suite ✓' });
    expect(await h.fake.post(`${h.baseUrl}/api/webex`, '{"a":1}', 'nope')).toBe(401);
  });

  it('maps a direct message to the Inbound union', async () => {
    const engine = new ScriptedEngine();
    h = await startHarness({ engine });
    const ann = h.fake.addPerson('Ann', 'ann@example.com');
    const room = h.fake.directRoom(ann);
    const msg = await h.fake.userSays(ann, room, 'I want Suite');
    await h.quiet();
    expect(engine.inbounds[0]).toMatchObject({
      kind: 'message', id: msg.id, text: 'I want Suite',
      address: { channel: 'webex', id: room.id, group: false, ref: { roomId: room.id, roomType: 'direct', personId: ann.id, personEmail: 'ann@example.com' } },
      user: { id: ann.id, email: 'ann@example.com' },
    });
  });
});
