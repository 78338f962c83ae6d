import { z } from 'zod';
import { createSystemClock } from '../clock.js';
import { AppError, StoreConflictError } from '../errors.js';
import { createMemoryStore } from '../store/memory.store.js';
import type { RecordStore } from '../store.port.js';
import type { AccountDirectory, FreeAccount, SiteDirectory } from '../outside.port.js';
import type { DirectoryData } from './directory-data.js';
import { isValidSiteName, SITE_NAME_MAX_LENGTH, toSiteName } from './site-name.js';

/** Free accounts from the seed file; lookup is case-insensitive and ignores surrounding spaces. */
export function createSimulatedAccounts(data: Pick<DirectoryData, 'accounts'>): AccountDirectory {
  const byEmail = new Map<string, FreeAccount>();
  for (const a of data.accounts) byEmail.set(normaliseEmail(a.email), { ...a });
  return {
    async find(email: string): Promise<FreeAccount | undefined> {
      const found = byEmail.get(normaliseEmail(email));
      return found ? { ...found } : undefined;
    },
  };
}

export interface SimulatedSitesOptions {
  /** Names already claimed elsewhere, e.g. by orders placed before a restart. */
  reserved?: Iterable<string>;
  /** Where holds and claims are kept (the store's records): one name is sold once across instances. Memory by default. */
  records?: RecordStore;
  /** How long a name checked free stays held for the conversation that asked (default 30 days: a draft's life). */
  holdSeconds?: number;
}

export interface SimulatedSites extends SiteDirectory {
  /**
   * Marks a name taken for good once an order is placed for it; a name already claimed keeps its owner. It never
   * throws for a taken name: it runs after the order is stored, and a throw there would only make a placed
   * order's effect fail and retry.
   */
  claim(name: string, owner?: string, holder?: string): Promise<void>;
  isTaken(name: string): Promise<boolean>;
  /** Who claimed the name (an order id), if it was claimed with one. */
  ownerOf(name: string): Promise<string | undefined>;
}

const MAX_SUGGESTION_TRIES = 1000;
const SEARCH_HINTS_MAX = 10_000;
const DEFAULT_HOLD_SECONDS = 30 * 86_400;
/** A stored hold (a conversation checked the name free) or claim (an order was placed for it). */
const claimSchema = z.object({ holder: z.string().optional(), owner: z.string().optional() });
type SiteClaim = z.infer<typeof claimSchema>;

/**
 * Seeded names are taken; others are held in the store for the conversation that checked them free (a create only
 * one instance can win, so two conversations can never both be told a name is free) and claimed for good by the
 * order. A held name is free again for others once its hold lapses.
 */
export function createSimulatedSites(data: Pick<DirectoryData, 'takenSites'>, options: SimulatedSitesOptions = {}): SimulatedSites {
  const seeded = new Set<string>([...data.takenSites, ...(options.reserved ?? [])].map((n) => n.toLowerCase()));
  const records = options.records ?? createMemoryStore({ clock: createSystemClock() }).records;
  const holdSeconds = options.holdSeconds ?? DEFAULT_HOLD_SECONDS;
  const keyOf = (name: string): string => `site:${name}`;

  const stored = async (name: string): Promise<SiteClaim | undefined> => {
    const parsed = claimSchema.safeParse((await records.get(keyOf(name)))?.value);
    return parsed.success ? parsed.data : undefined;
  };
  /** Free for `holder`: nobody else holds or claimed it. */
  const freeFor = async (name: string, holder?: string): Promise<boolean> => {
    if (seeded.has(name)) return false;
    const c = await stored(name);
    return c === undefined || (c.owner === undefined && holder !== undefined && c.holder === holder);
  };

  /** Holds the name for `holder` unless someone else holds it: true when it is the holder's now. */
  async function hold(name: string, holder: string): Promise<boolean> {
    const c = await stored(name);
    if (c !== undefined) return c.owner === undefined && c.holder === holder;
    try {
      await records.put(keyOf(name), { holder }, { ifAbsent: true, ttlSeconds: holdSeconds });
      return true;
    } catch (e) {
      if (!(e instanceof StoreConflictError)) throw e;
      // Another conversation checked the same name at the same moment, on this instance or another: it won.
      return false;
    }
  }

  /**
   * base, then base-2, base-3, ... trimmed so the suffix still fits a DNS label. With a holder the suggestion is held
   * for it too: a yes to it is not checked again.
   */
  const firstFree = async (base: string, holder?: string): Promise<string | undefined> => {
    const take = (name: string): Promise<boolean> => (holder === undefined ? freeFor(name) : hold(name, holder));
    if (base && !seeded.has(base) && await take(base)) return base;
    // Where the last search for this base found a free name: the numbers below it were taken then, so a popular
    // base ("example" for every example.com address) is not walked from 2 with a store read per number each time.
    // Only a hint (per process, bounded): every candidate is still checked against the store.
    const from = Math.min(searchedTo.get(base) ?? 2, MAX_SUGGESTION_TRIES - 1);
    for (let n = from; n < MAX_SUGGESTION_TRIES; n++) {
      const suffix = `-${n}`;
      const stem = (base || 'site').slice(0, SITE_NAME_MAX_LENGTH - suffix.length).replace(/-+$/g, '');
      const candidate = `${stem}${suffix}`;
      if (isValidSiteName(candidate) && !seeded.has(candidate) && await take(candidate)) {
        if (searchedTo.size >= SEARCH_HINTS_MAX) searchedTo.clear();
        searchedTo.set(base, n);
        return candidate;
      }
    }
    return undefined;
  };
  const searchedTo = new Map<string, number>();

  return {
    async check(name: string, holder?: string): Promise<{ available: boolean; suggestion?: string }> {
      const wanted = name.trim().toLowerCase();
      const free = isValidSiteName(wanted) && !seeded.has(wanted)
        && (holder === undefined ? await freeFor(wanted) : await hold(wanted, holder));
      if (free) return { available: true };
      // An invalid name is not available either; suggest the nearest valid free one.
      const suggestion = await firstFree(toSiteName(wanted), holder);
      return suggestion ? { available: false, suggestion } : { available: false };
    },
    async claim(name: string, owner?: string, holder?: string): Promise<void> {
      const wanted = name.trim().toLowerCase();
      if (!isValidSiteName(wanted)) throw new AppError('BAD_INPUT', `"${name}" is not a valid site name`);
      if (seeded.has(wanted)) return;
      for (let attempt = 0; attempt < 3; attempt++) {
        const cur = await records.get(keyOf(wanted));
        const c = claimSchema.safeParse(cur?.value);
        const mine = !cur || !c.success || (c.data.owner === undefined && (holder === undefined || c.data.holder === holder));
        if (!mine) return;
        const value: SiteClaim = { ...(holder === undefined ? {} : { holder }), ...(owner === undefined ? {} : { owner }) };
        try {
          await records.put(keyOf(wanted), value, cur ? { ifEtag: cur.etag } : { ifAbsent: true });
          return;
        } catch (e) {
          if (!(e instanceof StoreConflictError)) throw e;
        }
      }
    },
    isTaken: async (name) => !(await freeFor(name.trim().toLowerCase())),
    ownerOf: async (name) => (await stored(name.trim().toLowerCase()))?.owner,
  };
}

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
