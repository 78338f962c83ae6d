import type { Container, ItemDefinition } from '@azure/cosmos';
import type { Clock } from '../clock.port.js';
import { StoreConflictError } from '../errors.js';
import type { LimitStore, RecordStore } from '../store.port.js';
import { clone, countLimit, isExpired, limitTtlSeconds, type LimitHit } from './common.js';
import { cosmosStatus, toAppError } from './cosmos.errors.js';
import type { CosmosContext } from './cosmos.setup.js';
import { safeId } from './ids.js';

/*
 * The small keyed items that expire by `ttl` (limit counts, shared records), kept apart from cosmos.store.ts.
 * `writtenAt` is the store clock at the write: reads treat an item as gone once `ttl` has passed by that clock, the
 * same rule as the memory and file stores; the server's own TTL purge removes it for good.
 */
interface LimitItem { id: string; hits: LimitHit[]; writtenAt: number; ttl?: number }
/** `key` keeps the caller's key when the item id is its hash. */
interface RecordItem { id: string; key: string; value: unknown; writtenAt: number; ttl?: number }
type Read<T> = T & ItemDefinition & { _etag?: string };
type ContainerName = Parameters<CosmosContext['call']>[1];

/** Conditional writes of one limit key that lose to other instances before `take` gives up. */
const LIMIT_WRITE_ATTEMPTS = 8;

export const ttlField = (seconds: number | undefined): { ttl?: number } =>
  seconds !== undefined && seconds > 0 ? { ttl: Math.ceil(seconds) } : {};

/** A point read; undefined for a missing item (404). */
export async function readItem<T extends { id: string }>(
  ctx: CosmosContext, container: Container, name: ContainerName, id: string,
): Promise<Read<T> | undefined> {
  try {
    // The v4 SDK answers a missing item with statusCode 404 and no resource rather than throwing.
    const res = await ctx.call('read', name, () => container.item(id, id).read<Read<T>>());
    return res.resource;
  } catch (e) {
    if (cosmosStatus(e) === 404) return undefined;
    throw toAppError(e, `read ${name} ${id}`);
  }
}

export async function deleteItem(ctx: CosmosContext, container: Container, name: ContainerName, id: string,
  partitionKey: string = id): Promise<void> {
  try {
    await ctx.call('delete', name, () => container.item(id, partitionKey).delete());
  } catch (e) {
    if (cosmosStatus(e) !== 404) throw toAppError(e, `delete ${name} ${id}`);
  }
}

export function cosmosLimits(ctx: CosmosContext, clock: Clock): LimitStore {
  const container = ctx.containers.limits;
  const isLive = (item: { writtenAt: number; ttl?: number }): boolean => !isExpired(item.writtenAt, item.ttl, clock.now());
  return {
    async take(key, id, now, windowMs, max) {
      const itemId = safeId(key);
      for (let attempt = 0; attempt < LIMIT_WRITE_ATTEMPTS; attempt++) {
        const item = await readItem<LimitItem>(ctx, container, 'limits', itemId);
        const { result, next } = countLimit(item && isLive(item) ? item.hits : [], id, now, windowMs, max);
        if (!next) return result;
        const writtenAt = clock.now();
        const doc: LimitItem = { id: itemId, hits: next, writtenAt, ...ttlField(limitTtlSeconds(next, windowMs, writtenAt)) };
        try {
          // Create when absent, else replace what we read: another instance's count in between means read again.
          if (item?._etag) {
            await ctx.call('replace', 'limits', () => container.item(itemId, itemId).replace(doc, { accessCondition: { type: 'IfMatch', condition: item._etag ?? '' } }));
          } else {
            await ctx.call('create', 'limits', () => container.items.create(doc));
          }
          return result;
        } catch (e) {
          const status = cosmosStatus(e);
          if (status !== 409 && status !== 412 && status !== 404) throw toAppError(e, `count limit ${itemId}`);
        }
      }
      throw new StoreConflictError(`limit ${itemId}: too many concurrent writers`);
    },
    async peek(key, now, windowMs, max) {
      const item = await readItem<LimitItem>(ctx, container, 'limits', safeId(key));
      return countLimit(item && isLive(item) ? item.hits : [], undefined, now, windowMs, max).result;
    },
  };
}

/**
 * Records (pk /id): `ifAbsent` is a create (409: someone holds it), `ifEtag` a replace with IfMatch (412/404: changed
 * or gone), so a claim or an update is decided by the server, whichever instance asks.
 */
export function cosmosRecords(ctx: CosmosContext, clock: Clock): RecordStore {
  const container = ctx.containers.records;
  const isLive = (item: { writtenAt: number; ttl?: number }): boolean => !isExpired(item.writtenAt, item.ttl, clock.now());
  const replace = async (item: RecordItem, etag: string): Promise<string> => {
    try {
      const res = await ctx.call('replace', 'records', () => container.item(item.id, item.id)
        .replace(item, { accessCondition: { type: 'IfMatch', condition: etag } }));
      return res.etag;
    } catch (e) {
      const status = cosmosStatus(e);
      if (status === 412 || status === 404) throw new StoreConflictError(`record ${item.key} changed or is gone (${status})`, { cause: e });
      throw toAppError(e, `replace record ${item.key}`);
    }
  };
  return {
    async get(key) {
      const item = await readItem<RecordItem>(ctx, container, 'records', safeId(key));
      if (!item || !isLive(item) || !item._etag) return undefined;
      return { value: clone(item.value), etag: item._etag };
    },
    async put(key, value, write = {}) {
      const item: RecordItem = { id: safeId(key), key, value, writtenAt: clock.now(), ...ttlField(write.ttlSeconds) };
      if (write.ifEtag !== undefined) return replace(item, write.ifEtag);
      if (write.ifAbsent !== true) {
        try {
          const res = await ctx.call('upsert', 'records', () => container.items.upsert(item));
          return res.etag;
        } catch (e) {
          throw toAppError(e, `write record ${key}`);
        }
      }
      try {
        const res = await ctx.call('create', 'records', () => container.items.create(item));
        return res.etag;
      } catch (e) {
        if (cosmosStatus(e) !== 409) throw toAppError(e, `create record ${key}`);
      }
      // Expired by our clock but not yet purged by the server: gone for readers, so the claim may take its place.
      const existing = await readItem<RecordItem>(ctx, container, 'records', item.id);
      if (existing && !isLive(existing) && existing._etag) return replace(item, existing._etag);
      throw new StoreConflictError(`record ${key} exists`);
    },
    async delete(key) {
      await deleteItem(ctx, container, 'records', safeId(key));
    },
  };
}
