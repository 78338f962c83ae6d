import { afterEach, describe, expect, it } from 'vitest';
import type { Inbound } from '../../src/dialogs/channel.types.js';
import { createFakeEngine, type FakeEngine } from './fake-engine.js';
import { fixture, startHarness, type Harness } from './harness.js';

type Json = Record<string, unknown>;

const PERSONAL_CONVERSATION = 'a:1Xy9kQw3ErTyUiOpAsDfGhJkLzXcVbNm-8Qw7Er6Ty5Ui4Op3As2Df1GhJkL';
const AAD_ID = '6c1f2b3e-8d4a-4f5b-9c7e-1a2b3c4d5e6f';
const MEMBER_ID = '29:1tZ6Uq0dXkB9yVfX4k1pQ8sW2rJmN7cH3gLbE5aYoKiD0uSvTzWxRnPq';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(engine: FakeEngine = createFakeEngine(), config = {}): Promise<Harness> {
  harness = await startHarness(engine, config);
  harness.capture.addMember({ id: MEMBER_ID, name: 'Anna Schmidt', aadObjectId: AAD_ID, email: 'anna@example.com' });
  return harness;
}

function record(value: unknown): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return value as Json;
}

function cardIn(activity: Json): Json {
  const attachments = activity['attachments'];
  if (!Array.isArray(attachments)) throw new Error('no attachments');
  return record(record(attachments[0])['content']);
}

function lastInbound(engine: FakeEngine): Inbound {
  const last = engine.inbound.at(-1);
  if (!last) throw new Error('engine saw nothing');
  return last;
}

/** Sends "card" in personal chat and returns the id Teams gave the card message. */
async function sendCard(h: Harness): Promise<string> {
  await h.post(fixture('personal-message', { id: 'card-1', text: 'show me the card' }));
  await h.capture.waitFor(() => h.capture.messages().length > 0);
  const sent = h.capture.messages()[0];
  if (!sent) throw new Error('no card sent');
  return sent.id;
}

