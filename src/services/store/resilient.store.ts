import { AppError, isAppError } from '../errors.js';
import type { DependencyHealth } from '../dependency-health.js';
import { retryUntilDone, unrefDelay, type BackoffPolicy, type RetryLoop } from '../retry-loop.js';
import type { Store } from '../store.port.js';

type CollectionName = Exclude<keyof Store, 'ping' | 'close'>;
/** Every method of every collection: a collection added to the port without a row here fails to compile. */
const METHODS: { [K in CollectionName]: readonly (keyof Store[K])[] } = {
  conversations: ['get', 'save', 'delete', 'etagOf'],
  orders: ['create', 'get', 'setStatus', 'byConversation'],
  timers: ['schedule', 'cancel', 'claimDue', 'complete', 'nextDueAt'],
  transcripts: ['append', 'list', 'delete'],
  cases: ['get', 'save', 'list', 'delete'],
  limits: ['take', 'peek'],
  records: ['get', 'put', 'delete'],
};
const COLLECTIONS = Object.keys(METHODS) as CollectionName[];

type AnyFn = (...args: unknown[]) => Promise<unknown>;

/**
 * Faults that mean "the store did not answer", as opposed to answers (a conflict, a missing item, throttling, bad
 * input). INTERNAL counts: an unreachable host can surface from the SDK as an error of its own without a status.
 */
export const isOutage = (err: unknown): boolean =>
  isAppError(err, 'UNAVAILABLE') || isAppError(err, 'TIMEOUT') || isAppError(err, 'INTERNAL') || !(err instanceof AppError);

/** Answers that say the settings cannot work (a refused key or identity, a container set up differently). */
const refusesSettings = (err: unknown): boolean => isAppError(err, 'UNAUTHORIZED') || isAppError(err, 'BAD_INPUT');

/**
 * Builds a Store whose every call goes through `call(collection, method, args)`. Optional members (etagOf) are kept
 * only where `template` has them, so callers that test for them see the same shape.
 */
function forwarding(template: Store | undefined, call: (c: CollectionName, m: string, args: unknown[]) => Promise<unknown>,
  ping: () => Promise<void>, close: () => Promise<void>): Store {
  const out: Record<string, unknown> = { ping, close };
  for (const c of COLLECTIONS) {
    const coll: Record<string, AnyFn> = {};
    for (const m of METHODS[c] as readonly string[]) {
      if (template !== undefined && typeof (template[c] as unknown as Record<string, unknown>)[m] !== 'function') continue;
      if (template === undefined && m === 'etagOf') continue;
      coll[m] = (...args: unknown[]) => call(c, m, args);
    }
    out[c] = coll;
  }
  return out as unknown as Store;
}

/** The store with every call (and ping) passed through `around` (observing, or a test cutting the store). */
export function wrapStoreCalls(inner: Store, around: <T>(run: () => Promise<T>) => Promise<T>): Store {
  return forwarding(inner, (c, m, args) => around(() => (inner[c] as unknown as Record<string, AnyFn>)[m]!(...args)),
    () => around(() => inner.ping()), () => inner.close());
}

/** The store, reporting to `health` whether it answers: every call that got an answer is "up", a fault "down". */
export function observeStore(inner: Store, health: DependencyHealth, name = 'store'): Store {
  const outcome = <T>(p: Promise<T>): Promise<T> => p.then((v) => { health.ok(name); return v; }, (err: unknown) => {
    if (isOutage(err)) health.failed(name, err); else health.ok(name);
    throw err;
  });
  return wrapStoreCalls(inner, (run) => outcome(run()));
}

export interface BackgroundStore {
  /** Usable at once: until the first connection succeeds every call fails with UNAVAILABLE (readiness says 503). */
  store: Store;
  /** The retry loop (tests wait on `done`). */
  loop: RetryLoop;
}

/**
 * Connects a remote store (Cosmos DB) without holding up start-up: the first attempt is awaited, and if the store did
 * not answer (or not within `startWaitMs`) the bot starts anyway and keeps connecting with capped backoff for as long as it takes. An answer that
 * says the settings cannot work (a key refused, a container with the wrong partition key) stops start-up instead;
 * seen only later (the store was down at start), it is logged and retried at the slowest pace.
 */
export async function connectInBackground(o: {
  connect: () => Promise<Store>; policy: BackoffPolicy; health: DependencyHealth;
  /** How long start-up waits for the first attempt (an unreachable host takes the SDK about a minute to give up). */
  startWaitMs?: number;
  logger: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void; info(obj: object, msg: string): void };
}): Promise<BackgroundStore> {
  let current: Store | undefined;
  let first = true;
  let fatalAtStart: unknown;
  let deciding = true;
  let firstDone: () => void = () => undefined;
  const firstAttempt = new Promise<void>((resolve) => { firstDone = resolve; });
  o.health.report('store', 'starting');
  const loop = retryUntilDone(async () => {
    try {
      current = await o.connect();
      o.health.ok('store');
      if (!first) o.logger.info({}, 'store connected');
    } catch (err) {
      o.health.failed('store', err);
      if (first && deciding && refusesSettings(err)) fatalAtStart = err;
      throw err;
    } finally {
      first = false;
      firstDone();
    }
  }, o.policy, (err, attempt, waitMs) => {
    if (fatalAtStart !== undefined) return;
    const fields = { err, attempt, retryInMs: waitMs };
    if (!refusesSettings(err)) o.logger.warn(fields, 'store not reachable; the bot serves without it and keeps trying');
    else o.logger.error(fields, 'store refused the settings; retried, since they may be fixed without a restart');
  });
  // The first attempt decides whether start-up goes on.
  await Promise.race([firstAttempt, unrefDelay(o.startWaitMs ?? 5_000)]);
  deciding = false;
  if (fatalAtStart !== undefined) {
    loop.stop();
    throw fatalAtStart;
  }
  const notYet = (): Promise<never> => Promise.reject(new AppError('UNAVAILABLE', 'store not connected yet'));
  const store = forwarding(undefined,
    (c, m, args) => (current ? (current[c] as unknown as Record<string, AnyFn>)[m]!(...args) : notYet()),
    () => (current ? current.ping() : notYet()),
    async () => { loop.stop(); await current?.close(); });
  return { store, loop };
}
