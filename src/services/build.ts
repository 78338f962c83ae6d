import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { ProductData } from '../domain/catalog.js';
import { DEFAULT_DATA_DIR, loadProductData } from '../domain/product-data.js';
import type { Clock, Ids } from './clock.port.js';
import { loadDirectoryData, type DirectoryData } from './directory/index.js';
import { createOutboxMailer, createSmtpMailer } from './mail/index.js';
import type { Mailer } from './outside.port.js';
import { createFileStore } from './store/file.store.js';
import { createMemoryStore } from './store/memory.store.js';
import type { Store } from './store.port.js';
import { createDependencyHealth, type DependencyHealth } from './dependency-health.js';
import { connectInBackground } from './store/resilient.store.js';

export interface BuiltServices {
  data: ProductData;
  directory: DirectoryData;
  store: Store;
  mailer: Mailer;
  codeSecret: string;
}

/** A secret kept in the data folder, made once: codes stay verifiable across restarts without configuration. */
function persistentSecret(dir: string): string {
  const path = join(dir, 'code-secret');
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(path, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}

export interface BuildLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * The Cosmos DB client and Azure identity are loaded only when the Cosmos store is chosen: together they are most of
 * the bot's start-up time (bench 6), and the embedded stores never use them.
 */
const cosmosModule = () => import('./store/cosmos.store.js');
const quiet: BuildLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** The services chosen by configuration: embedded defaults unless cloud settings are given. */
export async function buildServices(
  config: Config, deps: { clock: Clock; ids: Ids; logger?: BuildLogger; health?: DependencyHealth },
): Promise<BuiltServices> {
  const productDir = config.PRODUCT_DATA_DIR ?? DEFAULT_DATA_DIR;
  mkdirSync(config.DATA_DIR, { recursive: true });
  const data = loadProductData(productDir);
  const directory = await loadDirectoryData(join(productDir, 'accounts.json'));
  const defaultTtlSeconds = config.DRAFT_TTL_DAYS * 86_400;
  const connectCosmos = async (): Promise<Store> => (await cosmosModule()).createCosmosStore({
    clock: deps.clock, defaultTtlSeconds, endpoint: config.COSMOS_ENDPOINT ?? '', database: config.COSMOS_DATABASE,
    // Without a key, Entra ID: managed identity in Azure, az login or environment credentials elsewhere.
    ...(config.COSMOS_KEY ? { key: config.COSMOS_KEY } : { credential: new (await import('@azure/identity')).DefaultAzureCredential() }),
    onRequest: (info) => {
      if (info.throttledRetries > 0) deps.logger?.warn(info, 'cosmos throttled (429), retried by the SDK');
      else deps.logger?.debug(info, 'cosmos request');
    },
  });
  // Cosmos DB down at start-up does not stop the bot: it serves without the store (readiness 503) and keeps connecting.
  const store = config.STORE === 'memory'
    ? createMemoryStore({ clock: deps.clock, defaultTtlSeconds })
    : config.STORE === 'cosmos'
      ? (await connectInBackground({
        connect: connectCosmos, policy: { minMs: config.OUTAGE_RETRY_MIN_MS, maxMs: config.OUTAGE_RETRY_MAX_MS },
        startWaitMs: config.DEPENDENCY_START_WAIT_MS, health: deps.health ?? createDependencyHealth(), logger: deps.logger ?? quiet,
      })).store
      : createFileStore({ clock: deps.clock, defaultTtlSeconds, dir: join(config.DATA_DIR, 'store') });
  const mailer = config.SMTP_URL
    ? createSmtpMailer({ url: config.SMTP_URL, from: config.MAIL_FROM })
    : createOutboxMailer({ dir: join(config.DATA_DIR, 'outbox'), clock: deps.clock, ids: deps.ids });
  return { data, directory, store, mailer, codeSecret: config.CODE_SECRET ?? persistentSecret(config.DATA_DIR) };
}
