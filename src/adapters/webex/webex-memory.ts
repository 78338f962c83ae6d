/**
 * A bounded map whose entries expire: process memory must not grow with traffic. Expired entries go when read, and
 * the oldest ones when new ones are set (every entry lives as long, so the oldest expire first): the map holds what
 * was set within one TTL, and never more than `maxEntries`.
 */
export class TtlMap<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  constructor(private readonly ttlMs: number, private readonly maxEntries: number, private readonly now: () => number = Date.now) {}

  /** Entries held (expired ones included until they are pruned). */
  get size(): number { return this.entries.size; }

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (e === undefined) return undefined;
    if (e.until <= this.now()) { this.entries.delete(key); return undefined; }
    return e.value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    const now = this.now();
    this.entries.set(key, { value, until: now + this.ttlMs });
    // Map keeps insertion order, so the first keys are the oldest: two expired ones at most per set.
    for (let i = 0; i < 2; i++) {
      const first = this.entries.entries().next();
      if (first.done === true || first.value[1].until > now) break;
      this.entries.delete(first.value[0]);
    }
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void { this.entries.delete(key); }
}

/** A group conversation that continues in one person's 1:1 space for personal steps. */
export interface PersonalLink {
  groupRoomId: string;
  directRoomId?: string;
  personEmail?: string;
}

/**
 * Where a person's personal steps of a group conversation continue. The app passes the stored one
 * (webex-links.ts: every instance sees it); the memory one is for a single process (tests).
 */
export interface PersonalLinkStore {
  get(personId: string): Promise<PersonalLink | undefined>;
  set(personId: string, link: PersonalLink): Promise<void>;
  delete(personId: string): Promise<void>;
}

/** A day: long enough for a purchase with a pause, short enough that a later 1:1 chat starts its own conversation. */
export const PERSONAL_LINK_TTL_MS = 24 * 60 * 60 * 1000;

export function memoryPersonalLinks(ttlMs = PERSONAL_LINK_TTL_MS): PersonalLinkStore {
  const map = new TtlMap<PersonalLink>(ttlMs, 10_000);
  return {
    get: async (p) => map.get(p),
    set: async (p, l) => { map.set(p, l); },
    delete: async (p) => { map.delete(p); },
  };
}

/** Runs tasks of one key one after another (different keys run concurrently). */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Keys with work queued or running. */
  get size(): number { return this.tails.size; }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.then(task);
    // A failed task must not block the ones queued after it; its own caller still sees the rejection.
    const tail = next.then(() => undefined, () => undefined);
    this.tails.set(key, tail);
    void tail.then(() => { if (this.tails.get(key) === tail) this.tails.delete(key); });
    return next;
  }

  /** Resolves when everything queued so far has finished. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
