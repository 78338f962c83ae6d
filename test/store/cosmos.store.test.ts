import { CosmosClient } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, isAppError, StoreConflictError } from '../../src/services/errors.js';
import { createCosmosStore, type CosmosRequestInfo } from '../../src/services/store/cosmos.store.js';
import { toAppError } from '../../src/services/store/cosmos.errors.js';
import { startLocalCosmos, type LocalCosmos } from '../support/cosmos-server.js';
import { conversation, order } from './fixtures.js';
import { ManualClock } from './manual-clock.js';
import { storeContract } from './store.contract.js';

let cosmos: LocalCosmos;
let dbCounter = 0;
beforeAll(async () => { cosmos = await startLocalCosmos(); });
afterAll(async () => { await cosmos.close(); });

function config(database: string, clock: ManualClock, extra: { defaultTtlSeconds?: number; onRequest?: (i: CosmosRequestInfo) => void } = {}) {
  return { endpoint: cosmos.endpoint, key: cosmos.key, database, clock, ...extra };
}

// The local server never expires items: the contract's TTL tests pass through the store's clock-based expiry on
// read, the test below asserts that the `ttl` field real Cosmos DB acts on is written, and the one check that
// needs the server's own expiry (a replace with an etag held across expiry) is skipped.
storeContract('cosmos', async ({ clock, defaultTtlSeconds }) => {
  const database = `contract-${++dbCounter}`;
  const store = await createCosmosStore(config(database, clock, { defaultTtlSeconds }));
  const more: Awaited<ReturnType<typeof createCosmosStore>>[] = [];
  return {
    store,
    // A second client is a second bot instance: nothing shared but the server.
    open: async () => { const s = await createCosmosStore(config(database, clock, { defaultTtlSeconds })); more.push(s); return s; },
    cleanup: async () => { await Promise.all([store, ...more].map((s) => s.close())); },
  };
}, { serverDecidesExpiryOnWrite: true });

