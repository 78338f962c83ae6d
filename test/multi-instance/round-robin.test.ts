import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationKey } from '../../src/dialogs/snapshot.js';
import { createSystemClock } from '../../src/services/clock.js';
import { listOutbox } from '../../src/services/mail/index.js';
import { createCosmosStore } from '../../src/services/store/cosmos.store.js';
import type { Store } from '../../src/services/store.port.js';
import { startLocalCosmos, type LocalCosmos } from '../support/cosmos-server.js';
import { FakeWebexApi, webexId, type Person, type Room, type StoredMessage } from '../support/fake-webex-api.js';
import { startTeamsCapture, type TeamsCapture } from '../support/teams-capture.js';
import { fixture } from '../teams/harness.js';
import { startBalancer, type Balancer } from './balancer.js';
import { freePort, removeDir, startBot, tempDir, type BotProcess } from './bots.js';

/**
 * Three bot processes on one (local) Cosmos DB behind a round-robin balancer that sends each request of a
 * conversation to another instance than the one before: messages, card clicks, the payment page and the sales
 * thread. Webex purchases start in a group space and finish in the buyer's 1:1 space; Teams purchases start in a
 * channel thread and finish in the 1:1 chat the bot opens. Two of them go through sales (a tax exemption approved
 * in the Webex sales space). All run at once, and every instance is restarted (SIGTERM, then a new process on the
 * same port) while they do. Every purchase must finish with one order, every reply shown once, one site name each.
 */
type Json = Record<string, unknown>;
const INSTANCES = 3;
const WEBHOOK_SECRET = 'round-robin-webhook-secret';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CHANNEL = '19:rr-sales-less-channel@thread.tacv2';
/** Every buyer types this site name: one gets it, the others are offered another, never the same. */
const SITE = 'globex';
const WAIT_MS = 30_000;

let cosmos: LocalCosmos;
let capture: TeamsCapture;
let fake: FakeWebexApi;
let balancer: Balancer;
let store: Store;
let salesRoom: Room;
let alex: Person;
const bots: BotProcess[] = [];
/** Every process started, restarted ones included, for their logs. */
const everyProcess: BotProcess[] = [];
const dataDirs: string[] = [];
let env: Record<string, string>;
let turns = 0;
const started = Date.now();
/**
 * The rolling restart overlaps the purchases: restart i begins at turn RESTART_AT[i] and turns past GATE_AT[i] wait
 * until it is done, so every restart happens while conversations are in the middle of their turns.
 */
const RESTART_AT = [15, 45, 75] as const;
const GATE_AT = [30, 60, 90] as const;
const restarted: Promise<void>[] = [];
const restartDone: (() => void)[] = [];
for (let i = 0; i < INSTANCES; i++) restarted.push(new Promise<void>((resolve) => { restartDone.push(resolve); }));
/** Counts a user action and holds it while a restart it must overlap is still under way. */
async function nextTurn(): Promise<void> {
  const n = ++turns;
  await Promise.all(GATE_AT.flatMap((at, i) => (n > at ? [restarted[i]] : [])));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => { setTimeout(r, ms); });
