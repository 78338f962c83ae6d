import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenFromUrl } from '../../src/services/payments/index.js';
import { createSystemClock } from '../../src/services/clock.js';
import { createCosmosStore, type CosmosRequestInfo } from '../../src/services/store/index.js';
import type { Store } from '../../src/services/store.port.js';
import { startLocalCosmos, type LocalCosmos } from '../support/cosmos-server.js';
import { startEngineBot, type EngineBot } from './bot.js';

/**
 * What a turn costs in storage: Cosmos requests per turn (the local server charges 1 RU per request, so the RU
 * figure here is a request count; real charges are logged from the SDK's requestCharge by the store's onRequest),
 * and the conversation document's size at the cart and when done (a point read of an item up to 1 KB is 1 RU).
 */
let cosmos: LocalCosmos;
let store: Store;
let bot: EngineBot;
const requests: CosmosRequestInfo[] = [];

beforeAll(async () => {
  cosmos = await startLocalCosmos();
  store = await createCosmosStore({
    endpoint: cosmos.endpoint, key: cosmos.key, database: `cost-${process.pid}`, clock: createSystemClock(),
    onRequest: (info) => requests.push(info),
  });
  bot = await startEngineBot(store, { provisioningDelayMs: 0 });
}, 30_000);

afterAll(async () => {
  await store?.close();
  await cosmos?.close();
});

interface TurnCost { input: string; step: string | undefined; requests: number; ru: number; ops: string }

async function measured(input: string, run: () => Promise<{ step: string | undefined }>, costs: TurnCost[]): Promise<void> {
  const from = requests.length;
  const out = await run();
  const mine = requests.slice(from);
  const ops = new Map<string, number>();
  for (const r of mine) ops.set(`${r.operation}:${r.container}`, (ops.get(`${r.operation}:${r.container}`) ?? 0) + 1);
  costs.push({
    input, step: out.step, requests: mine.length, ru: mine.reduce((s, r) => s + r.requestCharge, 0),
    ops: [...ops.entries()].map(([k, n]) => `${k}${n > 1 ? `x${n}` : ''}`).join(' '),
  });
}

async function docBytes(): Promise<number> {
  const cur = await store.conversations.get(bot.conversationId('cost'));
  if (!cur) throw new Error('not stored');
  // The item as stored: the document under `doc`, plus id, writtenAt and ttl (Cosmos adds ~150 bytes of system fields).
  return Buffer.byteLength(JSON.stringify({ id: cur.value.id, doc: cur.value, writtenAt: Date.now(), ttl: 2_592_000 }));
}

describe('storage cost of a purchase on Cosmos DB', () => {
  it('counts requests per turn and document sizes at the cart and at the end', async () => {
    const costs: TurnCost[] = [];
    const say = (text: string) => measured(text, () => bot.say('cost', text), costs);
    for (const text of ['I want to upgrade', 'Suite', 'annual', '25', 'no']) await say(text);
    const atCart = await docBytes();
    expect(costs.at(-1)?.step).toBe('cart');
    await say('checkout');
    await say('jane@acme.com');
    const code = /\b(\d{6})\b/.exec(bot.mailer.messages.at(-1)?.text ?? '')?.[1];
    if (!code) throw new Error('no code mailed');
    await say(code);
    for (const text of ['100 Congress Ave, Austin, TX 78701, USA', 'yes', 'same as billing']) await say(text);
    await measured('[callingPlan form]', () => bot.submit('cost', { form: 'callingPlan', newNumbers: '2', area: '512' }), costs);
    for (const text of ['yes', 'yes']) {
      if (bot.replies('cost').some((r) => /\/pay\//.test(r.text))) break;
      await say(text);
    }
    const link = bot.replies('cost').map((r) => /(https?:\/\/\S*\/pay\/[A-Za-z0-9_-]+)/.exec(r.text.replace(/\]\(/g, " "))?.[1]).filter(Boolean).at(-1);
    if (!link) throw new Error(`no payment link in ${bot.replies('cost').map((r) => r.text).join('\n')}`);
    await measured('[payment succeeded]', async () => {
      const paid = await bot.payments.complete(tokenFromUrl(link), 'succeeded');
      expect(paid.status, link).toBe('completed');
      return { step: (await bot.core.engine.peek(bot.conversationId('cost')))?.snapshot.context.step };
    }, costs);
    await say('I accept');
    await measured('[sweep: provisioning timer]', async () => {
      await bot.core.engine.sweep();
      return { step: (await bot.core.engine.peek(bot.conversationId('cost')))?.snapshot.context.step };
    }, costs);
    const atDone = await docBytes();
    const userTurns = costs.filter((c) => !c.input.startsWith('['));
    const perTurn = userTurns.reduce((s, c) => s + c.requests, 0) / userTurns.length;
    console.info('cost per turn\n' + costs.map((c) => `${c.input.padEnd(44)} ${String(c.step).padEnd(14)} ${String(c.requests).padStart(2)} req  ${c.ops}`).join('\n'));
    console.info('cost figures', JSON.stringify({ userTurns: userTurns.length, requestsPerUserTurn: Number(perTurn.toFixed(2)), bytesAtCart: atCart, bytesAtDone: atDone }));
    expect(costs.at(-1)?.step).toBe('done');
    expect(await store.orders.byConversation(bot.conversationId('cost'))).toHaveLength(1);

    expect(atCart).toBeLessThan(2048);
  }, 30_000);
});
