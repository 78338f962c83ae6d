import {
  CosmosClient, type Container, type ContainerRequest, type CosmosClientOptions, type CosmosDiagnostics,
  type Database, type RetryOptions,
} from '@azure/cosmos';
import { AppError } from '../errors.js';
import type { StoreCommonConfig } from './common.js';
import { cosmosStatus, errorCharge, throttledRetries, toAppError } from './cosmos.errors.js';
import type { KvCollection } from './kv.backend.js';

export type CosmosCredential = NonNullable<CosmosClientOptions['aadCredentials']>;

/** What each Cosmos call cost, for logs and the RU-per-turn figures. */
export interface CosmosRequestInfo {
  operation: string;
  container: KvCollection | 'database';
  requestCharge: number;
  /** 429 answers the SDK retried before this call returned. */
  throttledRetries: number;
  durationMs: number;
  /** Set when the call failed (409, 412 and 404 are often expected outcomes, not faults). */
  errorStatus?: number;
}

export interface CosmosStoreConfig extends StoreCommonConfig {
  endpoint: string;
  /** Account key; or `credential` (Entra ID, e.g. DefaultAzureCredential from @azure/identity). */
  key?: string;
  credential?: CosmosCredential;
  database: string;
  /** Container names, when they differ from the collection names. */
  containers?: Partial<Record<KvCollection, string>>;
  /** The SDK's 429 retry policy; defaults below keep a throttled turn under ~10 s instead of the SDK's 30 s. */
  retry?: RetryOptions;
  /**
   * Follow the account's regional endpoints. Default: on, except for plain-http endpoints (only local emulators
   * use http, and @vercel/cosmosdb-server advertises https locations that would break the connection).
   */
  enableEndpointDiscovery?: boolean;
  onRequest?: (info: CosmosRequestInfo) => void;
}

export const DEFAULT_RETRY: RetryOptions = { maxRetryAttemptCount: 9, maxWaitTimeInSeconds: 10 };

const PARTITION_KEY: Record<KvCollection, string> = {
  conversations: '/id', orders: '/id', timers: '/id', transcripts: '/conversationId', cases: '/id', limits: '/id', records: '/id',
};
/** Index only what is queried: every indexed path makes each write cost more RU. */
const INDEXED: Record<KvCollection, string[]> = {
  conversations: [], orders: ['/doc/conversationId/?'], timers: ['/doc/dueAt/?'], transcripts: ['/conversationId/?'],
  cases: ['/doc/conversationId/?', '/doc/status/?', '/doc/openedAt/?'], limits: [], records: [],
};

function containerRequest(id: string, collection: KvCollection): ContainerRequest {
  return {
    id,
    partitionKey: { paths: [PARTITION_KEY[collection]] },
    // -1 turns TTL on without expiring anything by default: only items carrying `ttl` expire.
    defaultTtl: -1,
    indexingPolicy: {
      indexingMode: 'consistent', automatic: true,
      includedPaths: INDEXED[collection].map((path) => ({ path })), excludedPaths: [{ path: '/*' }],
    },
  };
}

interface Charged { requestCharge: number; diagnostics?: CosmosDiagnostics }

export interface CosmosContext {
  client: CosmosClient;
  database: Database;
  containers: Record<KvCollection, Container>;
  /** Runs one SDK call, reporting its charge; errors are rethrown unchanged for the caller to interpret. */
  call<T extends Charged>(operation: string, container: CosmosRequestInfo['container'], fn: () => Promise<T>): Promise<T>;
}

/**
 * createIfNotExists is a read then a create: instances starting together race, and the loser's create gets 409.
 * The thing exists then, so the same call again reads it.
 */
async function onceMoreOnConflict<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (cosmosStatus(e) !== 409) throw e;
    return fn();
  }
}

export async function connectCosmos(config: CosmosStoreConfig): Promise<CosmosContext> {
  if (!config.key && !config.credential) throw new AppError('BAD_INPUT', 'Cosmos DB needs a key or a credential');
  const client = new CosmosClient({
    endpoint: config.endpoint,
    ...(config.key ? { key: config.key } : {}),
    ...(config.credential ? { aadCredentials: config.credential } : {}),
    connectionPolicy: {
      retryOptions: { ...DEFAULT_RETRY, ...config.retry },
      enableEndpointDiscovery: config.enableEndpointDiscovery ?? !config.endpoint.startsWith('http:'),
    },
  });
  const call: CosmosContext['call'] = async (operation, container, fn) => {
    const started = Date.now();
    try {
      const res = await fn();
      config.onRequest?.({
        operation, container, requestCharge: res.requestCharge, throttledRetries: throttledRetries(res.diagnostics),
        durationMs: Date.now() - started,
      });
      return res;
    } catch (e) {
      const diagnostics = typeof e === 'object' && e !== null && 'diagnostics' in e
        ? (e.diagnostics as CosmosDiagnostics | undefined) : undefined;
      config.onRequest?.({
        operation, container, requestCharge: errorCharge(e), throttledRetries: throttledRetries(diagnostics),
        durationMs: Date.now() - started, errorStatus: cosmosStatus(e) ?? -1,
      });
      throw e;
    }
  };
  try {
    const { database } = await onceMoreOnConflict(() => call('createDatabase', 'database',
      () => client.databases.createIfNotExists({ id: config.database })));
    const names: Record<KvCollection, string> = {
      conversations: config.containers?.conversations ?? 'conversations',
      orders: config.containers?.orders ?? 'orders',
      timers: config.containers?.timers ?? 'timers',
      transcripts: config.containers?.transcripts ?? 'transcripts',
      cases: config.containers?.cases ?? 'cases',
      limits: config.containers?.limits ?? 'limits',
      records: config.containers?.records ?? 'records',
    };
    const make = async (c: KvCollection): Promise<Container> => {
      const wanted = containerRequest(names[c], c);
      const res = await onceMoreOnConflict(() => call('createContainer', c, () => database.containers.createIfNotExists(wanted)));
      // An existing container made by hand may differ: a wrong partition key breaks every point read, a missing
      // defaultTtl silently keeps drafts forever. Refuse to start rather than misbehave.
      const pk = res.resource?.partitionKey?.paths;
      if (pk && (pk.length !== 1 || pk[0] !== PARTITION_KEY[c])) {
        throw new AppError('BAD_INPUT', `container ${names[c]} has partition key ${pk.join(',')}, not ${PARTITION_KEY[c]}`);
      }
      if (res.resource && res.resource.defaultTtl === undefined) {
        throw new AppError('BAD_INPUT', `container ${names[c]} has TTL off; set its default TTL to -1 (on, no default)`);
      }
      return res.container;
    };
    const [conversations, orders, timers, transcripts, cases, limits, records] = await Promise.all(
      [make('conversations'), make('orders'), make('timers'), make('transcripts'), make('cases'), make('limits'), make('records')]);
    return { client, database, containers: { conversations, orders, timers, transcripts, cases, limits, records }, call };
  } catch (e) {
    client.dispose();
    throw toAppError(e, `cosmos database ${config.database}`);
  }
}