describe('Teams adapter over HTTP (emulator mode)', () => {
  it('welcomes on install in the language of the activity', async () => {
    const engine = createFakeEngine();
    const h = await start(engine);
    const res = await h.post(fixture('conversation-update-bot-added'));
    expect(res.status).toBe(200);
    expect(h.capture.messages(PERSONAL_CONVERSATION)[0]?.activity['text']).toContain('Здравствуйте');
    expect(lastInbound(engine)).toMatchObject({ kind: 'joined', locale: 'ru-RU', user: { id: AAD_ID } });

    const { locale: _locale, ...noLocale } = fixture('conversation-update-bot-added', {
      id: 'f:second-install',
      entities: [{ type: 'clientInfo', locale: 'ru-RU', country: 'RU', platform: 'Mac' }],
    });
    await h.post(noLocale);
    expect(lastInbound(engine)).toMatchObject({ kind: 'joined', locale: 'ru-RU' });
  });

  it('ignores members other than the bot being added', async () => {
    const engine = createFakeEngine();
    const h = await start(engine);
    const res = await h.post(fixture('conversation-update-bot-added', { membersAdded: [{ id: '29:someone-else' }] }));
    expect(res.status).toBe(200);
    expect(engine.inbound).toHaveLength(0);
  });

  it('turns a personal message into an Inbound and answers with suggested actions', async () => {
    const engine = createFakeEngine();
    const h = await start(engine);
    const res = await h.post(fixture('personal-message'));
    expect(res.status).toBe(200);
    expect(lastInbound(engine)).toMatchObject({
      kind: 'message',
      id: '1763975551457',
      text: 'I want to upgrade',
      locale: 'en-US',
      user: { id: AAD_ID, name: 'Anna Schmidt', email: 'anna@example.com' },
      address: { channel: 'teams', id: PERSONAL_CONVERSATION, group: false },
    });
    const [reply] = h.capture.messages(PERSONAL_CONVERSATION);
    expect(reply?.replyToId).toBe('1763975551457');
    expect(reply?.activity).toMatchObject({
      type: 'message',
      text: 'Which plan?',
      textFormat: 'markdown',
      suggestedActions: { actions: [{ type: 'imBack', title: 'Webex Suite', value: 'suite' }, { title: 'Webex Meetings' }] },
    });
  });

  it('renders cards as Adaptive Card 1.5 with Universal Actions and a text fallback', async () => {
    const h = await start();
    await sendCard(h);
    const activity = h.capture.messages()[0]?.activity ?? {};
    const card = cardIn(activity);
    expect(activity['summary']).toBe('How would you like to pay? Yearly or monthly.');
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5', fallbackText: 'How would you like to pay? Yearly or monthly.' });
    expect(card['actions']).toEqual([
      {
        type: 'Action.Execute', title: 'Yearly', verb: 'choice', data: { choice: 'annual' },
        fallback: { type: 'Action.Submit', title: 'Yearly', data: { choice: 'annual' } },
      },
      {
        type: 'Action.Execute', title: 'Monthly', verb: 'choice', data: { choice: 'monthly' },
        fallback: { type: 'Action.Submit', title: 'Monthly', data: { choice: 'monthly' } },
      },
    ]);
  });

  it('takes an Action.Submit card submission and retires the used card', async () => {
    const engine = createFakeEngine();
    const h = await start(engine);
    const cardId = await sendCard(h);
    const res = await h.post(fixture('personal-submit', { replyToId: cardId, value: { choice: 'annual', seats: '25' } }));
    expect(res.status).toBe(200);
    expect(lastInbound(engine)).toMatchObject({ kind: 'submit', value: { choice: 'annual', seats: '25' }, cardId });
    expect(h.capture.messages().at(-1)?.activity['text']).toBe('You chose **annual**.');
    const update = h.capture.updates[0];
    expect(update?.activityId).toBe(cardId);
    const used = cardIn(update?.activity ?? {});
    expect(JSON.stringify(used)).toContain('Seats: 25');
    expect(used['actions']).toMatchObject([{ title: '✓ Yearly', isEnabled: false }, { title: 'Monthly', isEnabled: false }]);
  });

  it('answers an Action.Execute invoke with the refreshed, disabled card', async () => {
    const engine = createFakeEngine();
    const h = await start(engine);
    const cardId = await sendCard(h);
    const res = await h.post(fixture('adaptive-card-action', { replyToId: cardId }));
    expect(res.status).toBe(200);
    const body = record(res.body);
    expect(body['statusCode']).toBe(200);
    expect(body['type']).toBe('application/vnd.microsoft.card.adaptive');
    const card = record(body['value']);
    expect(card['version']).toBe('1.5');
    expect(card['actions']).toMatchObject([
      { type: 'Action.Execute', title: '✓ Yearly', style: 'positive', isEnabled: false, fallback: { isEnabled: false } },
      { type: 'Action.Execute', title: 'Monthly', isEnabled: false },
    ]);
    expect(JSON.stringify(card)).not.toContain('Input.Text');
    expect(lastInbound(engine)).toMatchObject({ kind: 'submit', value: { choice: 'annual' }, cardId });
    expect(h.capture.messages().at(-1)?.activity['text']).toBe('You chose **annual**.');

    // A card the bot no longer remembers still comes back used, with the chosen title.
    const unknown = await h.post(fixture('adaptive-card-action', { id: 'f:other', replyToId: '1:forgotten' }));
    expect(JSON.stringify(record(unknown.body)['value'])).toContain('✓ Yearly');
  });

  it('strips the mention in a channel and moves personal questions to a new 1:1 chat', async () => {
    const engine = createFakeEngine();
    const h = await start(engine);
    const channelFixture = fixture('channel-mention');
    const channelId = String(record(channelFixture['conversation'])['id']);
    expect((await h.post(channelFixture)).status).toBe(200);
    expect(lastInbound(engine)).toMatchObject({
      kind: 'message',
      text: 'we want Webex Suite for 25 people',
      address: { id: channelId, group: true },
      user: { id: AAD_ID },
    });
    const created = h.capture.created[0];
    expect(created?.parameters).toMatchObject({
      isGroup: false,
      members: [{ id: MEMBER_ID }],
      tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      channelData: { tenant: { id: '72f988bf-86f1-41af-91ab-2d7cd011db47' } },
    });
    const inChannel = h.capture.messages(channelId).map((m) => String(m.activity['text']));
    expect(inChannel).toEqual([
      'Webex Suite for 25 people: good choice.',
      'I have sent you a private message to continue: personal details stay between us.',
    ]);
    expect(h.capture.messages(created?.id).map((m) => m.activity['text'])).toEqual(['What is your billing address?']);

    // The answer in the 1:1 chat continues the channel's conversation; the channel is not told twice.
    const inChat = fixture('personal-message', {
      id: '1763976055555',
      text: 'Hauptstrasse 1, Berlin (street address)',
      conversation: { conversationType: 'personal', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', id: created?.id },
    });
    expect((await h.post(inChat)).status).toBe(200);
    expect(lastInbound(engine)).toMatchObject({ kind: 'message', address: { id: channelId, group: true }, user: { id: AAD_ID } });
    expect(h.capture.messages(created?.id).map((m) => m.activity['text'])).toEqual([
      'What is your billing address?',
      'Is this address right?',
    ]);
    expect(h.capture.messages(channelId)).toHaveLength(2);

    // The next personal reply goes to the same 1:1 chat without opening another.
    await h.post(fixture('channel-mention', { id: '1763976099999' }));
    expect(h.capture.created).toHaveLength(1);
    expect(h.capture.messages(created?.id)).toHaveLength(3);
  });

  it('sends proactive messages through the stored conversation reference', async () => {
    const engine = createFakeEngine();
    const h = await start(engine);
    await h.post(fixture('personal-message'));
    const before = h.capture.messages().length;
    await engine.dispatch({ id: 'ev-1', conversationId: PERSONAL_CONVERSATION, event: { type: 'PROVISIONING_COMPLETE' } });
    const proactive = h.capture.messages(PERSONAL_CONVERSATION).slice(before);
    expect(proactive.map((m) => m.activity['text'])).toEqual(['Event: PROVISIONING_COMPLETE']);

    const address = lastInbound(engine);
    if (address.kind === 'unsupported' || !address.address) throw new Error('expected an address');
    // The stored reference survives a JSON round trip, as it does through the conversation store.
    const stored = JSON.parse(JSON.stringify(address.address)) as typeof address.address;
    await h.adapter.sender.deliver(stored, [{ text: 'Your **Webex** site is ready.\nSign in now.' }]);
    expect(h.capture.messages().at(-1)?.activity['text']).toBe('Your **Webex** site is ready.\n\nSign in now.');
  });

  it('produces one reply when Teams delivers the same activity twice', async () => {
    const engine = createFakeEngine({ delayMs: 300 });
    const h = await start(engine);
    const activity = fixture('personal-message', { id: 'retry-1', text: 'hello' });
    const [first, second] = await Promise.all([h.post(activity), h.post(activity)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    await h.post(activity);
    expect(h.capture.messages().filter((m) => m.activity['text'] === 'You said: hello')).toHaveLength(1);
    expect(engine.inbound.filter((i) => i.id === 'retry-1')).toHaveLength(3);
  });

  it('shows a typing indicator while a slow turn runs', async () => {
    const h = await start(createFakeEngine({ delayMs: 600 }));
    await h.post(fixture('personal-message', { id: 'slow-1', text: 'hello' }));
    const types = h.capture.sent.map((s) => s.activity['type']);
    expect(types[0]).toBe('typing');
    expect(types.at(-1)).toBe('message');
  });

  it('sends no typing indicator for a quick turn', async () => {
    const h = await start(createFakeEngine());
    await h.post(fixture('personal-message', { id: 'quick-1', text: 'hello' }));
    expect(h.capture.sent.map((s) => s.activity['type'])).toEqual(['message']);
  });

  it('refuses malformed activities with 400 and keeps serving', async () => {
    const engine = createFakeEngine();
    const h = await start(engine);
    const { conversation: _c, ...noConversation } = fixture('personal-message');
    const { id: _id, ...noId } = fixture('personal-message');
    expect((await h.post(noConversation)).status).toBe(400);
    expect((await h.post(noId)).status).toBe(400);
    expect((await h.post(fixture('personal-message', { serviceUrl: 'not a url' }))).status).toBe(400);
    expect((await h.post(fixture('personal-message', { type: 42 }))).status).toBe(400);
    expect((await h.post([1, 2, 3])).status).toBe(400);
    expect((await h.postRaw('{"type": "message",', 'application/json')).status).toBe(400);
    expect((await h.postRaw('hello', 'text/plain')).status).toBe(400);
    // Found by the fuzzer: in a channel, botbuilder's mention removal read entity.type and mention.mentioned.id
    // unchecked, and an entity without them was a 500.
    expect((await h.post(fixture('channel-mention', { entities: [{}] }))).status).toBe(400);
    expect((await h.post(fixture('channel-mention', { entities: [{ type: 'mention', text: '<at>Upgrade Bot</at>' }] }))).status).toBe(400);
    expect(engine.inbound).toHaveLength(0);
    expect((await h.post(fixture('personal-message'))).status).toBe(200);
  });

  it('answers invokes it does not handle with 501', async () => {
    const h = await start();
    const res = await h.post(fixture('adaptive-card-action', { name: 'task/fetch', value: {} }));
    expect(res.status).toBe(501);
  });
});

describe('Teams adapter with an app id', () => {
  it('answers 401 to a request without a valid token and runs no turn', async () => {
    const engine = createFakeEngine();
    const h = await start(engine, {
      appId: '0b5e8c3a-2f4d-4e6a-9b1c-7d8e9f0a1b2c',
      appPassword: 'not-a-real-secret',
      tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    });
    expect(h.adapter.emulatorMode).toBe(false);
    // A Bot Connector host (the allow-list lets it through to authentication), not the capture.
    const activity = fixture('personal-message', { serviceUrl: 'https://smba.infra.gcc.teams.microsoft.com/teams/' });
    expect((await h.post(activity)).status).toBe(401);
    expect((await h.post(activity, { authorization: 'Bearer not.a.jwt' })).status).toBe(401);
    expect(engine.inbound).toHaveLength(0);
    expect(h.capture.sent).toHaveLength(0);
  });

  it('requires a tenant for a single-tenant bot', async () => {
    await expect(startHarness(createFakeEngine(), { appId: '0b5e8c3a-2f4d-4e6a-9b1c-7d8e9f0a1b2c' })).rejects.toThrow(
      /MicrosoftAppTenantId/,
    );
  });
});