async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, context?: () => string): Promise<T> {
  const end = Date.now() + WAIT_MS;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${context ? `; last shown: ${context()}` : ''}`);
    await sleep(25);
  }
}

beforeAll(async () => {
  cosmos = await startLocalCosmos();
  capture = await startTeamsCapture();
  fake = await new FakeWebexApi().start();
  alex = fake.addPerson('Alex Agent', 'alex@sales.example');
  salesRoom = fake.groupRoom([alex]);
  const ports = await Promise.all(Array.from({ length: INSTANCES }, () => freePort()));
  balancer = await startBalancer(ports);
  const database = `round-robin-${process.pid}`;
  env = {
    STORE: 'cosmos', COSMOS_ENDPOINT: cosmos.endpoint, COSMOS_KEY: cosmos.key, COSMOS_DATABASE: database,
    CODE_SECRET: 'round-robin-code-secret-0123456789abcdef', PUBLIC_URL: balancer.url,
    WEBEX_BOT_TOKEN: fake.token, WEBEX_WEBHOOK_SECRET: WEBHOOK_SECRET, WEBEX_API_URL: fake.url,
    SALES_WEBEX_ROOM_ID: salesRoom.id, SALES_AGENTS: 'Alex Agent <alex@sales.example>',
    // The default outbox lease (30 s): a shorter one lapses under a cold start's slow first posts, and a lapsed reply
    // in a Webex group space (whose history a bot cannot read) is posted again: at-least-once, by design.
    SWEEP_INTERVAL_MS: '100', PROVISIONING_DELAY_MS: '300',
  };
  store = await createCosmosStore({ endpoint: cosmos.endpoint, key: cosmos.key, database, clock: createSystemClock() });
  for (let i = 0; i < INSTANCES; i++) dataDirs.push(tempDir(`rr-${i}-`));
  // The first registers the webhook (pointing at the balancer); the others find it.
  bots[0] = await startBot('rr-0', env, { port: ports[0], dataDir: dataDirs[0] });
  const rest = await Promise.all([1, 2].map((i) => startBot(`rr-${i}`, env, { port: ports[i], dataDir: dataDirs[i] })));
  bots[1] = rest[0]!;
  bots[2] = rest[1]!;
  everyProcess.push(...bots);
}, 90_000);

afterAll(async () => {
  await fake?.settled();
  await Promise.all(bots.map((b) => b.kill()));
  await balancer?.close();
  await store?.close();
  await fake?.close();
  await capture?.close();
  await cosmos?.close();
  for (const dir of dataDirs) removeDir(dir);
});

/** A rolling restart: each instance in turn stops gracefully and a new process takes its port. */
const restartLog: string[] = [];
async function restart(slot: number): Promise<void> {
  const at = Date.now();
  const startTurn = turns;
  balancer.setDown(slot, true);
  await bots[slot]?.kill('SIGTERM');
  const next = await startBot(`rr-${slot}-again`, env, { port: balancer.ports[slot], dataDir: dataDirs[slot] });
  bots[slot] = next;
  everyProcess.push(next);
  balancer.setDown(slot, false);
  restartLog.push(`${slot}: turns ${startTurn}-${turns}, ${Date.now() - at} ms`);
}

/** The code mailed for a conversation, by whichever instance mailed it. */
async function codeFor(conversationId: string): Promise<string> {
  return until(`the code of ${conversationId}`, async () => {
    const mails = (await Promise.all(dataDirs.map((d) => listOutbox(join(d, 'outbox'))))).flat().filter((m) => m.conversationId === conversationId);
    return /\b(\d{6})\b/.exec(mails.at(-1)?.text ?? '')?.[1];
  });
}

/** Pays through the balancer: the page is shown by one instance, the button answered by the next. */
async function pay(text: string): Promise<void> {
  const url = /(http:\/\/127\.0\.0\.1:\d+\/pay\/[A-Za-z0-9_-]+)/.exec(text)?.[1];
  if (url === undefined) throw new Error(`no payment link in ${text.slice(-500)}`);
  expect((await fetch(url)).status).toBe(200);
  const res = await fetch(`${url}/confirm`, { method: 'POST', headers: { accept: 'application/json' } });
  expect(await res.json()).toMatchObject({ result: 'succeeded' });
}

const webexShown = (m: StoredMessage): string => `${m.markdown ?? m.text ?? ''}\n${JSON.stringify(m.attachments ?? [])}`;

/** A purchase on Webex: the order in a group space with mentions, the personal steps in the buyer's 1:1 space. */
async function webexPurchase(n: number, name: string, email: string, viaSales: boolean): Promise<string> {
  const buyer = fake.addPerson(name, email);
  const colleague = fake.addPerson(`Colleague ${n}`, `colleague${n}@example.org`);
  const group = fake.groupRoom([buyer, colleague]);
  const direct = fake.directRoom(buyer);
  const conv = conversationKey({ channel: 'webex', id: group.id, group: true }, { id: buyer.id });
  const step = async (room: Room, act: () => Promise<unknown>, expected: RegExp): Promise<string> => {
    await nextTurn();
    const from = fake.sentTo(room).length;
    await act();
    return until(`webex ${n}: ${String(expected)}`, () => fake.sentTo(room).slice(from).map(webexShown).find((t) => expected.test(t)),
      () => fake.sentTo(room).slice(-3).map((m) => webexShown(m).slice(0, 300)).join(' | '));
  };
  const say = (room: Room, text: string, expected: RegExp) => step(room, () => fake.userSays(buyer, room, text, { mention: room.type === 'group' }), expected);
  const click = (room: Room, title: string, expected: RegExp, inputs: Json = {}) => step(room, async () => {
    const card = [...fake.sentTo(room)].reverse().find((m) => ((m.attachments?.[0]?.content.actions ?? []) as Json[]).some((a) => a.title === title));
    if (card === undefined) throw new Error(`webex ${n}: no "${title}" button`);
    await fake.userSubmits(buyer, card.id, title, inputs);
  }, expected);

  await say(group, 'I want to upgrade', /suite/i);
  await click(group, 'Suite', /annual|monthly/i);
  await say(group, 'annual', /licen[cs]e/i);
  if (viaSales) {
    await say(group, `we are a school, tax-exempt (case W${n})`, /tax-exempt|sales/i);
    await say(group, 'yes', /in the queue/);
    await salesApproves(`case W${n}`, `TX-W${n}`, () => fake.sentTo(group).map(webexShown).join('\n'));
  }
  await say(group, '25', /callback/i);
  await click(group, 'Yes', /7,?800\.00/);
  await click(group, 'Checkout', /direct message/);
  await until(`webex ${n}: the email question in 1:1`, () => fake.sentTo(direct).some((m) => /email/i.test(webexShown(m))));
  await say(direct, email, /code/i);
  await say(direct, await codeFor(conv), /billing address/i);
  await say(direct, '100 Congress Ave, Austin, TX 78701, USA', /78701/);
  await click(direct, 'Yes', /service address/i);
  await click(direct, 'Same as billing', /calling plan/i);
  await click(direct, (await latestFormButton(direct)) ?? 'Continue', /webex\.com/, { newNumbers: '2', area: '512' });
  let payment = await say(direct, SITE, /\/pay\/|is taken/);
  if (!/\/pay\//.test(payment)) payment = await click(direct, 'Keep it', /\/pay\//);
  await step(direct, () => pay(payment), /accept/i);
  await click(direct, 'I accept', /order/i);
  await until(`webex ${n}: site ready`, () => fake.sentTo(direct).some((m) => /site is ready/i.test(webexShown(m))));
  return conv;
}

async function latestFormButton(room: Room): Promise<string | undefined> {
  const card = [...fake.sentTo(room)].reverse().find((m) => ((m.attachments?.[0]?.content.actions ?? []) as Json[])
    .some((a) => (a.data as Json | undefined)?.form === 'callingPlan'));
  const action = ((card?.attachments?.[0]?.content.actions ?? []) as Json[]).find((a) => (a.data as Json | undefined)?.form === 'callingPlan');
  return action === undefined ? undefined : String(action.title);
}

/** Sales claims the case (a card press in the sales space) and hands it back with the exemption approved. */
async function salesApproves(marker: string, certificate: string, customerSees: () => string): Promise<void> {
  const card = await until(`the case card for ${marker}`, () => fake.sentTo(salesRoom).find((m) => m.parentId === undefined && webexShown(m).includes(marker)));
  await nextTurn();
  await fake.userSubmits(alex, card.id, 'Claim');
  await until(`${marker}: the customer told who joined`, () => /Alex Agent from sales has joined/.test(customerSees()));
  const msg: StoredMessage = {
    id: webexId('MESSAGE'), roomId: salesRoom.id, roomType: 'group', personId: alex.id, personEmail: alex.emails[0] ?? '',
    text: `${fake.bot.displayName} resume tax-exempt ${certificate}`, mentionedPeople: [fake.bot.id], parentId: card.id, created: new Date().toISOString(),
  };
  fake.storeMessage(msg);
  await nextTurn();
  await fake.fire('messages', { id: msg.id, roomId: salesRoom.id, roomType: 'group', personId: alex.id, personEmail: msg.personEmail, created: msg.created, mentionedPeople: [fake.bot.id] });
  await until(`${marker}: the exemption announced`, () => /no tax will be charged/.test(customerSees()),
    () => `${customerSees().slice(-300)} || sales: ${fake.sentTo(salesRoom).slice(-3).map((m) => webexShown(m).slice(0, 200)).join(' | ')}`);
}

async function teamsPost(activity: Json): Promise<Json> {
  const res = await fetch(`${balancer.url}/api/messages`, { method: 'POST', body: JSON.stringify(activity), headers: { 'content-type': 'application/json' } });
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return text ? JSON.parse(text) as Json : {};
}

const teamsShown = (chatId: string): string[] => capture.messages(chatId).map((m) => JSON.stringify(m.activity));

/** A purchase on Teams: the order in a channel thread, the personal steps in the 1:1 chat the bot opens. */
async function teamsPurchase(n: number, email: string, viaSales: boolean): Promise<string> {
  const thread = `${CHANNEL};messageid=rr-root-${n}`;
  const from = { id: `29:rr-member-${n}`, name: `Teams Buyer ${n}`, aadObjectId: `rr-aad-${n}` };
  const conv = conversationKey({ channel: 'teams', id: thread, group: true }, { id: from.aadObjectId });
  let seq = 0;
  let chat: string | undefined;
  const step = async (where: string, act: () => Promise<unknown>, expected: RegExp): Promise<string> => {
    await nextTurn();
    const at = teamsShown(where).length;
    await act();
    return until(`teams ${n}: ${String(expected)}`, () => teamsShown(where).slice(at).find((t) => expected.test(t)),
      () => capture.messages(where).slice(-2).map((m) => String(m.activity['text'] ?? '')).join(' | '));
  };
  const inThread = (text: string, expected: RegExp) => step(thread, () => teamsPost(fixture('channel-mention', {
    id: `rr-${n}-${++seq}`, serviceUrl: capture.url, from, text: `<at>Upgrade Bot</at> ${text}`,
    conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: thread },
  })), expected);
  const personal = (extra: Json): Json => fixture('personal-message', {
    id: `rr-${n}-${++seq}`, serviceUrl: capture.url, from, ...extra,
    conversation: { conversationType: 'personal', tenantId: TENANT, id: chat },
  });
  const inChat = (text: string, expected: RegExp) => step(chat ?? '', () => teamsPost(personal({ text })), expected);
  /** Presses a button of the latest card in the thread (Action.Execute); the refreshed card comes back in the answer. */
  const press = (title: string, expected: RegExp) => step(thread, async () => {
    const sent = [...capture.messages(thread)].reverse().find((m) => JSON.stringify(m.activity).includes(`"title":"${title}"`));
    const card = ((sent?.activity['attachments'] ?? []) as { content: { body: Json[]; actions: Json[] } }[])[0]?.content;
    const action = card?.actions.find((a) => a['title'] === title);
    if (!sent || !card || !action) throw new Error(`teams ${n}: no "${title}" button`);
    const answer = await teamsPost(fixture('adaptive-card-action', {
      id: `rr-${n}-${++seq}`, serviceUrl: capture.url, from, replyToId: sent.id,
      conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: thread },
      value: { action: { type: 'Action.Execute', title, verb: action['verb'], data: action['data'] }, trigger: 'manual' },
    }));
    // The card came back used, with its own text: whichever instance answered found it in the store.
    expect(JSON.stringify(answer)).toContain(JSON.stringify(String(card.body[0]?.['text'] ?? '')).slice(1, 40));
  }, expected);

  await inThread('I want to upgrade', /suite/i);
  await press('Suite', /annual|monthly/i);
  await inThread('annual', /licen[cs]e/i);
  if (viaSales) {
    await inThread(`we are a school, tax-exempt (case T${n})`, /tax-exempt|sales/i);
    await inThread('yes', /in the queue/);
    await salesApproves(`case T${n}`, `TX-T${n}`, () => teamsShown(thread).join('\n'));
  }
  await inThread('25', /callback/i);
  await press('Yes', /7,?800\.00/);
  await inThread('checkout', /private message/);
  chat = await until(`teams ${n}: the 1:1 chat`, () => capture.created.find((c) => JSON.stringify(c.parameters).includes(from.id))?.id);
  await until(`teams ${n}: the email question in 1:1`, () => teamsShown(chat ?? '').some((t) => /email/i.test(t)));
  await inChat(email, /code/i);
  await inChat(await codeFor(conv), /billing address/i);
  await inChat('100 Congress Ave, Austin, TX 78701, USA', /78701/);
  await inChat('yes', /service address/i);
  await inChat('same as billing', /calling plan/i);
  // From here a shared reply (the site name) goes to the thread, the personal ones (payment) to the 1:1 chat: the
  // person answers where the question was asked.
  const both = async (act: () => Promise<unknown>, expected: RegExp): Promise<{ where: string; text: string }> => {
    await nextTurn();
    const at = { [thread]: teamsShown(thread).length, [chat ?? '']: teamsShown(chat ?? '').length };
    await act();
    return until(`teams ${n}: ${String(expected)}`, () => {
      for (const where of [thread, chat ?? '']) {
        const text = teamsShown(where).slice(at[where]).find((t) => expected.test(t));
        if (text !== undefined) return { where, text };
      }
      return undefined;
    }, () => [thread, chat ?? ''].map((w) => String(capture.messages(w).at(-1)?.activity['text'] ?? '')).join(' | '));
  };
  const answer = (where: string, text: string): Promise<Json> => (where === thread
    ? teamsPost(fixture('channel-mention', {
      id: `rr-${n}-${++seq}`, serviceUrl: capture.url, from, text: `<at>Upgrade Bot</at> ${text}`,
      conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: thread },
    }))
    : teamsPost(personal({ text })));
  const offer = await both(() => teamsPost(personal({ text: undefined, attachments: [], value: { form: 'callingPlan', newNumbers: '2', area: '512' } })), /webex\.com/);
  let payment = await both(() => answer(offer.where, SITE), /\/pay\/|is taken/);
  if (!/\/pay\//.test(payment.text)) payment = await both(() => answer(payment.where, 'yes'), /\/pay\//);
  const consent = await both(() => pay(payment.text), /accept/i);
  await both(() => answer(consent.where, 'I accept'), /order/i);
  await until(`teams ${n}: site ready`, () => [thread, chat ?? ''].some((w) => teamsShown(w).some((t) => /site is ready/i.test(t))));
  return conv;
}

/** Two identical bot posts in a row in one room: a reply shown twice. */
function doubled(posts: string[]): string[] {
  return posts.filter((p, i) => i > 0 && p === posts[i - 1]);
}

describe('three instances behind a round-robin balancer, restarted one by one mid-run', () => {
  it('finishes every Webex (group -> 1:1) and Teams (channel -> 1:1) purchase, sales included, once each', async () => {
    const runStarted = Date.now();
    const purchases = [
      webexPurchase(0, 'Jane Doe', 'jane@acme.com', false),
      webexPurchase(1, 'Demo User', 'demo@example.com', true),
      webexPurchase(2, 'Klaus Müller', 'klaus@beispiel.de', false),
      teamsPurchase(0, 'ivan@romashka.ru', false),
      teamsPurchase(1, 'jane@acme.com', true),
      teamsPurchase(2, 'demo@example.com', false),
    ];
    // The rolling restart runs while the purchases do: one instance after another.
    const restarts = (async () => {
      for (let slot = 0; slot < INSTANCES; slot++) {
        await until(`turn ${RESTART_AT[slot] ?? 0}`, () => turns >= (RESTART_AT[slot] ?? 0));
        await restart(slot);
        restartDone[slot]?.();
      }
      return restartLog.length;
    })();
    const settled = await Promise.allSettled(purchases);
    const restartCount = await restarts;
    const failures = settled.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
    const errorLogs = () => everyProcess.flatMap((b) => b.logs.filter((l) => l.level >= 50).map((l) => `${b.name}: ${l.msg} ${JSON.stringify(l['err'] ?? '').slice(0, 300)}`));
    expect(failures, errorLogs().join('\n')).toEqual([]);
    const conversations = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    await fake.settled();
    await sleep(500); // a reply sent twice would show up now

    const placed = await Promise.all(conversations.map((c) => store.orders.byConversation(c)));
    const orders = placed.map((o) => o.map((x) => x.answers.siteUrl));
    const sites = orders.flat();
    const rooms = [...new Set([...fake.sent.map((m) => m.roomId)])];
    const chats = [...new Set(capture.sent.map((m) => m.conversationId))];
    const doubledPosts = [
      ...rooms.flatMap((r) => doubled(fake.sent.filter((m) => m.roomId === r).map((m) => `${m.parentId ?? ''} ${m.toPersonEmail ?? m.toPersonId ?? ''} ${webexShown(m)}`))),
      ...chats.flatMap((c) => doubled(teamsShown(c))),
    ];
    const cases = await store.cases.list();
    const lb = balancer.stats();
    const figures = {
      instances: INSTANCES, processes: everyProcess.length, restarts: restartCount, conversations: conversations.length,
      turns, orders: sites.length, lost: 6 - conversations.filter((_, i) => orders[i]?.length === 1).length,
      doubled: doubledPosts.length, sites, salesCases: cases.map((c) => c.status),
      requests: lb.served, sameConversationSwitched: `${lb.switched}/${lb.consecutive}`, balancerRetries: lb.retried,
      runMs: Date.now() - runStarted, totalMs: Date.now() - started,
      restartsTook: restartLog, conflictsRetried: everyProcess.reduce((n, b) => n + b.count('concurrent turn; re-applying on the newer state'), 0),
      lapsedLeasesResent: everyProcess.flatMap((b) => b.logs.filter((l) => l.msg === 'webex replies of a lapsed lease reconciled with the room').map((l) => `${b.name}@${String(l.time)} ${String(l.conversation).slice(-12)} found ${String(l.found)} posted ${String(l.posting)}`)),
      errors: everyProcess.flatMap((b) => b.logs.filter((l) => l.level >= 50).map((l) => `${b.name}: ${l.msg}`)),
    };
    console.info('round-robin figures', JSON.stringify(figures));

    expect(restartCount).toBe(INSTANCES);
    expect(orders.map((o) => o.length)).toEqual([1, 1, 1, 1, 1, 1]);
    // One site name per order: the name all six typed went to one of them, the others took a suggestion.
    expect(new Set(sites).size).toBe(6);
    expect(sites).toContain(SITE);
    expect(doubledPosts.map((p) => p.slice(0, 120))).toEqual([]);
    expect(placed.flat().map((o) => o.status)).toEqual(Array.from({ length: 6 }, () => 'provisioned'));
    // Once each: the payment link, the site-ready message (three on Webex, three on Teams).
    const everything = [...fake.sent.map(webexShown), ...capture.sent.map((m) => JSON.stringify(m.activity))];
    expect(everything.filter((t) => /\/pay\/[A-Za-z0-9_-]{20}/.test(t))).toHaveLength(6);
    expect(fake.sent.filter((m) => /site is ready/i.test(webexShown(m)))).toHaveLength(3);
    expect(capture.sent.filter((m) => /site is ready/i.test(JSON.stringify(m.activity)))).toHaveLength(3);
    expect(cases.map((c) => c.status).sort()).toEqual(['resumed', 'resumed']);
    // No reply waited out its lease: nothing was posted again on the chance that it had been lost.
    expect(figures.lapsedLeasesResent).toEqual([]);
    expect(lb.failed).toBe(0);
    // The balancer never gave a conversation the same instance twice in a row (a restarting one was skipped).
    expect(lb.switched).toBe(lb.consecutive);
    expect(figures.errors).toEqual([]);
  }, 150_000);
});