describe('cosmos store specifics', () => {
  it('writes `ttl` on limit items, the rest of their window, so Cosmos DB purges a key once nothing in it counts', async () => {
    const clock = new ManualClock();
    const store = await createCosmosStore(config('raw-limits', clock));
    await store.limits.take('mail-abc', 'e1', clock.now(), 3_600_000, 5);
    clock.advance(600_000);
    await store.limits.take('mail-abc', 'e2', clock.now(), 3_600_000, 5);
    const raw = new CosmosClient({ endpoint: cosmos.endpoint, key: cosmos.key, connectionPolicy: { enableEndpointDiscovery: false } });
    const item = (await raw.database('raw-limits').container('limits').item('mail-abc', 'mail-abc').read<Record<string, unknown>>()).resource;
    expect(item?.ttl).toBe(3_600);
    expect(item?.hits).toEqual([{ id: 'e1', at: clock.now() - 600_000 }, { id: 'e2', at: clock.now() }]);
    raw.dispose();
    await store.close();
  });

  it('writes `ttl` on records that expire (none on the others), beside the caller\'s key', async () => {
    const clock = new ManualClock();
    const store = await createCosmosStore(config('raw-records', clock));
    await store.records.put('hold:acme', 'conv-a', { ttlSeconds: 86_400 });
    await store.records.put('secret:code', 'x');
    const raw = new CosmosClient({ endpoint: cosmos.endpoint, key: cosmos.key, connectionPolicy: { enableEndpointDiscovery: false } });
    const item = async (id: string): Promise<Record<string, unknown> | undefined> =>
      (await raw.database('raw-records').container('records').item(id, id).read<Record<string, unknown>>()).resource;
    expect(await item('hold:acme')).toMatchObject({ key: 'hold:acme', value: 'conv-a', ttl: 86_400 });
    expect((await item('secret:code'))?.ttl).toBeUndefined();
    raw.dispose();
    await store.close();
  });

  it('writes `ttl` on drafts and transcripts (container defaultTtl -1), none on orders', async () => {
    const clock = new ManualClock();
    const store = await createCosmosStore(config('raw-ttl', clock, { defaultTtlSeconds: 2_592_000 }));
    await store.conversations.save(conversation('own-ttl', clock.now(), { ttlSeconds: 90.5 }));
    await store.conversations.save(conversation('default-ttl', clock.now()));
    await store.orders.create(order('o1', 'own-ttl', clock.now()));
    await store.transcripts.append('own-ttl', [{ at: clock.now(), from: 'user', text: 'hi' }]);
    const raw = new CosmosClient({ endpoint: cosmos.endpoint, key: cosmos.key, connectionPolicy: { enableEndpointDiscovery: false } });
    const db = raw.database('raw-ttl');
    const item = async (c: string, id: string): Promise<Record<string, unknown> | undefined> =>
      (await db.container(c).item(id, id).read<Record<string, unknown>>()).resource;
    expect((await item('conversations', 'own-ttl'))?.ttl).toBe(91);
    expect((await item('conversations', 'default-ttl'))?.ttl).toBe(2_592_000);
    expect(await item('orders', 'o1')).not.toHaveProperty('ttl');
    const { resources } = await db.container('transcripts').items.query<Record<string, unknown>>('SELECT * FROM c').fetchAll();
    expect(resources[0]?.ttl).toBe(2_592_000);
    const { resource: props } = await db.container('conversations').read();
    expect(props?.defaultTtl).toBe(-1);
    expect(props?.partitionKey?.paths).toEqual(['/id']);
    const { resource: tprops } = await db.container('transcripts').read();
    expect(tprops?.partitionKey?.paths).toEqual(['/conversationId']);
    raw.dispose();
    await store.close();
  });

  it('measures a typical conversation document and the request charges of a turn', async () => {
    const clock = new ManualClock();
    const calls: CosmosRequestInfo[] = [];
    const store = await createCosmosStore(config('sizes', clock, { defaultTtlSeconds: 2_592_000, onRequest: (i) => calls.push(i) }));
    const doc = conversation('Y2lzY29zcGFyazovL3VzL1JPT00vYmQ4ZTQ2YzA', clock.now());
    const raw = new CosmosClient({ endpoint: cosmos.endpoint, key: cosmos.key, connectionPolicy: { enableEndpointDiscovery: false } });
    const rawItem = async (): Promise<unknown> =>
      (await raw.database('sizes').container('conversations').item(doc.id, doc.id).read()).resource;
    calls.length = 0;
    // One turn as the engine runs it: read, conditional write of snapshot + outbox, then mark the reply sent.
    expect(await store.conversations.get(doc.id)).toBeUndefined();
    const etag = await store.conversations.save(doc);
    const withOutbox = await rawItem();
    await store.conversations.save({ ...doc, outbox: [] }, etag);
    const afterSend = await rawItem();
    raw.dispose();
    const bytes = {
      snapshot: Buffer.byteLength(JSON.stringify(doc.snapshot)),
      document: Buffer.byteLength(JSON.stringify(doc)),
      documentAfterSend: Buffer.byteLength(JSON.stringify({ ...doc, outbox: [] })),
      itemAsStoredWithOutbox: Buffer.byteLength(JSON.stringify(withOutbox)),
      itemAsStoredAfterSend: Buffer.byteLength(JSON.stringify(afterSend)),
    };
    const charges = calls.map((c) => `${c.operation}=${c.requestCharge}`).join(' ');
    console.log(`[store-sizes] conversation bytes ${JSON.stringify(bytes)}; local RU per call: ${charges}`);
    expect(bytes.document).toBeLessThan(1024);
    expect(calls.map((c) => c.operation)).toEqual(['read', 'create', 'replace']);
    expect(calls.every((c) => c.requestCharge === 1 && c.throttledRetries === 0)).toBe(true);
    await store.close();
  });

  it('maps SDK faults to AppError with code and cause', () => {
    const sdk = (code: number | string): Error => Object.assign(new Error(`sdk ${code}`), { code });
    expect(toAppError(sdk(412), 'x')).toBeInstanceOf(StoreConflictError);
    expect(toAppError(sdk(409), 'x')).toBeInstanceOf(StoreConflictError);
    const cases: [number | string, string][] = [
      [429, 'THROTTLED'], [404, 'NOT_FOUND'], [401, 'UNAUTHORIZED'], [403, 'UNAUTHORIZED'], [413, 'PAYLOAD_TOO_LARGE'],
      [400, 'BAD_INPUT'], [408, 'TIMEOUT'], [503, 'UNAVAILABLE'], ['ECONNREFUSED', 'UNAVAILABLE'], [418, 'INTERNAL'],
    ];
    for (const [code, expected] of cases) {
      const e = toAppError(sdk(code), 'op');
      expect(e.code).toBe(expected);
      expect((e.cause as Error).message).toBe(`sdk ${code}`);
    }
    const wrapped = Object.assign(new Error('fetch failed'), { cause: sdk('ECONNRESET') });
    expect(toAppError(wrapped, 'op').code).toBe('UNAVAILABLE');
  });

  it('fails start-up with a typed error when the server is unreachable', async () => {
    const down = await startLocalCosmos();
    await down.close();
    const e: unknown = await createCosmosStore({
      endpoint: down.endpoint, key: down.key, database: 'x', clock: new ManualClock(), retry: { maxRetryAttemptCount: 0 },
    }).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect(isAppError(e, 'UNAVAILABLE')).toBe(true);
  }, 20_000);
});

describe('cosmos store against existing containers', () => {
  it('refuses to start on a container with another partition key or with TTL off', async () => {
    const raw = new CosmosClient({ endpoint: cosmos.endpoint, key: cosmos.key, connectionPolicy: { enableEndpointDiscovery: false } });
    const { database: wrongPk } = await raw.databases.createIfNotExists({ id: 'wrong-pk' });
    await wrongPk.containers.createIfNotExists({ id: 'conversations', partitionKey: { paths: ['/tenant'] }, defaultTtl: -1 });
    const { database: noTtl } = await raw.databases.createIfNotExists({ id: 'no-ttl' });
    await noTtl.containers.createIfNotExists({ id: 'transcripts', partitionKey: { paths: ['/conversationId'] } });
    raw.dispose();
    for (const database of ['wrong-pk', 'no-ttl']) {
      const e: unknown = await createCosmosStore(config(database, new ManualClock())).then(() => undefined, (x: unknown) => x);
      expect(isAppError(e, 'BAD_INPUT')).toBe(true);
    }
  });
});
